"""Prometheus metrics of the service (docs: README "Metrics"): one registry per app, fed where the events already
flow — the queue engine's changes, the HTTP requests, and, read at scrape time, the device directory and the broker
link."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry

from queue_service.context import ServiceContext
from queue_service.metrics.http import RequestTimer
from queue_service.metrics.live import LiveState
from queue_service.metrics.queue import QueueMetrics
from queue_service.queue.engine import QueueEngine


@dataclass
class Metrics:
    registry: CollectorRegistry
    queue: QueueMetrics
    timer: RequestTimer

    @classmethod
    def build(cls, context: ServiceContext, engine: QueueEngine) -> "Metrics":
        """Registers every metric on a registry of its own (no process-wide state: a test builds many apps) and
        listens to the engine."""
        registry = CollectorRegistry(auto_describe=True)
        queue = QueueMetrics(registry)
        engine.listeners.append(queue.on_change)
        registry.register(LiveState(context))
        return cls(registry, queue, RequestTimer(registry))
