"""Device requests over MQTT v5 request/response: a kiosk's ticket, refusals, and bad input that never hurts the service."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from devicekit.mqtt.requests import RequestError
from devicekit.mqtt.session import DeviceSession
from wire.codec import MAX_PAYLOAD, decode
from wire.queue_messages import Pong, Reply, TicketIssueReply, TicketStatusReply


class RawKiosk:
    """A kiosk driven by hand, to send what a correct agent never would."""

    def __init__(self, centre, device: str = "kiosk-raw") -> None:
        self.topics = centre.broker.layout.topics
        self.device = device
        self.probe = centre.broker.probe(device, subscribe=[self.topics.device_responses(device)])
        self.n = 0

    def ask(self, verb: str, payload: bytes, timeout: float = 5.0) -> Reply | None:
        self.n += 1
        props = Properties(PacketTypes.PUBLISH)
        props.ResponseTopic = self.topics.response(self.device, verb)
        props.CorrelationData = f"c{self.n}".encode()
        self.probe.publish(self.topics.request(self.device, verb), payload, properties=props)
        while (msg := self.probe.expect(self.topics.response(self.device, verb), timeout)) is not None:
            if msg.properties.CorrelationData == props.CorrelationData:
                return decode(Reply, msg.payload)
        return None


@pytest.fixture
def running(centre):
    centre.provision("kiosk", "kiosk-1")
    centre.provision("kiosk", "kiosk-raw")
    centre.provision("display", "display-hall")
    with centre.service() as client:
        yield centre, client


def test_kiosk_issues_ticket_and_asks_its_status(running):
    centre, client = running
    client.post("/api/v1/centres/hcc-demo/counters/1/open", headers=centre.clerk(1)).raise_for_status()
    kiosk = DeviceSession(centre.broker.session_config("kiosk-1", "kiosk"))
    assert kiosk.start(5)
    first = kiosk.request("ticket.issue", {"field": "HT"})
    second = kiosk.request("ticket.issue", {"field": "HT"})
    assert isinstance(second, TicketIssueReply)
    assert second.people_ahead == first.people_ahead + 1 and second.position == second.people_ahead + 1
    assert second.estimated_wait_min is not None and second.number != first.number
    public_id = second.public_url.rstrip("/").rsplit("/", 1)[-1]
    status = kiosk.request("ticket.status", {"public_id": public_id})
    assert isinstance(status, TicketStatusReply) and status.state == "waiting" and status.number == second.number
    with pytest.raises(RequestError) as unknown:
        kiosk.request("ticket.issue", {"field": "NOPE"})
    assert unknown.value.code == "unknown_field"
    with pytest.raises(RequestError) as lookup:
        kiosk.request("dossier.track", {"code": "000.00.00.H00-260101-0001", "id_last4": "1234"})
    assert lookup.value.code == "dossier_lookup_failed"
    kiosk.stop()


def test_display_may_not_ask_for_a_ticket(running, caplog):
    centre, _ = running
    display = DeviceSession(centre.broker.session_config("display-hall", "display"))
    assert display.start(5)
    with pytest.raises(RequestError) as refused:
        display.request("ticket.issue", {"field": "HT"})
    assert refused.value.code == "forbidden"
    assert isinstance(display.request("ping", {}), Pong)
    assert "display-hall" in caplog.text
    display.stop()


def test_bad_requests_get_error_replies(running):
    centre, client = running
    raw = RawKiosk(centre)
    cases = {
        b"not json": "bad_json",
        json.dumps({"v": 2, "id": "x1", "field": "HT"}).encode(): "wrong_version",
        json.dumps({"v": 1, "id": "x2"}).encode(): "invalid",
        b'{"v":1,"id":"x3","field":"' + b"H" * MAX_PAYLOAD + b'"}': "too_large",
    }
    for payload, code in cases.items():
        reply = raw.ask("ticket.issue", payload)
        assert reply is not None and reply.status == "error" and reply.error.code == code, payload[:40]
    assert raw.ask("ticket.issue", json.dumps({"v": 2, "id": "x1"}).encode()).id == "x1"
    assert raw.ask("no.such.verb", b'{"v":1,"id":"q"}').error.code == "unknown_name"
    assert client.get("/healthz").status_code == 200
    assert raw.ask("ping", b'{"v":1,"id":"alive"}').status == "ok"
    raw.probe.stop()


def test_fuzzed_requests_always_get_one_reply(running):
    centre, _ = running
    raw = RawKiosk(centre)
    json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                               lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                               max_leaves=8)
    bodies = st.one_of(
        st.binary(max_size=200),
        st.dictionaries(st.sampled_from(["v", "id", "field", "channel", "priority_group", "x"]), json_values,
                        max_size=5).map(lambda d: json.dumps(d).encode()),
    )

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(verb=st.sampled_from(["ticket.issue", "ticket.status", "ping"]), payload=bodies)
    def one(verb, payload):
        reply = raw.ask(verb, payload)
        assert reply is not None, "every request gets exactly one reply"

    one()
    assert raw.ask("ping", b'{"v":1,"id":"still-up"}').status == "ok"
    raw.probe.stop()
