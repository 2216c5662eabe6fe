"""Tickets issued, calls and waits, counted from the queue engine's committed changes (every channel: HTTP, MQTT)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

from queue_service.queue.engine import QueueChange

# Waits of a one-stop centre: from a minute to a few hours.
WAIT_BUCKETS = (60, 120, 300, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200, 10800, float("inf"))


class QueueMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.issued = Counter("motcua_tickets_issued", "Tickets issued, by centre, field and channel",
                              ["centre", "field", "channel"], registry=registry)
        self.calls = Counter("motcua_calls", "Calls to a counter (kind: call or recall), by centre and field",
                             ["centre", "field", "kind"], registry=registry)
        self.wait = Histogram("motcua_wait_seconds", "Seconds from a ticket's issue to its call, per call, by centre "
                              "and field", ["centre", "field"], buckets=WAIT_BUCKETS, registry=registry)

    def on_change(self, change: QueueChange) -> None:
        """An engine listener: runs after each commit, in the thread that made it."""
        ticket = change.ticket
        if ticket is None:
            return
        if "issued" in change.kinds:
            self.issued.labels(change.centre, ticket.field.code, ticket.channel).inc()
        if "called" in change.kinds:
            self.calls.labels(change.centre, ticket.field.code, "call").inc()
            if ticket.called_at is not None:
                self.wait.labels(change.centre, ticket.field.code).observe((ticket.called_at - ticket.issued_at).total_seconds())
        if "recalled" in change.kinds:
            self.calls.labels(change.centre, ticket.field.code, "recall").inc()
