"""The rating.open prompt sent to a counter's pad or tablet when a ticket is finished there."""

from __future__ import annotations

import base64

from queue_service.config import CentreConfig
from queue_service.queue.views import TicketView
from wire.rating import RatingLevel, RatingOpen
from wire.topics import counter_id

# Reason chips a tablet offers at the lowest level (../shared/COPY-VI.md, Rating), Vietnamese first.
REASONS: tuple[str, ...] = (
    "Thái độ chưa đúng mực / Improper attitude",
    "Hướng dẫn chưa rõ ràng / Unclear guidance",
    "Thời gian chờ lâu / Long wait",
    "Yêu cầu bổ sung giấy tờ nhiều lần / Asked for documents again and again",
    "Giải quyết chậm / Slow handling",
    "Lý do khác / Other reason",
)


def levels(centre: CentreConfig) -> list[RatingLevel]:
    """The centre's scale best first; the lowest level asks for a reason."""
    scale = sorted(centre.rating_scale, key=lambda level: level.value, reverse=True)
    lowest = scale[-1].value
    return [RatingLevel(value=level.value, name_vi=level.name_vi, name_en=level.name_en, ask_reason=level.value == lowest)
            for level in scale]


def clerk_name(centre: CentreConfig, staff_id: str | None) -> str | None:
    staff = next((s for s in centre.staff if s.id == staff_id), None) if staff_id else None
    return staff.name if staff else None


def clerk_photo(centre: CentreConfig, staff_id: str | None) -> str | None:
    """The clerk's photo as checked when the centre file was loaded (queue_service/config/photo.py), base64."""
    staff = next((s for s in centre.staff if s.id == staff_id), None) if staff_id else None
    jpeg = staff.photo_jpeg if staff else None
    return base64.b64encode(jpeg).decode("ascii") if jpeg else None


def rating_open(centre: CentreConfig, ticket: TicketView, counter: int, staff_id: str | None) -> RatingOpen:
    """Arms the pad or tablet for `ticket`, just finished at `counter` by clerk `staff_id`."""
    return RatingOpen(
        ticket_id=ticket.id, number=ticket.number, counter=counter_id(counter), clerk_name=clerk_name(centre, staff_id),
        clerk_photo_jpeg_b64=clerk_photo(centre, staff_id),
        window_s=centre.rating_window_s, levels=levels(centre), reasons=list(REASONS),
    )
