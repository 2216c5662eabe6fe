"""The citizen rates from the live ticket page (the QR on the ticket), once, after being served.

The page's window is the rest of the service day, not the pad's 60 seconds: the pad's window is short so that the
next citizen at the counter cannot rate someone else's service, but the page is opened with the ticket's own
unguessable id, so nobody else can rate through it, and a citizen who leaves the counter in a hurry can still
rate on the bus. One rating per ticket whatever the channel: the first one stored counts (pad, tablet or page).
Only the centre's reason chips are accepted as a reason: free text could carry a name or a phone number."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from queue_service.config import CentreConfig
from queue_service.errors import DomainError, kind
from queue_service.queue.errors import UNKNOWN_TICKET
from queue_service.queue.projection import DONE
from queue_service.queue.tables import Ticket
from queue_service.ratings.prompt import REASONS, levels
from queue_service.ratings.rules import store_rating
from queue_service.ratings.tables import Rating
from wire.rating import RatingLevel

DEVICE = "web"  # the ratings.device of a rating given on the live ticket page

NOT_SERVED = kind("not_served", 409, "Ông/Bà có thể đánh giá sau khi được phục vụ",
                  "You can rate once you have been served")
RATED = kind("already_rated", 409, "Số này đã được đánh giá. Xin cảm ơn Ông/Bà!",
             "This ticket has been rated already. Thank you!")
DAY_OVER = kind("rating_closed", 409, "Đã hết thời hạn đánh giá (đến hết ngày được phục vụ)",
                "Rating has closed (it is open until the end of the day you were served)")
BAD_VALUE = kind("invalid_rating", 422, "Mức đánh giá {value} không có trong thang của trung tâm",
                 "Level {value} is not on the centre's scale")
BAD_REASON = kind("invalid_reason", 422, "Vui lòng chọn một lý do trong danh sách", "Please choose one of the reasons")


class PageRating(BaseModel):
    """What the live page needs to ask for a rating, or to say why it does not."""

    open: bool = Field(description="the page may rate this ticket now")
    given: int | None = Field(None, description="the value already given for this ticket (by any channel)")
    closed_vi: str | None = Field(None, description="why it cannot be rated now, in Vietnamese")
    closed_en: str | None = Field(None, description="the same in English")
    levels: list[RatingLevel] = Field(default_factory=list, description="the centre's scale, best first")
    reasons: list[str] = Field(default_factory=list, description="the reasons offered at the lowest level")


class PageRatingRequest(BaseModel):
    value: int = Field(ge=1, le=10, description="a value of the centre's scale; higher is better")
    reason: str | None = Field(None, max_length=200, description="one of the offered reasons, at the lowest level",
                               json_schema_extra={"enum": [*REASONS, None]})  # rate() refuses any other


def _ticket(session, public_id: str) -> Ticket:
    ticket = session.scalars(select(Ticket).where(Ticket.public_id == public_id)).first()
    if ticket is None:
        raise DomainError(UNKNOWN_TICKET)
    return ticket


def _refusal(session, centre: CentreConfig, ticket: Ticket, now: dt.datetime) -> DomainError | None:
    if ticket.state != DONE or ticket.finished_at is None:
        return DomainError(NOT_SERVED)
    if session.scalar(select(Rating.id).where(Rating.ticket_id == ticket.id)) is not None:
        return DomainError(RATED)
    if now.astimezone(centre.zone).date() != ticket.finished_at.astimezone(centre.zone).date():
        return DomainError(DAY_OVER)
    return None


def state(session, centres, public_id: str, now: dt.datetime) -> PageRating:
    """`centres(centre_id) -> CentreConfig`."""
    ticket = _ticket(session, public_id)
    centre = centres(ticket.centre_id)
    given = session.scalar(select(Rating.value).where(Rating.ticket_id == ticket.id))
    refusal = _refusal(session, centre, ticket, now)
    if refusal is not None:
        return PageRating(open=False, given=given, closed_vi=refusal.message_vi, closed_en=refusal.message_en)
    return PageRating(open=True, levels=levels(centre), reasons=list(REASONS))


def rate(db, centres, public_id: str, request: PageRatingRequest, now: dt.datetime) -> Rating:
    """Store the page's rating, or refuse with why (a DomainError the citizen reads)."""
    try:
        with db.write() as session:
            ticket = _ticket(session, public_id)
            centre = centres(ticket.centre_id)
            scale = levels(centre)
            if request.value not in {level.value for level in scale}:
                raise DomainError(BAD_VALUE, value=request.value)
            if request.reason is not None and request.reason not in REASONS:
                raise DomainError(BAD_REASON)
            refusal = _refusal(session, centre, ticket, now)
            if refusal is not None:
                raise refusal
            return store_rating(session, centre, ticket, DEVICE, request.value, request.reason, now, now)
    except IntegrityError:  # the pad's rating of the same ticket was stored in between
        raise DomainError(RATED) from None
