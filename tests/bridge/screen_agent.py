"""A screen agent played by a DeviceSession: answers screen.capture with a small PNG of its "screen" (a colour that
changes with each tap) and records screen.touch, as the real kiosk, display and rating tablet agents do."""

from __future__ import annotations

import base64
import struct
import zlib

from devicekit.mqtt.commands import CommandTable
from devicekit.mqtt.session import DeviceSession

WIDTH, HEIGHT = 64, 40  # the PNG; the "logical surface" it stands for is 1280 x 800


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A solid-colour PNG, encoded by hand (the service and its tests need no imaging library)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b"")


class ScreenAgent:
    def __init__(self, config, answer: bool = True) -> None:
        self.touches: list[tuple[float, float]] = []
        self.captures = 0
        self.answer = answer
        table = CommandTable()
        table.register("screen.capture", self._capture)
        table.register("screen.touch", self._touch)
        self.session = DeviceSession(config, table)

    def colour(self) -> tuple[int, int, int]:
        return (40 * len(self.touches) % 256, 120, 200)

    def _capture(self, args) -> dict:
        if not self.answer:
            raise RuntimeError("screen is off")
        self.captures += 1
        image = png(WIDTH, HEIGHT, self.colour())
        return {"png_b64": base64.b64encode(image).decode(), "width": WIDTH, "height": HEIGHT,
                "screen_width": 1280, "screen_height": 800}

    def _touch(self, args) -> None:
        self.touches.append((args.x, args.y))

    def start(self) -> bool:
        return self.session.start(5)

    def stop(self) -> None:
        self.session.stop()
