"""Rating pads over serial and HID: armed per ticket with its window, one rank per ticket, unplug and replug."""

from __future__ import annotations

import logging
import queue

import pytest

from devicekit.emulators.keys import HidKeyEmulator, SerialKeyEmulator
from devicekit.profiles import load_profile
from devicekit.rating_pad import RatingPad, build_hid_rating_pad, build_serial_rating_pad
from tests.hardware.serial_helpers import FAST, wait_for
from wire.rating import RatingLevel, value_for_rank


class FakeClock:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


def _pad(clock):
    ratings, timeouts = [], []
    pad = RatingPad({"A": 4, "B": 3, "C": 2, "D": 1}, clock=clock,
                    on_rating=lambda t, rank: ratings.append((t, rank)), on_timeout=timeouts.append)
    return pad, ratings, timeouts


def test_one_rank_per_ticket_and_presses_while_not_armed_are_logged(caplog):
    caplog.set_level(logging.INFO, logger="devicekit.rating_pad")
    clock = FakeClock()
    pad, ratings, _ = _pad(clock)
    assert pad.buttons == 4
    pad.key("A")  # nobody asked: ignored
    assert "pressed while not armed; ignored" in caplog.text
    assert pad.open(101, window_s=30)
    clock.now += 1
    pad.key("B")
    clock.now += 1
    pad.key("A")  # second press for the same citizen: ignored
    assert ratings == [(101, 3)]
    assert not pad.open(101, window_s=30)  # already rated: a replayed rating.open never rates twice
    assert pad.open(102, window_s=30)
    clock.now += 1
    pad.key("D")
    assert ratings == [(101, 3), (102, 1)]


def test_each_ticket_has_its_own_window_and_late_presses_do_not_count():
    clock = FakeClock()
    pad, ratings, timeouts = _pad(clock)
    assert pad.open(7, window_s=10)
    clock.now += 9.9
    pad.poll()
    assert timeouts == [] and pad.waiting_for == 7
    clock.now += 0.1
    pad.key("A")  # pressed at the deadline, before the timer thread ran: too late
    assert ratings == [] and timeouts == [7] and pad.waiting_for is None
    assert not pad.open(7, window_s=10)
    assert pad.open(8, window_s=60)  # a longer window for the next citizen
    clock.now += 59
    pad.key("C")
    assert ratings == [(8, 2)]


def test_a_new_ticket_ends_the_previous_window():
    clock = FakeClock()
    pad, ratings, timeouts = _pad(clock)
    pad.open(1, 30)
    pad.open(2, 30)
    clock.now += 1
    pad.key("C")
    assert timeouts == [1] and ratings == [(2, 2)]


def test_bad_arming_is_a_clear_error():
    pad, _, _ = _pad(FakeClock())
    with pytest.raises(ValueError, match="positive ticket id"):
        pad.open("A023", 30)
    with pytest.raises(ValueError, match="window_s must be a positive"):
        pad.open(1, 0)
    assert pad.waiting_for is None


def test_ranks_read_as_the_centres_scale():
    scale = [RatingLevel(value=v, name_vi=n, name_en=n) for v, n in
             ((4, "Rất hài lòng"), (3, "Hài lòng"), (2, "Bình thường"), (1, "Không hài lòng"))]
    pad = load_profile("ratingpad-serial-4btn")
    assert {b: value_for_rank(r, pad.buttons, scale) for b, r in pad.button_map.items()} == \
        {"A": 4, "B": 3, "C": 2, "D": 1}  # A, the best button, gives the best value


def _serial(tmp_path, clock, out):
    emu = SerialKeyEmulator(tmp_path / "ttyRATE").start()
    pad = build_serial_rating_pad(load_profile("ratingpad-serial-4btn"), emu.url, backoff=FAST, clock=clock,
                                  on_rating=lambda t, rank: out.put((t, rank)))
    return emu, pad, "A", 4


def _hid(tmp_path, clock, out):
    emu = HidKeyEmulator(tmp_path / "event-rate").start()
    pad = build_hid_rating_pad(load_profile("ratingpad-hid-5btn"), emu.url, backoff=FAST, clock=clock,
                               on_rating=lambda t, rank: out.put((t, rank)))
    return emu, pad, "KEY_F5", 5


@pytest.mark.parametrize("build", [_serial, _hid], ids=["serial", "hid"])
def test_pad_over_a_pty_rates_once_and_survives_replug(tmp_path, build):
    clock, out = FakeClock(), queue.Queue()
    emu, pad, key, rank = build(tmp_path, clock, out)
    pad.start()
    try:
        wait_for(lambda: pad.health.state == "ok", what="pad open")
        assert pad.buttons == rank  # the best button is the highest rank
        pad.open(1001, 30)
        emu.press(key)
        assert out.get(timeout=5) == (1001, rank)
        emu.unplug()
        wait_for(lambda: pad.health.state == "disconnected", what="disconnected health")
        emu.replug()
        wait_for(lambda: pad.health.state == "ok", what="reconnect")
        clock.now += 1
        pad.open(1002, 30)
        emu.press(key)
        assert out.get(timeout=5) == (1002, rank)
        assert out.empty()
    finally:
        pad.stop()
        emu.stop()


class _NoLink:
    health = None

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass


def test_the_timeout_thread_closes_an_unanswered_ticket():
    timeouts: list[int] = []
    pad = RatingPad({"A": 2, "B": 1}, on_rating=lambda t, r: None, on_timeout=timeouts.append, poll_interval=0.01)
    pad.link = _NoLink()
    pad.start()
    try:
        pad.open(55, window_s=0.05)
        wait_for(lambda: timeouts == [55], what="the window to run out on the thread")
        assert pad.waiting_for is None
    finally:
        pad.stop()
