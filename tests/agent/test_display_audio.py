"""The voice as a hall hears it: the display agent as a process (`motcua display`) on a real Mosquitto, with SDL's
disk audio driver writing the PCM it plays in real time. A tone pack (each clip a pitch of its own, tests/support/
voice.py) lets the PCM be read back clip by clip: a burst of 20 calls is said in call order, one announcement at a
time, a lettered number reads its letter and a recall is repeated; the log agrees with the audio."""

from __future__ import annotations

import datetime as dt
import json
import time

import numpy as np
import pytest

from devicekit.voice.pack import read_wav
from tests.mqtt.helpers import wait_for
from tests.support.agents import agent_file
from tests.support.processes import Process
from tests.support.voice import RATE, read_clips, tone_pack
from wire.codec import encode
from wire.queue_messages import Call

pytestmark = pytest.mark.mosquitto

CLIP_S, GAP_MS, PAUSE_MS, VOLUME = 0.03, 20, 60, 0.5
CALLS = [(seq, "A023" if seq == 10 else f"{1000 + seq}", f"{(seq % 5) + 1:02d}", 1 if seq == 15 else 0)
         for seq in range(1, 21)]


def expected(number: str, counter: str, recall: bool) -> list[str]:
    """COPY-VI: chime · "Mời công dân có số thứ tự" · the characters · "đến quầy số" · the counter; a recall starts
    with "Xin mời lại" and is said twice (repeat_recall: 2)."""
    sentence = (["vi.recall" if recall else "vi.call"] + [f"vi.{c}" for c in number] + ["vi.to_counter"]
                + [f"vi.{c}" for c in str(int(counter))])
    return ["chime"] + sentence * (2 if recall else 1)


def test_a_burst_of_20_calls_is_said_in_call_order_one_at_a_time(broker, tmp_path):
    pitches = tone_pack(tmp_path / "pack", seconds=CLIP_S)
    voice = {"pack": str(tmp_path / "pack"), "gap_ms": GAP_MS, "pause_ms": PAUSE_MS, "repeat_recall": 2,
             "volume": 1.0, "volume_by_hour": {hour: VOLUME for hour in range(24)}}
    path = agent_file(broker, tmp_path, "display-hall", "display", voice=voice)
    pcm_file = tmp_path / "hall.pcm"
    display = Process("display", ["display", "--config", str(path)], tmp_path / "logs",
                      env={"SDL_AUDIODRIVER": "disk", "SDL_DISKAUDIOFILE": str(pcm_file)}).start()
    journal = tmp_path / "display-hall-state" / "announcements.jsonl"
    topics = broker.layout.topics
    service = broker.probe(subscribe=[topics.availability("display-hall")])
    try:
        # availability is published after the agent subscribed (same connection, in order): calls now reach it
        assert service.expect(topics.availability("display-hall"), timeout=15), display.log.read_text()
        assert wait_for(lambda: "voice on" in display.log.read_text(errors="replace")), display.log.read_text()
        for seq, number, counter, recall in CALLS:  # a burst: all published at once
            service.publish(topics.calls(), encode(Call(seq=seq, number=number, counter=counter,
                                                                      field="HT", recall=recall)))
        assert wait_for(lambda: journal.exists() and len(journal.read_text().splitlines()) == len(CALLS), timeout=20)
        lines = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
        time.sleep(lines[-1]["duration_s"] + 0.4)  # the last one said to its end
    finally:
        service.stop()
        assert display.stop() == 0

    # the log: every call in call order, each started after the one before it ended
    assert [(a["seq"], a["number"], a["recall"]) for a in lines] == [(s, n, bool(r)) for s, n, _c, r in CALLS]
    assert all(a["voice"] == "on" and a["volume"] == VOLUME for a in lines)  # this hour's volume, not the default
    log = display.log.read_text(errors="replace")  # a burst of 20 is a long queue: said so, and nothing dropped
    assert "announcements waiting to be said (more than 10); all will be said, in call order" in log
    started = [dt.datetime.fromisoformat(a["started"]).timestamp() for a in lines]
    for before, after, took in zip(started, started[1:], (a["duration_s"] for a in lines)):
        assert after >= before + took

    # the audio: the clips in order, each a clean tone (two at once would be a different pitch and length)
    pcm = np.frombuffer(pcm_file.read_bytes(), dtype="<i2")
    clips = read_clips(pcm, pitches)
    want = [name for _s, number, counter, recall in CALLS for name in expected(number, counter, bool(recall))]
    assert [name for name, _a, _b in clips] == want
    lengths = np.array([b - a for _n, a, b in clips]) / RATE
    assert np.all(np.abs(lengths - CLIP_S) < 0.004), lengths
    peak = int(np.abs(read_wav(tmp_path / "pack" / "chime.wav").samples.astype(np.int32)).max())
    heard = [int(np.abs(pcm[a:b].astype(np.int32)).max()) for name, a, b in clips if name == "chime"]
    assert all(abs(h - VOLUME * peak) < 0.03 * peak for h in heard), (heard, peak)  # played at half volume

    # silences: GAP_MS between parts, PAUSE_MS after the chime and between sentences, at least that between calls
    gaps, between, i = [], [], 0
    for _seq, number, counter, recall in CALLS:
        parts = expected(number, counter, bool(recall))
        said = clips[i:i + len(parts)]
        gaps.append((said[-1][2] - said[0][1]) / RATE)  # first sound to last, against the log's duration
        inner = [(b[1] - a[2]) / RATE for a, b in zip(said, said[1:])]
        assert min(inner) == pytest.approx(GAP_MS / 1000, abs=0.004)
        assert max(inner) == pytest.approx(PAUSE_MS / 1000, abs=0.004)
        if i:  # the pause after the last sentence, then the next call at once (the worker waits for the mixer)
            between.append((said[0][1] - clips[i - 1][2]) / RATE)
        i += len(parts)
    assert gaps == pytest.approx([a["duration_s"] for a in lines], abs=0.01)
    assert PAUSE_MS / 1000 - 0.004 <= min(between) and max(between) < PAUSE_MS / 1000 + 0.2, between
    # (the log's wall clock is not compared with the PCM's length: SDL's disk driver sleeps a buffer's time after
    # each write, so on a busy machine its audio runs a few per cent slower than the wall clock)
