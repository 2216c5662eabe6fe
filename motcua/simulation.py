"""Simulated citizens and clerks that use the real HTTP API, so the demo centre's board moves."""

from __future__ import annotations

import logging
import random
import threading

import httpx

from queue_service.config import CentreConfig

log = logging.getLogger(__name__)


class CentreSimulation:
    """Citizens take tickets at a kiosk; clerks at some counters call, serve and finish them."""

    def __init__(
        self,
        base_url: str,
        centre: CentreConfig,
        kiosk_token: str,
        clerk_tokens: dict[int, str],
        *,
        arrival_seconds: float = 4.0,
        service_seconds: tuple[float, float] = (8.0, 35.0),
        seed: int | None = None,
    ) -> None:
        self.base_url, self.centre = base_url.rstrip("/"), centre
        self.kiosk_token, self.clerk_tokens = kiosk_token, clerk_tokens
        self.arrival_seconds, self.service_seconds = arrival_seconds, service_seconds
        self.random = random.Random(seed)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        self._threads = [threading.Thread(target=self._run, args=(self._citizens,), name="sim-citizens", daemon=True)]
        for number in self.clerk_tokens:
            clerk = lambda number=number: self._clerk(number)  # noqa: E731
            self._threads.append(threading.Thread(target=self._run, args=(clerk,), name=f"sim-counter-{number}", daemon=True))
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)

    def _run(self, loop) -> None:
        """Run a simulated person until stopped; a service that is restarting or gone is waited for, not fatal."""
        while not self._stop.is_set():
            try:
                loop()
            except httpx.TransportError as exc:
                if not self._stop.is_set():
                    log.warning("simulation: service unreachable (%s); retrying", exc)
                    self._stop.wait(2)

    def _api(self, token: str) -> httpx.Client:
        return httpx.Client(base_url=f"{self.base_url}/api/v1/centres/{self.centre.centre.id}", headers={"Authorization": f"Bearer {token}"}, timeout=10)

    def _citizens(self) -> None:
        fields = [f.code for f in self.centre.fields]
        popularity = [3 if f.code in ("HT", "CT", "CCCD", "DD") else 1 for f in self.centre.fields]
        groups = [g.code for g in self.centre.priority_groups]
        with self._api(self.kiosk_token) as api:
            while not self._stop.wait(self.random.expovariate(1 / self.arrival_seconds)):
                body = {"field": self.random.choices(fields, popularity)[0], "channel": "kiosk"}
                if groups and self.random.random() < 0.12:
                    body["priority_group"] = self.random.choice(groups)
                reply = api.post("/tickets", json=body)
                if reply.status_code != 201:
                    log.info("kiosk: %s", reply.json()["error"]["message_en"])

    def _clerk(self, number: int) -> None:
        with self._api(self.clerk_tokens[number]) as api:
            api.post(f"/counters/{number}/open")
            while not self._stop.is_set():
                reply = api.post(f"/counters/{number}/next")
                if reply.status_code != 200 or reply.json()["ticket"] is None:
                    self._stop.wait(3)
                    continue
                if self._stop.wait(self.random.uniform(2, 5)):
                    break
                api.post(f"/counters/{number}/start")
                self._stop.wait(self.random.uniform(*self.service_seconds))
