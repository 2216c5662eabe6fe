"""Records what devices report (availability, meta, health) into the store; the service's MQTT bridge calls it."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Callable

from queue_service.devices.tables import Device
from queue_service.store import Database
from wire.codec import WireError, decode
from wire.messages import Availability, Health, Meta
from wire.topics import Topics

log = logging.getLogger(__name__)

_MODELS = {"availability": Availability, "meta": Meta, "health": Health}


class DeviceStateRecorder:
    """Feed it every message on Topics.all_device_state(); it validates and stores the last value per device."""

    def __init__(self, db: Database, topics: Topics) -> None:
        self.db = db
        self.topics = topics
        self.listeners: list[Callable[[str, str], None]] = []  # (centre, device) after each stored change


    def handle(self, topic: str, payload: bytes) -> bool:
        """True when stored; bad payloads and unknown or revoked devices are logged and dropped."""
        parsed = self.topics.parse(topic)
        if parsed is None or parsed.kind not in _MODELS:
            return False
        if not payload:
            return False  # a cleared retained message
        try:
            message = decode(_MODELS[parsed.kind], payload)
        except WireError as exc:
            log.warning("dropping %s from %s: %s", parsed.kind, parsed.device, exc)
            return False
        now = dt.datetime.now(dt.timezone.utc)
        with self.db.write() as session:
            row = session.get(Device, (self.topics.centre, parsed.device))
            if row is None or row.revoked_at is not None:
                log.warning("dropping %s from unknown or revoked device %s", parsed.kind, parsed.device)
                return False
            data = message.model_dump(mode="json")
            if parsed.kind == "availability":
                row.availability, row.availability_at = data, message.ts
            else:
                setattr(row, parsed.kind, data)
            row.seen_at = now
        for listener in self.listeners:
            try:
                listener(self.topics.centre, parsed.device)
            except Exception:  # a listener's failure never loses what the device said
                log.exception("device state listener failed on %s", parsed.device)
        return True
