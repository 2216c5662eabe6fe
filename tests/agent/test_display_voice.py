"""The display's voice in the agent, through a real Mosquitto: quiet hours silence the voice while the screen and the
log still show the call; without a pack, or with a bad one, the voice is off, the health says why and calls are
still shown and logged."""

from __future__ import annotations

import datetime as dt
import json
import time
from zoneinfo import ZoneInfo

import pygame
import pytest

from display.agent import DisplayAgent
from tests.mqtt.helpers import wait_for
from tests.support.agents import agent_file, run_with
from tests.support.voice import tone_pack
from wire.codec import decode, encode
from wire.messages import Health
from wire.queue_messages import Call

pytestmark = pytest.mark.mosquitto


def lines(agent: DisplayAgent) -> list[dict]:
    path = agent.announcements
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def drive(agent: DisplayAgent, service, steps) -> None:
    """`steps()` once the agent is subscribed: it publishes its availability after subscribing, on one connection."""
    def subscribed_then_steps() -> None:
        assert service.expect(agent.session.topics.availability(agent.config.device), timeout=10)
        steps()

    run_with(agent, subscribed_then_steps)


def around_now(minutes: int = 60) -> str:
    now = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
    start, end = now - dt.timedelta(minutes=minutes), now + dt.timedelta(minutes=minutes)
    return f"{start:%H:%M}-{end:%H:%M}"


def test_quiet_hours_silence_the_voice_but_the_screen_and_the_log_show_the_call(broker, tmp_path):
    tone_pack(tmp_path / "pack", seconds=0.2)
    path = agent_file(broker, tmp_path, "display-hall", "display",
                      voice={"pack": str(tmp_path / "pack"), "quiet_hours": [around_now()]})
    agent = DisplayAgent.from_file(path)
    service = broker.probe(subscribe=[broker.layout.topics.availability("display-hall")])
    busy: list[bool] = []

    def steps() -> None:
        assert wait_for(lambda: agent.announcer.state.on)  # the pack is sound: only the hour keeps it quiet
        service.publish(broker.layout.topics.calls(), encode(Call(seq=7, number="1023", counter="05", field="HT")))
        assert wait_for(lambda: len(lines(agent)) == 1)
        assert wait_for(lambda: [c.number for c in agent.hall.calls] == ["1023"])
        for _ in range(20):  # 0.2 s in which a 0.2 s tone would have been playing
            busy.append(pygame.mixer.get_busy())
            time.sleep(0.01)

    drive(agent, service, steps)
    service.stop()
    (line,) = lines(agent)
    assert (line["seq"], line["voice"], line["text"]) == (7, "quiet", "Mời công dân có số thứ tự 1 0 2 3 đến quầy số 5")
    assert "duration_s" not in line and "volume" not in line
    assert busy and not any(busy)


@pytest.mark.parametrize("fault", ["none", "missing clip"])
def test_without_a_sound_pack_the_voice_is_off_and_the_health_says_why(broker, tmp_path, fault):
    pack = tmp_path / "pack"
    if fault == "missing clip":
        tone_pack(pack, seconds=0.2)
        (pack / "vi.4.wav").unlink()
    path = agent_file(broker, tmp_path, "display-hall", "display")  # default pack: <state_dir>/voice
    where = tmp_path / "display-hall-state" / "voice"
    if fault == "missing clip":
        where.parent.mkdir(parents=True, exist_ok=True)
        pack.rename(where)
    agent = DisplayAgent.from_file(path)
    topics = broker.layout.topics
    service = broker.probe(subscribe=[topics.availability("display-hall"), topics.health("display-hall")])
    health: list[Health] = []

    def steps() -> None:
        service.publish(topics.calls(), encode(Call(seq=1, number="A023", counter="02", field="HT")))
        assert wait_for(lambda: len(lines(agent)) == 1)
        assert wait_for(lambda: [c.number for c in agent.hall.calls] == ["A023"])
        def voice_off() -> bool:  # none before the agent's first check, "checking the voice pack" (ok), the verdict
            message = service.expect(topics.health("display-hall"), timeout=0.5)
            if message is not None:
                health.append(decode(Health, message.payload))
            voice = health[-1].parts.get("voice") if health else None
            return voice is not None and voice.status != "ok"

        assert wait_for(voice_off, timeout=15)

    drive(agent, service, steps)
    service.stop()
    assert lines(agent)[0]["voice"] == "off"
    voice = health[-1].parts["voice"]
    assert voice.status == "warning"
    if fault == "none":
        assert voice.detail == f"voice off: no voice pack at {where}"
    else:
        assert voice.detail == f"voice off: voice pack {where} refused: vi.4 (vi.4.wav): file missing"


def test_in_a_burst_the_screen_shows_each_call_as_the_voice_starts_saying_it(broker, tmp_path):
    tone_pack(tmp_path / "pack", seconds=0.1)  # about a second and a half a call
    path = agent_file(broker, tmp_path, "display-hall", "display", voice={"pack": str(tmp_path / "pack")})
    agent = DisplayAgent.from_file(path)
    service = broker.probe(subscribe=[broker.layout.topics.availability("display-hall")])
    shown: list[tuple[list[str], float]] = []  # the numbers on screen, and when, each time the screen changes

    def steps() -> None:
        assert wait_for(lambda: agent.announcer.state.on)
        for seq, number in enumerate(["1001", "1002", "1003"], start=1):
            service.publish(broker.layout.topics.calls(), encode(Call(seq=seq, number=number, counter="01",
                                                                      field="HT")))
        for count in (1, 2, 3):
            assert wait_for(lambda: len(agent.hall.calls) == count, timeout=10, step=0.005)
            shown.append(([c.number for c in agent.hall.calls], time.monotonic()))
        assert wait_for(lambda: len(lines(agent)) == 3)

    drive(agent, service, steps)
    service.stop()
    said = lines(agent)
    assert [line["number"] for line in said] == ["1001", "1002", "1003"] and {line["voice"] for line in said} == {"on"}
    assert [numbers for numbers, _ in shown] == [["1001"], ["1002", "1001"], ["1003", "1002", "1001"]]
    # The burst arrived at once, yet each number came on screen only as its announcement began: one announcement's
    # length after the one before (all three at once before the screen was kept in step with the voice).
    for (_, before), (_, after), previous in zip(shown, shown[1:], said):
        assert after - before >= 0.8 * previous["duration_s"], (after - before, previous["duration_s"])
