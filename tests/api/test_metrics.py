"""/metrics scraped and parsed after tickets are issued and called through the API: each figure moves by what was done."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from queue_service.auth.roles import Role
from queue_service.devices.registry import DeviceRegistry
from queue_service.devices.state import DeviceStateRecorder
from wire.codec import encode
from wire.messages import Availability
from wire.topics import Topics

BASE = "/api/v1/centres/hcc-demo"


def scrape(api) -> dict[tuple[str, tuple], float]:
    """Every sample as {(name, sorted labels): value}."""
    response = api.client.get("/metrics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(response.text) for s in family.samples}


def value(samples, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_tickets_calls_and_waits_move_by_what_happened(api):
    kiosk, clerk = api.token(Role.device, centre="hcc-demo"), api.token(Role.clerk, centre="hcc-demo", counter=1)
    before = scrape(api)
    for field in ("HT", "HT", "DD"):
        assert api.client.post(f"{BASE}/tickets", json={"field": field}, headers=kiosk).status_code == 201
    api.client.post(f"{BASE}/counters/1/open", headers=clerk).raise_for_status()
    api.clock.advance(minutes=5)
    first = api.client.post(f"{BASE}/counters/1/next", headers=clerk).json()["ticket"]
    api.client.post(f"{BASE}/counters/1/recall", headers=clerk).raise_for_status()
    api.clock.advance(minutes=10)
    second = api.client.post(f"{BASE}/counters/1/next", headers=clerk).json()["ticket"]
    after = scrape(api)

    def moved(name, **labels):
        return value(after, name, centre="hcc-demo", **labels) - value(before, name, centre="hcc-demo", **labels)

    assert moved("motcua_tickets_issued_total", field="HT", channel="kiosk") == 2
    assert moved("motcua_tickets_issued_total", field="DD", channel="kiosk") == 1
    called = [first["field"]["code"], second["field"]["code"]]
    for field in ("HT", "DD"):
        assert moved("motcua_calls_total", field=field, kind="call") == called.count(field)
        assert moved("motcua_wait_seconds_count", field=field) == called.count(field)
    assert moved("motcua_calls_total", field=first["field"]["code"], kind="recall") == 1
    # Both were issued at 08:00: the first waited 5 minutes, the second 15.
    assert sum(moved("motcua_wait_seconds_sum", field=f) for f in ("HT", "DD")) == 300 + 900
    assert moved("motcua_wait_seconds_bucket", field=first["field"]["code"], le="300.0") >= 1
    assert sum(moved("motcua_wait_seconds_bucket", field=f, le="600.0") for f in ("HT", "DD")) == 1


def test_request_latency_by_route_template_and_status(api):
    clerk = api.token(Role.clerk, centre="hcc-demo", counter=1)
    for ticket in (1, 2, 3):
        api.client.get(f"{BASE}/tickets/{ticket}", headers=clerk)
    api.client.get("/no/such/page")
    samples = scrape(api)
    route = f"{BASE.replace('hcc-demo', '{centre}')}/tickets/{{ticket_id}}"
    assert value(samples, "motcua_http_request_duration_seconds_count", method="GET", route=route, status="404") == 3
    assert value(samples, "motcua_http_request_duration_seconds_count", method="GET", route="unmatched",
                 status="404") == 1
    assert not any(name.startswith("motcua_http") and "/tickets/1" in str(labels) for name, labels in samples)


def test_devices_online_and_broker_link(api):
    registry, topics = DeviceRegistry(api.context.db, "hcc-demo"), Topics("hcc-demo")
    registry.add("kiosk", "kiosk-1")
    registry.add("counter", "counter-01", counter=1)
    registry.add("counter", "counter-02", counter=2)
    recorder = DeviceStateRecorder(api.context.db, topics)
    for device, state in (("kiosk-1", "ready"), ("counter-01", "alert"), ("counter-02", "lost")):
        assert recorder.handle(topics.availability(device), encode(Availability(state=state)))
    samples = scrape(api)
    assert value(samples, "motcua_devices_online", centre="hcc-demo", kind="kiosk") == 1
    assert value(samples, "motcua_devices_online", centre="hcc-demo", kind="counter") == 1  # alert is up, lost is not
    assert value(samples, "motcua_devices", centre="hcc-demo", kind="counter") == 2
    assert ("motcua_broker_connected", (("centre", "hcc-demo"),)) in samples
    assert value(samples, "motcua_broker_connected", centre="hcc-demo") == 0  # this app runs without MQTT
