"""What the engine hands back: plain pydantic views, the same for the HTTP API, MQTT and tests."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class FieldName(BaseModel):
    code: str
    name_vi: str
    name_en: str


class TicketView(BaseModel):
    id: int = Field(description="internal id, used by staff to call or cancel a given ticket")
    public_id: str = Field(description="unguessable id of the citizen's live ticket page")
    number: str = Field(description="the number printed and announced, e.g. 1023 or A023")
    field: FieldName
    state: str = Field(description="waiting, called, serving, done, no_show or cancelled")
    channel: str
    priority_group: str | None = None
    counter: int | None = Field(None, description="counter that called it (or last did)")
    target_counter: int | None = Field(None, description="counter it was transferred to, if any")
    issued_at: dt.datetime
    called_at: dt.datetime | None = None
    recalls: int = 0
    ahead: int | None = Field(None, description="tickets of its field that will be called first (waiting tickets only)")
    estimated_wait_minutes: int | None = Field(None, description="None when no open counter serves the field")
    url: str | None = Field(None, description="live page of the ticket (the QR code on the paper ticket)")


class CounterView(BaseModel):
    number: int
    status: str = Field(description="open, paused or closed")
    name_vi: str | None = None
    name_en: str | None = None
    current: TicketView | None = None
    staff_id: str | None = None


class CallView(BaseModel):
    """Reply to a counter operation."""

    counter: int
    ticket: TicketView | None = Field(None, description="the ticket acted on (called, recalled, started, skipped, transferred); None when nobody waits")
    finished: TicketView | None = Field(None, description="the ticket this press finished, if any")
    reason: dict | None = Field(None, description="why this ticket was chosen (rule, field, weight, wait, priority run)")
    state: CounterView = Field(description="the counter after the operation")


class FieldBoard(BaseModel):
    field: FieldName
    waiting: int
    longest_wait_minutes: int
    estimated_wait_minutes: int | None = Field(None, description="for a ticket taken now; None if no counter is open for it")
    target_wait_minutes: int
    counters_open: list[int]
    served_today: int


class BoardView(BaseModel):
    centre: str
    at: dt.datetime
    fields: list[FieldBoard]
    counters: list[CounterView]
    waiting: int
    served_today: int
