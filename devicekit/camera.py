"""Kiosk camera: frames from OpenCV (or an injected source), QR/1-D codes by zxing-cpp in a scan region, presence."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Callable, Protocol

import cv2
import numpy as np
import zxingcpp

from devicekit.presence import PresenceDetector
from devicekit.profiles import CameraProfile, ScanRegion
from devicekit.registry import register
from devicekit.serial_link import Backoff, Health
from devicekit.worker import Worker

log = logging.getLogger(__name__)

FORMATS = (zxingcpp.BarcodeFormat.QRCode, zxingcpp.BarcodeFormat.Code128, zxingcpp.BarcodeFormat.Code39)


class FrameSource(Protocol):
    def start(self) -> "FrameSource": ...
    def stop(self) -> None: ...
    def read(self) -> np.ndarray | None: ...


@dataclass(frozen=True)
class Scan:
    text: str
    format: str


class OpenCvSource:
    """cv2.VideoCapture on a V4L2 index or path ("0", "/dev/video0"), an rtsp:// URL or a video file."""

    def __init__(self, url: str, *, width: int = 1280, height: int = 720, fps: int = 15) -> None:
        self.url, self.width, self.height, self.fps = url, width, height, fps
        self._cap: cv2.VideoCapture | None = None

    def start(self) -> "OpenCvSource":
        target = int(self.url) if self.url.isdigit() else self.url
        cap = cv2.VideoCapture(target)
        if not cap.isOpened():
            raise OSError(f"cannot open camera {self.url}")
        cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        cap.set(cv2.CAP_PROP_FPS, self.fps)
        cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # a stale buffered frame would show a code already taken away
        self._cap = cap
        return self

    def stop(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None

    def read(self) -> np.ndarray | None:
        if self._cap is None:
            return None
        ok, frame = self._cap.read()
        return frame if ok else None


class CodeScanner:
    """Decodes the codes inside `region` of a frame; the crop keeps zxing's time to the part citizens use."""

    def __init__(self, region: ScanRegion | None = None, formats=FORMATS) -> None:
        self.region = region
        self.formats = formats

    def crop(self, frame: np.ndarray) -> np.ndarray:
        if self.region is None:
            return frame
        h, w = frame.shape[:2]
        r = self.region
        return frame[int(r.y * h):int((r.y + r.height) * h), int(r.x * w):int((r.x + r.width) * w)]

    def decode(self, frame: np.ndarray) -> list[Scan]:
        roi = self.crop(frame)
        gray = cv2.cvtColor(roi, cv2.COLOR_BGR2GRAY) if roi.ndim == 3 else roi
        results = zxingcpp.read_barcodes(np.ascontiguousarray(gray), formats=self.formats)
        return [Scan(r.text, r.format.name) for r in results if r.valid and r.text]


class KioskCamera:
    """Reads frames in a thread: each new code calls `on_scan`, presence changes call `on_presence`.

    The same code seen again within `repeat_s` is not reported twice (a slip held up is in 15 frames a second).
    A source that stops giving frames is reopened with backoff; `health` says which state it is in.
    """

    def __init__(self, source: FrameSource, scanner: CodeScanner, *, on_scan: Callable[[Scan], None],
                 on_presence: Callable[[bool], None] = lambda p: None, presence: PresenceDetector | None = None,
                 repeat_s: float = 3.0, clock: Callable[[], float] = time.monotonic,
                 backoff: Backoff = Backoff(), max_misses: int = 30) -> None:
        self.source, self.scanner, self.presence = source, scanner, presence or PresenceDetector()
        self.on_scan, self.on_presence = on_scan, on_presence
        self.repeat_s, self.clock, self.backoff, self.max_misses = repeat_s, clock, backoff, max_misses
        self._last: dict[str, float] = {}
        self._health = Health("disconnected", "not started")
        self._worker = Worker("camera", self._run)
        self._stop = self._worker.stopping

    @property
    def health(self) -> Health:
        return self._health

    def start(self) -> "KioskCamera":
        self._worker.start()
        return self

    def stop(self) -> None:
        self._worker.stop()
        self.source.stop()

    def process(self, frame: np.ndarray) -> list[Scan]:
        """One frame through presence and decoding; returns the codes reported (new ones only)."""
        was = self.presence.present
        if self.presence.update(frame) != was:
            self.on_presence(self.presence.present)
        fresh = []
        now = self.clock()
        for scan in self.scanner.decode(frame):
            if now - self._last.get(scan.text, -1e9) >= self.repeat_s:
                fresh.append(scan)
                self.on_scan(scan)
            self._last[scan.text] = now
        return fresh

    def _run(self) -> None:
        delays = self.backoff.delays()
        while not self._stop.is_set():
            try:
                self.source.start()
            except OSError as exc:
                self._health = Health("disconnected", str(exc))
                self._stop.wait(next(delays))
                continue
            self._health, delays, misses = Health("ok"), self.backoff.delays(), 0
            while not self._stop.is_set() and misses < self.max_misses:
                frame = self.source.read()
                if frame is None:
                    misses += 1
                    continue
                misses = 0
                try:
                    self.process(frame)
                except Exception:  # one odd frame must not blind the kiosk
                    log.exception("camera: frame failed")
            if misses:
                self._health = Health("disconnected", f"no frame in {misses} reads")
                self.source.stop()


@register("opencv_camera")
def build_opencv_camera(profile: CameraProfile, url: str, *, on_scan: Callable[[Scan], None],
                        source: FrameSource | None = None, **options) -> KioskCamera:
    """`source` replaces cv2.VideoCapture (tests, demos); otherwise `url` is what VideoCapture opens."""
    source = source or OpenCvSource(url, width=profile.width, height=profile.height, fps=profile.fps)
    return KioskCamera(source, CodeScanner(profile.scan_region), on_scan=on_scan, **options)
