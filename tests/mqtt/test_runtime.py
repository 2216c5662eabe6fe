"""The device runtime against a real Mosquitto: lifecycle, commands acked once, request/response, bad input."""

from __future__ import annotations

import json
import threading

import pytest

from devicekit.mqtt import CommandTable, ConnectRefused, DeviceSession, RequestError, RequestTimeout
from tests.mqtt.helpers import Responder, command, wait_for
from tests.support.broker import BROKER_KINDS
from wire.codec import decode, encode, error_reply, ok_reply
from wire.messages import Ack, Availability, CodeScanned, Event
from wire.screen import ScreenTouch
from wire.ticket import IssuedTicket, ticket_document
from wire.queue_messages import Pong, TicketIssueReply, TicketIssueRequest

pytestmark = [pytest.mark.mosquitto, pytest.mark.parametrize("broker_kind", BROKER_KINDS)]


@pytest.fixture
def kiosk(broker):
    table = CommandTable()
    calls = []
    table.register("screen.touch", lambda args: calls.append(args))
    session = DeviceSession(broker.session_config("kiosk-1"), table)
    session.calls = calls
    assert session.start() is True
    yield session
    session.stop()


def acks(probe, wait=0.5) -> list[Ack]:
    return [decode(Ack, m.payload) for m in probe.drain(wait) if m.topic.endswith("/ack")]


def test_lifecycle_ready_then_disconnected_then_lost(broker):
    topics = broker.layout.topics
    probe = broker.probe(subscribe=[topics.availability("kiosk-1")])
    session = DeviceSession(broker.session_config("kiosk-1"))
    assert session.start()
    first = decode(Availability, probe.expect(timeout=3).payload)
    assert (first.state, first.boot) == ("ready", 1)
    session.stop()
    assert decode(Availability, probe.expect(timeout=3).payload).state == "disconnected"
    session = DeviceSession(broker.session_config("kiosk-1"))
    assert session.start()
    assert decode(Availability, probe.expect(timeout=3).payload).boot == 2  # a restart, counted locally
    session._client.loop_stop()
    session._client.socket().close()  # the process dies without DISCONNECT: the broker sends the last will
    states = []
    wait_for(lambda: (m := probe.expect(timeout=0.2)) is None or states.append(decode(Availability, m.payload).state)
             or "lost" in states, timeout=5)
    lost = decode(Availability, broker.probe(subscribe=[topics.availability("kiosk-1")]).expect(timeout=3).payload)
    assert lost.state == "lost"
    probe.stop()


def test_bad_credentials_refused_at_once(broker):
    broker.add("kiosk-2")
    config = broker.session_config("kiosk-2", password="wrong")
    session = DeviceSession(config)
    with pytest.raises(ConnectRefused):
        session.start(wait=5)
    assert not session.connected


def test_commands_acked_exactly_once(broker, kiosk):
    topics = broker.layout.topics
    service = broker.probe(subscribe=[topics.ack("kiosk-1")])
    show = command("screen.touch", {"x": 0.5, "y": 0.25})
    for _ in range(3):  # resends of one command id
        assert service.publish(topics.command("kiosk-1", "screen.touch"), encode(show)).value == 0
    expired = command("screen.touch", {"x": 0, "y": 0}, ttl_s=-1)
    service.publish(topics.command("kiosk-1", "screen.touch"), encode(expired))
    unknown = command("print.document", {"title": "x", "blocks": []})
    service.publish(topics.command("kiosk-1", "print.document"), encode(unknown))
    bad_args = command("screen.touch", {"x": 2, "y": 0})
    service.publish(topics.command("kiosk-1", "screen.touch"), encode(bad_args))
    got = {a.id: a for a in acks(service, 1.0)}
    assert wait_for(lambda: len(kiosk.calls) == 1)
    assert isinstance(kiosk.calls[0], ScreenTouch) and (kiosk.calls[0].x, kiosk.calls[0].y) == (0.5, 0.25)
    assert got[show.id].status == "done"
    assert got[expired.id].status == "expired"
    assert got[unknown.id].status == "unknown"
    assert got[bad_args.id].status == "rejected"
    assert len(got) == 4
    service.publish(topics.command("kiosk-1", "screen.touch"), encode(show))
    assert acks(service, 0.5) == [] and len(kiosk.calls) == 1
    service.stop()


def test_malformed_commands_are_answered_or_dropped_and_the_agent_lives_on(broker, kiosk):
    topics = broker.layout.topics
    service = broker.probe(subscribe=[topics.ack("kiosk-1")])
    cmd_topic = topics.command("kiosk-1", "screen.touch")
    for payload in [b"", b"{", b"\xff", b"[]", b'{"v": 2, "id": "old-1"}', b'{"v": 1, "id": "half-1"}',
                    json.dumps({"v": 1, "id": "x" * 100}).encode(), b'{"id": {"nested": 1}}']:
        service.publish(cmd_topic, payload)
    got = {a.id: a.status for a in acks(service, 1.0)}
    assert got == {"old-1": "rejected", "half-1": "rejected"}
    ok = command("screen.touch", {"x": 1, "y": 1})
    service.publish(cmd_topic, encode(ok))
    assert [a.status for a in acks(service, 1.0)] == ["done"]
    service.stop()


def test_request_response_round_trip(broker, kiosk):
    def answer(msg):
        if msg.topic.endswith("/ping"):
            return ok_reply(json.loads(msg.payload)["id"], Pong())
        req = decode(TicketIssueRequest, msg.payload)
        if req.field == "XX":
            return error_reply(req.id, "unknown_field", "Không có lĩnh vực XX")
        ticket = IssuedTicket(id=1, public_id="abc", number="1024", field=req.field, field_name_vi="Hộ tịch",
                              field_name_en="Civil status", people_ahead=2, estimated_wait_min=14,
                              public_url="http://x/t/abc")
        return ok_reply(req.id, TicketIssueReply(ticket=ticket, document=ticket_document(
            ticket, "Trung tâm", "Centre", "Asia/Ho_Chi_Minh")))

    responder = Responder(broker, answer)
    assert isinstance(kiosk.request("ping", {}, timeout=3), Pong)
    reply = kiosk.request("ticket.issue", {"field": "HT", "priority_group": "elderly"}, timeout=3)
    assert isinstance(reply, TicketIssueReply) and (reply.ticket.number, reply.ticket.people_ahead) == ("1024", 2)
    with pytest.raises(RequestError) as err:
        kiosk.request("ticket.issue", {"field": "XX"}, timeout=3)
    assert err.value.code == "unknown_field"
    # Concurrent requests each get their own reply (correlation data, not arrival order).
    results = {}
    threads = [threading.Thread(target=lambda f=f: results.__setitem__(f, kiosk.request(
        "ticket.issue", {"field": f}, timeout=5).ticket.field)) for f in ("HT", "CT", "LLTP", "DD")]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert results == {f: f for f in ("HT", "CT", "LLTP", "DD")}
    responder.stop()


def test_request_timeout_and_bad_replies(broker, kiosk):
    with pytest.raises(RequestTimeout):
        kiosk.request("ping", {}, timeout=0.3)
    responder = Responder(broker, lambda msg: b'{"v": 1, "status": "ok"')
    with pytest.raises(RequestError) as err:
        kiosk.request("ping", {}, timeout=3)
    assert err.value.code == "bad_reply"
    responder.stop()
    with pytest.raises(ValueError):
        kiosk.request("no.such.verb", {})
    assert kiosk.connected


def test_events_and_acks_from_several_threads_all_arrive_and_stop_returns(broker, kiosk):
    """Two threads raise events while commands are acked: the broker's PUBACKs
    cross the agent's own publishes, and every message still arrives once and stop() still returns
    (paho's on_publish runs under paho's lock; a handler taking the session lock there deadlocked)."""
    topics = broker.layout.topics
    service = broker.probe(subscribe=[topics.all_events(), topics.ack("kiosk-1")])

    def press(key):
        for _ in range(150):
            kiosk.raise_event("code.scanned", CodeScanned(code=key))

    sent = [command("screen.touch", {"x": n / 150, "y": 0}) for n in range(150)]
    workers = [threading.Thread(target=press, args=(k,)) for k in ("next", "recall")]
    [w.start() for w in workers]
    for cmd in sent:
        service.publish(topics.command("kiosk-1", "screen.touch"), encode(cmd))
    [w.join(timeout=30) for w in workers]
    assert not any(w.is_alive() for w in workers), "raising events hung"

    seen: list = []
    assert wait_for(lambda: seen.extend(service.drain(0.2)) or len(seen) >= 450, timeout=30), len(seen)
    events = [decode(Event, m.payload) for m in seen if "/event/" in m.topic]
    got_acks = [decode(Ack, m.payload) for m in seen if m.topic.endswith("/ack")]
    assert len({e.id for e in events}) == len(events) == 300
    assert sorted(e.seq for e in events) == list(range(1, 301))
    assert {a.id for a in got_acks} == {c.id for c in sent} and len(got_acks) == 150
    assert wait_for(lambda: kiosk.outbox.pending() == [], timeout=10)  # every delivery was confirmed

    stopper = threading.Thread(target=kiosk.stop)
    stopper.start()
    stopper.join(timeout=10)
    assert not stopper.is_alive(), "stop() hung"
    service.stop()


def test_a_slow_command_does_not_hold_up_events(broker):
    """The printer handler is busy for seconds; events raised meanwhile are delivered and confirmed."""
    busy, release = threading.Event(), threading.Event()
    table = CommandTable()
    table.register("screen.touch", lambda args: busy.set() or release.wait(10))
    session = DeviceSession(broker.session_config("counter-05", kind="counter"), table)
    assert session.start()
    topics = broker.layout.topics
    service = broker.probe(subscribe=[topics.all_events()])
    try:
        service.publish(topics.command("counter-05", "screen.touch"), encode(command("screen.touch", {"x": 0.5, "y": 0.5})))
        assert busy.wait(5)
        for key in ("next", "recall", "done"):
            session.raise_event("code.scanned", CodeScanned(code=key))
        assert wait_for(lambda: session.outbox.pending() == [], timeout=5)
        assert [decode(Event, m.payload).data["code"] for m in service.drain(0.3)] == ["next", "recall", "done"]
    finally:
        release.set()
        session.stop()
        service.stop()
