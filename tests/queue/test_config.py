"""Centre configuration: the sample loads; every mistake is named with file, path, line and what was expected."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from queue_service.config import ConfigError, load_centre
from queue_service.config.photo import PhotoError, jpeg_size
from tests.queue.conftest import DEMO
from tests.support.photos import portrait, write_portrait


def write(tmp_path: Path, data) -> Path:
    path = tmp_path / "centre.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def sample() -> dict:
    return yaml.safe_load(DEMO.read_text(encoding="utf-8"))


def test_the_sample_is_a_provincial_centre(demo_centre):
    assert len(demo_centre.fields) >= 10 and len(demo_centre.counters) >= 12
    assert demo_centre.centre.timezone == "Asia/Ho_Chi_Minh"
    assert [g.name_vi for g in demo_centre.priority_groups][:3] == ["Người cao tuổi", "Người khuyết tật", "Phụ nữ mang thai"]
    assert demo_centre.rating_scale[0].name_vi == "Rất hài lòng"


def test_unknown_key_names_file_path_and_line(tmp_path, sample):
    sample["counters"][2]["feilds"] = sample["counters"][2].pop("fields")
    path = write(tmp_path, sample)
    with pytest.raises(ConfigError) as error:
        load_centre(path)
    text = str(error.value)
    assert str(path) in text
    assert "counters[2].feilds: unknown key" in text
    assert "counters[2].fields: required, but missing" in text
    line = next(i for i, l in enumerate(path.read_text().splitlines(), 1) if "feilds" in l)
    assert f"line {line}, counters[2].feilds" in text


def test_counter_serving_an_unknown_field_says_which_fields_exist(tmp_path, sample):
    sample["counters"][0]["fields"][0]["field"] = "HOTICH"
    with pytest.raises(ConfigError) as error:
        load_centre(write(tmp_path, sample))
    assert "counter 1 serves unknown field 'HOTICH'" in str(error.value)
    assert "expected one of: BHXH, BTXH, CCCD" in str(error.value)


def test_overlapping_numbers_are_refused(tmp_path, sample):
    sample["fields"][1]["numbering"] = {"start": 1400, "digits": 4}  # inside HT's 1001..1500
    with pytest.raises(ConfigError) as error:
        load_centre(write(tmp_path, sample))
    assert "fields 'HT' and 'CT' would print the same numbers" in str(error.value)


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda d: d["centre"].update(timezone="Asia/Hanoi_City"), "centre.timezone: unknown time zone 'Asia/Hanoi_City'"),
        (lambda d: d.update(version=2), "version: expected 1"),
        (lambda d: d["hours"].update(open="18:00"), "hours: open must be before close"),
        (lambda d: d["fields"].append(dict(d["fields"][0])), "fields: 'HT' appears twice"),
        (lambda d: d["fields"][0].update(daily_cap=0), "fields[0].daily_cap: Input should be greater than or equal to 1"),
    ],
)
def test_each_mistake_has_its_own_message(tmp_path, sample, change, expected):
    change(sample)
    with pytest.raises(ConfigError) as error:
        load_centre(write(tmp_path, sample))
    assert expected in str(error.value)


def test_not_yaml_and_missing_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("centre: [unclosed\n")
    with pytest.raises(ConfigError, match="bad.yaml: not valid YAML"):
        load_centre(bad)
    with pytest.raises(ConfigError, match="cannot read the file"):
        load_centre(tmp_path / "missing.yaml")


def test_config_check_command(tmp_path, sample):
    good = subprocess.run([sys.executable, "-m", "motcua", "config", "check", str(DEMO)], capture_output=True, text=True)
    assert good.returncode == 0 and "OK" in good.stdout and "12 fields" in good.stdout
    sample["counters"][0]["number"] = 0
    bad = subprocess.run([sys.executable, "-m", "motcua", "config", "check", str(write(tmp_path, sample))], capture_output=True, text=True)
    assert bad.returncode == 1 and "counters[0].number" in bad.stderr


# ---- clerks' photos (the rating tablet): checked from the JPEG's bytes when the file is loaded
def with_photo(tmp_path: Path, sample: dict, photo: str) -> Path:
    sample["staff"][2]["photo"] = photo  # nv01
    return write(tmp_path, sample)


def test_a_small_jpeg_beside_the_centre_file_is_read_once_at_load(tmp_path, sample):
    write_portrait(tmp_path / "photos" / "nv01.jpg")
    centre = load_centre(with_photo(tmp_path, sample, "photos/nv01.jpg"))
    staff = {s.id: s for s in centre.staff}
    assert staff["nv01"].photo_jpeg == (tmp_path / "photos" / "nv01.jpg").read_bytes()
    assert staff["nv02"].photo is None and staff["nv02"].photo_jpeg is None
    (tmp_path / "photos" / "nv01.jpg").unlink()  # the service keeps what it read
    assert staff["nv01"].photo_jpeg[:2] == b"\xff\xd8"


@pytest.mark.parametrize(
    "photo, expected",
    [
        (None, "cannot read"),
        (dict(size=(480, 600)), "is 480×600 pixels"),
        (dict(size=(300, 240)), "is 300×240 pixels"),
        (dict(noise=True), "KB, too big for the rating tablet: shrink it to at most 240×300 pixels and 36 KB"),
        (dict(fmt="PNG"), "not a JPEG file"),
    ],
    ids=["missing", "too-large", "landscape", "too-heavy", "png"],
)
def test_a_missing_or_oversized_photo_is_refused_naming_the_staff_and_the_path(tmp_path, sample, photo, expected):
    if photo is not None:
        write_portrait(tmp_path / "nv01.jpg", **photo)
    path = with_photo(tmp_path, sample, "nv01.jpg")
    with pytest.raises(ConfigError) as error:
        load_centre(path)
    text = str(error.value)
    assert "staff[2]: staff 'nv01': photo 'nv01.jpg':" in text and expected in text, text
    line = next(i for i, l in enumerate(path.read_text().splitlines(), 1) if "nv01" in l)
    assert f"line {line}, staff[2]" in text


def test_a_damaged_jpeg_is_refused():
    with pytest.raises(PhotoError, match="truncated"):
        jpeg_size(portrait()[:120])
    assert jpeg_size(portrait((200, 250))) == (200, 250)


def test_config_check_refuses_a_missing_photo(tmp_path, sample):
    bad = subprocess.run([sys.executable, "-m", "motcua", "config", "check", str(with_photo(tmp_path, sample, "nv01.jpg"))],
                         capture_output=True, text=True)
    assert bad.returncode == 1
    assert "staff 'nv01': photo 'nv01.jpg': cannot read " + str(tmp_path / "nv01.jpg") in bad.stderr, bad.stderr
