"""The `ascii_frame` serial protocol for displays, keypads and rating pads that are not Modbus.

Frame (all bytes printable ASCII between STX and ETX, so a serial monitor shows it as text)::

    STX  ADDR  CMD  DATA  CHK  ETX
    0x02 "01"  "S"  "1023" "xx" 0x03

- ADDR: the device address on the RS-485 bus, two upper-case hex digits ("01".."FE"; "FF" = broadcast).
- CMD: one letter. Host → display: ``S`` show DATA, ``B`` blink DATA, ``C`` clear (show dashes), ``P`` ping.
  Device → host: ``A`` ack, ``N`` nack (DATA = reason), ``K`` key pressed (DATA = key label, e.g. "3", "F1").
- DATA: 0..32 printable ASCII characters (0x20..0x7E), never STX/ETX.
- CHK: XOR of every byte of ADDR, CMD and DATA, as two upper-case hex digits.

A display answers every addressed frame with ``A`` (or ``N``); it stays silent on broadcasts. Keypads and
rating pads send ``K`` frames unprompted and expect no answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

STX = 0x02
ETX = 0x03
BROADCAST = 0xFF
MAX_DATA = 32


class FrameError(ValueError):
    """A frame with a bad checksum, address or layout."""


@dataclass(frozen=True)
class Frame:
    addr: int
    cmd: str
    data: str = ""


def checksum(payload: bytes) -> int:
    return reduce(lambda a, b: a ^ b, payload, 0)


def encode(frame: Frame) -> bytes:
    if not 0 <= frame.addr <= 0xFF or len(frame.cmd) != 1:
        raise ValueError(f"bad frame {frame}")
    if len(frame.data) > MAX_DATA or any(not 0x20 <= ord(c) <= 0x7E for c in frame.data):
        raise ValueError(f"frame data must be up to {MAX_DATA} printable ASCII characters: {frame.data!r}")
    payload = f"{frame.addr:02X}{frame.cmd}{frame.data}".encode("ascii")
    return bytes([STX]) + payload + f"{checksum(payload):02X}".encode("ascii") + bytes([ETX])


def decode(raw: bytes) -> Frame:
    """One frame including STX and ETX."""
    if len(raw) < 7 or raw[0] != STX or raw[-1] != ETX:
        raise FrameError(f"not a frame: {raw!r}")
    payload, chk = raw[1:-3], raw[-3:-1]
    try:
        text = payload.decode("ascii")
        expected = int(chk, 16)
        addr = int(text[:2], 16)
    except (UnicodeDecodeError, ValueError) as exc:
        raise FrameError(f"not a frame: {raw!r}") from exc
    if checksum(payload) != expected:
        raise FrameError(f"bad checksum in {raw!r}")
    return Frame(addr, text[2], text[3:])


class FrameSplitter:
    """Cuts a byte stream into frames; noise between frames and broken frames are counted and dropped."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self.dropped = 0

    def feed(self, data: bytes) -> list[Frame]:
        self._buf.extend(data)
        frames: list[Frame] = []
        while True:
            start = self._buf.find(bytes([STX]))
            if start < 0:
                self.dropped += len(self._buf) > 0
                self._buf.clear()
                return frames
            if start:
                self.dropped += 1
                del self._buf[:start]
            end = self._buf.find(bytes([ETX]))
            if end < 0:
                if len(self._buf) > MAX_DATA + 8:  # an STX that never closes: drop it and resynchronise
                    del self._buf[:1]
                    self.dropped += 1
                    continue
                return frames
            nxt = self._buf.find(bytes([STX]), 1, end)
            if nxt > 0:  # a new STX before ETX: the first frame lost its tail
                del self._buf[:nxt]
                self.dropped += 1
                continue
            raw = bytes(self._buf[:end + 1])
            del self._buf[:end + 1]
            try:
                frames.append(decode(raw))
            except FrameError:
                self.dropped += 1
