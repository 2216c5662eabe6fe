"""Auth tables: API tokens (only a hash of the secret is stored), staff passwords, browser sessions, sign-in log."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Index, Integer, String
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


class StaffPassword(Base):
    """A staff member's argon2 password hash; `must_change` until they choose their own at sign-in."""

    __tablename__ = "staff_passwords"

    centre_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    must_change: Mapped[bool]
    updated_at: Mapped[dt.datetime]


class StaffSession(Base):
    """A signed-in browser: only a hash of the cookie's secret is stored, with its CSRF token and chosen counter."""

    __tablename__ = "staff_sessions"

    secret_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    centre_id: Mapped[str] = mapped_column(String(64))
    staff_id: Mapped[str] = mapped_column(String(64), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    must_change: Mapped[bool]
    counter: Mapped[int | None]
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]


class SignInAttempt(Base):
    """The sign-in log (who, when, from where, the outcome; never a password), also read by the lockout rule."""

    __tablename__ = "sign_in_attempts"
    __table_args__ = (Index("ix_sign_in_attempts_staff", "centre_id", "staff_id", "at"),
                      Index("ix_sign_in_attempts_address", "address", "at"))

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True)
    centre_id: Mapped[str] = mapped_column(String(64))
    staff_id: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime]
    outcome: Mapped[str] = mapped_column(String(16))
