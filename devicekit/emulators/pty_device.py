"""A device played on the master side of a pty, behind a stable symlink, with fault switches."""

from __future__ import annotations

import logging
import os
import random
import select
import threading
import time
import tty
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass
class Faults:
    """Switches a test flips while the device runs: silent drops replies, slow delays them, garbage garbles them."""

    silent: bool = False
    slow: float = 0.0
    garbage: bool = False


class PtyDevice:
    """Base of the serial emulators: subclasses implement `handle(data)` and answer with `send(reply)`.

    The driver opens `path`, a symlink like the /dev/serial/by-id/... links udev makes; `unplug()` closes the pty
    and removes the link (as pulling a USB adapter does), `replug()` makes a new pty behind the same link.
    """

    def __init__(self, path: str | os.PathLike, *, seed: int = 0) -> None:
        self.path = Path(path)
        self.faults = Faults()
        self.received = bytearray()
        self._rng = random.Random(seed)
        self._master: int | None = None
        self._slave: int | None = None
        self._thread: threading.Thread | None = None
        self._running = threading.Event()
        self._write_lock = threading.Lock()

    @property
    def url(self) -> str:
        return str(self.path)

    @property
    def plugged(self) -> bool:
        return self._master is not None

    def start(self) -> "PtyDevice":
        self.replug()
        return self

    def stop(self) -> None:
        self.unplug()

    def replug(self) -> None:
        if self._master is not None:
            return
        master, slave = os.openpty()
        tty.setraw(master)
        self._master, self._slave = master, slave
        tmp = self.path.with_name(self.path.name + ".new")
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(os.ttyname(slave))
        os.replace(tmp, self.path)
        self._running.set()
        self._thread = threading.Thread(target=self._run, args=(master,), name=f"emu:{self.path.name}", daemon=True)
        self._thread.start()

    def unplug(self) -> None:
        self._running.clear()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None
        self.path.unlink(missing_ok=True)
        for fd in (self._master, self._slave):
            if fd is not None:
                os.close(fd)
        self._master = self._slave = None

    def send(self, data: bytes) -> None:
        """Bytes from the device to the host, through the fault switches."""
        if self.faults.silent:
            return
        if self.faults.slow:
            time.sleep(self.faults.slow)
        if self.faults.garbage:
            data = bytes(self._rng.randrange(256) for _ in range(max(len(data), 4)))
        self.send_raw(data)

    def send_raw(self, data: bytes) -> None:
        master = self._master
        if master is None:
            return
        with self._write_lock:
            os.write(master, data)

    def handle(self, data: bytes) -> None:  # pragma: no cover - overridden
        """Bytes the host wrote; subclasses parse frames from them."""

    def _run(self, master: int) -> None:
        while self._running.is_set():
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(master, 4096)
            except OSError:
                return
            if data:
                self.received.extend(data)
                try:
                    self.handle(data)
                except Exception:  # an emulator bug must show in the log, not hang the test
                    log.exception("emulator %s failed on %r", self.path, data)
