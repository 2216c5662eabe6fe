"""Rating pads over serial and HID: one rating per ticket, the timeout on an injected clock, unplug and replug."""

from __future__ import annotations

import queue

import pytest

from devicekit.emulators.keys import HidKeyEmulator, SerialKeyEmulator
from devicekit.profiles import load_profile
from devicekit.rating_pad import RatingPad, build_hid_rating_pad, build_serial_rating_pad
from tests.hardware.serial_helpers import FAST, wait_for


class FakeClock:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


def _pad(clock):
    ratings, timeouts = [], []
    pad = RatingPad({"A": 4, "B": 3, "C": 2, "D": 1}, timeout=30, clock=clock,
                    on_rating=lambda t, lvl: ratings.append((t, lvl)), on_timeout=timeouts.append)
    return pad, ratings, timeouts


def test_one_rating_per_ticket():
    clock = FakeClock()
    pad, ratings, _ = _pad(clock)
    pad.key("A")  # nobody asked: ignored
    assert pad.request("T1")
    clock.now += 1
    pad.key("B")
    clock.now += 1
    pad.key("A")  # second press for the same citizen: ignored
    assert ratings == [("T1", 3)]
    assert not pad.request("T1")  # already rated: never twice
    assert pad.request("T2")
    clock.now += 1
    pad.key("D")
    assert ratings == [("T1", 3), ("T2", 1)]


def test_timeout_closes_the_ticket_and_late_presses_do_not_count():
    clock = FakeClock()
    pad, ratings, timeouts = _pad(clock)
    assert pad.request("T7")
    clock.now += 29.9
    pad.poll()
    assert timeouts == [] and pad.waiting_for == "T7"
    clock.now += 0.1
    pad.key("A")  # pressed at the deadline, before the timer thread ran: too late
    assert ratings == [] and timeouts == ["T7"] and pad.waiting_for is None
    assert not pad.request("T7")


def test_a_new_ticket_expires_the_previous_one():
    clock = FakeClock()
    pad, ratings, timeouts = _pad(clock)
    pad.request("T1")
    pad.request("T2")
    clock.now += 1
    pad.key("C")
    assert timeouts == ["T1"] and ratings == [("T2", 2)]


def _serial(tmp_path, clock, out):
    emu = SerialKeyEmulator(tmp_path / "ttyRATE").start()
    pad = build_serial_rating_pad(load_profile("ratingpad-serial-4btn"), emu.url, backoff=FAST, clock=clock,
                                  on_rating=lambda t, lvl: out.put((t, lvl)))
    return emu, pad, "A", 4


def _hid(tmp_path, clock, out):
    emu = HidKeyEmulator(tmp_path / "event-rate").start()
    pad = build_hid_rating_pad(load_profile("ratingpad-hid-5btn"), emu.url, backoff=FAST, clock=clock,
                               on_rating=lambda t, lvl: out.put((t, lvl)))
    return emu, pad, "KEY_F5", 5


@pytest.mark.parametrize("build", [_serial, _hid], ids=["serial", "hid"])
def test_pad_over_a_pty_rates_once_and_survives_replug(tmp_path, build):
    clock, out = FakeClock(), queue.Queue()
    emu, pad, key, level = build(tmp_path, clock, out)
    pad.start()
    try:
        wait_for(lambda: pad.health.state == "ok", what="pad open")
        assert pad.timeout == 30  # from the profile
        pad.request("A001")
        emu.press(key)
        assert out.get(timeout=5) == ("A001", level)
        emu.unplug()
        wait_for(lambda: pad.health.state == "disconnected", what="disconnected health")
        emu.replug()
        wait_for(lambda: pad.health.state == "ok", what="reconnect")
        clock.now += 1
        pad.request("A002")
        emu.press(key)
        assert out.get(timeout=5) == ("A002", level)
        assert out.empty()
    finally:
        pad.stop()
        emu.stop()
