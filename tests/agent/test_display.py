"""The hall display agent through a real Mosquitto: as the service, publish a retained counter state and calls;
the display logs each announcement once (a duplicate `seq` is dropped), shows the newest number large on the
rendered screen (also a call that came while the service was away), and shows the offline banner, keeping what
it showed, once the broker is gone. pygame runs on the main thread (agent.run()); the driver on a worker."""

from __future__ import annotations

import json
import threading
import time

import pygame
import pytest
import yaml

from display.agent import DisplayAgent
from display.scenes import NUMBER, OFFLINE
from tests.mqtt.helpers import wait_for
from tests.support.agents import agent_file
from wire.codec import encode
from wire.messages import Availability
from wire.queue_messages import Call, CounterState

pytestmark = pytest.mark.mosquitto


def announced(agent: DisplayAgent) -> list[dict]:
    path = agent.announcements
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def share(image: pygame.Surface, rect: pygame.Rect, colour, tolerance: int = 40) -> float:
    limit = tolerance + 1
    hits = pygame.mask.from_threshold(image.subsurface(rect), colour, (limit, limit, limit, 255)).count()
    return hits / (rect.width * rect.height)


def test_calls_are_logged_once_shown_large_and_the_banner_shows_offline(broker, tmp_path):
    path = agent_file(broker, tmp_path, "display-hall", "display",
                      screen={"width": 1920, "height": 1080, "window_width": 960, "window_height": 540},
                      display={"history": 4, "counters": [1, 2]})
    agent = DisplayAgent.from_file(path)
    topics = broker.layout.topics
    service = broker.probe()
    seen: dict = {}
    failure: list[BaseException] = []

    def call(seq: int, number: str, counter: str = "01", recall: int = 0) -> None:
        service.publish(topics.calls(), encode(Call(seq=seq, number=number, counter=counter, field="HT",
                                                    recall=recall)))

    def drive() -> None:
        try:
            assert wait_for(lambda: agent.session.connected)
            service.publish(topics.counter_state("01"), encode(CounterState(counter="01", number="1000",
                                                                            status="open")), retain=True)
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
            seen["calls"] = [(c.seq, c.number) for c in agent.hall.calls]
            seen["online"] = agent.ui.screenshot(tmp_path / "online.png")
            broker.stop()
            assert wait_for(lambda: not agent.online)
            time.sleep(0.2)  # a frame or two for the banner
            seen["offline"] = agent.ui.screenshot(tmp_path / "offline.png")
        except BaseException as exc:  # reported on the main thread
            failure.append(exc)
        finally:
            agent._stop_all()

    worker = threading.Thread(target=drive)
    worker.start()
    assert agent.run() == 0
    worker.join(10)
    service.stop()
    if failure:
        raise failure[0]

    lines = announced(agent)
    assert [(a["seq"], a["number"], a["counter"], a["recall"]) for a in lines] == [
        (41, "1000", "01", False), (42, "1001", "01", False), (44, "1001", "01", True)]
    assert lines[1]["text"] == "Mời công dân có số thứ tự 1 0 0 1 đến quầy số 1"
    assert lines[1]["text_en"] == "Number 1 0 0 1, please go to counter 1"
    assert lines[2]["text"] == "Xin mời lại công dân có số thứ tự 1 0 0 1 đến quầy số 1"
    assert all(a["ts"] for a in lines)
    assert seen["calls"] == [(44, "1001"), (42, "1001"), (41, "1000")]

    layout = agent.hall.layout
    online, offline = (pygame.image.load(str(seen[k])) for k in ("online", "offline"))
    assert online.get_size() == (1920, 1080)
    assert share(online, layout.number, NUMBER) > 0.25  # the big number is drawn, in amber, filling its band
    assert share(online, layout.header, OFFLINE, 10) == 0
    assert share(offline, layout.header, OFFLINE, 0) > 0.5  # the banner ...
    assert share(offline, layout.number, NUMBER) > 0.25  # ... and the last call still shown


def test_the_example_file_is_a_valid_display_config():
    from pathlib import Path

    from devicekit.agent.config import load_agent_config
    from display.agent import DisplayAgentConfig
    example = Path(__file__).resolve().parents[2] / "examples" / "agents" / "display-hall.yaml"
    config = load_agent_config(example, DisplayAgentConfig)
    assert config.device == "display-hall" and config.display.history >= 1
    assert yaml.safe_load(example.read_text(encoding="utf-8"))["screen"]["fullscreen"] is True
