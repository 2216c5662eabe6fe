"""The declarative calling policy: which waiting ticket a counter calls next, and why (a pure function)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from queue_service.config.models import Counter, PriorityPolicy


@dataclass(frozen=True)
class Candidate:
    """A waiting ticket the counter may call."""

    id: int
    number: str
    field_code: str
    queue_key: dt.datetime
    priority_group: str | None = None
    booking_slot: dt.datetime | None = None
    target_counter: int | None = None


@dataclass(frozen=True)
class Choice:
    ticket_id: int
    preferred: bool
    priority_run: int  # the counter's run of preferred calls after this call
    reason: dict


def prefers(priority_group: str | None, booking_slot: dt.datetime | None, policy: PriorityPolicy, now: dt.datetime) -> bool:
    """Priority groups always; a booking once its slot has come (so it is served at its slot, not before)."""
    if priority_group:
        return True
    return bool(policy.bookings_first and booking_slot and booking_slot <= now)


def is_preferred(candidate: Candidate, policy: PriorityPolicy, now: dt.datetime) -> bool:
    return prefers(candidate.priority_group, candidate.booking_slot, policy, now)


def choose(
    candidates: list[Candidate],
    counter: Counter,
    policy: PriorityPolicy,
    priority_run: int,
    now: dt.datetime,
) -> Choice | None:
    """Preferred tickets first, but at most `policy.max_consecutive` in a row while normal tickets wait.
    Within the chosen class, the ticket with the largest waiting time × field weight; FIFO inside a field."""
    weights = {served.field: served.weight for served in counter.fields}
    eligible = [c for c in candidates if c.target_counter == counter.number or (c.target_counter is None and c.field_code in weights)]
    if not eligible:
        return None
    preferred = [c for c in eligible if is_preferred(c, policy, now)]
    normal = [c for c in eligible if not is_preferred(c, policy, now)]
    if preferred and (not normal or priority_run < policy.max_consecutive):
        pool, run = preferred, (priority_run + 1 if normal else 0)
    else:
        pool, run = normal, 0
    pick = _head(pool, weights, now)
    if pool is preferred:
        rule = "priority" if pick.priority_group else "booking"
    else:
        rule = "priority_run_limit" if preferred else "normal"
    weight = weights.get(pick.field_code, 1.0)
    waited = max(0, int((now - pick.queue_key).total_seconds()))
    reason = {
        "rule": rule,
        "field": pick.field_code,
        "weight": weight,
        "waited_s": waited,
        "priority_run": run,
        "max_consecutive": policy.max_consecutive,
        "preferred_waiting": bool(preferred),
        "normal_waiting": bool(normal),
        "transferred_here": pick.target_counter == counter.number,
        "explain": _explain(rule, pick, weight, waited, run, policy),
    }
    if pick.priority_group:
        reason["priority_group"] = pick.priority_group
    return Choice(ticket_id=pick.id, preferred=pool is preferred, priority_run=run, reason=reason)


def _head(pool: list[Candidate], weights: dict[str, float], now: dt.datetime) -> Candidate:
    def score(c: Candidate):
        waited = (now - c.queue_key).total_seconds()
        return (-waited * weights.get(c.field_code, 1.0), c.queue_key, c.id)

    return min(pool, key=score)


def _explain(rule: str, pick: Candidate, weight: float, waited: int, run: int, policy: PriorityPolicy) -> str:
    minutes = waited // 60
    if rule == "priority":
        return f"priority group {pick.priority_group} (preferred call {run or 1} of at most {policy.max_consecutive} in a row)"
    if rule == "booking":
        return f"booking whose slot {pick.booking_slot:%H:%M} UTC has come"
    if rule == "priority_run_limit":
        return f"{policy.max_consecutive} preferred calls in a row reached: normal ticket waiting {minutes} min called"
    return f"longest weighted wait: {minutes} min × weight {weight:g} in field {pick.field_code}"
