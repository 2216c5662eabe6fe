"""A transport-neutral command table: name → handler, with expiry, dedupe and one Ack per command id."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any, Callable

from wire.codec import WireError, validate
from wire.contract import COMMAND_ARGS
from wire.messages import WIRE_VERSION, Ack, Command, WireModel

log = logging.getLogger(__name__)

# A handler gets the typed arguments (or the raw dict when the command has no args model) and may return a
# dict that goes back in the ack's `result`.
Handler = Callable[[Any], "dict | None"]


@dataclass(frozen=True)
class Entry:
    handler: Handler
    args: type[WireModel] | None


class CommandTable:
    """The same table serves MQTT, HTTP and tests (STYLE practice 10)."""

    def __init__(self) -> None:
        self._entries: dict[str, Entry] = {}

    def register(self, name: str, handler: Handler, args: type[WireModel] | None = None) -> None:
        """Register `handler` for `name`; `args` defaults to the contract's model for that name (COMMAND_ARGS)."""
        self._entries[name] = Entry(handler, args or COMMAND_ARGS.get(name))

    def names(self) -> list[str]:
        return sorted(self._entries)

    def dispatch(self, command: Command, first_sight: Callable[[str], bool] | None = None,
                 now: dt.datetime | None = None) -> Ack | None:
        """Run a command at most once. Returns its Ack, or None for a duplicate (already run and acked)."""
        if first_sight is not None and not first_sight(command.id):
            log.info("command %s (%s) seen before: not run again", command.id, command.name)
            return None
        now = now or dt.datetime.now(dt.timezone.utc)
        if command.expires_at <= now:
            return self._ack(command, "expired", f"expired at {command.expires_at.isoformat()}")
        entry = self._entries.get(command.name)
        if entry is None:
            return self._ack(command, "unknown", f"this device has no command {command.name!r}")
        try:
            args = validate(entry.args, {"v": WIRE_VERSION, **command.args}) if entry.args else dict(command.args)
        except WireError as exc:
            return self._ack(command, "rejected", exc.detail)
        try:
            result = entry.handler(args)
        except Exception as exc:  # a handler's failure is reported in the ack, never fatal to the agent
            log.exception("command %s (%s) failed", command.id, command.name)
            return self._ack(command, "failed", f"{type(exc).__name__}: {exc}")
        return self._ack(command, "done", None, result if isinstance(result, dict) else None)

    @staticmethod
    def _ack(command: Command, status: str, error: str | None, result: dict | None = None) -> Ack:
        if status != "done":
            log.info("command %s (%s): %s %s", command.id, command.name, status, error or "")
        return Ack(id=command.id, name=command.name, status=status, error=error and error[:500], result=result)
