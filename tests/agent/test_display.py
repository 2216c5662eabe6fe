"""The hall display agent through a real Mosquitto: as the service, publish retained counter states, the board and
calls. The display logs each announcement once (a duplicate `seq` is dropped), shows the newest number large on the
rendered screen (also a call that came while the service was away), drops the tile of a counter that closes or is
cleared, starts from the retained states after a restart, shows the offline banner while the broker is gone
(keeping what it showed) and drops it when the broker is back; as a waiting board it follows the retained board.
pygame runs on the main thread (agent.run()); the test's driver on a worker."""

from __future__ import annotations

import datetime as dt
import json
import time

import pygame
import pytest
import yaml

from display.agent import DisplayAgent
from display.board import BoardScene
from display.chrome import NUMBER, OFFLINE
from tests.agent.display_screens import board, share
from tests.mqtt.helpers import wait_for
from tests.support.agents import agent_file, run_with
from wire.codec import encode
from wire.messages import Availability
from wire.queue_messages import Call, CounterState

pytestmark = pytest.mark.mosquitto


def announced(agent: DisplayAgent) -> list[dict]:
    path = agent.announcements
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def run(agent: DisplayAgent, drive) -> None:
    """`drive()` on a worker, once the agent is connected, while its screen runs on this (the main) thread."""
    def connected_then_drive() -> None:
        assert wait_for(lambda: agent.session.connected)
        drive()

    run_with(agent, connected_then_drive)


def publish_state(service, topics, counter: str, number: str | None, status: str = "open", **fields) -> None:
    service.publish(topics.counter_state(counter), encode(CounterState(counter=counter, number=number, status=status,
                                                                      **fields)), retain=True)


def test_calls_are_logged_once_shown_large_and_the_banner_shows_offline_then_goes(broker, tmp_path):
    path = agent_file(broker, tmp_path, "display-hall", "display",
                      screen={"width": 1920, "height": 1080, "window_width": 960, "window_height": 540},
                      display={"history": 4, "counters": [1, 2]})
    agent = DisplayAgent.from_file(path)
    topics = broker.layout.topics
    service = broker.probe()
    seen: dict = {}

    def call(seq: int, number: str, counter: str = "01", recall: int = 0) -> None:
        service.publish(topics.calls(), encode(Call(seq=seq, number=number, counter=counter, field="HT",
                                                    recall=recall)))

    def drive() -> None:
        publish_state(service, topics, "01", "1000")
        assert wait_for(lambda: "01" in agent.hall.counters)  # subscribed (calls first, then counter states)
        assert not agent.online
        call(41, "1000")  # the service is not "ready" yet: the call is shown and logged all the same
        assert wait_for(lambda: len(announced(agent)) == 1)
        service.publish(topics.service_availability(), encode(Availability(state="ready")), retain=True)
        assert wait_for(lambda: agent.online)
        call(42, "1001")
        call(42, "1001")  # a duplicate delivery
        call(43, "7001", counter="07")  # a counter this display does not show
        call(44, "1001", recall=1)
        assert wait_for(lambda: len(announced(agent)) == 3)
        assert wait_for(lambda: len(agent.hall.calls) == 3)
        seen["calls"] = [(c.number, c.recall) for c in agent.hall.calls]
        seen["online"] = agent.ui.screenshot(tmp_path / "online.png")
        broker.stop()
        assert wait_for(lambda: not agent.online)
        time.sleep(0.2)  # a frame or two for the banner
        seen["offline"] = agent.ui.screenshot(tmp_path / "offline.png")
        broker.start()  # persistence kept the service's retained "ready": the display is online again
        assert wait_for(lambda: agent.online, 15)
        time.sleep(0.2)
        seen["back"] = agent.ui.screenshot(tmp_path / "back.png")

    run(agent, drive)
    service.stop()
    lines = announced(agent)
    assert [(a["seq"], a["number"], a["counter"], a["recall"]) for a in lines] == [
        (41, "1000", "01", False), (42, "1001", "01", False), (44, "1001", "01", True)]
    assert lines[1]["text"] == "Mời công dân có số thứ tự 1 0 0 1 đến quầy số 1"
    assert lines[1]["text_en"] == "Number 1 0 0 1, please go to counter 1"
    assert lines[2]["text"] == "Xin mời lại công dân có số thứ tự 1 0 0 1 đến quầy số 1"
    assert all(a["ts"] for a in lines)
    assert seen["calls"] == [("1001", True), ("1001", False), ("1000", False)]

    layout = agent.hall.layout
    online, offline, back = (pygame.image.load(str(seen[k])) for k in ("online", "offline", "back"))
    assert online.get_size() == (1920, 1080)
    assert share(online, layout.number, NUMBER) > 0.25  # the big number is drawn, in amber, filling its band
    assert share(online, layout.frame.header, OFFLINE, 10) == 0
    assert share(offline, layout.frame.header, OFFLINE, 0) > 0.5  # the banner ...
    assert share(offline, layout.number, NUMBER) > 0.25  # ... and the last call still shown
    assert share(back, layout.frame.header, OFFLINE, 10) == 0  # the broker is back: the banner is gone


def test_a_counter_that_closes_or_is_cleared_loses_its_tile(broker, tmp_path):
    agent = DisplayAgent.from_file(agent_file(broker, tmp_path, "display-hall", "display"))
    topics = broker.layout.topics
    service = broker.probe()
    for counter, number in (("01", "1001"), ("02", "1002"), ("03", "2001")):
        publish_state(service, topics, counter, number, name="Quầy Hộ tịch")
    seen: dict = {}

    def drive() -> None:
        assert wait_for(lambda: len(agent.hall.open_counters()) == 3)
        publish_state(service, topics, "02", None, status="closed")
        service.publish(topics.counter_state("03"), b"", retain=True)  # the service forgets counter 3
        assert wait_for(lambda: [s.counter for s in agent.hall.open_counters()] == ["01"])
        seen["tiles"] = [s.counter for s in agent.hall.open_counters()]

    run(agent, drive)
    service.stop()
    assert seen["tiles"] == ["01"]


def test_after_a_restart_the_screen_is_right_at_once_from_the_retained_states(broker, tmp_path):
    """No call has reached this display (it just started): the newest number still fills the big band, from the
    counters' retained states, with the counter's name from the centre file; the tiles are there too."""
    agent = DisplayAgent.from_file(agent_file(broker, tmp_path, "display-hall", "display",
                                              display={"english": True}))
    topics = broker.layout.topics
    service = broker.probe()
    service.publish(topics.service_availability(), encode(Availability(state="ready")), retain=True)
    earlier = dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.timezone.utc)
    publish_state(service, topics, "01", "1004", name="Quầy Hộ tịch", field="HT", ticket_state="serving", ts=earlier)
    publish_state(service, topics, "05", "4002", name="Quầy Đất đai", field="DD", ticket_state="called",
                  ts=earlier + dt.timedelta(minutes=3))
    seen: dict = {}

    def drive() -> None:
        assert wait_for(lambda: agent.online and len(agent.hall.calls) == 2)
        seen["calls"] = [(c.number, c.counter) for c in agent.hall.calls]
        seen["screen"] = agent.ui.screenshot(tmp_path / "restarted.png")

    run(agent, drive)
    service.stop()
    assert seen["calls"] == [("4002", "05"), ("1004", "01")]
    screen = pygame.image.load(str(seen["screen"]))
    assert share(screen, agent.hall.layout.number, NUMBER) > 0.25
    assert share(screen, agent.hall.layout.counters, NUMBER) > 0.05
    assert agent.hall.counter_name("05") == "Quầy Đất đai"


def test_as_a_waiting_board_it_follows_the_retained_board(broker, tmp_path):
    agent = DisplayAgent.from_file(agent_file(broker, tmp_path, "display-board", "display",
                                              display={"mode": "waiting", "fields": ["DD", "HT"]}))
    topics = broker.layout.topics
    service = broker.probe()
    service.publish(topics.board(), encode(board()), retain=True)
    publish_state(service, topics, "01", "1004", field="HT")
    seen: dict = {}

    def drive() -> None:
        assert wait_for(lambda: agent.hall.fields is not None and agent.hall.serving("HT") == "1004")
        seen["fields"] = [(f.field, f.waiting) for f in agent.hall.fields]
        service.publish(topics.calls(), encode(Call(seq=1, number="1005", counter="01", field="HT")))
        publish_state(service, topics, "01", "1005", field="HT")  # the state comes after the call
        assert wait_for(lambda: agent.hall.serving("HT") == "1005")

    run(agent, drive)
    service.stop()
    assert isinstance(agent.hall, BoardScene)
    assert seen["fields"] == [("DD", 9), ("HT", 12)]
    assert announced(agent) == []  # the hall's display announces; a second screen stays quiet


def test_the_example_files_are_valid_display_configs():
    from pathlib import Path

    from devicekit.agent.config import load_agent_config
    from display.agent import DisplayAgentConfig
    examples = Path(__file__).resolve().parents[2] / "examples" / "agents"
    hall = load_agent_config(examples / "display-hall.yaml", DisplayAgentConfig)
    assert hall.device == "display-hall" and hall.display.history >= 1 and hall.display.mode == "hall"
    assert yaml.safe_load((examples / "display-hall.yaml").read_text(encoding="utf-8"))["screen"]["fullscreen"] is True
    board_ = load_agent_config(examples / "display-waiting.yaml", DisplayAgentConfig)
    assert board_.display.mode == "waiting" and board_.screen.height > board_.screen.width
