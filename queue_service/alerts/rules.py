"""What raises an alert, as a pure function of the centre's state now: which alerts should be open, by (kind, subject).

A field passes its target wait when its longest-waiting ticket has waited longer than the field's target; a counter is
paused too long past the centre's `board.pause_limit_minutes`; a device that has reported is offline when its last
availability says lost (its last will) or disconnected; a device that is up alerts on its printer's paper (near end,
out), its camera (lost) and any other part in fault. An offline device's health is stale, so it raises only `offline`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from queue_service.config.models import CentreConfig
from queue_service.devices.registry import DeviceInfo

KINDS = ("field_wait", "counter_paused", "device_offline", "paper_out", "paper_low", "camera_lost", "device_fault")
OFFLINE_STATES = ("lost", "disconnected")
Key = tuple[str, str]  # (kind, subject)


@dataclass(frozen=True)
class FieldWait:
    code: str
    oldest: dt.datetime | None  # queue time of the longest-waiting ticket, None when nobody waits


@dataclass(frozen=True)
class CounterPause:
    number: int
    status: str
    since: dt.datetime  # when the counter's state last changed (a paused counter does nothing else)


def wanted(centre: CentreConfig, fields: list[FieldWait], counters: list[CounterPause], devices: list[DeviceInfo],
           now: dt.datetime) -> dict[Key, str | None]:
    """Every alert that should be open now, with its detail."""
    alerts: dict[Key, str | None] = {}
    for field in fields:
        config = centre.field(field.code)
        if config is not None and field.oldest is not None:
            waited = (now - field.oldest).total_seconds() / 60
            if waited > config.target_wait_minutes:
                alerts[("field_wait", field.code)] = None
    limit = dt.timedelta(minutes=centre.board.pause_limit_minutes)
    for counter in counters:
        if counter.status == "paused" and now - counter.since > limit:
            alerts[("counter_paused", str(counter.number))] = None
    for device in devices:
        if device.active and device.kind != "service":
            alerts.update(device_alerts(device))
    return alerts


def device_alerts(device: DeviceInfo) -> dict[Key, str | None]:
    if device.state in OFFLINE_STATES:
        return {("device_offline", device.id): None}
    if device.state is None:  # never reported: not installed yet, or provisioned ahead of time
        return {}
    alerts: dict[Key, str | None] = {}
    for part, health in sorted(((device.health or {}).get("parts") or {}).items()):
        status, detail = health.get("status"), health.get("detail") or ""
        if part.startswith("printer") and detail.startswith("paper out"):
            alerts[("paper_out", device.id)] = detail
        elif part.startswith("printer") and detail.startswith("paper near end"):
            alerts[("paper_low", device.id)] = detail
        elif part.startswith("camera") and status == "fault":
            alerts[("camera_lost", device.id)] = detail or None
        elif status == "fault":
            alerts[("device_fault", f"{device.id}:{part}"[:64])] = detail or None
    return alerts
