"""LED counter display emulators: the Modbus LED-485 and an `ascii_frame` display; both record what they show."""

from __future__ import annotations

import struct

from devicekit import ascii_frame, modbus
from devicekit.emulators.pty_device import PtyDevice
from devicekit.seven_segment import decode_segments, encode_segments

SHOW_REGISTER = 0x0000
UNIT_REGISTER = 0x0002
RAW_REGISTER = 0x0080


class ModbusLedEmulator(PtyDevice):
    """An Armfly LED-485-0xx: answers FC03/FC06/FC16 for its unit id, stays silent for other units."""

    def __init__(self, path, *, unit: int = 1, digits: int = 4, seed: int = 0) -> None:
        super().__init__(path, seed=seed)
        self.unit = unit
        self.digits = digits
        self.registers: dict[int, int] = {SHOW_REGISTER: 0, UNIT_REGISTER: unit}
        self.shown = ""
        self.history: list[str] = []
        self._pending = b""

    def handle(self, data: bytes) -> None:
        self._pending += data
        while True:
            frame, self._pending = modbus.split_request(self._pending)
            if frame is None:
                return
            if frame[0] == self.unit:
                self.send(self._answer(frame))

    def _answer(self, frame: bytes) -> bytes:
        fc = frame[1]
        register, = struct.unpack(">H", frame[2:4])
        if fc == modbus.WRITE_SINGLE:
            value, = struct.unpack(">h", frame[4:6])
            self.registers[register] = value
            if register == SHOW_REGISTER:
                self._show(str(value).rjust(self.digits)[-self.digits:])
            return frame
        if fc == modbus.WRITE_MULTIPLE and register == RAW_REGISTER:
            count = frame[6] // 2
            words = struct.unpack(f">{count}H", frame[7:7 + 2 * count])
            self._show(decode_segments([w & 0xFF for w in words]))
            return modbus.with_crc(frame[:6])
        if fc == modbus.READ_HOLDING:
            count, = struct.unpack(">H", frame[4:6])
            words = [self.registers.get(register + i, 0) & 0xFFFF for i in range(count)]
            return modbus.with_crc(bytes([self.unit, fc, 2 * count]) + struct.pack(f">{count}H", *words))
        return modbus.with_crc(bytes([self.unit, fc | 0x80, 2]))  # illegal data address

    def _show(self, text: str) -> None:
        self.shown = text
        self.history.append(text)


class AsciiLedEmulator(PtyDevice):
    """A display speaking `ascii_frame`: S shows, B blinks, C clears to dashes, P pings; acks each frame.

    `shown` is what a viewer sees: on a seven-segment face a character the segments cannot draw is dark, on a
    digits-only face anything but a digit is; an `ascii` face (dot matrix) draws any printable character.
    """

    def __init__(self, path, *, addr: int = 1, digits: int = 4, face: str = "seven_segment", seed: int = 0) -> None:
        super().__init__(path, seed=seed)
        self.addr = addr
        self.digits = digits
        self.face = face
        self.shown = ""
        self.blinking = False
        self.history: list[str] = []
        self._splitter = ascii_frame.FrameSplitter()

    def handle(self, data: bytes) -> None:
        for frame in self._splitter.feed(data):
            if frame.addr not in (self.addr, ascii_frame.BROADCAST):
                continue
            reply = self._apply(frame)
            if frame.addr != ascii_frame.BROADCAST:
                self.send(ascii_frame.encode(reply))

    def _apply(self, frame: ascii_frame.Frame) -> ascii_frame.Frame:
        if frame.cmd in "SB":
            if len(frame.data) > self.digits:
                return ascii_frame.Frame(self.addr, "N", "too long")
            self.shown, self.blinking = self._draw(frame.data.rjust(self.digits)), frame.cmd == "B"
        elif frame.cmd == "C":
            self.shown, self.blinking = "-" * self.digits, False
        elif frame.cmd != "P":
            return ascii_frame.Frame(self.addr, "N", "unknown command")
        if frame.cmd != "P":
            self.history.append(self.shown)
        return ascii_frame.Frame(self.addr, "A")

    def _draw(self, text: str) -> str:
        if self.face == "seven_segment":
            return decode_segments(encode_segments(text))
        if self.face == "digits":
            return "".join(ch if ch.isdigit() else " " for ch in text)
        return text
