"""Message models of the queue side of the contract: request/reply, tickets, counter actions, state, board, calls."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import AwareDatetime, Field, model_validator

from wire.keypad import CounterAction
from wire.messages import WireModel, utcnow
from wire.printing import PrintDocument
from wire.ticket import IssuedTicket


class ErrorInfo(WireModel):
    """Why a request was refused: a stable code and a message (Vietnamese first)."""

    code: str = Field(max_length=64, description="machine-readable code, e.g. invalid_request, counter_closed")
    message: str = Field(max_length=500, description="human-readable message")
    message_en: str | None = Field(None, max_length=500, description="the same message in English, when the service has one")


class Reply(WireModel):
    """The one reply to a request, on res/{device}/{verb}, with the request's MQTT v5 correlation data."""

    id: str = Field(max_length=64, description="id of the request this answers")
    status: Literal["ok", "error"] = Field(description="ok with data, or error with error")
    data: dict[str, Any] | None = Field(None, description="the verb's reply model when ok (wire.contract.REQUEST_VERBS)")
    error: ErrorInfo | None = Field(None, description="set when status is error")


class Request(WireModel):
    """Base of every request body on req/{device}/{verb}."""

    id: str = Field(min_length=1, max_length=64, description="request id, echoed in the reply (also in v5 correlation data)")
    expires_at: AwareDatetime | None = Field(
        None, description="on the service's clock (the device measures the offset): a request that arrives later is "
        "refused as `expired`, so a press made before an outage never acts after it")


class TicketIssueRequest(Request):
    """ticket.issue: a kiosk asks for a ticket."""

    field: str = Field(min_length=1, max_length=32, description="field code chosen by the citizen")
    channel: Literal["kiosk", "booking", "counter", "web"] = Field("kiosk", description="where the ticket comes from")
    priority_group: str | None = Field(
        None, max_length=32, description="priority group code of the centre (elderly, disabled, ...) or none")
    locale: Literal["vi", "en"] = Field("vi", description="language printed first on the ticket")


class BookingCheckinRequest(Request):
    """booking.checkin: a citizen at the kiosk scanned the QR code of an online booking or typed its code; inside the
    booking's window it becomes a ticket served at its slot (the reply is ticket.issue's), otherwise the error says
    what to do (come back at a time, take a normal number)."""

    code: str = Field(min_length=1, max_length=32, description="the booking code as scanned or typed (case, spaces "
                      "and dashes ignored)")
    locale: Literal["vi", "en"] = Field("vi", description="language printed first on the ticket")


class TicketIssueReply(WireModel):
    """ticket.issue and booking.checkin reply data: the ticket, and the slip to print for it
    (wire.ticket.ticket_document)."""

    ticket: IssuedTicket = Field(description="the issued ticket")
    document: PrintDocument = Field(description="what the kiosk prints, on any printer")


class TicketVoid(WireModel):
    """Event ticket.void: the kiosk that issued this ticket could not print its slip (paper out, printer unplugged),
    or never got the reply to its ticket.issue (then it names the request), so the number must not wait to be called. An event, not a request: it keeps its meaning after a broker drop and
    waits in the kiosk's durable outbox until delivered; the service voids only a waiting ticket that device issued,
    and voiding twice changes nothing."""

    ticket_id: int | None = Field(None, ge=1, description="the ticket's internal id (IssuedTicket.id), when the "
                                  "reply came")
    request_id: str | None = Field(None, max_length=64, description="else the id of the ticket.issue request whose "
                                   "reply never came: the ticket it issued, if any")
    number: str = Field("", max_length=16, description="its number, for the log")
    reason: str = Field(max_length=200, description="why it did not print, in the printer's terms")

    @model_validator(mode="after")
    def _names_a_ticket(self) -> "TicketVoid":
        if self.ticket_id is None and not self.request_id:
            raise ValueError("ticket_id or request_id is required")
        return self


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
    """ping: a device checks the service answers and measures its clock offset."""


class Pong(WireModel):
    """ping reply data."""

    ts: AwareDatetime = Field(default_factory=utcnow, description="service time (UTC)")


class CounterState(WireModel):
    """Retained on counter/{n}/state: what counter n shows now, so a rebooted LED or screen is right at once."""

    counter: str = Field(max_length=63, description="counter id")
    name: str | None = Field(None, max_length=120, description="the counter's label from the centre file, in "
                             "Vietnamese (e.g. 'Quầy Hộ tịch'), or none")
    name_en: str | None = Field(None, max_length=120, description="the same label in English, or none")
    number: str | None = Field(None, max_length=16, description="ticket number called or being served, or none")
    status: Literal["open", "paused", "closed"] = Field(description="open, paused or closed")
    field: str | None = Field(None, max_length=32, description="field of the ticket shown")
    ticket_state: Literal["called", "serving"] | None = Field(None, description="called (on its way) or serving")
    recalls: int = Field(0, ge=0, description="recalls of the ticket shown; a new value is a recall to blink")
    ts: AwareDatetime = Field(default_factory=utcnow, description="when it changed (UTC)")


class CounterActionRequest(Request):
    """counter.action: a clerk pressed an action key on the counter's keypad (wire.keypad)."""

    action: CounterAction = Field(description="what the key does (wire.keypad.ACTION_LABELS)")
    counter: str = Field(max_length=63, description="counter the keypad is at; must match the device's registration")
    to_counter: int | None = Field(None, ge=1, le=999, description="transfer: the counter typed after Transfer")


class CounterActionReply(WireModel):
    """counter.action reply data: the counter after the action, for the LED."""

    state: CounterState = Field(description="what the counter shows now")
    number: str | None = Field(None, max_length=16, description="ticket acted on (called, recalled, finished ...)")


class BoardField(WireModel):
    """One field's line on the board."""

    field: str = Field(max_length=32, description="field code")
    name: str = Field("", max_length=120, description="field name in Vietnamese")
    name_en: str = Field("", max_length=120, description="field name in English")
    waiting: int = Field(ge=0, description="people waiting")
    estimated_wait_min: int | None = Field(None, ge=0, description="estimated wait for a new ticket, minutes")
    counters_open: int = Field(ge=0, description="counters open for this field")


class BoardPriorityGroup(WireModel):
    """A priority group of the centre as the kiosk offers it: its name and one plain line saying who belongs."""

    code: str = Field(max_length=32, description="priority group code, as ticket.issue takes it")
    name: str = Field(max_length=120, description="name in Vietnamese")
    name_en: str = Field("", max_length=120, description="name in English")
    hint: str = Field("", max_length=120, description="who belongs, one line in Vietnamese")
    hint_en: str = Field("", max_length=120, description="who belongs, in English")


class Board(WireModel):
    """Retained on board: waiting and estimated wait per field, counters open, served today, and the centre's
    priority groups (the kiosk's priority screen)."""

    fields: list[BoardField] = Field(default_factory=list, max_length=200, description="one line per field")
    priority_groups: list[BoardPriorityGroup] = Field(default_factory=list, max_length=20,
                                                      description="the centre's priority groups, in its file's order")
    served_today: int = Field(0, ge=0, description="tickets served since local midnight")
    ts: AwareDatetime = Field(default_factory=utcnow, description="when it was computed (UTC)")

    def only(self, codes: list[str]) -> list[BoardField]:
        """The lines of the fields `codes`, in that order (a kiosk or a screen that offers a few); empty: all."""
        if not codes:
            return list(self.fields)
        return sorted((f for f in self.fields if f.field in codes), key=lambda f: codes.index(f.field))


class Call(WireModel):
    """Not retained, on calls: one call or recall to announce; `seq` lets a screen see a gap and skip a duplicate."""

    seq: int = Field(ge=1, description="centre-wide call sequence number")
    number: str = Field(max_length=16, description="ticket number called")
    counter: str = Field(max_length=63, description="counter to go to")
    field: str = Field(max_length=32, description="field code")
    recall: int = Field(0, ge=0, description="0 for the first call, then 1, 2, ... for recalls")
    ts: AwareDatetime = Field(default_factory=utcnow, description="when it was called (UTC)")
