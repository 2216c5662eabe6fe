"""Provisioned devices of one centre in the store: add (secret shown once), list, revoke, credentials for the broker."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from broker_config.passwd import hash_secret, new_secret, verify_secret
from broker_config.render import AuthEntry
from queue_service.devices.tables import Device
from queue_service.store import Database
from wire.messages import DEVICE_KINDS
from wire.topics import check_slug


class DeviceError(Exception):
    """A provisioning request that cannot be done (unknown kind or device, duplicate id)."""


@dataclass(frozen=True)
class DeviceInfo:
    centre: str
    id: str
    kind: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None
    state: str | None
    seen_at: dt.datetime | None
    counter: int | None = None
    meta: dict | None = None  # the last retained Meta it published (kind, software, capabilities, ...)
    health: dict | None = None  # the last retained Health

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @property
    def capabilities(self) -> list[str]:
        return list((self.meta or {}).get("capabilities") or [])

    @property
    def online(self) -> bool:
        """Its last availability says it is up (ready, or alert: up with a part needing attention)."""
        return self.state in ("ready", "alert")


# Kinds installed at one counter (`--counter N`): the counter agent (LED, keypad, pad, printer) and a rating tablet.
COUNTER_KINDS = ("counter", "rating_tablet")


def _info(row: Device) -> DeviceInfo:
    state = (row.availability or {}).get("state")
    return DeviceInfo(row.centre_id, row.id, row.kind, row.created_at, row.revoked_at, state, row.seen_at, row.counter,
                      row.meta, row.health)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class DeviceRegistry:
    """The devices of `centre`; the store is passed in, nothing is opened here."""

    def __init__(self, db: Database, centre: str) -> None:
        self.db = db
        self.centre = check_slug(centre, "centre")

    def add(self, kind: str, device_id: str, counter: int | None = None) -> tuple[DeviceInfo, str]:
        """Provision a device; returns it and its secret, which is not stored and cannot be shown again.
        A revoked id may be provisioned again (a replaced kiosk keeps its id) with a new secret.
        `counter`: the counter number a counter agent (LED display, keypad, pad, printer) or a rating tablet is
        installed at."""
        if kind not in DEVICE_KINDS:
            raise DeviceError(f"unknown kind {kind!r}; one of {', '.join(DEVICE_KINDS)}")
        if counter is not None and (kind not in COUNTER_KINDS or counter < 1):
            raise DeviceError("--counter is a positive counter number and only for devices of kind "
                              + " or ".join(COUNTER_KINDS))
        try:
            check_slug(device_id, "device id")
        except ValueError as exc:
            raise DeviceError(str(exc)) from None
        secret = new_secret()
        with self.db.write() as session:
            row = session.get(Device, (self.centre, device_id))
            if row is not None and row.revoked_at is None:
                raise DeviceError(f"device {device_id!r} already exists in centre {self.centre!r}")
            if row is None:
                row = Device(centre_id=self.centre, id=device_id)
                session.add(row)
            row.kind, row.secret_hash, row.created_at, row.revoked_at = kind, hash_secret(secret), _now(), None
            row.counter = counter
            session.flush()
            return _info(row), secret

    def rotate(self, device_id: str) -> str:
        """A new secret for an active device (the old one stops working at the next broker reload)."""
        secret = new_secret()
        with self.db.write() as session:
            row = self._active(session, device_id)
            row.secret_hash = hash_secret(secret)
        return secret

    def revoke(self, device_id: str) -> DeviceInfo:
        with self.db.write() as session:
            row = self._active(session, device_id)
            row.revoked_at = _now()
            session.flush()
            return _info(row)

    def get(self, device_id: str) -> DeviceInfo | None:
        with self.db.read() as session:
            row = session.get(Device, (self.centre, device_id))
            return _info(row) if row else None

    def list(self, include_revoked: bool = True) -> list[DeviceInfo]:
        query = select(Device).where(Device.centre_id == self.centre).order_by(Device.kind, Device.id)
        if not include_revoked:
            query = query.where(Device.revoked_at.is_(None))
        with self.db.read() as session:
            return [_info(row) for row in session.scalars(query)]

    def at_counter(self, counter: int, kinds: tuple[str, ...] = COUNTER_KINDS) -> list[DeviceInfo]:
        """Active devices of `kinds` installed at `counter`, by id."""
        query = select(Device).where(Device.centre_id == self.centre, Device.revoked_at.is_(None),
                                     Device.kind.in_(kinds), Device.counter == counter).order_by(Device.id)
        with self.db.read() as session:
            return [_info(row) for row in session.scalars(query)]

    def rating_devices(self, counter: int) -> list[str]:
        """What asks the citizen at `counter` for a rating: its counter agents whose meta lists the capability
        `rating` (a pad is wired to them), and the rating tablets registered there."""
        return [d.id for d in self.at_counter(counter)
                if d.kind == "rating_tablet" or "rating" in d.capabilities]

    def printers(self, counter: int) -> list[str]:
        """Counter agents at `counter` whose meta lists the capability `print` (a receipt printer)."""
        return [d.id for d in self.at_counter(counter, ("counter",)) if "print" in d.capabilities]

    def verify(self, device_id: str, secret: str) -> bool:
        with self.db.read() as session:
            row = session.get(Device, (self.centre, device_id))
            return bool(row and row.revoked_at is None and verify_secret(secret, row.secret_hash))

    def auth_entries(self) -> list[AuthEntry]:
        """Credentials of every active device, for the password file and ACL."""
        query = select(Device).where(Device.centre_id == self.centre, Device.revoked_at.is_(None))
        with self.db.read() as session:
            return [AuthEntry(r.id, r.secret_hash, service=r.kind == "service") for r in session.scalars(query)]

    def _active(self, session, device_id: str) -> Device:
        row = session.get(Device, (self.centre, device_id))
        if row is None or row.revoked_at is not None:
            raise DeviceError(f"no active device {device_id!r} in centre {self.centre!r}")
        return row
