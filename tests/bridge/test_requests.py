"""Device requests over MQTT v5 request/response: a kiosk's ticket, refusals, and bad input that never hurts the service."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devicekit.mqtt.requests import RequestError
from devicekit.mqtt.session import DeviceSession
from queue_service.bridge.verbs import ACTIONS, Verbs
from tests.bridge.helpers import RawDevice
from wire.codec import MAX_PAYLOAD
from wire.contract import REQUEST_VERBS
from wire.keypad import COUNTER_ACTIONS
from wire.printing import NumberBlock, QrBlock, TextBlock
from wire.queue_messages import Pong, TicketIssueReply, TicketStatusReply


def RawKiosk(centre, device: str = "kiosk-raw") -> RawDevice:
    return RawDevice(centre, device)


@pytest.fixture
def running(centre):
    centre.provision("kiosk", "kiosk-1")
    centre.provision("kiosk", "kiosk-raw")
    centre.provision("display", "display-hall")
    with centre.service() as client:
        yield centre, client


def test_every_verb_and_keypad_action_of_the_contract_is_served():
    routes = Verbs(None, None, "hcc-demo").table()
    assert set(routes) == set(REQUEST_VERBS)
    assert set(ACTIONS) == set(COUNTER_ACTIONS)


def _texts(document) -> str:
    return "\n".join(line for block in document.blocks if isinstance(block, TextBlock) for line in block.lines)


def test_kiosk_issues_ticket_with_its_printed_slip_and_asks_its_status(running):
    centre, client = running
    client.post("/api/v1/centres/hcc-demo/counters/1/open", headers=centre.clerk(1)).raise_for_status()
    kiosk = DeviceSession(centre.broker.session_config("kiosk-1", "kiosk"))
    assert kiosk.start(5)
    first = kiosk.request("ticket.issue", {"field": "HT"})
    second = kiosk.request("ticket.issue", {"field": "HT", "locale": "en"})
    priority_reply = kiosk.request("ticket.issue", {"field": "HT", "priority_group": "elderly"})
    priority = priority_reply.ticket
    assert isinstance(second, TicketIssueReply)
    ticket = second.ticket
    assert ticket.people_ahead == first.ticket.people_ahead + 1 and ticket.position == ticket.people_ahead + 1
    assert ticket.estimated_wait_min is not None and ticket.number != first.ticket.number
    assert (ticket.field, ticket.field_name_vi, ticket.field_name_en) == ("HT", "Tư pháp – Hộ tịch", "Justice – Civil status")
    assert ticket.counters == ["01", "02", "03"], "the counters configured to serve HT"
    assert ticket.priority_group is None and priority.people_ahead == 0, "a priority ticket goes first"
    assert (priority.priority_name_vi, priority.priority_name_en) == ("Người cao tuổi", "Elderly person")
    # The slip: the number large, the QR of the live page, the words of COPY-VI; the request's locale first.
    slip = [b for b in second.document.blocks if isinstance(b, NumberBlock)]
    assert [b.text for b in slip] == [ticket.number]
    assert [b.data for b in second.document.blocks if isinstance(b, QrBlock)] == [ticket.public_url]
    english_first, vietnamese_first = _texts(second.document), _texts(first.document)
    assert "QUEUE TICKET / PHIẾU SỐ THỨ TỰ" in english_first and "Counters: 1, 2, 3" in english_first
    assert "PHIẾU SỐ THỨ TỰ / QUEUE TICKET" in vietnamese_first and "Quầy phục vụ: 1, 2, 3" in vietnamese_first
    assert "Ưu tiên" not in vietnamese_first + english_first
    assert "Ưu tiên: Người cao tuổi / Priority: Elderly person" in _texts(priority_reply.document)
    public_id = ticket.public_url.rstrip("/").rsplit("/", 1)[-1]
    status = kiosk.request("ticket.status", {"public_id": public_id})
    assert isinstance(status, TicketStatusReply) and status.state == "waiting" and status.number == ticket.number
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
