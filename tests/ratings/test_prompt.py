"""The rating.open prompt carries the serving clerk's photo exactly as the centre file holds it, or none."""

from __future__ import annotations

import base64
import datetime as dt

import yaml

from queue_service.config import load_centre
from queue_service.queue.views import TicketView
from queue_service.ratings.prompt import rating_open
from tests.queue.conftest import DEMO
from tests.support.photos import write_portrait
from wire.codec import MAX_PAYLOAD
from wire.rating import RatingOpen


def ticket() -> TicketView:
    return TicketView(id=7, public_id="p", number="1007", field={"code": "HT", "name_vi": "Hộ tịch", "name_en": "Civil status"},
                      state="done", channel="kiosk", issued_at=dt.datetime(2026, 11, 23, 8, 0))


def test_the_prompt_carries_the_clerks_photo_for_a_clerk_with_one_and_none_otherwise(tmp_path):
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    data["staff"][2]["photo"] = "nv01.jpg"
    photo = write_portrait(tmp_path / "nv01.jpg").read_bytes()
    path = tmp_path / "centre.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    centre = load_centre(path)
    with_photo = rating_open(centre, ticket(), 1, "nv01")
    assert with_photo.clerk_name == "Nguyễn Văn An"
    assert base64.b64decode(with_photo.clerk_photo_jpeg_b64, validate=True) == photo
    without = rating_open(centre, ticket(), 1, "nv02")
    assert without.clerk_name == "Trần Thị Bình" and without.clerk_photo_jpeg_b64 is None
    assert rating_open(centre, ticket(), 1, None).clerk_photo_jpeg_b64 is None


def test_the_largest_photo_allowed_fits_the_wire_limits():
    """36 KB of JPEG (what the centre file may hold) is 48 KiB of base64 and the whole payload stays under 64 KiB."""
    centre = load_centre(DEMO)
    largest = base64.b64encode(bytes(36 * 1024)).decode()
    assert len(largest) == RatingOpen.model_fields["clerk_photo_jpeg_b64"].metadata[0].max_length
    prompt = rating_open(centre, ticket(), 1, "nv01").model_copy(update={"clerk_photo_jpeg_b64": largest})
    assert len(RatingOpen.model_validate(prompt.model_dump()).model_dump_json()) < MAX_PAYLOAD - 8 * 1024
