"""Presence at the kiosk by MOG2 background subtraction: someone steps up → wake the screen."""

from __future__ import annotations

import cv2
import numpy as np

WORK_WIDTH = 320  # MOG2 costs ~4 ms at 640x360 (TECH-NOTES §8); a person is still hundreds of pixels at 320 px


class PresenceDetector:
    """Feeds frames to MOG2; `present` turns on after `on_frames` frames whose moving part exceeds `threshold`
    (a fraction of the frame) and off after `off_frames` quiet frames, so one flicker neither wakes nor sleeps.

    MOG2 slowly learns whoever stands still into the background; `learning_rate` keeps that to minutes at 15 fps.
    """

    def __init__(self, *, threshold: float = 0.05, on_frames: int = 2, off_frames: int = 15,
                 history: int = 500, learning_rate: float = 0.002, warmup: int = 10) -> None:
        self.threshold = threshold
        self.on_frames = on_frames
        self.off_frames = off_frames
        self.history = history
        self.learning_rate = learning_rate
        self.warmup = warmup
        self.present = False
        self.foreground = 0.0
        self._mog = None
        self._seen = 0
        self._streak = 0
        self._kernel = np.ones((3, 3), np.uint8)

    def reset(self) -> None:
        self._mog = cv2.createBackgroundSubtractorMOG2(history=self.history, varThreshold=25, detectShadows=False)
        self._seen = self._streak = 0
        self.present = False

    def update(self, frame: np.ndarray) -> bool:
        """Returns whether someone is present after this frame."""
        if self._mog is None:
            self.reset()
        small = cv2.resize(frame, (WORK_WIDTH, max(1, frame.shape[0] * WORK_WIDTH // frame.shape[1])),
                           interpolation=cv2.INTER_AREA)
        # The first frames build the model quickly; after that learn slowly so a person is not absorbed at once.
        rate = -1 if self._seen < self.warmup else self.learning_rate
        mask = self._mog.apply(small, learningRate=rate)
        self._seen += 1
        if self._seen <= self.warmup:
            return self.present
        mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, self._kernel)  # sensor noise is single pixels
        self.foreground = float(np.count_nonzero(mask)) / mask.size
        busy = self.foreground >= self.threshold
        if busy != self.present:
            self._streak += 1
            if self._streak >= (self.on_frames if busy else self.off_frames):
                self.present, self._streak = busy, 0
        else:
            self._streak = 0
        return self.present
