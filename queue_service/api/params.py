"""Typed request values shared by the routes, so the OpenAPI document says what the service really accepts: row ids
that fit the store, counter numbers, and days and times written as ISO 8601 (not a bare number read as a timestamp)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from fastapi import Path
from pydantic import BeforeValidator

from queue_service.store.base import ROW_ID_MAX

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# A day that local midnights and weeks around it can be computed for in any time zone (year 1 or 9999 cannot).
_DAY_1900_2099 = re.compile(r"(19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}")
_MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}.*")


def _iso(pattern: re.Pattern, what: str):
    def check(value):
        if not isinstance(value, str) or not pattern.fullmatch(value):
            raise ValueError(f"expected {what}")
        return value

    return check


Day = Annotated[dt.date, BeforeValidator(_iso(_DAY, "a day as YYYY-MM-DD"))]
CalendarDay = Annotated[dt.date, BeforeValidator(_iso(_DAY_1900_2099, "a day from 1900 to 2099 as YYYY-MM-DD"))]
CALENDAR_DAY_PATTERN = f"^{_DAY_1900_2099.pattern}$"  # for the OpenAPI document of a CalendarDay parameter
Moment = Annotated[dt.datetime, BeforeValidator(_iso(_MOMENT, "a time as YYYY-MM-DDTHH:MM[:SS][+07:00]"))]
TicketId = Annotated[int, Path(ge=1, le=ROW_ID_MAX, description="the ticket's id")]
CounterNo = Annotated[int, Path(ge=1, le=999, description="the counter's number")]
