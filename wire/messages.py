"""Message models of the device side of the contract: availability, meta, health, commands, acks and events."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from wire.topics import check_name

WIRE_VERSION = 1

DeviceKind = Literal["kiosk", "counter", "display", "rating_tablet", "service"]
DEVICE_KINDS: tuple[str, ...] = ("kiosk", "counter", "display", "rating_tablet", "service")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class WireModel(BaseModel):
    """Every payload: JSON, unknown fields refused, versioned by `v` so a consumer can refuse what it cannot read."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    VERSION: ClassVar[int] = WIRE_VERSION

    v: Literal[1] = Field(WIRE_VERSION, description="version of this payload's schema")


class Availability(WireModel):
    """Retained on dev/{device}/availability (and svc/availability); the broker publishes `lost` as last will."""

    state: Literal["ready", "alert", "disconnected", "lost"] = Field(
        description="ready: working; alert: up but a part needs attention; disconnected: clean exit; lost: last will"
    )
    ts: AwareDatetime = Field(default_factory=utcnow, description="when the state was set (UTC)")
    boot: int = Field(0, ge=0, description="restart counter kept on the device: a reboot differs from a reconnect")


class Meta(WireModel):
    """Retained self-description a device publishes after connecting and whenever the service turns ready."""

    kind: DeviceKind = Field(description="what the device is")
    software: str = Field(max_length=64, description="agent software version")
    profiles: list[str] = Field(default_factory=list, max_length=32, description="hardware profile ids in use")
    capabilities: list[str] = Field(default_factory=list, max_length=64, description="e.g. print, display, keypad")
    commands: list[str] = Field(default_factory=list, max_length=64, description="command names it handles")


class Part(WireModel):
    """Health of one piece of hardware."""

    status: Literal["ok", "warning", "fault", "absent"] = Field(description="ok, warning (e.g. paper low), fault, absent")
    detail: str | None = Field(None, max_length=200, description="human-readable detail, e.g. 'paper out'")


class Health(WireModel):
    """Retained hardware health: printer paper, serial links, camera."""

    ts: AwareDatetime = Field(default_factory=utcnow, description="when it was measured (UTC)")
    parts: dict[str, Part] = Field(default_factory=dict, max_length=32, description="part name → its health")


class Command(WireModel):
    """Generic command envelope on dev/{device}/cmd/{name}; never retained; answered once on dev/{device}/ack."""

    id: str = Field(min_length=1, max_length=64, description="unique command id; a resend with the same id runs once")
    name: str = Field(description="command name, equal to the last topic level (e.g. display.show)")
    expires_at: AwareDatetime = Field(description="after this instant the device acks `expired` and does not execute")
    args: dict[str, Any] = Field(default_factory=dict, description="arguments, validated per name (COMMAND_ARGS)")

    @field_validator("name")
    @classmethod
    def _check_name(cls, value: str) -> str:
        return check_name(value)


class Ack(WireModel):
    """Exactly one per command id, on dev/{device}/ack."""

    id: str = Field(min_length=1, max_length=64, description="id of the acknowledged command")
    name: str = Field(max_length=64, description="name of the acknowledged command")
    status: Literal["done", "failed", "expired", "rejected", "unknown"] = Field(
        description="done; failed (handler error); expired (not executed); rejected (bad args); unknown (no handler)"
    )
    error: str | None = Field(None, max_length=500, description="why it was not done")
    result: dict[str, Any] | None = Field(None, description="optional result of the command")
    ts: AwareDatetime = Field(default_factory=utcnow, description="when it was answered (UTC)")


class Event(WireModel):
    """Device event on dev/{device}/event/{name}: `id` makes a resend count once, `seq` makes a gap visible."""

    id: str = Field(min_length=1, max_length=64, description="unique event id (a resend keeps it)")
    seq: int = Field(ge=1, description="per-device sequence number, increasing by one, kept across restarts")
    name: str = Field(description="event name, equal to the last topic level (e.g. keypad.press)")
    ts: AwareDatetime = Field(default_factory=utcnow, description="when it happened on the device (UTC)")
    data: dict[str, Any] = Field(default_factory=dict, description="event data, validated per name (EVENT_DATA)")

    @field_validator("name")
    @classmethod
    def _check_name(cls, value: str) -> str:
        return check_name(value)


# ---- command arguments
class DisplayShow(WireModel):
    """display.show: what an LED display or screen shows now."""

    lines: list[str] = Field(min_length=1, max_length=4, description="text lines, top to bottom")
    number: str | None = Field(None, max_length=16, description="ticket number shown large, if any")
    blink_s: float = Field(0, ge=0, le=60, description="seconds to blink, 0 for none")


class DisplayClear(WireModel):
    """display.clear: blank the display."""


class PrintTicket(WireModel):
    """print.ticket: print a ticket the service has issued (never one it has not)."""

    number: str = Field(max_length=16, description="ticket number")
    field: str = Field(max_length=32, description="field code")
    field_name: str = Field(max_length=120, description="field name as printed")
    people_ahead: int = Field(ge=0, description="people ahead at issue time")
    estimated_wait_min: int | None = Field(None, ge=0, description="estimated wait in minutes")
    issued_at: AwareDatetime = Field(description="issue time (UTC; printed in local time)")
    public_url: str | None = Field(None, max_length=300, description="printed as a QR code")


class PrintReceipt(WireModel):
    """print.receipt: print a dossier receipt."""

    dossier_code: str = Field(max_length=64, description="dossier code")
    lines: list[str] = Field(max_length=80, description="body lines")
    appointment: dt.date | None = Field(None, description="appointment date for the result")


class Announce(WireModel):
    """audio.announce: speak a text (calling displays)."""

    text: str = Field(max_length=500, description="what to say")
    locale: Literal["vi", "en"] = Field("vi", description="language")


# ---- event data
class KeypadPress(WireModel):
    """keypad.press: a clerk pressed a key (next, recall, transfer, ...)."""

    key: str = Field(max_length=32, description="logical key name")
    counter: str | None = Field(None, max_length=63, description="counter the keypad belongs to")


class RatingGiven(WireModel):
    """rating.given: a citizen rated the service."""

    level: int = Field(ge=1, le=10, description="configured rating level, 1 = best")
    counter: str | None = Field(None, max_length=63, description="counter rated")
    ticket: str | None = Field(None, max_length=16, description="ticket number served")


class CodeScanned(WireModel):
    """code.scanned: a booking or dossier code was scanned."""

    code: str = Field(max_length=512, description="decoded text")
    symbology: str = Field("qr", max_length=32, description="qr, code128, ...")


class PaperOut(WireModel):
    """printer.paper_out: a printer ran out of paper."""

    printer: str = Field("main", max_length=32, description="which printer")


COMMAND_ARGS: dict[str, type[WireModel]] = {
    "display.show": DisplayShow,
    "display.clear": DisplayClear,
    "print.ticket": PrintTicket,
    "print.receipt": PrintReceipt,
    "audio.announce": Announce,
}
EVENT_DATA: dict[str, type[WireModel]] = {
    "keypad.press": KeypadPress,
    "rating.given": RatingGiven,
    "code.scanned": CodeScanned,
    "printer.paper_out": PaperOut,
}
