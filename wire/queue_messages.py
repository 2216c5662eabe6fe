"""Message models of the queue side of the contract: request/reply, ticket issue, counter state, board, calls."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import AwareDatetime, Field

from wire.messages import WireModel, utcnow


class ErrorInfo(WireModel):
    """Why a request was refused: a stable code and a message (Vietnamese first)."""

    code: str = Field(max_length=64, description="machine-readable code, e.g. invalid_request, unknown_field")
    message: str = Field(max_length=500, description="human-readable message")
    message_en: str | None = Field(None, max_length=500, description="the same message in English, when the service has one")


class Reply(WireModel):
    """The one reply to a request, on res/{device}/{verb}, with the request's MQTT v5 correlation data."""

    id: str = Field(max_length=64, description="id of the request this answers")
    status: Literal["ok", "error"] = Field(description="ok with data, or error with error")
    data: dict[str, Any] | None = Field(None, description="the verb's reply model when ok (REQUEST_VERBS)")
    error: ErrorInfo | None = Field(None, description="set when status is error")


class Request(WireModel):
    """Base of every request body on req/{device}/{verb}."""

    id: str = Field(min_length=1, max_length=64, description="request id, echoed in the reply (also in v5 correlation data)")


class TicketIssueRequest(Request):
    """ticket.issue: a kiosk asks for a ticket."""

    field: str = Field(min_length=1, max_length=32, description="field code chosen by the citizen")
    channel: Literal["kiosk", "booking", "counter", "web"] = Field("kiosk", description="where the ticket comes from")
    priority_group: str | None = Field(
        None, max_length=32, description="priority case (elderly, disabled, pregnant, war_invalid, ...) or none"
    )
    locale: Literal["vi", "en"] = Field("vi", description="language of the printed ticket")
    booking_code: str | None = Field(None, max_length=64, description="booking code scanned, if any")


class TicketIssueReply(WireModel):
    """ticket.issue reply data: what the kiosk prints."""

    number: str = Field(max_length=16, description="ticket number, e.g. A023")
    field: str = Field(max_length=32, description="field code")
    field_name: str = Field("", max_length=120, description="field name as printed")
    position: int = Field(ge=1, description="place in the queue of this field")
    people_ahead: int = Field(ge=0, description="people ahead of this ticket")
    estimated_wait_min: int | None = Field(None, ge=0, description="estimated wait in minutes")
    issued_at: AwareDatetime = Field(default_factory=utcnow, description="issue time (UTC)")
    public_url: str = Field(max_length=300, description="live page of this ticket (QR code)")


class TicketStatusRequest(Request):
    """ticket.status: where a ticket stands now (a kiosk or display scanning the ticket's QR code)."""

    public_id: str = Field(min_length=1, max_length=64, description="the ticket's public id (in its QR code URL)")


class TicketStatusReply(WireModel):
    """ticket.status reply data."""

    number: str = Field(max_length=16, description="ticket number")
    field: str = Field(max_length=32, description="field code")
    state: str = Field(max_length=16, description="waiting, called, serving, done, no_show or cancelled")
    people_ahead: int | None = Field(None, ge=0, description="people ahead (waiting tickets only)")
    estimated_wait_min: int | None = Field(None, ge=0, description="estimated wait in minutes")
    counter: str | None = Field(None, max_length=63, description="counter that called it, if any")


class DossierTrackRequest(Request):
    """dossier.track: the kiosk scanned a dossier receipt (code + QR token) or the citizen typed code + ID digits."""

    code: str = Field(min_length=1, max_length=64, description="dossier code")
    token: str | None = Field(None, max_length=128, description="tracking token from the receipt's QR code")
    id_last4: str | None = Field(None, pattern=r"^[0-9]{4}$", description="last 4 digits of the applicant's ID number")


class DossierTrackReply(WireModel):
    """dossier.track reply data: the public view (status, dates, timeline; no personal data)."""

    dossier: dict[str, Any] = Field(description="public view of the dossier, as on the /tra-cuu page")


class Ping(Request):
    """ping: a device checks the service answers (health checks, tests)."""


class Pong(WireModel):
    """ping reply data."""

    ts: AwareDatetime = Field(default_factory=utcnow, description="service time (UTC)")


class CounterState(WireModel):
    """Retained on counter/{n}/state: what counter n shows now, so a rebooted display is right at once."""

    counter: str = Field(max_length=63, description="counter id")
    number: str | None = Field(None, max_length=16, description="ticket number being served, or none")
    status: Literal["open", "paused", "closed"] = Field(description="open, paused or closed")
    field: str | None = Field(None, max_length=32, description="field of the ticket shown")
    ts: AwareDatetime = Field(default_factory=utcnow, description="when it changed (UTC)")


class BoardField(WireModel):
    """One field's line on the board."""

    field: str = Field(max_length=32, description="field code")
    name: str = Field("", max_length=120, description="field name")
    waiting: int = Field(ge=0, description="people waiting")
    estimated_wait_min: int | None = Field(None, ge=0, description="estimated wait for a new ticket, minutes")
    counters_open: int = Field(ge=0, description="counters open for this field")


class Board(WireModel):
    """Retained on board: waiting and estimated wait per field, counters open, served today."""

    fields: list[BoardField] = Field(default_factory=list, max_length=200, description="one line per field")
    served_today: int = Field(0, ge=0, description="tickets served since local midnight")
    ts: AwareDatetime = Field(default_factory=utcnow, description="when it was computed (UTC)")


class Call(WireModel):
    """Not retained, on calls: one call or recall to announce; `seq` lets a screen see a gap and skip a duplicate."""

    seq: int = Field(ge=1, description="centre-wide call sequence number")
    number: str = Field(max_length=16, description="ticket number called")
    counter: str = Field(max_length=63, description="counter to go to")
    field: str = Field(max_length=32, description="field code")
    recall: int = Field(0, ge=0, description="0 for the first call, then 1, 2, ... for recalls")
    ts: AwareDatetime = Field(default_factory=utcnow, description="when it was called (UTC)")


REQUEST_VERBS: dict[str, tuple[type[Request], type[WireModel]]] = {
    "ticket.issue": (TicketIssueRequest, TicketIssueReply),
    "ticket.status": (TicketStatusRequest, TicketStatusReply),
    "dossier.track": (DossierTrackRequest, DossierTrackReply),
    "ping": (Ping, Pong),
}
