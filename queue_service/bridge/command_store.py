"""Pending device commands in the store: written before sending, deleted on ack or expiry, so a restart resends."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update

from queue_service.devices.tables import DeviceCommand
from queue_service.store import Database
from wire.messages import Command


def retry_delay(attempts: int) -> dt.timedelta:
    """2, 4, 8, 16, 30, 30 ... seconds after the n-th send."""
    return dt.timedelta(seconds=min(2 ** attempts, 30))


@dataclass(frozen=True)
class Pending:
    device: str
    command: Command
    attempts: int


class CommandStore:
    def __init__(self, db: Database, centre: str) -> None:
        self.db = db
        self.centre = centre

    def put(self, device: str, command: Command, now: dt.datetime, supersede: str | None = None) -> int:
        """Persist a command about to be sent (as sent once); a newer command whose name starts with `supersede`
        replaces older pending ones for the same device. Returns how many were superseded."""
        with self.db.write() as session:
            dropped = 0
            if supersede:
                dropped = session.execute(delete(DeviceCommand).where(
                    DeviceCommand.centre_id == self.centre, DeviceCommand.device == device,
                    DeviceCommand.name.startswith(supersede))).rowcount
            session.add(DeviceCommand(
                centre_id=self.centre, id=command.id, device=device, name=command.name, args=command.args,
                created_at=now, expires_at=command.expires_at, next_at=now + retry_delay(1), attempts=1))
            return dropped

    def ack(self, device: str, command_id: str) -> bool:
        """Forget an acknowledged command; False if it was not pending (a late or repeated ack)."""
        with self.db.write() as session:
            return session.execute(delete(DeviceCommand).where(
                DeviceCommand.centre_id == self.centre, DeviceCommand.id == command_id,
                DeviceCommand.device == device)).rowcount > 0

    def due(self, now: dt.datetime, limit: int = 200) -> tuple[list[Pending], int, dt.datetime | None]:
        """Commands to send again now, each rescheduled with backoff; expired ones are dropped (and counted);
        and when the next one falls due (None: nothing is pending)."""
        with self.db.write() as session:
            expired = session.execute(delete(DeviceCommand).where(
                DeviceCommand.centre_id == self.centre, DeviceCommand.expires_at <= now)).rowcount
            rows = session.scalars(select(DeviceCommand).where(
                DeviceCommand.centre_id == self.centre, DeviceCommand.next_at <= now,
            ).order_by(DeviceCommand.created_at).limit(limit)).all()
            out = []
            for row in rows:
                row.attempts += 1
                row.next_at = now + retry_delay(row.attempts)
                command = Command(id=row.id, name=row.name, expires_at=row.expires_at, args=row.args)
                out.append(Pending(row.device, command, row.attempts))
            session.flush()
            next_at = session.scalar(select(func.min(DeviceCommand.next_at)).where(DeviceCommand.centre_id == self.centre))
            return out, expired, next_at

    def all_due_now(self, now: dt.datetime) -> None:
        """After a (re)connect, everything pending goes out at once rather than at its backoff time."""
        with self.db.write() as session:
            session.execute(update(DeviceCommand).where(DeviceCommand.centre_id == self.centre).values(next_at=now))

    def pending(self) -> list[Pending]:
        with self.db.read() as session:
            rows = session.scalars(select(DeviceCommand).where(DeviceCommand.centre_id == self.centre)).all()
            return [Pending(r.device, Command(id=r.id, name=r.name, expires_at=r.expires_at, args=r.args), r.attempts)
                    for r in rows]
