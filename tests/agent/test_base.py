"""The agent base through a real Mosquitto: its file checked at start-up, the offline rule (actions expire, events
wait in the outbox), shared state followed across broker restarts, and health published retained."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
import yaml

from devicekit.agent.base import Agent, Offline
from devicekit.agent.config import Role
from tests.mqtt.helpers import Responder, wait_for
from tests.support.agents import agent_file
from wire.codec import decode, encode, ok_reply
from wire.messages import Availability, Event, Health, Part
from wire.queue_messages import CounterActionRequest, CounterState, Pong
from wire.rating import RatingGiven
from yaml_config import ConfigError

pytestmark = pytest.mark.mosquitto


class PlainAgent(Agent):
    """An agent with no hardware: what every kind inherits."""

    kind = "counter"
    roles = {"led": Role("led_display", "the number display"), "keypad": Role("keypad", "the clerk's keypad")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.states: list[tuple[CounterState, bool]] = []
        self.onlines: list[bool] = []
        self.problem: Part | None = None

    def build(self):
        self.follow(self.session.topics.counter_state("05"), CounterState, lambda s, r: self.states.append((s, r)))

    def on_online(self, online):
        self.onlines.append(online)

    def extra_parts(self):
        return {"scale": self.problem} if self.problem else {}


def service_ready(probe, broker, state: str = "ready"):
    """What the service says on connecting (the probe is the service's own connection: one client id)."""
    probe.publish(broker.layout.topics.service_availability(), encode(Availability(state=state)), retain=True)


@pytest.fixture
def agent(broker, tmp_path):
    agents = []

    def make(**options) -> PlainAgent:
        a = PlainAgent.from_file(agent_file(broker, tmp_path / "agents", "counter-05", "counter", counter=5), **options)
        agents.append(a)
        return a

    yield make
    for a in agents:
        a.stop()


def test_a_wrong_file_is_refused_with_the_line_the_role_and_what_was_expected(broker, tmp_path):
    path = agent_file(broker, tmp_path, "counter-05", "counter", counter=5, hardware={
        "led": {"profile": "keypad-serial-6key", "port": "/dev/ttyUSB0"},
        "printer": {"profile": "generic-80mm", "port": "tcp://10.0.0.5:9100"}})
    with pytest.raises(ConfigError) as caught:
        PlainAgent.from_file(path)
    text = str(caught.value)
    assert "hardware.led (port /dev/ttyUSB0): profile keypad-serial-6key is a keypad, but led takes a led_display" in text
    assert "hardware.printer (port tcp://10.0.0.5:9100): this agent has no role 'printer' (expected one of: keypad, led)" in text
    data = yaml.safe_load(path.read_text())
    data["brokr"] = data.pop("broker")
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(ConfigError) as caught:
        PlainAgent.from_file(path)
    lines = path.read_text().splitlines()
    wrong = next(i for i, line in enumerate(lines, 1) if line.startswith("brokr:"))
    assert f"line {wrong}, brokr: unknown key" in str(caught.value)
    assert "broker: required, but missing" in str(caught.value)


def test_the_cli_says_what_is_wrong_and_exits_2(broker, tmp_path):
    path = agent_file(broker, tmp_path, "counter-05", "counter", counter=5,
                      hardware={"led": {"profile": "no-such-display", "port": "/dev/ttyUSB0"}})
    run = subprocess.run([sys.executable, "-m", "motcua", "counter", "--config", str(path)], capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 2
    assert "hardware.led (port /dev/ttyUSB0): profile 'no-such-display'" in run.stderr
    assert "Traceback" not in run.stderr


def test_an_action_is_refused_at_once_while_the_broker_or_the_service_is_away(broker, agent):
    broker.stop()
    a = agent().start(wait=0.5)
    with pytest.raises(Offline, match="broker"):
        a.act("counter.action", {"action": "next", "counter": "05"})
    broker.start()
    assert wait_for(lambda: a.session.connected, 10)
    with pytest.raises(Offline, match="service"):  # no svc/availability yet: nobody would answer
        a.act("counter.action", {"action": "next", "counter": "05"})
    assert a.onlines == []


def test_an_action_expires_on_the_service_clock_and_a_silent_service_is_offline(broker, agent):
    ahead = dt.timedelta(minutes=7)  # the service's clock runs 7 minutes ahead of this device's
    seen = []

    def answer(msg):
        verb = msg.topic.rsplit("/", 1)[-1]
        if verb == "ping":
            return ok_reply(decode(CounterActionRequest.__base__, msg.payload).id,
                            Pong(ts=dt.datetime.now(dt.timezone.utc) + ahead))
        request = decode(CounterActionRequest, msg.payload)
        seen.append((request, dt.datetime.now(dt.timezone.utc) + ahead))
        return None  # the service takes the press but never answers

    responder = Responder(broker, answer)
    try:
        a = agent().start()
        service_ready(responder.probe, broker)
        assert wait_for(lambda: a.online and abs(a.session.clock_offset - ahead.total_seconds()) < 2, 10)
        assert a.onlines == [True]
        with pytest.raises(Offline, match="no reply"):
            a.act("counter.action", {"action": "next", "counter": "05"}, timeout=1.0)
        request, received_at = seen[-1]
        # Stamped on the service's clock: it expires one timeout after the press, as the service sees it.
        assert dt.timedelta(0) < request.expires_at - received_at <= dt.timedelta(seconds=1.5)
        service_ready(responder.probe, broker, "lost")
        assert wait_for(lambda: a.onlines == [True, False], 5)
    finally:
        responder.stop()


def test_an_event_made_while_the_broker_is_away_arrives_once_when_it_returns(broker, agent):
    service = broker.probe(subscribe=[broker.layout.topics.all_events()], persistent=True)
    a = agent().start()
    broker.stop()
    assert wait_for(lambda: not a.session.connected, 5)
    event = a.report("rating.given", RatingGiven(ticket_id=42, value=4))
    broker.start()
    got = [decode(Event, m.payload) for m in service.drain(3) if m.topic.endswith("/event/rating.given")]
    wait_for(lambda: got.extend(decode(Event, m.payload) for m in service.drain(0.5)) or got, 10)
    assert [e.id for e in got] == [event.id]
    assert wait_for(lambda: a.session.outbox.count() == 0, 5)
    service.stop()


def test_shared_state_is_applied_from_the_retained_copy_and_again_after_a_broker_restart(broker, agent):
    topic = broker.layout.topics.counter_state("05")
    service = broker.probe()
    service.publish(topic, encode(CounterState(counter="05", number="1001", status="open")), retain=True)
    a = agent().start()
    assert wait_for(lambda: [(s.number, r) for s, r in a.states] == [("1001", True)], 5)
    service.publish(topic, encode(CounterState(counter="05", number="1002", status="open", ticket_state="called")),
                    retain=True)
    assert wait_for(lambda: [(s.number, r) for s, r in a.states][-1] == ("1002", False), 5)
    service.stop()
    broker.restart()  # the broker kept its retained state on disk; the agent subscribes again and reads it
    assert wait_for(lambda: [(s.number, r) for s, r in a.states][-1] == ("1002", True), 10)


def test_health_is_published_retained_and_a_fault_turns_availability_to_alert(broker, agent):
    topics = broker.layout.topics
    a = agent().start()
    a.problem = Part(status="fault", detail="the pad has 5 buttons but the scale has 4 levels")
    watcher = broker.probe(subscribe=[topics.health("counter-05"), topics.availability("counter-05")])

    def latest():
        for m in watcher.drain(0.3):
            latest.values[m.topic] = m.payload
        return latest.values

    latest.values = {}
    assert wait_for(lambda: "scale" in decode(Health, latest().get(topics.health("counter-05"), b'{"v":1}')).parts, 5)
    assert decode(Availability, latest()[topics.availability("counter-05")]).state == "alert"
    a.problem = None
    assert wait_for(lambda: decode(Availability, latest()[topics.availability("counter-05")]).state == "ready", 5)
    watcher.stop()
