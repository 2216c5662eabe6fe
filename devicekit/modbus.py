"""Modbus RTU framing (CRC16, FC03/FC06/FC16) for the LED-485 counter display, shared by driver and emulator."""

from __future__ import annotations

import struct

READ_HOLDING = 0x03
WRITE_SINGLE = 0x06
WRITE_MULTIPLE = 0x10

# Exception codes a device may answer with (function code | 0x80); used in error messages only.
EXCEPTIONS = {1: "illegal function", 2: "illegal data address", 3: "illegal data value", 4: "device failure"}


class ModbusError(ValueError):
    """A reply that is missing, garbled, for another unit or an exception response."""


def crc16(data: bytes) -> int:
    """Modbus CRC-16 (poly 0xA001 reflected, init 0xFFFF); the frame carries it low byte first."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def with_crc(body: bytes) -> bytes:
    return body + struct.pack("<H", crc16(body))


def check_crc(frame: bytes) -> bytes:
    """The frame without its CRC, or ModbusError."""
    if len(frame) < 4:
        raise ModbusError(f"short frame {frame.hex(' ')!r}")
    if struct.unpack("<H", frame[-2:])[0] != crc16(frame[:-2]):
        raise ModbusError(f"bad CRC in {frame.hex(' ')}")
    return frame[:-2]


def write_single(unit: int, register: int, value: int) -> bytes:
    """FC06; `value` is a signed int16 as the LED-485 expects (negative numbers show a minus sign)."""
    if not -32768 <= value <= 65535:
        raise ValueError(f"value {value} does not fit a register")
    return with_crc(struct.pack(">BBHH", unit, WRITE_SINGLE, register, value & 0xFFFF))


def write_multiple(unit: int, register: int, values: list[int]) -> bytes:
    """FC16, one 16-bit word per value."""
    words = b"".join(struct.pack(">H", v & 0xFFFF) for v in values)
    return with_crc(struct.pack(">BBHHB", unit, WRITE_MULTIPLE, register, len(values), len(words)) + words)


def read_holding(unit: int, register: int, count: int = 1) -> bytes:
    return with_crc(struct.pack(">BBHH", unit, READ_HOLDING, register, count))


def reply_length(request: bytes) -> int:
    """Length of the normal reply to `request` (FC06 and FC16 replies are 8 bytes, FC03 5 + 2 per word)."""
    if request[1] == READ_HOLDING:
        return 5 + 2 * struct.unpack(">H", request[4:6])[0]
    return 8


def check_reply(request: bytes, reply: bytes) -> list[int]:
    """Checks `reply` against `request`; returns the registers read (FC03) or [] (writes)."""
    if not reply:
        raise ModbusError("no reply")
    if len(reply) >= 5 and reply[1] == request[1] | 0x80:
        body = check_crc(reply[:5])
        raise ModbusError(f"exception {body[2]}: {EXCEPTIONS.get(body[2], 'unknown')}")
    body = check_crc(reply)
    if body[0] != request[0] or body[1] != request[1]:
        raise ModbusError(f"reply for unit {body[0]} function {body[1]}, expected {request[0]}/{request[1]}")
    if request[1] == WRITE_SINGLE:
        if reply != request:  # FC06 answers with an echo of the request
            raise ModbusError(f"echo {reply.hex(' ')} differs from request {request.hex(' ')}")
        return []
    if request[1] == WRITE_MULTIPLE:
        if body[2:6] != request[2:6]:
            raise ModbusError(f"FC16 reply {reply.hex(' ')} does not match the request")
        return []
    count = body[2] // 2
    return list(struct.unpack(f">{count}h", body[3:3 + 2 * count]))


def split_request(buffer: bytes) -> tuple[bytes | None, bytes]:
    """For a device: the first whole request in `buffer` (or None) and the rest; skips bytes that cannot start one."""
    while len(buffer) >= 2:
        fc = buffer[1]
        if fc in (READ_HOLDING, WRITE_SINGLE):
            size = 8
        elif fc == WRITE_MULTIPLE and len(buffer) >= 7:
            size = 9 + buffer[6]
        elif fc == WRITE_MULTIPLE:
            return None, buffer
        else:
            buffer = buffer[1:]
            continue
        if len(buffer) < size:
            return None, buffer
        frame = buffer[:size]
        try:
            check_crc(frame)
        except ModbusError:
            buffer = buffer[1:]  # resynchronise: RTU has no start byte, a garbled frame is skipped a byte at a time
            continue
        return frame, buffer[size:]
    return None, buffer
