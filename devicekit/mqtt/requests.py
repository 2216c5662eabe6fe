"""Requests waiting for their reply, matched by correlation id, and the errors a request can end in."""

from __future__ import annotations

import threading


class RequestError(Exception):
    """The service answered with an error, or the reply could not be read; `code` is machine-readable."""

    def __init__(self, code: str, message: str, message_en: str | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.message_en = message_en  # the service's English, when it sent one


class RequestTimeout(RequestError):
    """No reply within the timeout (the service is down or slow); the caller decides whether to retry."""

    def __init__(self, verb: str, timeout: float) -> None:
        super().__init__("timeout", f"no reply to {verb!r} within {timeout:g} s")


class NotConnected(RequestError):
    """The broker is away right now; requests are interactive, so they fail fast instead of queueing."""

    def __init__(self) -> None:
        super().__init__("not_connected", "not connected to the broker")


class _Slot:
    def __init__(self) -> None:
        self.event = threading.Event()
        self.payload: bytes | None = None


class PendingRequests:
    """Correlation id → the waiting caller; resolved from paho's network thread."""

    def __init__(self) -> None:
        self._slots: dict[str, _Slot] = {}
        self._lock = threading.Lock()

    def open(self, request_id: str) -> _Slot:
        slot = _Slot()
        with self._lock:
            self._slots[request_id] = slot
        return slot

    def resolve(self, request_id: str, payload: bytes) -> bool:
        """Hand a reply to its caller; False when nobody waits (late reply after a timeout, or unknown id)."""
        with self._lock:
            slot = self._slots.pop(request_id, None)
        if slot is None:
            return False
        slot.payload = payload
        slot.event.set()
        return True

    def discard(self, request_id: str) -> None:
        with self._lock:
            self._slots.pop(request_id, None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._slots)
