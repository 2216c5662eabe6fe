"""The UI loop with other threads: touch and capture from outside, stop from anywhere, failures contained."""

from __future__ import annotations

import base64
import io
import logging
import os
import random
import signal
import threading
import time

import pygame
import pytest
from PIL import Image

from devicekit.ui import BACKGROUND, Button, Scene, ScreenSettings, Stage, UiLoop
from devicekit.ui.demo import Home
from tests.ui.conftest import LANDSCAPE, PORTRAIT, WATCHDOG_S, near, run_loop
from wire.screen import MAX_CAPTURE_B64, ScreenCapture

FULLSCREEN = ScreenSettings(width=1920, height=1080, fullscreen=True, fps=60)
BLUE = (11, 92, 173)


class OneButton(Scene):
    """A single big button that records which thread its callback ran on."""

    def __init__(self) -> None:
        self.pressed = threading.Event()
        self.thread: int | None = None
        self.buttons = [Button(pygame.Rect(1200, 600, 400, 300), ("Gọi số tiếp theo", "Next"), on_tap=self.on_tap)]

    def on_tap(self) -> None:
        self.thread = threading.get_ident()
        self.pressed.set()

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)


class Noise(Scene):
    """The worst case for PNG: every pixel a random colour (seeded, so every run sees the same image)."""

    def __init__(self, size: tuple[int, int]) -> None:
        self.image = pygame.image.frombytes(random.Random(7).randbytes(size[0] * size[1] * 3), size, "RGB")

    def draw(self, surface: pygame.Surface) -> None:
        surface.blit(self.image, (0, 0))


def decode(png_b64: str) -> Image.Image:
    image = Image.open(io.BytesIO(base64.b64decode(png_b64)))
    image.load()
    return image.convert("RGB")


def test_a_touch_from_another_thread_presses_the_button_on_the_ui_thread():
    scene = OneButton()
    loop = UiLoop(FULLSCREEN, Stage(scene))
    button = scene.buttons[0].rect

    def admin(loop: UiLoop) -> None:
        loop.touch(button.centerx / 1920, button.centery / 1080)
        assert scene.pressed.wait(WATCHDOG_S / 2)

    run_loop(loop, admin)
    assert scene.thread == threading.main_thread().ident


def test_a_touch_off_the_button_presses_nothing_and_fractions_outside_the_screen_are_refused():
    scene = OneButton()
    loop = UiLoop(FULLSCREEN, Stage(scene))

    def admin(loop: UiLoop) -> None:
        with pytest.raises(ValueError):
            loop.touch(1.2, 0.5)
        loop.touch(0.1, 0.1)
        loop.capture(160)  # a capture is answered after the frame that handled the touch
        assert not scene.pressed.is_set()

    run_loop(loop, admin)


@pytest.mark.parametrize("settings", [LANDSCAPE, PORTRAIT], ids=["landscape", "portrait"])
def test_a_capture_from_another_thread_is_a_png_of_the_screen_at_the_asked_width(demo, settings):
    loop = demo(settings)
    image = run_loop(loop, lambda loop: loop.capture(ScreenCapture().max_width))
    assert len(image.png_b64) <= MAX_CAPTURE_B64
    png = decode(image.png_b64)
    assert png.size == (image.width, image.height) == (640, round(640 * settings.height / settings.width))
    assert (image.screen_width, image.screen_height) == settings.size
    # What the administrator sees: the "Đất đai" button where the screen has it, the background around it.
    scale = 640 / settings.width
    land = next(b for b in loop.stage.scene.buttons if b.lines[0] == "Đất đai").rect
    assert near(png.getpixel((int(land.left * scale) + 6, int(land.centery * scale))), BLUE, 12)
    assert near(png.getpixel((3, int(land.centery * scale))), BACKGROUND, 12)


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def test_even_a_noisy_colourful_screen_is_captured_within_the_limit_with_its_aspect(size):
    settings = ScreenSettings(width=size[0], height=size[1], fps=60)
    loop = UiLoop(settings, Stage(Noise(size)))
    image = run_loop(loop, lambda loop: loop.capture(1920))
    assert len(image.png_b64) <= MAX_CAPTURE_B64
    png = decode(image.png_b64)
    assert png.size == (image.width, image.height) and 160 <= png.width < size[0]
    assert abs(png.width / png.height - size[0] / size[1]) < 0.01
    assert len(png.getcolors(1 << 24)) > 8  # still a picture of the noise, not a blank


def test_stop_from_another_thread_ends_the_loop_and_later_captures_fail_at_once(demo):
    loop = demo()
    started = time.monotonic()
    run_loop(loop, lambda loop: loop.capture(160))  # returns once frames run; then the worker calls stop()
    assert time.monotonic() - started < WATCHDOG_S / 2
    assert not pygame.display.get_init()
    with pytest.raises(RuntimeError):
        loop.capture(160)
    assert loop.call_soon(lambda: None) is False


def test_sigterm_through_a_python_handler_stops_the_loop(demo):
    loop = demo()
    previous = signal.signal(signal.SIGTERM, lambda *_: loop.stop())
    started = time.monotonic()

    def system(loop: UiLoop) -> None:
        loop.capture(160)
        os.kill(os.getpid(), signal.SIGTERM)

    try:
        run_loop(loop, system, stop=False)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert time.monotonic() - started < WATCHDOG_S / 2


def test_a_quit_event_stops_the_loop(demo):
    """SDL turns SIGTERM into QUIT when no Python handler was installed first; a window's close button too."""
    loop = demo()
    started = time.monotonic()
    run_loop(loop, lambda loop: loop.call_soon(lambda: pygame.event.post(pygame.event.Event(pygame.QUIT))),
             stop=False)
    assert time.monotonic() - started < WATCHDOG_S / 2


def test_call_soon_runs_work_on_the_ui_thread_and_a_failure_is_logged_not_fatal(demo, caplog):
    loop = demo()
    threads: list[int] = []

    def mqtt(loop: UiLoop) -> None:
        loop.call_soon(lambda: 1 / 0)
        loop.call_soon(lambda: threads.append(threading.get_ident()))
        loop.capture(160)

    with caplog.at_level(logging.ERROR, logger="devicekit.ui.loop"):
        run_loop(loop, mqtt)
    assert threads == [threading.main_thread().ident]
    assert "call_soon work failed" in caplog.text and "ZeroDivisionError" in caplog.text


def test_a_capture_times_out_when_the_ui_thread_is_stuck_and_is_then_never_taken():
    class Counting(Scene):
        draws = 0

        def draw(self, surface: pygame.Surface) -> None:
            self.draws += 1

    scene = Counting()
    loop = UiLoop(LANDSCAPE, Stage(scene)).open()
    errors: list[Exception] = []

    def capture() -> None:
        try:
            loop.capture(160, timeout=0.2)
        except TimeoutError as exc:
            errors.append(exc)

    try:
        thread = threading.Thread(target=capture)
        thread.start()
        thread.join(WATCHDOG_S)
        assert len(errors) == 1  # no frame ran, so nobody answered
        loop.frame()  # the UI thread comes back: the abandoned capture is dropped, only the frame draws
        assert scene.draws == 1
    finally:
        loop.close()


def test_capture_and_screenshot_on_the_ui_thread_answer_directly(demo, tmp_path):
    loop = demo().open()
    loop.frame()
    assert decode(loop.capture(320, timeout=0.01).png_b64).size == (320, 180)
    assert Image.open(loop.screenshot(tmp_path / "home.png", timeout=0.01)).size == (1920, 1080)


def test_the_loop_refuses_to_run_off_the_main_thread(demo):
    loop = demo()
    errors: list[Exception] = []

    def run() -> None:
        try:
            loop.run()
        except RuntimeError as exc:
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(WATCHDOG_S)
    assert errors and "main thread" in str(errors[0])


def test_home_is_what_the_demo_shows_first(demo):
    assert isinstance(demo().stage.scene, Home)


class Frames(Scene):
    """Counts the frames drawn."""

    def __init__(self) -> None:
        self.count = 0

    def draw(self, surface: pygame.Surface) -> None:
        self.count += 1
        surface.fill(BACKGROUND)


def test_work_queued_between_frames_runs_without_waiting_for_the_next_tick(fonts):
    """At 1 fps a call queued 0.6 s into a frame would wait 0.4 s for the tick; queued work wakes the loop instead
    (a number called shows on the hall screen at once)."""
    loop = UiLoop(ScreenSettings(width=480, height=320, fps=1), Stage(Frames()))
    waits: list[float] = []

    def mqtt(loop: UiLoop) -> None:
        loop.capture(64)  # a frame has run
        for _ in range(3):
            time.sleep(0.6)  # past the half frame the loop waits in any case
            ran, queued = threading.Event(), time.monotonic()
            loop.call_soon(ran.set)
            assert ran.wait(2)
            waits.append(time.monotonic() - queued)

    run_loop(loop, mqtt)
    assert max(waits) < 0.25, waits  # the tick was 0.4 s away each time


def test_a_flood_of_queued_work_cannot_make_the_loop_draw_faster_than_twice_its_rate(fonts):
    scene = Frames()
    loop = UiLoop(ScreenSettings(width=480, height=320, fps=10), Stage(scene))

    def flood(loop: UiLoop) -> None:
        loop.capture(64)
        before, until = scene.count, time.monotonic() + 1.0
        while time.monotonic() < until:
            loop.call_soon(lambda: None)
            time.sleep(0.001)
        flood.frames = scene.count - before

    run_loop(loop, flood)
    assert 5 <= flood.frames <= 2 * 10 + 2, flood.frames  # at most one frame per half period
