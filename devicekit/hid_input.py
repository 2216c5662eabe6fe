"""USB-HID key input through evdev: kernel `input_event` records in, key names (KEY_*) out, with reconnect."""

from __future__ import annotations

import logging
import os
import select
import stat
import struct
import tty
from typing import Callable

from evdev import InputEvent, ecodes

from devicekit.serial_link import Backoff, Health
from devicekit.worker import Worker

log = logging.getLogger(__name__)

# struct input_event on 64-bit Linux: struct timeval (two longs), __u16 type, __u16 code, __s32 value.
EVENT = struct.Struct("llHHi")
INPUT_MAJOR = 13  # /dev/input/event* character devices
KEY_DOWN = 1  # value 0 is release, 2 is autorepeat: a held key must not call twice


def pack_event(event: InputEvent) -> bytes:
    return EVENT.pack(event.sec, event.usec, event.type, event.code, event.value)


def unpack_events(data: bytes) -> list[InputEvent]:
    usable = len(data) - len(data) % EVENT.size
    return [InputEvent(*EVENT.unpack_from(data, at)) for at in range(0, usable, EVENT.size)]


def key_names(event: InputEvent) -> list[str]:
    """The KEY_* names of a key-down event ([] for anything else); some codes have several names."""
    if event.type != ecodes.EV_KEY or event.value != KEY_DOWN:
        return []
    names = ecodes.KEY.get(event.code) or ecodes.BTN.get(event.code) or []
    return [names] if isinstance(names, str) else list(names)


class HidKeyLink:
    """Reads one event device (or any file/pty carrying input_event records) in a thread; reopens after unplug.

    A real /dev/input/event* node is opened with python-evdev and grabbed, so the pad's "keyboard" presses do not
    also type into the kiosk's UI. Other paths (a pty in tests) are read raw: the same records, the same decoder.
    """

    def __init__(self, path: str, *, on_key: Callable[[str], None], backoff: Backoff = Backoff(),
                 poll: float = 0.05) -> None:
        self.path = path
        self.on_key = on_key
        self.backoff = backoff
        self.poll = poll
        self._health = Health("disconnected", "not started")
        self._worker = Worker(f"hid:{self.path}", self._run)
        self._stop = self._worker.stopping
        self._pending = b""

    @property
    def health(self) -> Health:
        return self._health

    def start(self) -> "HidKeyLink":
        self._worker.start()
        return self

    def stop(self) -> None:
        self._worker.stop()
        self._health = Health("disconnected", "stopped")

    def _run(self) -> None:
        delays = self.backoff.delays()
        while not self._stop.is_set():
            try:
                fd, device = self._open()
            except OSError as exc:
                self._down(f"cannot open: {exc}")
                self._stop.wait(next(delays))
                continue
            delays = self.backoff.delays()
            self._health = Health("ok")
            log.info("hid %s: open", self.path)
            try:
                self._read_until_gone(fd)
            finally:
                if device is not None:
                    device.close()
                else:
                    os.close(fd)

    def _open(self):
        if stat.S_ISCHR(os.stat(self.path).st_mode) and os.major(os.stat(self.path).st_rdev) == INPUT_MAJOR:
            from evdev import InputDevice  # only real input nodes need the ioctl-backed class

            device = InputDevice(self.path)
            device.grab()
            return device.fd, device
        fd = os.open(self.path, os.O_RDONLY | os.O_NOCTTY)
        if os.isatty(fd):
            tty.setraw(fd)  # a pty must pass the binary records untouched
        return fd, None

    def _read_until_gone(self, fd: int) -> None:
        self._pending = b""
        while not self._stop.is_set():
            ready, _, _ = select.select([fd], [], [], self.poll)
            if not ready:
                continue
            try:
                data = os.read(fd, EVENT.size * 64)
            except OSError as exc:  # ENODEV when a USB pad is pulled, EIO when a pty master closes
                self._down(f"read failed: {exc}")
                return
            if not data:
                self._down("device closed")
                return
            self._pending += data
            cut = len(self._pending) - len(self._pending) % EVENT.size
            events, self._pending = unpack_events(self._pending[:cut]), self._pending[cut:]
            for event in events:
                for name in key_names(event)[:1]:
                    try:
                        self.on_key(name)
                    except Exception:  # one bad handler call must not stop the pad
                        log.exception("hid %s: handler failed on %s", self.path, name)

    def _down(self, reason: str) -> None:
        if self._health.state == "ok":
            log.warning("hid %s: disconnected (%s)", self.path, reason)
        self._health = Health("disconnected", reason)
