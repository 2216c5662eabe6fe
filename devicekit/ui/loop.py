"""The UI loop: pygame on the main thread at a target frame rate, and thread-safe ways in for MQTT and commands."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TypeVar

import pygame

from devicekit.ui import capture as mirror
from devicekit.ui.display import Display
from devicekit.ui.input import POINTER_EVENTS, tap_position, touch_events
from devicekit.ui.scenes import Stage
from devicekit.ui.settings import ScreenSettings
from wire.screen import ScreenImage

log = logging.getLogger(__name__)
T = TypeVar("T")


class UiLoop:
    """Runs a Stage on a Display. `run()` blocks the main thread until `stop()`; a stopped loop stays stopped.

    Other threads never touch pygame: `call_soon`, `capture`, `screenshot` and `touch` queue work that the
    UI thread runs at the start of its next frame. Queued work wakes the loop: that frame comes at once rather than
    at the next tick (a call shows on the hall screen without waiting out the frame), but never sooner than half a
    frame after the last one, so a flood of messages cannot make the loop spin."""

    def __init__(self, settings: ScreenSettings, stage: Stage, *, display: Display | None = None) -> None:
        self.settings = settings
        self.stage = stage
        self.display = display or Display(settings)
        self._calls: queue.SimpleQueue[tuple[Callable[[], object], Future | None]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        # A plain flag, so stop() takes no lock: a signal handler runs on the main thread, maybe inside one.
        self._stopping = False
        self._ui_thread = threading.get_ident()
        self._wake = threading.Event()  # set when work is queued: the next frame need not wait for its tick

    def open(self) -> "UiLoop":
        self._ui_thread = threading.get_ident()
        self.display.open()
        return self

    def close(self) -> None:
        """Closes the window and fails whatever other threads still wait for (UI thread)."""
        with self._lock:
            self._closed = True
        self._run_calls(fail=RuntimeError("the UI loop stopped"))
        self.display.close()

    def __enter__(self) -> "UiLoop":
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(self) -> None:
        """Opens the display if needed and runs frames until stop() or a QUIT event (SDL's SIGTERM handler)."""
        if threading.current_thread() is not threading.main_thread():
            raise RuntimeError("pygame must run on the main thread; hand work to it with call_soon()")
        if self._stopping:  # stopped (say, SIGTERM) before it ever ran
            self.close()
            return
        if not self.display.is_open:
            self.open()
        period = 1.0 / self.settings.fps
        try:
            while not self._stopping:
                began = time.monotonic()
                self.frame()
                self._wait_for_next_frame(began, period)
        finally:
            self.close()

    def _wait_for_next_frame(self, began: float, period: float) -> None:
        """Until the next tick, or until work is queued, but at least half a frame after `began`."""
        earliest, tick = began + period / 2, began + period
        if (rest := earliest - time.monotonic()) > 0:
            time.sleep(rest)
        if (rest := tick - time.monotonic()) > 0:
            self._wake.wait(rest)

    def frame(self) -> None:
        """One frame: queued work, input, the scene's update and drawing, then the window (UI thread)."""
        self._wake.clear()  # before the work is taken: what is queued after this wakes the loop for the next frame
        self._run_calls()
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                self.stop()
            elif event.type == pygame.WINDOWSIZECHANGED:
                self.display.resized()
            elif (pos := tap_position(event, self.display.letterbox)) is not None:
                self.stage.tap(pos)
            elif event.type not in POINTER_EVENTS:
                self.stage.event(event)
        self.stage.update()
        self.stage.draw(self.display.surface)
        self.display.present()

    def stop(self) -> None:
        """Ends run() after the current frame. From any thread, or a signal handler; never blocks."""
        self._stopping = True

    def call_soon(self, fn: Callable[[], object]) -> bool:
        """Runs fn on the UI thread at the next frame (from any thread); an exception it raises is logged.
        Returns False, dropping fn, once the loop has stopped: an MQTT message arriving during shutdown."""
        try:
            self._put(fn, None)
        except RuntimeError:
            log.debug("UI loop stopped: dropped %r", fn)
            return False
        return True

    def touch(self, x: float, y: float) -> bool:
        """A tap at (x, y), fractions of the logical surface (screen.touch), from any thread. It enters as a
        finger press in pygame's event queue, so it takes the very path a real touch takes. False once stopped."""
        if not (0 <= x <= 1 and 0 <= y <= 1):
            raise ValueError(f"touch at ({x}, {y}): x and y are fractions of the screen, 0 to 1")
        return self.call_soon(lambda: [pygame.event.post(e) for e in touch_events(x, y, self.display.letterbox)])

    def capture(self, max_width: int = 640, timeout: float = 2.0) -> ScreenImage:
        """What the screen shows now, as a PNG at most `max_width` wide that fits one MQTT payload (any thread).
        Raises TimeoutError if the UI thread does not answer within `timeout`, RuntimeError once stopped."""
        return mirror.encode(self._on_ui_thread(lambda: self._snapshot(max_width), timeout))

    def screenshot(self, path: str | Path, timeout: float = 2.0) -> Path:
        """Saves the whole logical surface as a PNG (any thread)."""
        return mirror.save_png(self._on_ui_thread(lambda: self._snapshot(None), timeout), path)

    def _snapshot(self, max_width: int | None) -> mirror.Snapshot:
        if not self.display.is_open:
            raise RuntimeError("the display is not open")
        self.stage.draw(self.display.surface)  # includes changes queued just before this call
        return mirror.snapshot(self.display.surface, max_width)

    def _on_ui_thread(self, fn: Callable[[], T], timeout: float) -> T:
        if threading.get_ident() == self._ui_thread:
            return fn()  # waiting for ourselves would only time out
        future: Future = Future()
        self._put(fn, future)
        try:
            return future.result(timeout)
        except TimeoutError:
            future.cancel()  # if the UI thread has not started it, it never will
            raise

    def _put(self, fn: Callable[[], object], future: Future | None) -> None:
        with self._lock:
            if self._closed:
                raise RuntimeError("the UI loop stopped")
            self._calls.put((fn, future))
        self._wake.set()

    def _run_calls(self, fail: Exception | None = None) -> None:
        # Only what is queued now: work that queues more work runs next frame, so a frame always ends.
        for _ in range(self._calls.qsize()):
            fn, future = self._calls.get_nowait()
            if future is None:
                if fail is None:
                    try:
                        fn()
                    except Exception:
                        log.exception("call_soon work failed")
            elif future.set_running_or_notify_cancel():
                if fail is not None:
                    future.set_exception(fail)
                    continue
                try:
                    future.set_result(fn())
                except Exception as exc:  # handed to the waiting thread, which raises it
                    future.set_exception(exc)
