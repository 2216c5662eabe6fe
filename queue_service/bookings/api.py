"""The bookings API, public (no sign-in): what can be booked, free places per day and slot, book, look up, cancel.
The booking page (bookings/page.py) is built on the same store functions; lookups and bookings are rate-limited per
client IP, so codes cannot be guessed and slots cannot be emptied by a script."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, ConfigDict, Field

from queue_service.api.declared_errors import raises
from queue_service.api.deps import Centre, Context
from queue_service.api.params import Day, Moment
from queue_service.bookings import errors, store
from queue_service.bookings.views import BookableField, BookedView, BookingView, DayView, SlotView
from queue_service.dossiers.tracking import RATE_LIMITED

router = APIRouter(prefix="/api/v1", tags=["bookings"])
PHONE = r"^0[0-9]{9,10}$"
FieldCode = Annotated[str, Path(description="a bookable field's code")]
BookingCode = Annotated[str, Path(min_length=1, max_length=32, description="the booking code (case and dashes "
                                                                         "ignored)")]


class BookRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    field: str = Field(max_length=16, description="code of a bookable field")
    slot_start: Moment = Field(description="start of a free slot (from .../slots); without an offset: local time")
    phone: str | None = Field(None, pattern=PHONE, description="optional phone number (only ever shown masked)")


class CancelRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=1, max_length=64, description="the secret cancel token given when booking")


def limit(context, request: Request) -> None:
    context.lookup_limiter.check(request.client.host if request.client else "unknown")


@router.get("/centres/{centre}/bookings/fields", response_model=list[BookableField])
def bookable_fields(centre: Centre) -> list[BookableField]:
    return store.bookable_fields(centre)


@router.get("/centres/{centre}/bookings/fields/{field}/days", response_model=list[DayView])
@raises(errors.NOT_BOOKABLE)
def bookable_days(centre: Centre, field: FieldCode, context: Context) -> list[DayView]:
    """The working days that may be booked, with the places still free in each."""
    return store.days(context.db, centre, field, context.clock())


@router.get("/centres/{centre}/bookings/fields/{field}/days/{day}/slots", response_model=list[SlotView])
@raises(errors.NOT_BOOKABLE, errors.DAY_NOT_BOOKABLE)
def free_slots(centre: Centre, field: FieldCode, day: Day, context: Context) -> list[SlotView]:
    return store.slots(context.db, centre, field, day, context.clock())


@router.post("/centres/{centre}/bookings", status_code=201, response_model=BookedView)
@raises(errors.NOT_BOOKABLE, errors.DAY_NOT_BOOKABLE, errors.SLOT_NOT_OFFERED, errors.SLOT_FULL, errors.PERSON_LIMIT,
        RATE_LIMITED)
def book(centre: Centre, body: BookRequest, context: Context, request: Request) -> BookedView:
    """Books a place; the answer's `cancel_token` is given once and is needed to cancel."""
    limit(context, request)
    return store.book(context.db, centre, body.field, body.slot_start, body.phone, context.clock())


@router.get("/bookings/{code}", response_model=BookingView)
@raises(errors.UNKNOWN_BOOKING, RATE_LIMITED)
def booking(code: BookingCode, context: Context, request: Request) -> BookingView:
    limit(context, request)
    found = store.find(context.db, None, code)
    return store.view(context.centre(found.centre_id), found, context.clock())


@router.post("/bookings/{code}/cancel", response_model=BookingView)
@raises(errors.UNKNOWN_BOOKING, errors.WRONG_CANCEL_TOKEN, errors.NOT_CANCELLABLE, RATE_LIMITED)
def cancel(code: BookingCode, body: CancelRequest, context: Context, request: Request) -> BookingView:
    limit(context, request)
    found = store.find(context.db, None, code)
    return store.cancel(context.db, context.centre(found.centre_id), code, body.token, context.clock())
