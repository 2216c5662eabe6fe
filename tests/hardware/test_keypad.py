"""Keypads over serial and USB-HID: wire keys, debounce, noise, unplug and replug, all through real ptys."""

from __future__ import annotations

import queue

import pytest
from evdev import InputEvent, ecodes

from devicekit.emulators.keys import HidKeyEmulator, SerialKeyEmulator
from devicekit.hid_input import key_names, pack_event, unpack_events
from devicekit.keypad import Debouncer, Keypad, build_hid_keypad, build_serial_keypad
from devicekit.profiles import load_profile
from tests.hardware.serial_helpers import FAST, wait_for


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_debouncer_drops_repeats_within_the_window_only():
    clock = FakeClock()
    d = Debouncer(0.3, clock)
    assert d.accept("1") and not d.accept("1") and d.accept("2")
    clock.now += 0.31
    assert d.accept("1")
    clock.now += 0.1
    assert not d.accept("1") and d.accept("1", window=0.05)


def test_a_quick_double_digit_counts_twice_but_a_quick_double_next_once():
    clock, keys = FakeClock(), []
    pad = Keypad(load_profile("keypad-serial-16key").key_map, keys.append, clock=clock)
    for key in "*11#AA":  # transfer to counter 11, then Next pressed twice 0.1 s apart
        pad.key(key)
        clock.now += 0.1
    assert keys == ["transfer", "1", "1", "enter", "next"]


def test_input_event_records_round_trip_and_decode():
    down = InputEvent(1, 2, ecodes.EV_KEY, ecodes.KEY_KP1, 1)
    up = InputEvent(1, 3, ecodes.EV_KEY, ecodes.KEY_KP1, 0)
    events = unpack_events(pack_event(down) + pack_event(up))
    assert [(e.type, e.code, e.value) for e in events] == [(1, ecodes.KEY_KP1, 1), (1, ecodes.KEY_KP1, 0)]
    assert key_names(events[0]) == ["KEY_KP1"] and key_names(events[1]) == []


@pytest.fixture
def serial_keypad(tmp_path):
    clock = FakeClock()
    actions: queue.Queue[str] = queue.Queue()
    emu = SerialKeyEmulator(tmp_path / "ttyKEY").start()
    pad = build_serial_keypad(load_profile("keypad-serial-6key"), emu.url, on_key=actions.put,
                              backoff=FAST, clock=clock).start()
    wait_for(lambda: pad.health.state == "ok", what="keypad open")
    yield emu, pad, actions, clock
    pad.stop()
    emu.stop()


@pytest.fixture
def hid_keypad(tmp_path):
    clock = FakeClock()
    actions: queue.Queue[str] = queue.Queue()
    emu = HidKeyEmulator(tmp_path / "event-kbd").start()
    pad = build_hid_keypad(load_profile("keypad-hid-numpad"), emu.url, on_key=actions.put,
                           backoff=FAST, clock=clock).start()
    wait_for(lambda: pad.health.state == "ok", what="keypad open")
    yield emu, pad, actions, clock
    pad.stop()
    emu.stop()


def _drain(actions: queue.Queue, count: int) -> list[str]:
    got = [actions.get(timeout=5) for _ in range(count)]
    return got


def test_serial_keypad_maps_every_key_and_debounces(serial_keypad):
    emu, pad, actions, clock = serial_keypad
    for key in "123456":
        emu.press(key)
        clock.now += 1
        assert actions.get(timeout=5)
    seen = pad.keys_seen
    emu.press("1", bounces=3)  # contact bounce: one press
    emu.noise()  # line noise and an unmapped key change nothing
    emu.press("9")
    wait_for(lambda: pad.keys_seen == seen + 4, what="bounced keys read")
    clock.now += 1
    emu.press("2")
    assert _drain(actions, 2) == ["next", "recall"]
    assert actions.empty()


def test_serial_keypad_action_order(serial_keypad):
    emu, pad, actions, clock = serial_keypad
    seen = []
    for key in "123456":
        emu.press(key)
        seen.append(actions.get(timeout=5))
    assert seen == ["next", "recall", "no_show", "start", "pause", "finish"]


def test_sixteen_key_pad_sends_a_transfer_as_keys_for_the_agent_to_compose(tmp_path):
    keys: queue.Queue[str] = queue.Queue()
    emu = SerialKeyEmulator(tmp_path / "tty16").start()
    clock = FakeClock()
    pad = build_serial_keypad(load_profile("keypad-serial-16key"), emu.url, on_key=keys.put, backoff=FAST,
                              clock=clock).start()
    try:
        wait_for(lambda: pad.health.state == "ok", what="keypad open")
        emu.press("*12#ABCDEF")  # one write: each character is one press
        assert _drain(keys, 10) == ["transfer", "1", "2", "enter", "next", "recall", "no_show", "start", "finish",
                                    "pause"]
    finally:
        pad.stop()
        emu.stop()


def test_hid_keypad_runs_the_evdev_decoder(hid_keypad):
    emu, pad, actions, clock = hid_keypad
    names = ("KEY_TAB", "KEY_KP1", "KEY_KP2", "KEY_KPENTER", "KEY_KPPLUS", "KEY_KPMINUS", "KEY_BACKSPACE",
             "KEY_KPSLASH", "KEY_KPASTERISK", "KEY_NUMLOCK", "KEY_ESC")
    for name in names:
        emu.press(name)
    assert _drain(actions, len(names)) == ["transfer", "1", "2", "enter", "next", "recall", "no_show", "start",
                                           "finish", "pause", "cancel"]
    clock.now += 1
    seen = pad.keys_seen
    emu.press("KEY_KPPLUS", repeats=5)  # a held key: autorepeat is not a new press
    emu.press("KEY_KPPLUS")  # a second real press within the debounce window
    wait_for(lambda: pad.keys_seen == seen + 2, what="both presses read")
    clock.now += 1
    emu.press("KEY_KPDOT")  # unmapped: beside the digits, where a slip is likely
    emu.press("KEY_KP0")
    assert _drain(actions, 2) == ["next", "0"]


@pytest.mark.parametrize("kind", ["serial", "hid"])
def test_keypad_unplug_and_replug(kind, serial_keypad, hid_keypad):
    emu, pad, actions, clock = serial_keypad if kind == "serial" else hid_keypad
    key = "1" if kind == "serial" else "KEY_KPPLUS"
    emu.unplug()
    wait_for(lambda: pad.health.state == "disconnected", what="disconnected health")
    assert pad.health.reason
    emu.replug()
    wait_for(lambda: pad.health.state == "ok", what="reconnect")
    emu.press(key)
    assert actions.get(timeout=5) == "next"
