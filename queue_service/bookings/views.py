"""What the page, the API and the kiosk are told about bookings: no name, no ID number, the phone masked."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

BookingState = Literal["booked", "cancelled", "checked_in", "expired"]


class SlotView(BaseModel):
    start: dt.datetime = Field(description="slot start, local time with its offset")
    remaining: int = Field(ge=0, description="places still free in this slot")


class DayView(BaseModel):
    day: dt.date = Field(description="a bookable working day")
    remaining: int = Field(ge=0, description="places still free that day, all slots together")


class BookableField(BaseModel):
    code: str = Field(description="field code")
    name_vi: str = Field(description="name in Vietnamese")
    name_en: str = Field(description="name in English")
    slot_minutes: int = Field(description="length of a slot")
    capacity: int = Field(description="bookings per slot")


class BookingView(BaseModel):
    code: str = Field(description="the booking code: shown as a QR code and typed or scanned at the kiosk")
    centre: str = Field(description="centre id")
    field: str = Field(description="field code")
    field_name_vi: str = Field(description="field name in Vietnamese")
    field_name_en: str = Field(description="field name in English")
    slot_start: dt.datetime = Field(description="slot start, local time with its offset")
    checkin_from: dt.datetime = Field(description="the kiosk accepts the code from this time")
    checkin_until: dt.datetime = Field(description="... until this time; then the booking expires and is released")
    state: BookingState = Field(description="booked, cancelled, checked_in, or expired (not checked in in time)")
    phone: str | None = Field(None, description="the phone given, masked (091****678)")


class BookedView(BookingView):
    cancel_token: str = Field(description="secret of the cancel link; given once, when booking")
