"""LED counter display drivers: the `CounterDisplay` interface, `modbus_led485` and `ascii_frame_led`."""

from __future__ import annotations

import abc
import logging
import threading
import time
from typing import Callable, Protocol, TypeVar

from devicekit import ascii_frame, modbus
from devicekit.profiles import LedDisplayProfile
from devicekit.registry import register
from devicekit.seven_segment import encode_segments
from devicekit.serial_link import Backoff, Health, LinkDown, SerialLink

log = logging.getLogger(__name__)
T = TypeVar("T")

SHOW_REGISTER = 0x0000
RAW_REGISTER = 0x0080
_UNSET = object()  # nothing asked yet: a (re)connect then leaves the display as it is


class CounterDisplay(Protocol):
    """What the counter agent asks of a display; every call returns whether the device confirmed it."""

    health: Health

    def start(self) -> "CounterDisplay": ...
    def stop(self) -> None: ...
    def show(self, number: int) -> bool: ...
    def blink(self) -> bool: ...
    def clear(self) -> bool: ...


class _TryAgain(Exception):
    """A missing or garbled reply: worth another attempt; the message says why in the link's health."""


class _LinkedDisplay(abc.ABC):
    """Shared part: one lock per device, and the wanted state re-sent whenever the port (re)opens."""

    def __init__(self, link: SerialLink, digits: int) -> None:
        self.link = link
        self.digits = digits
        self._lock = threading.Lock()
        self._wanted: object = _UNSET  # a number, None = cleared (dashes), or _UNSET
        link.on_connect = self._restore

    @property
    def health(self) -> Health:
        return self.link.health

    def start(self):
        self.link.start()
        return self

    def stop(self) -> None:
        self.link.stop()

    def show(self, number: int) -> bool:
        text = self._digits_of(number)
        self._wanted = number
        return self._send_show(number, text)

    def clear(self) -> bool:
        self._wanted = None
        return self._send_clear()

    def _digits_of(self, number: int) -> str:
        text = str(number)
        if number < 0 or len(text) > self.digits:
            raise ValueError(f"{number} does not fit a {self.digits}-digit display")
        return text

    def _restore(self) -> None:
        # A display that was unplugged has usually lost power too: put back what it should show.
        wanted = self._wanted
        if wanted is _UNSET:
            return
        if wanted is None:
            self._send_clear()
        else:
            self._send_show(wanted, str(wanted))

    def _exchange(self, request: bytes, reply: Callable[[], T]) -> T | None:
        """Write `request` and read its reply, with `self.retries` more attempts; None when the link is down
        or no attempt got a usable reply. One exchange at a time: a reply must never meet another request."""
        with self._lock:
            for _attempt in range(1 + self.retries):
                self.link.clear_input()
                try:
                    self.link.write(request)
                except LinkDown:
                    return None
                try:
                    return reply()
                except _TryAgain as exc:
                    self.link.report("error", str(exc))
            return None

    @abc.abstractmethod
    def _send_show(self, number: int, text: str) -> bool:
        """The protocol's frame that shows `number`; True when the display confirmed it."""

    @abc.abstractmethod
    def _send_clear(self) -> bool:
        """The protocol's frame that shows dashes; True when the display confirmed it."""


class ModbusLed485Display(_LinkedDisplay):
    """Armfly LED-485-0xx over Modbus RTU: FC06 register 0x0000 shows a number, FC16 0x0080 raw segments."""

    def __init__(self, link: SerialLink, *, unit: int = 1, digits: int = 4, register: int = SHOW_REGISTER,
                 reply_timeout: float = 0.3, retries: int = 1, blink_times: int = 3, blink_period: float = 0.25,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        super().__init__(link, digits)
        self.unit = unit
        self.register = register
        self.reply_timeout = reply_timeout
        self.retries = retries
        self.blink_times = blink_times
        self.blink_period = blink_period
        self._sleep = sleep

    def _send_show(self, number: int, text: str) -> bool:
        return self.transact(modbus.write_single(self.unit, self.register, number)) is not None

    def _send_clear(self) -> bool:
        return self._raw("-" * self.digits)

    def _raw(self, text: str) -> bool:
        return self.transact(modbus.write_multiple(self.unit, RAW_REGISTER, encode_segments(text))) is not None

    def blink(self) -> bool:
        """The LED-485 has no blink register, so blank and re-show the number a few times (a new call)."""
        if not isinstance(self._wanted, int):
            return False
        ok = True
        for _ in range(self.blink_times):
            ok &= self._raw(" " * self.digits)
            self._sleep(self.blink_period)
            ok &= self._send_show(self._wanted, str(self._wanted))
            self._sleep(self.blink_period)
        return ok

    def read_shown(self) -> int | None:
        """Reads register 0x0000 back (installers' check that the unit id and wiring are right)."""
        values = self.transact(modbus.read_holding(self.unit, self.register, 1))
        return values[0] if values else None

    def transact(self, request: bytes) -> list[int] | None:
        """Sends one request and checks the reply; None (and health says why) when the device did not confirm."""

        def reply() -> list[int]:
            head = self.link.read_exact(5, self.reply_timeout)
            raw = head
            if len(head) == 5 and not head[1] & 0x80:
                raw += self.link.read_exact(modbus.reply_length(request) - 5, self.reply_timeout)
            try:
                values = modbus.check_reply(request, raw)
            except modbus.ModbusError as exc:
                raise _TryAgain(f"unit {self.unit}: {exc}") from None
            self.link.report("ok")
            return values

        return self._exchange(request, reply)


class AsciiFrameDisplay(_LinkedDisplay):
    """A display speaking `ascii_frame` (see that module's docstring for the frame)."""

    def __init__(self, link: SerialLink, *, addr: int = 1, digits: int = 4, reply_timeout: float = 0.3,
                 retries: int = 1) -> None:
        super().__init__(link, digits)
        self.addr = addr
        self.reply_timeout = reply_timeout
        self.retries = retries

    def _send_show(self, number: int, text: str) -> bool:
        return self.transact(ascii_frame.Frame(self.addr, "S", text))

    def _send_clear(self) -> bool:
        return self.transact(ascii_frame.Frame(self.addr, "C"))

    def blink(self) -> bool:
        if not isinstance(self._wanted, int):
            return False
        return self.transact(ascii_frame.Frame(self.addr, "B", str(self._wanted)))

    def transact(self, frame: ascii_frame.Frame) -> bool:
        def reply() -> bool:
            raw = self.link.read_until(bytes([ascii_frame.ETX]), self.reply_timeout)
            start = raw.rfind(bytes([ascii_frame.STX]))
            try:
                answer = ascii_frame.decode(raw[start:] if start >= 0 else raw)
            except ascii_frame.FrameError as exc:
                raise _TryAgain(f"address {self.addr}: {'no reply' if not raw else exc}") from None
            if answer.addr != self.addr or answer.cmd != "A":
                self.link.report("error", f"address {self.addr}: refused {frame.cmd} ({answer.cmd} {answer.data})")
                return False
            self.link.report("ok")
            return True

        return bool(self._exchange(ascii_frame.encode(frame), reply))


def _link(profile: LedDisplayProfile, url: str, backoff: Backoff | None) -> SerialLink:
    s = profile.serial
    return SerialLink(url, baudrate=s.baudrate, bytesize=s.bytesize, parity=s.parity, stopbits=s.stopbits,
                      backoff=backoff or Backoff())


@register("modbus_led485")
def build_modbus_led485(profile: LedDisplayProfile, url: str, *, backoff: Backoff | None = None,
                        **options) -> ModbusLed485Display:
    """The driver for a profile and a port URL; `options` override driver settings (tests pass `sleep`)."""
    return ModbusLed485Display(_link(profile, url, backoff), unit=profile.address, digits=profile.digits,
                               register=profile.value_register or SHOW_REGISTER,
                               reply_timeout=profile.serial.timeout_s, **options)


@register("ascii_frame_led")
def build_ascii_frame_led(profile: LedDisplayProfile, url: str, *, backoff: Backoff | None = None,
                          **options) -> AsciiFrameDisplay:
    return AsciiFrameDisplay(_link(profile, url, backoff), addr=profile.address, digits=profile.digits,
                             reply_timeout=profile.serial.timeout_s, **options)
