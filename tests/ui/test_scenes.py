"""Scenes and buttons: taps reach the right button, scenes switch, idle time goes home, double taps do not leak."""

from __future__ import annotations

import pygame
import pytest

from devicekit.ui import Button, Scene, Stage
from devicekit.ui.demo import Confirm, Home


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(fonts, clock):
    """The demo's two scenes on a Stage with a fake clock."""
    chosen: list[str] = []
    stage: Stage

    def choose(field: str) -> None:
        chosen.append(field)
        stage.show(confirm)

    home = Home(fonts, (1920, 1080), choose)
    confirm = Confirm(fonts, (1920, 1080), lambda: stage.go_home())
    stage = Stage(home, clock=clock)
    return stage, home, confirm, chosen


def centre_of(scene: Scene, label: str) -> tuple[int, int]:
    return next(b.rect.center for b in scene.buttons if b.lines[0] == label)


def test_a_tap_on_a_field_presses_that_field_and_shows_the_confirmation(app):
    stage, home, confirm, chosen = app
    assert stage.tap(centre_of(home, "Đất đai"))
    assert chosen == ["Đất đai"] and stage.scene is confirm


def test_a_closed_field_takes_the_tap_and_does_nothing(app):
    stage, home, _, chosen = app
    assert stage.tap(centre_of(home, "Y tế"))
    assert chosen == [] and stage.scene is home


def test_a_tap_in_the_gap_between_buttons_goes_to_the_nearer_one_and_off_buttons_to_none(app):
    stage, home, _, chosen = app
    assert not stage.tap((5, 5))  # the margin, far from every button
    land = next(b for b in home.buttons if b.lines[0] == "Đất đai")
    assert stage.tap((land.rect.centerx, land.rect.bottom + 10))  # in the 24-pixel gap, nearer to "Đất đai"
    assert chosen == ["Đất đai"]


def test_taps_right_after_a_switch_are_ignored_so_a_double_tap_does_not_press_the_next_scene(app, clock):
    stage, home, confirm, _ = app
    stage.tap(centre_of(home, "Xây dựng"))
    home_button = confirm.buttons[0].rect.center
    clock.now += 0.1
    assert not stage.tap(home_button) and stage.scene is confirm
    clock.now += stage.tap_guard_s
    assert stage.tap(home_button) and stage.scene is home


def test_an_idle_scene_goes_home_after_its_timeout_and_a_tap_restarts_the_count(app, clock):
    stage, home, confirm, _ = app
    stage.tap(centre_of(home, "Đất đai"))
    clock.now += confirm.idle_timeout_s - 1
    stage.tap((5, 5))  # someone is still there
    clock.now += confirm.idle_timeout_s - 1
    stage.update()
    assert stage.scene is confirm
    clock.now += 1
    stage.update()
    assert stage.scene is home
    clock.now += 3600
    stage.update()
    assert stage.scene is home  # home has no timeout


def test_the_idle_hook_decides_what_idle_means(fonts, clock):
    idle: list[Scene] = []

    class Waiting(Scene):
        idle_timeout_s = 5.0

    scene = Waiting()
    stage = Stage(Scene(), on_idle=idle.append, clock=clock)
    stage.show(scene)
    for _ in range(3):
        clock.now += 5
        stage.update()
        stage.update()  # the next frame at the same moment does not run the hook again
    assert idle == [scene, scene, scene] and stage.scene is scene


def test_enter_and_leave_bracket_each_scene(clock):
    calls: list[str] = []

    class Named(Scene):
        def __init__(self, name: str) -> None:
            self.name = name

        def enter(self) -> None:
            calls.append(f"enter {self.name}")

        def leave(self) -> None:
            calls.append(f"leave {self.name}")

    home, other = Named("home"), Named("other")
    stage = Stage(home, clock=clock)
    stage.show(other)
    stage.go_home()
    assert calls == ["enter home", "leave home", "enter other", "leave other", "enter home"]


def test_keys_reach_the_scene_and_count_as_activity(clock):
    keys: list[int] = []

    class Typing(Scene):
        idle_timeout_s = 10.0

        def event(self, event: pygame.event.Event) -> None:
            keys.append(event.key)

    typing = Typing()
    stage = Stage(Scene(), clock=clock)
    stage.show(typing)
    clock.now += 9
    stage.event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_1))
    clock.now += 9
    stage.update()
    assert keys == [pygame.K_1] and stage.scene is typing


def test_a_label_too_long_for_its_button_says_so(fonts):
    roomy = Button(pygame.Rect(0, 0, 900, 160), ("Người cao tuổi (từ đủ 60 tuổi trở lên)", "Elderly person"))
    cramped = Button(pygame.Rect(0, 0, 200, 60), ("Người cao tuổi (từ đủ 60 tuổi trở lên)", "Elderly person"))
    inner = (roomy.rect.width - 2 * roomy.style.padding, roomy.rect.height - 2 * roomy.style.padding)
    assert not any(b.overflows for b in roomy.label(fonts, inner))
    assert any(b.overflows for b in cramped.label(fonts, (168, 28)))
