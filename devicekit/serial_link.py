"""Serial transport opened by URL, with a reader thread, reconnect with backoff and an honest health state."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Literal

import serial

from devicekit.worker import Worker


log = logging.getLogger(__name__)

HealthState = Literal["ok", "disconnected", "error"]


@dataclass(frozen=True)
class Health:
    """What a link (or the device behind it) is doing now; `reason` says why it is not ok."""

    state: HealthState
    reason: str = ""
    since: float = field(default_factory=time.monotonic)


class LinkDown(IOError):
    """The port is not open (unplugged, never opened, or stopped)."""


@dataclass(frozen=True)
class Backoff:
    """Delays between reopen attempts: doubling from `initial` up to `maximum` (TECH-NOTES §2: 1 → 30 s)."""

    initial: float = 1.0
    maximum: float = 30.0

    def delays(self):
        delay = self.initial
        while True:
            yield delay
            delay = min(delay * 2, self.maximum)


class SerialLink:
    """One port: a thread keeps it open (reopening after an unplug) and hands received bytes on.

    Received bytes go to `on_bytes` when given (input devices), otherwise into a buffer that request/response
    drivers read with `read_until`/`read_exact`. `on_connect` runs in the link thread after every (re)open, so a
    driver can restore the device's state (an LED display that lost power shows nothing).
    """

    def __init__(self, url: str, *, baudrate: int = 9600, bytesize: int = 8, parity: str = "N",
                 stopbits: float = 1, backoff: Backoff = Backoff(), poll: float = 0.05,
                 on_bytes: Callable[[bytes], None] | None = None,
                 on_connect: Callable[[], None] | None = None) -> None:
        self.url = url
        self.settings = dict(baudrate=baudrate, bytesize=bytesize, parity=parity, stopbits=stopbits)
        self.backoff = backoff
        self.poll = poll
        self.on_bytes = on_bytes
        self.on_connect = on_connect
        self._port: serial.SerialBase | None = None
        self._health = Health("disconnected", "not started")
        self._buffer = bytearray()
        self._cond = threading.Condition()
        self._write_lock = threading.Lock()
        self._worker = Worker(f"serial:{self.url}", self._run)
        self._stop = self._worker.stopping

    # lifecycle -------------------------------------------------------------------------------------------
    def start(self) -> "SerialLink":
        self._worker.start()
        return self

    def stop(self) -> None:
        self._worker.stop()
        self._health = Health("disconnected", "stopped")  # asked for: not worth a warning
        self._close("stopped")

    @property
    def health(self) -> Health:
        return self._health

    @property
    def connected(self) -> bool:
        return self._port is not None

    def report(self, state: HealthState, reason: str = "") -> None:
        """Drivers call this with what the device answered (a bad CRC is an error, not a disconnect)."""
        if not self.connected and state != "disconnected":
            return
        if (state, reason) != (self._health.state, self._health.reason):
            if state != "ok":
                log.warning("serial %s: %s (%s)", self.url, state, reason)
            self._health = Health(state, reason)

    # I/O -------------------------------------------------------------------------------------------------
    def write(self, data: bytes) -> None:
        port = self._port
        if port is None:
            raise LinkDown(f"{self.url}: {self._health.reason or 'not connected'}")
        try:
            with self._write_lock:
                port.write(data)
                port.flush()
        except (serial.SerialException, OSError) as exc:
            self._close(f"write failed: {exc}")
            raise LinkDown(f"{self.url}: write failed: {exc}") from exc

    def clear_input(self) -> None:
        with self._cond:
            self._buffer.clear()

    def read_exact(self, size: int, timeout: float) -> bytes:
        """Up to `size` bytes, fewer if the timeout ran out (the caller decides what a short reply means)."""
        return self._take(lambda buf: size if len(buf) >= size else None, timeout)

    def read_until(self, terminator: bytes, timeout: float) -> bytes:
        def ready(buf: bytearray):
            at = buf.find(terminator)
            return None if at < 0 else at + len(terminator)
        return self._take(ready, timeout)

    def _take(self, ready: Callable[[bytearray], int | None], timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        with self._cond:
            while (end := ready(self._buffer)) is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    end = len(self._buffer)
                    break
                self._cond.wait(left)
            data = bytes(self._buffer[:end])
            del self._buffer[:end]
            return data

    # the link thread ---------------------------------------------------------------------------------------
    def _run(self) -> None:
        delays = self.backoff.delays()
        while not self._stop.is_set():
            if self._port is None:
                if not self._open():
                    self._stop.wait(next(delays))
                    continue
                delays = self.backoff.delays()
            try:
                data = self._port.read(self._port.in_waiting or 1)
            except (serial.SerialException, OSError, TypeError, AttributeError) as exc:
                # pyserial raises SerialException when a pty master or USB adapter vanishes mid-read.
                self._close(f"read failed: {exc}")
                continue
            if data:
                self._deliver(data)

    def _open(self) -> bool:
        try:
            port = serial.serial_for_url(self.url, timeout=self.poll, write_timeout=2, **self.settings)
        except (serial.SerialException, OSError, ValueError) as exc:
            self._set_down(f"cannot open: {exc}")
            return False
        self._port = port
        self._health = Health("ok")
        log.info("serial %s: open", self.url)
        if self.on_connect is not None:
            # Its own thread: a restore that waits for the device's reply needs this thread to keep reading.
            threading.Thread(target=self._restore, name=f"restore:{self.url}", daemon=True).start()
        return True

    def _restore(self) -> None:
        try:
            self.on_connect()
        except Exception:  # a driver's restore must never kill anything
            log.exception("serial %s: on_connect failed", self.url)

    def _close(self, reason: str) -> None:
        port, self._port = self._port, None
        if port is not None:
            try:
                port.close()
            except (serial.SerialException, OSError):
                pass
        self._set_down(reason)

    def _set_down(self, reason: str) -> None:
        if self._health.state != "disconnected" or self._health.reason != reason:
            if self._health.state == "ok":
                log.warning("serial %s: disconnected (%s)", self.url, reason)
            self._health = Health("disconnected", reason)

    def _deliver(self, data: bytes) -> None:
        if self.on_bytes is not None:
            try:
                self.on_bytes(data)
            except Exception:  # a bad frame is logged, never fatal to the port
                log.exception("serial %s: handler failed on %r", self.url, data)
            return
        with self._cond:
            self._buffer.extend(data)
            self._cond.notify_all()
