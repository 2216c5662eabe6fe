"""The hall display as a hall sees it: a `calls` message published on the real broker → the new frame on screen and
→ the voice starting to say it; and the display's memory with its voice on.

Mosquitto with the project's ACLs; the display agent (display.agent.DisplayAgent, unchanged) runs in this process on
the main thread, its screen on SDL's dummy video driver and its voice on SDL's disk audio driver writing to /dev/null
(which consumes the audio in real time, as a sound card does). A second, service-kind client publishes each call.
1. call → frame presented (first with the voice off, as the baseline of what the voice costs the screen, then on):
   the clock starts just before the publish and stops when the UI loop's `present()`
   returns after a frame in which the hall shows that call (the bench's subclass wraps `present`, nothing else).
2. call → first audio sample queued: stopped at the announcer's `started` stamp, written to announcements.jsonl
   right after pygame.mixer's `play()` returned (from there SDL's mixer buffer, 512 samples ≈ 23 ms, plays it).
   The voice pack is a tone pack (tests/support/voice.py: the real manifest format, each clip 30 ms) so that an
   announcement lasts ~0.5 s; joining real espeak-ng clips is timed on its own (4.) when espeak-ng is installed.
3. The floor, measured in the same run: the broker delivering the same `calls` message to a bare display-kind
   subscriber (bench_mqtt_floor.measure). Frame time p99 is every frame's work (clock redrawn each second).
4. RSS of `motcua display` as its own process, voice on, after it said one call (target < 120 MB).
Every call waits for the previous announcement to end and --gap seconds of idle. Targets (issue 12): frame p99
≤ 50 ms, audio p99 ≤ 150 ms. Prints a table and writes bench/results/display.json. No assertion on time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "disk"
os.environ["SDL_DISKAUDIOFILE"] = os.devnull

from bench.bench_agents import rss_kb  # noqa: E402
from bench.bench_calls import summary  # noqa: E402
from bench.bench_mqtt_floor import measure as broker_floor  # noqa: E402
from devicekit.voice.announcer import join  # noqa: E402
from devicekit.voice.pack import load_pack  # noqa: E402
from devicekit.voice.script import call_script  # noqa: E402
from display.agent import DisplayAgent  # noqa: E402
from tests.mqtt.helpers import wait_for  # noqa: E402
from tests.support.agents import agent_file, run_with  # noqa: E402
from tests.support.broker import running_broker  # noqa: E402
from tests.support.processes import Process  # noqa: E402
from tests.support.voice import tone_pack  # noqa: E402
from wire.codec import encode  # noqa: E402
from wire.queue_messages import Call  # noqa: E402

CALLS, WARMUP, GAP_S = 60, 5, 0.3
VOICE = {"gap_ms": 20, "pause_ms": 60}
TARGET_FRAME_P99_MS, TARGET_AUDIO_P99_MS, TARGET_RSS_MB = 50.0, 150.0, 120.0
DEVICE = "display-hall"


class TimedDisplay(DisplayAgent):
    """The display agent, unchanged, whose screen stamps the moment a frame showing a new call is presented."""

    def build(self) -> None:
        super().build()
        self.shown_number, self.shown_at, self.frame_ms = None, 0.0, []
        self.frame_seen = threading.Event()
        present, frame = self.ui.display.present, self.ui.frame

        def timed_present() -> None:
            present()
            calls = self.hall.calls
            if calls and calls[0].number != self.shown_number:
                self.shown_number, self.shown_at = calls[0].number, time.perf_counter()
                self.frame_seen.set()

        def timed_frame() -> None:
            began = time.perf_counter()
            frame()
            self.frame_ms.append((time.perf_counter() - began) * 1e3)

        self.ui.display.present, self.ui.frame = timed_present, timed_frame


def journal_lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def calls_in_process(broker, agent: TimedDisplay, n: int, gap: float) -> tuple[list[float], list[float]]:
    """(call → frame ms, call → audio ms) for n calls after WARMUP, one at a time. With the voice off (the baseline
    run) the second list times the announcement log's line instead, and no call waits for a voice."""
    topics = broker.layout.topics
    service = broker.probe(subscribe=[topics.availability(DEVICE)])
    frames, audio = [], []
    try:
        if not service.expect(topics.availability(DEVICE), timeout=15):
            raise RuntimeError("the display did not come up")
        announcer = lambda: getattr(agent, "announcer", None)  # noqa: E731 (built once the agent has connected)
        if not wait_for(lambda: announcer() is not None and not announcer().state.checking, timeout=20):
            raise RuntimeError("the voice pack check did not end")
        if agent.config.voice.enabled and not agent.announcer.state.on:
            raise RuntimeError(f"the voice is off: {agent.announcer.state.reason}")
        for i in range(n + WARMUP):
            time.sleep(gap)
            agent.frame_seen.clear()
            seq = 1000 + i
            number = f"{1000 + i % 9000}"  # every call of the run a new number: the screen is seen to change
            call = encode(Call(seq=seq, number=number, counter=f"{i % 12 + 1:02d}", field="HT"))
            wall, began = time.time(), time.perf_counter()
            service.publish(topics.calls(), call)
            if not agent.frame_seen.wait(5) or agent.shown_number != number:
                raise RuntimeError(f"call {seq} never shown")
            if not wait_for(lambda: len(journal_lines(agent.announcements)) == i + 1, timeout=5, step=0.002):
                raise RuntimeError(f"call {seq} never said")
            line = journal_lines(agent.announcements)[-1]
            if i >= WARMUP:
                frames.append((agent.shown_at - began) * 1e3)
                audio.append((dt.datetime.fromisoformat(line["started"]).timestamp() - wall) * 1e3)
            wait_for(agent.announcer.idle, timeout=5, step=0.005)
            time.sleep(line.get("duration_s", 0) + VOICE["pause_ms"] / 1000)  # the mixer has played it to its end
    finally:
        service.stop()
    return frames, audio


def display_rss(broker, directory: Path, pack: Path) -> float:
    """`motcua display` as its own process, voice on, after it said one call: VmRSS in MB."""
    path = agent_file(broker, directory / "process", "display-rss", "display", voice={"pack": str(pack), **VOICE},
                      screen={"width": 1920, "height": 1080, "fullscreen": False, "fps": 30})
    topics = broker.layout.topics
    process = Process("display-rss", ["display", "--config", str(path)], directory / "logs",
                      env={"SDL_AUDIODRIVER": "disk", "SDL_DISKAUDIOFILE": os.devnull}).start()
    service = broker.probe(subscribe=[topics.availability("display-rss")])
    journal = directory / "process" / "display-rss-state" / "announcements.jsonl"
    try:
        if not service.expect(topics.availability("display-rss"), timeout=20):
            raise RuntimeError(f"display process did not come up: {process.log.read_text()}")
        service.publish(topics.calls(), encode(Call(seq=1, number="1023", counter="05", field="HT")))
        if not wait_for(lambda: journal.exists(), timeout=10):
            raise RuntimeError("display process never said the call")
        time.sleep(1.0)
        return rss_kb(process.pid)[0] / 1024
    finally:
        service.stop()
        process.stop()


def espeak_join_ms(directory: Path) -> dict | None:
    """Joining the clips of "1023 → counter 5" with the English line, from the espeak-ng pack (None without it)."""
    if shutil.which("espeak-ng") is None:
        return None
    from devicekit.voice.build import build_pack

    build_pack(directory / "espeak")
    pack = load_pack(directory / "espeak")
    script = call_script("1023", "05", english=True)
    ms = []
    for _ in range(50):
        began = time.perf_counter()
        pcm = join(pack, script, 120, 600)
        ms.append((time.perf_counter() - began) * 1e3)
    return {"p50_ms": round(statistics.median(ms), 3), "max_ms": round(max(ms), 3),
            "announcement_s": round(pcm.size / pack.rate, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=CALLS, help="timed calls (after %d warm-up)" % WARMUP)
    parser.add_argument("--gap", type=float, default=GAP_S, help="idle seconds after each announcement")
    parser.add_argument("--fps", type=int, default=30, help="the display's frame rate (its default: 30)")
    args = parser.parse_args()
    began = time.monotonic()
    results: dict = {"benchmark": "display", "machine": platform.platform(), "calls": args.calls, "gap_s": args.gap,
                     "fps": args.fps}
    with tempfile.TemporaryDirectory(prefix="motcua-bench-display-") as tmp, \
            running_broker(Path(tmp) / "broker", centre="hcc-demo") as broker:
        tmp = Path(tmp)
        topics = broker.layout.topics
        results["floor_broker_delivery"] = summary([us / 1e3 for us in broker_floor(broker, topics.calls(),
                                                                                      args.calls, args.gap)])
        tone_pack(tmp / "pack", seconds=0.03)
        for run, enabled in (("voice_off", False), ("voice_on", True)):
            path = agent_file(broker, tmp / run, DEVICE, "display",
                              voice={"enabled": enabled, "pack": str(tmp / "pack"), **VOICE},
                              screen={"width": 1920, "height": 1080, "fullscreen": False, "fps": args.fps})
            agent = TimedDisplay.from_file(path)
            out: dict = {}
            run_with(agent, lambda: out.update(samples=calls_in_process(broker, agent, args.calls, args.gap)), 30)
            frames, audio = out["samples"]
            # frame time: the first second's frames set up fonts and surfaces, and are not counted
            results[run] = {"call_to_frame": summary(frames), "frame_time": summary(agent.frame_ms[30:])}
            if enabled:
                results[run]["call_to_audio"] = summary(audio)
        results["rss_mb"] = round(display_rss(broker, tmp, tmp / "pack"), 1)
        results["espeak_join"] = espeak_join_ms(tmp)
    floor = results["floor_broker_delivery"]
    on, off = results["voice_on"], results["voice_off"]
    for v in (on["call_to_frame"], on["call_to_audio"], off["call_to_frame"]):
        v["ratio_p50"] = round(v["p50_ms"] / floor["p50_ms"], 1)
        v["ratio_p99"] = round(v["p99_ms"] / floor["p99_ms"], 1)
    results["targets"] = {"frame_p99_met": on["call_to_frame"]["p99_ms"] <= TARGET_FRAME_P99_MS,
                          "audio_p99_met": on["call_to_audio"]["p99_ms"] <= TARGET_AUDIO_P99_MS,
                          "rss_met": results["rss_mb"] < TARGET_RSS_MB}
    results["run_s"] = round(time.monotonic() - began, 1)

    print(f"calls → hall display at {args.fps} fps: {args.calls} calls after {WARMUP} warm-up, each after the last "
          f"was said + {args.gap:g} s")
    print(f"{'measurement':<38} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'p50/floor':>10} {'p99/floor':>10}")
    rows = (("floor: broker delivers `calls`", floor),
            ("voice off: call → new frame", off["call_to_frame"]),
            ("voice off: frame time", off["frame_time"]),
            ("call → new frame presented", on["call_to_frame"]),
            ("call → first audio sample queued", on["call_to_audio"]),
            ("frame time (clock running)", on["frame_time"]))
    for name, v in rows:
        print(f"{name:<38} {v['p50_ms']:>8} {v['p99_ms']:>8} {v['max_ms']:>8} {v.get('ratio_p50', '')!s:>10} "
              f"{v.get('ratio_p99', '')!s:>10}")
    met = results["targets"]
    print(f"targets: frame p99 ≤ {TARGET_FRAME_P99_MS:g} ms {'met' if met['frame_p99_met'] else 'NOT met'}; "
          f"audio p99 ≤ {TARGET_AUDIO_P99_MS:g} ms {'met' if met['audio_p99_met'] else 'NOT met'}; "
          f"display RSS {results['rss_mb']} MB < {TARGET_RSS_MB:g} {'met' if met['rss_met'] else 'NOT met'}")
    join_ms = results["espeak_join"]
    print("espeak-ng pack: " + (f"joining a {join_ms['announcement_s']} s announcement (vi + en) takes "
                                f"{join_ms['p50_ms']} ms (max {join_ms['max_ms']})" if join_ms else "espeak-ng absent"))
    print(f"(run {results['run_s']} s)")
    out_file = ROOT / "bench" / "results" / "display.json"
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out_file.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
