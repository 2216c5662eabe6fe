"""HTTP request latency by method, route template and status: a plain ASGI middleware around the whole app."""

from __future__ import annotations

import time

from prometheus_client import CollectorRegistry, Histogram

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, float("inf"))
UNMATCHED = "unmatched"  # any path no route serves: one label, so a scan cannot grow the series without bound


class RequestTimer:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.latency = Histogram("motcua_http_request_duration_seconds", "Seconds from a request's arrival to the end "
                                 "of its response, by method, route template and status",
                                 ["method", "route", "status"], buckets=BUCKETS, registry=registry)


class TimingMiddleware:
    """`app.add_middleware(TimingMiddleware, timer=...)`."""

    def __init__(self, app, timer: RequestTimer) -> None:
        self.app = app
        self.timer = timer

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started, status, stream = time.perf_counter(), 500, False

        async def send_status(message):
            nonlocal status, stream
            if message["type"] == "http.response.start":
                status = message["status"]
                # A server-sent event stream (the live feed) lasts as long as its browser stays: no latency to count.
                stream = dict(message.get("headers") or []).get(b"content-type", b"").startswith(b"text/event-stream")
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            if stream:
                return
            # The router put the matched route in the scope; its template keeps ids out of the labels.
            route = getattr(scope.get("route"), "path_format", None) or UNMATCHED
            self.timer.latency.labels(scope["method"], route, str(status)).observe(time.perf_counter() - started)
