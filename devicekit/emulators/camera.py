"""Generated camera frames: a QR or Code 128 pasted on a textured scene with noise, blur, rotation or small size."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Iterator

import cv2
import numpy as np
import qrcode

from devicekit.emulators import code128

CASES = ("clean", "small", "noisy", "rotated", "blurred")


@dataclass(frozen=True)
class Shot:
    """One generated frame and what is in it (`payload` None for a frame with no code)."""

    frame: np.ndarray
    kind: str | None
    payload: str | None
    case: str


def qr_image(payload: str, module_px: int = 6) -> np.ndarray:
    """QR at ECC M (TECH-NOTES §8) with the standard 4-module quiet zone, as uint8 (0 black, 255 white)."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=module_px, border=4)
    qr.add_data(payload)
    qr.make(fit=True)
    return np.where(np.array(qr.get_matrix(), dtype=bool), 0, 255).astype(np.uint8).repeat(
        module_px, axis=0).repeat(module_px, axis=1)


def background(width: int, height: int, rng: np.random.Generator) -> np.ndarray:
    """A kiosk-like scene: a lighting gradient and a few soft shapes, in BGR."""
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    base = 110 + 60 * xs / width + 30 * ys / height
    img = np.dstack([base * f for f in (0.9, 1.0, 1.05)]).clip(0, 255).astype(np.uint8)
    for _ in range(6):
        center = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        color = tuple(int(c) for c in rng.integers(40, 220, 3))
        cv2.circle(img, center, int(rng.integers(20, height // 4)), color, -1)
    return cv2.GaussianBlur(img, (0, 0), 3)


class GeneratedCamera:
    """A frame source (`read()`) for tests, demos and the benchmark; deterministic for a given seed."""

    def __init__(self, width: int = 1280, height: int = 720, *, seed: int = 0,
                 region: tuple[float, float, float, float] = (0.25, 0.2, 0.5, 0.6)) -> None:
        self.width, self.height, self.region = width, height, region
        self.rng = np.random.default_rng(seed)
        self.py_rng = random.Random(seed)
        self._scene = background(width, height, self.rng)
        self._queue: list[np.ndarray] = []

    def start(self) -> "GeneratedCamera":
        return self

    def stop(self) -> None:
        pass

    def feed(self, *frames: np.ndarray) -> None:
        self._queue.extend(frames)

    def read(self) -> np.ndarray | None:
        """The next fed frame, else the empty scene with sensor noise."""
        return self._queue.pop(0) if self._queue else self.empty()

    def empty(self) -> np.ndarray:
        noise = self.rng.normal(0, 3, self._scene.shape)
        return (self._scene + noise).clip(0, 255).astype(np.uint8)

    def code(self, kind: str, payload: str, case: str) -> Shot:
        scale = self.width / 1280
        if kind == "qr":
            patch = qr_image(payload, max(2, round(6 * scale)))
        else:
            patch = code128.render(payload, max(1, round(3 * scale)), height=round(110 * scale))
        if case == "small":
            patch = cv2.resize(patch, None, fx=0.6, fy=0.6, interpolation=cv2.INTER_AREA)
        if case == "rotated":
            limit = 20 if kind == "qr" else 10  # a 1-D code is read along rows: steeper tilts need taller bars
            patch = self._rotate(patch, self.py_rng.uniform(-limit, limit))
        frame = self.empty()
        self._paste(frame, patch)
        if case == "noisy":
            frame = (frame + self.rng.normal(0, 25, frame.shape)).clip(0, 255).astype(np.uint8)
        if case == "blurred":
            frame = cv2.GaussianBlur(frame, (5, 5), 0)
        return Shot(frame, kind, payload, case)

    def person(self, fraction: float = 0.15) -> np.ndarray:
        """The empty scene with a person-sized dark shape (head and torso) covering about `fraction` of it."""
        frame = self.empty()
        w = int(self.width * fraction ** 0.5 * 0.6)
        h = int(self.width * self.height * fraction / max(w, 1))
        x = (self.width - w) // 2
        top = max(0, self.height - h)
        cv2.rectangle(frame, (x, top + h // 5), (x + w, self.height), (60, 50, 45), -1)
        cv2.circle(frame, (x + w // 2, top + h // 8), max(w // 4, 4), (80, 90, 120), -1)
        return frame

    def _rotate(self, patch: np.ndarray, angle: float) -> np.ndarray:
        h, w = patch.shape
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        cos, sin = abs(m[0, 0]), abs(m[0, 1])
        nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
        m[0, 2] += nw / 2 - w / 2
        m[1, 2] += nh / 2 - h / 2
        return cv2.warpAffine(patch, m, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=255)

    def _paste(self, frame: np.ndarray, patch: np.ndarray) -> None:
        """Somewhere inside the scan region, as a printed slip: white paper with a little shading."""
        rx, ry, rw, rh = self.region
        x0, y0 = int(rx * self.width), int(ry * self.height)
        x1, y1 = int((rx + rw) * self.width) - patch.shape[1], int((ry + rh) * self.height) - patch.shape[0]
        if x1 < x0 or y1 < y0:
            raise ValueError(f"code of {patch.shape[::-1]} px does not fit the scan region")
        x, y = self.py_rng.randint(x0, x1), self.py_rng.randint(y0, y1)
        shade = self.py_rng.uniform(0.8, 1.0)
        frame[y:y + patch.shape[0], x:x + patch.shape[1]] = (patch[..., None] * shade).astype(np.uint8)

    def shots(self, kind: str, payload: str, case: str, count: int) -> Iterator[Shot]:
        for _ in range(count):
            yield self.code(kind, payload, case)
