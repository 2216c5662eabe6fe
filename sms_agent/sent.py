"""The ids of the messages this agent sent recently, kept in a small file: a resend after a lost ack (the service
asks again under the same id) is answered from here instead of sending the SMS a second time."""

from __future__ import annotations

import json
import logging
import os
import threading
from collections import OrderedDict
from pathlib import Path

log = logging.getLogger(__name__)

KEEP = 2000  # a day of a provincial centre's SMS; older ids are long settled in the service's outbox


class SentLog:
    def __init__(self, path: Path, keep: int = KEEP) -> None:
        self.path = path
        self.keep = keep
        self._lock = threading.Lock()
        self._sent: OrderedDict[str, list[int]] = OrderedDict()
        try:
            self._sent.update(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as exc:  # a damaged file must not stop SMS: start empty, say so
            log.warning("%s unreadable (%s); starting with no remembered messages", path, exc)

    def get(self, message_id: str) -> list[int] | None:
        with self._lock:
            return self._sent.get(message_id)

    def add(self, message_id: str, references: list[int]) -> None:
        """Remember a sent message, on disk before the ack goes out (a crash then still answers `sent`)."""
        with self._lock:
            self._sent[message_id] = references
            while len(self._sent) > self.keep:
                self._sent.popitem(last=False)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps(self._sent), encoding="utf-8")
            os.replace(temporary, self.path)
