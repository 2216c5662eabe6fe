"""Message models of the device side of the contract: availability, meta, health, commands, acks and events."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from wire.topics import check_name

WIRE_VERSION = 1

DeviceKind = Literal["kiosk", "counter", "display", "rating_tablet", "sms", "service"]
DEVICE_KINDS: tuple[str, ...] = ("kiosk", "counter", "display", "rating_tablet", "sms", "service")


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
    counter: str | None = Field(None, max_length=63, description="counter id it serves (counter agents, rating tablets)")


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
    name: str = Field(description="command name, equal to the last topic level (e.g. print.document)")
    expires_at: AwareDatetime = Field(description="after this instant the device acks `expired` and does not execute")
    args: dict[str, Any] = Field(default_factory=dict, description="arguments, validated per name (wire.contract.COMMAND_ARGS)")

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
    name: str = Field(description="event name, equal to the last topic level (e.g. rating.given)")
    ts: AwareDatetime = Field(default_factory=utcnow, description="when it happened (UTC, on the service's clock as the device measured it)")
    data: dict[str, Any] = Field(default_factory=dict, description="event data, validated per name (wire.contract.EVENT_DATA)")

    @field_validator("name")
    @classmethod
    def _check_name(cls, value: str) -> str:
        return check_name(value)


# ---- event data of the device side (ratings are in wire.rating)
class CodeScanned(WireModel):
    """code.scanned: a booking or dossier code was scanned at a kiosk or counter."""

    code: str = Field(max_length=512, description="decoded text")
    symbology: str = Field("qr", max_length=32, description="qr, code128, ...")


class PaperOut(WireModel):
    """printer.paper_out: a printer ran out of paper (kept and delivered once, even after the broker was away)."""

    printer: str = Field("printer", max_length=32, description="the printer's role in the agent's config")
