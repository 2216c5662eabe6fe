"""API tokens: only a hash of the secret is stored; the secret is shown once at creation."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from queue_service.store.base import Base


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[str] = mapped_column(String(24), primary_key=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    centre_id: Mapped[str | None] = mapped_column(String(64))
    counter: Mapped[int | None]
    staff_id: Mapped[str | None] = mapped_column(String(64))
    label: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]
