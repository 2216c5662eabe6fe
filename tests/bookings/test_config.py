"""The centre file's booking keys: the sample has bookable fields; `motcua config check` names a wrong capacity, a
slot that fits no issuing hours and an unknown key, with the file, the path and the line."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from tests.queue.conftest import DEMO


@pytest.fixture
def sample() -> dict:
    return yaml.safe_load(DEMO.read_text(encoding="utf-8"))


def check(tmp_path, data) -> subprocess.CompletedProcess:
    path = tmp_path / "centre.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "motcua", "config", "check", str(path)], capture_output=True,
                          text=True, timeout=60)


def test_the_sample_has_bookable_fields(demo_centre):
    bookable = {f.code: (f.booking.slot_minutes, f.booking.capacity) for f in demo_centre.fields if f.booking}
    assert bookable == {"HT": (30, 4), "DD": (60, 3), "BHXH": (30, 3)}
    assert demo_centre.bookings.days_ahead == 6 and demo_centre.bookings.checkin_early_minutes == 30


@pytest.mark.parametrize("change, expected", [
    (lambda d: d["fields"][0]["booking"].update(capacity=0), "fields[0].booking.capacity: Input should be greater than or equal to 1"),
    (lambda d: d["fields"][0]["booking"].update(slot_minutes=240) or d["hours"].update(last_ticket="08:00"),
     "a booking slot of 240 minutes does not fit the issuing hours (07:00–08:00)"),
    (lambda d: d["bookings"].update(days_ahaed=3), "bookings.days_ahaed"),
], ids=["capacity", "slot-too-long", "unknown-key"])
def test_config_check_names_booking_mistakes(tmp_path, sample, change, expected):
    change(sample)
    result = check(tmp_path, sample)
    assert result.returncode != 0 and expected in result.stdout + result.stderr, result.stdout + result.stderr
