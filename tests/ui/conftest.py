"""Fixtures of the UI base tests: fonts, demo loops on the dummy video driver, and a loop run on the main thread."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pygame
import pytest

from devicekit.ui import Fonts, ScreenSettings, UiLoop
from devicekit.ui.demo import build

LANDSCAPE = ScreenSettings(width=1920, height=1080, fps=60)
PORTRAIT = ScreenSettings(width=1080, height=1920, fps=60)
WATCHDOG_S = 10.0


@pytest.fixture(scope="session")
def fonts() -> Fonts:
    return Fonts()


@pytest.fixture
def demo(fonts) -> Callable[..., UiLoop]:
    """Builds demo loops (closed again at the end of the test, whatever happened)."""
    loops: list[UiLoop] = []

    def make(settings: ScreenSettings = LANDSCAPE, **stage_options) -> UiLoop:
        loops.append(build(settings, fonts, **stage_options))
        return loops[-1]

    yield make
    for loop in loops:
        loop.close()


def run_loop(loop: UiLoop, work: Callable[[UiLoop], object], stop: bool = True) -> object:
    """Runs the loop on this (main) thread while `work(loop)` runs on another thread, then (if `stop`) stops it.

    A watchdog stops a loop that would otherwise run on forever, so a broken stop() fails instead of hanging."""
    outcome: dict[str, object] = {}

    def worker() -> None:
        try:
            outcome["result"] = work(loop)
        except BaseException as exc:  # re-raised on the test's thread below
            outcome["error"] = exc
        finally:
            if stop or "error" in outcome:
                loop.stop()

    watchdog = threading.Timer(WATCHDOG_S, loop.stop)
    watchdog.start()
    thread = threading.Thread(target=worker, name="ui-test-worker")
    thread.start()
    try:
        loop.run()
    finally:
        watchdog.cancel()
        thread.join(WATCHDOG_S)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome.get("result")


def pixel(surface: pygame.Surface, pos: tuple[int, int]) -> tuple[int, int, int]:
    return tuple(surface.get_at(pos))[:3]


def near(colour: tuple[int, int, int], expected: tuple[int, int, int], tolerance: int = 6) -> bool:
    """Colours equal but for the few levels smooth scaling rounds away."""
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected))
