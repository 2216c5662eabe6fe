"""The devices table: one row per provisioned device of a centre; only a hash of its MQTT secret is kept."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, String
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
