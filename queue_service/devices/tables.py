"""The devices table: one row per provisioned device of a centre; only a hash of its MQTT secret is kept."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from queue_service.store.base import Base


class Device(Base):
    __tablename__ = "devices"

    centre_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # Slug; also the device's MQTT username and client id.
    id: Mapped[str] = mapped_column(String(63), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    # Mosquitto `$7$` PBKDF2-SHA512 hash, written verbatim into the password file.
    secret_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]
    availability: Mapped[dict | None] = mapped_column(JSON)
    availability_at: Mapped[dt.datetime | None]
    health: Mapped[dict | None] = mapped_column(JSON)
    meta: Mapped[dict | None] = mapped_column(JSON)
    seen_at: Mapped[dt.datetime | None]
    # The counter whose LED display/keypad this is (`motcua device add counter counter-05 --counter 5`): explicit
    # data rather than a naming rule, so a replaced unit or a renamed counter needs no code change.
    counter: Mapped[int | None] = mapped_column(Integer)


class DeviceCommand(Base):
    """A command sent to a device and not yet acknowledged: resent with backoff until acked or expired, also
    after a service restart."""

    __tablename__ = "device_commands"
    __table_args__ = (Index("ix_device_commands_due", "centre_id", "next_at"),)

    centre_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    device: Mapped[str] = mapped_column(String(63))
    name: Mapped[str] = mapped_column(String(64))
    args: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    next_at: Mapped[dt.datetime]
    attempts: Mapped[int] = mapped_column(Integer)


class DeviceEvent(Base):
    """Events already handled, by id, so a QoS 1 resend counts once; pruned after a retention period."""

    __tablename__ = "device_events"
    __table_args__ = (Index("ix_device_events_seen", "centre_id", "seen_at"),)

    centre_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    device: Mapped[str] = mapped_column(String(63))
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(64))
    seen_at: Mapped[dt.datetime]
