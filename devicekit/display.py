"""LED counter display drivers: the `CounterDisplay` interface, `modbus_led485` and `ascii_frame_led`.

A display is given text (a ticket number such as 1023 or A023); the driver fits it to what the display can draw
(`devicekit.led_text.fit`, from the profile's charset) and sends exactly that, so what was asked, what was sent and
what the display shows can be compared.
"""

from __future__ import annotations

import abc
import logging
import threading
import time
from typing import Callable, Protocol, TypeVar

from devicekit import ascii_frame, modbus
from devicekit.led_text import Charset, fit, register_number
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
    def show(self, text: str) -> bool: ...
    def blink(self) -> bool: ...
    def clear(self) -> bool: ...


class _TryAgain(Exception):
    """A missing or garbled reply: worth another attempt; the message says why in the link's health."""


class _LinkedDisplay(abc.ABC):
    """Shared part: one lock per device, and the wanted state re-sent whenever the port (re)opens."""

    def __init__(self, link: SerialLink, digits: int, charset: Charset) -> None:
        self.link = link
        self.digits = digits
        self.charset = charset
        self._lock = threading.Lock()
        self._wanted: object = _UNSET  # the fitted text, None = cleared (dashes), or _UNSET
        link.on_connect = self._restore

    @property
    def health(self) -> Health:
        return self.link.health

    def start(self):
        self.link.start()
        return self

    def stop(self) -> None:
        self.link.stop()

    def show(self, text: str) -> bool:
        """Show `text` as this display can (see led_text.fit); remembered, so a replugged display gets it back."""
        fitted = fit(text, self.charset, self.digits)
        self._wanted = fitted
        return self._send_show(fitted)

    @property
    def shown(self) -> str | None:
        """The fitted text last asked for (None: cleared or nothing yet), whether or not the display confirmed it."""
        return self._wanted if isinstance(self._wanted, str) else None

    def clear(self) -> bool:
        self._wanted = None
        return self._send_clear()

    def _restore(self) -> None:
        # A display that was unplugged has usually lost power too: put back what it should show.
        wanted = self._wanted
        if wanted is _UNSET:
            return
        if wanted is None:
            self._send_clear()
        else:
            self._send_show(wanted)

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
    def _send_show(self, fitted: str) -> bool:
        """The protocol's frame that shows the fitted text; True when the display confirmed it."""

    @abc.abstractmethod
    def _send_clear(self) -> bool:
        """The protocol's frame that shows dashes; True when the display confirmed it."""


class ModbusLed485Display(_LinkedDisplay):
    """Armfly LED-485-0xx over Modbus RTU: FC06 register 0x0000 shows a number, FC16 0x0080 raw segments.

    A plain number the register shows exactly as fitted (1023, 7) goes as FC06, the documented path; anything
    else (A023, a leading zero, a blank inside) goes as one raw seven-segment pattern per digit, left to right.
    """

    def __init__(self, link: SerialLink, *, unit: int = 1, digits: int = 4, charset: Charset = "seven_segment",
                 register: int = SHOW_REGISTER, reply_timeout: float = 0.3, retries: int = 1, blink_times: int = 3,
                 blink_period: float = 0.25, sleep: Callable[[float], None] = time.sleep) -> None:
        super().__init__(link, digits, charset)
        self.unit = unit
        self.register = register
        self.reply_timeout = reply_timeout
        self.retries = retries
        self.blink_times = blink_times
        self.blink_period = blink_period
        self._sleep = sleep

    def _send_show(self, fitted: str) -> bool:
        value = register_number(fitted)
        if value is None:
            return self._raw(fitted)
        return self.transact(modbus.write_single(self.unit, self.register, value)) is not None

    def _send_clear(self) -> bool:
        return self._raw("-" * self.digits)

    def _raw(self, text: str) -> bool:
        return self.transact(modbus.write_multiple(self.unit, RAW_REGISTER, encode_segments(text))) is not None

    def blink(self) -> bool:
        """The LED-485 has no blink register, so blank and re-show the text a few times (a new call)."""
        wanted = self.shown
        if wanted is None:
            return False
        ok = True
        for _ in range(self.blink_times):
            ok &= self._raw(" " * self.digits)
            self._sleep(self.blink_period)
            ok &= self._send_show(wanted)
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

    def __init__(self, link: SerialLink, *, addr: int = 1, digits: int = 4, charset: Charset = "seven_segment",
                 reply_timeout: float = 0.3, retries: int = 1) -> None:
        super().__init__(link, digits, charset)
        self.addr = addr
        self.reply_timeout = reply_timeout
        self.retries = retries

    def _send_show(self, fitted: str) -> bool:
        return self.transact(ascii_frame.Frame(self.addr, "S", fitted))

    def _send_clear(self) -> bool:
        return self.transact(ascii_frame.Frame(self.addr, "C"))

    def blink(self) -> bool:
        wanted = self.shown
        if wanted is None:
            return False
        return self.transact(ascii_frame.Frame(self.addr, "B", wanted))

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
                               charset=profile.charset, register=profile.value_register or SHOW_REGISTER,
                               reply_timeout=profile.serial.timeout_s, **options)


@register("ascii_frame_led")
def build_ascii_frame_led(profile: LedDisplayProfile, url: str, *, backoff: Backoff | None = None,
                          **options) -> AsciiFrameDisplay:
    return AsciiFrameDisplay(_link(profile, url, backoff), addr=profile.address, digits=profile.digits,
                             charset=profile.charset, reply_timeout=profile.serial.timeout_s, **options)
