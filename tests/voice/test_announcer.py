"""The announcer on its own (SDL's dummy audio driver): the English line follows the Vietnamese one when the pack
has it; a pack without English clips says the Vietnamese line only and says so once; a refused pack means no voice
and every call still logged, in order."""

from __future__ import annotations

import json
import logging

import pygame
import pytest

from devicekit.voice.announcer import Announcer, join
from devicekit.voice.pack import load_pack
from devicekit.voice.script import call_script, resolve
from devicekit.voice.settings import VoiceSettings
from tests.mqtt.helpers import wait_for
from tests.support.voice import read_clips, tone_pack

SETTINGS = VoiceSettings(gap_ms=10, pause_ms=20)


@pytest.fixture
def announcer_for(tmp_path):
    made: list[Announcer] = []

    def make(pack, settings: VoiceSettings = SETTINGS) -> Announcer:
        announcer = Announcer(settings, pack, journal=tmp_path / "said.jsonl", name="test").start()
        made.append(announcer)
        assert wait_for(lambda: not announcer.state.checking)
        return announcer

    yield make
    for announcer in made:
        announcer.stop()
    pygame.mixer.quit()


def said(tmp_path) -> list[dict]:
    path = tmp_path / "said.jsonl"
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_the_english_line_follows_the_vietnamese_one(tmp_path, announcer_for):
    pitches = tone_pack(tmp_path / "pack", languages=("vi", "en"), seconds=0.02)
    announcer = announcer_for(tmp_path / "pack")
    assert announcer.state.on, announcer.state
    script = call_script("A1", "03", english=True)
    pack = load_pack(tmp_path / "pack")  # no counter clips: the counter is said digit by digit
    pcm = join(pack, [resolve(sentence, pack.clips) for sentence in script], SETTINGS.gap_ms, SETTINGS.pause_ms)
    assert [name for name, _a, _b in read_clips(pcm, pitches)] == [
        "chime", "vi.call", "vi.A", "vi.1", "vi.to_counter", "vi.3", "en.call", "en.A", "en.1", "en.to_counter", "en.3"]
    announcer.say(script, {"seq": 1})
    assert wait_for(lambda: len(said(tmp_path)) == 1)
    (line,) = said(tmp_path)
    assert (line["seq"], line["voice"], line["clips"]) == (1, "on", 11)
    assert line["duration_s"] == pytest.approx((pcm.size / 22050) - SETTINGS.pause_ms / 1000, abs=0.001)


def test_a_pack_without_english_says_the_vietnamese_line_and_says_why_once(tmp_path, announcer_for, caplog):
    tone_pack(tmp_path / "pack", languages=("vi",), seconds=0.02)
    announcer = announcer_for(tmp_path / "pack")
    with caplog.at_level(logging.WARNING, logger="devicekit.voice.announcer"):
        for seq in (1, 2):
            announcer.say(call_script("12", "01", english=True), {"seq": seq})
        assert wait_for(lambda: len(said(tmp_path)) == 2)
    assert [(a["seq"], a["clips"]) for a in said(tmp_path)] == [(1, 6), (2, 6)]  # chime, call, 1, 2, to_counter, 1
    warnings = [r.getMessage() for r in caplog.records if "the pack has no clip" in r.getMessage()]
    assert warnings == ["test: the pack has no clip en.call: that sentence is not said"]


def test_a_refused_pack_means_no_voice_and_every_call_still_logged_in_order(tmp_path, announcer_for):
    tone_pack(tmp_path / "pack", seconds=0.02)
    (tmp_path / "pack" / "vi.call.wav").write_bytes(b"not a wav")
    announcer = announcer_for(tmp_path / "pack")
    assert not announcer.state.on
    assert announcer.state.reason.startswith(f"voice pack {tmp_path / 'pack'} refused: vi.call (vi.call.wav): "
                                             "not a readable WAV file")
    for seq in range(1, 31):
        announcer.say(call_script(str(seq), "01"), {"seq": seq})
    assert wait_for(lambda: len(said(tmp_path)) == 30)
    assert [(a["seq"], a["voice"]) for a in said(tmp_path)] == [(s, "off") for s in range(1, 31)]
