"""A sample issued ticket, for previews, the installer's test print and tests: the service's one ticket shape."""

from __future__ import annotations

from datetime import datetime, timezone

from wire.printing import PrintDocument
from wire.ticket import IssuedTicket, ticket_document

CENTRE_VI = "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG BẾN NGHÉ"
CENTRE_EN = "BEN NGHE WARD PUBLIC ADMINISTRATION SERVICE CENTRE"
TIMEZONE = "Asia/Ho_Chi_Minh"
ISSUED_AT = datetime(2026, 3, 25, 1, 15, tzinfo=timezone.utc)  # 08:15 in Ho Chi Minh City


def sample_ticket(**changes) -> IssuedTicket:
    """A kiosk ticket for Tư pháp – Hộ tịch with every optional line present; `changes` override fields."""
    fields = dict(id=1023, public_id="7f3k9q", number="A023", field="HT", field_name_vi="Tư pháp – Hộ tịch",
                  field_name_en="Justice – Civil status", people_ahead=4, estimated_wait_min=12,
                  counters=["05", "06"], issued_at=ISSUED_AT, public_url="https://motcua.example.vn/t/7f3k9q")
    return IssuedTicket(**{**fields, **changes})


def sample_ticket_document(ticket: IssuedTicket | None = None, locale: str = "vi") -> PrintDocument:
    return ticket_document(ticket or sample_ticket(), CENTRE_VI, CENTRE_EN, TIMEZONE, locale)
