"""The operations board as the API answers it and the page shows it."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from queue_service.alerts.book import AlertView

CounterStatus = Literal["serving", "idle", "paused", "closed", "offline"]


class FieldRow(BaseModel):
    code: str
    name_vi: str
    name_en: str
    waiting: int
    oldest_since: dt.datetime | None = Field(None, description="queue time of the longest-waiting ticket")
    longest_wait_minutes: int
    average_wait_minutes: float | None = Field(None, description="mean wait of the tickets called in the last hour")
    target_wait_minutes: int
    estimated_wait_minutes: int | None = Field(None, description="for a ticket taken now; null when no counter serves it")
    counters_open: list[int]
    served_today: int


class CounterRow(BaseModel):
    number: int
    name_vi: str | None = None
    name_en: str | None = None
    status: CounterStatus = Field(description="serving (a number at the counter), idle (open, nobody), paused, closed, "
                                              "or offline (its counter devices have all dropped)")
    clerk_id: str | None = None
    clerk_name: str | None = None
    number_now: str | None = Field(None, description="the ticket at the counter")
    since: dt.datetime | None = Field(None, description="when that ticket was called; or when the counter paused")


class RatingCount(BaseModel):
    value: int
    name_vi: str
    name_en: str
    count: int


class Today(BaseModel):
    issued: int = Field(description="tickets issued today, as the day's report counts them (a voided number, never "
                                    "printed, does not count)")
    served: int
    no_shows: int
    ratings: list[RatingCount] = Field(description="ratings given today per level, best first")
    dossiers_due_today: int = Field(description="dossiers still open whose (new) due time comes later today")
    dossiers_overdue: int = Field(description="dossiers still open past their (new) due date")
    dossiers_completed: int = Field(description="dossiers completed today")
    on_time_rate: float | None = Field(None, description="(early + on time) / completed, today (Decision 766)")


class Operations(BaseModel):
    centre: str
    name_vi: str
    name_en: str
    at: dt.datetime
    event_id: str = Field(description="the live feed's newest event this board reflects")
    fields: list[FieldRow]
    counters: list[CounterRow]
    today: Today
    alerts: list[AlertView] = Field(description="open alerts (oldest first), then those ended in the last hour")
    devices_total: int
    devices_offline: int
