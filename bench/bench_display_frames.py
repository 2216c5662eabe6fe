"""Benchmark: the calling screens' frame time with the clock and the ticker running, against the same screen standing
still, measured in the same run.

Each case is the real scene (`motcua display`'s HallScene or BoardScene, built as tests/agent/display_screens.py
builds it) on a window of the logical size (a full-HD panel shown 1:1, as on the hall's TV; SDL dummy driver):
- still: the hall full (six counters, five calls), no ticker, nothing moving — every frame redraws the same
  picture from cached text: the baseline;
- live: a long ticker scrolling, the clock changing every second (60 times faster than on the wall, so new clock
  text is rendered often), and a new call every two seconds (the blink, a new big number to render);
- the same live hall in portrait (1080×1920), and the waiting board (twelve fields) live.
The frame's work (UiLoop.frame: queued work, the scene's update and drawing, present) is timed, frames paced at the
display's 30 fps. Prints p50/p99/max and the ratio of each p99 to the still hall's p99 and to the 33 ms budget of a
frame; writes bench/results/display_frames.json. No assertion on time (~25 s).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from bench.bench_calls import summary  # noqa: E402
from tests.agent.display_screens import (  # noqa: E402
    LANDSCAPE, MONDAY, PORTRAIT, TICKER, Ticks, build, fill,
)
from wire.queue_messages import Call  # noqa: E402

import pygame  # noqa: E402

FPS = 30
SECONDS = 6
CALL_EVERY_S = 2.0
RESULTS = ROOT / "bench" / "results" / "display_frames.json"


def run(name: str, size: tuple[int, int], mode: str, live: bool) -> dict:
    ticks = Ticks()
    began = time.monotonic()
    clock = (lambda: MONDAY + dt.timedelta(minutes=time.monotonic() - began)) if live else (lambda: MONDAY)
    loop, scene = build(size, mode=mode, ticker=" ".join([TICKER] * 2) if live else "", ticks=ticks, clock=clock,
                        window_width=size[0], window_height=size[1], fps=FPS)
    try:
        fill(scene)
        ticks.now += 60  # the filling calls' blink is over
        loop.frame()
        pacing, work, calls = pygame.time.Clock(), [], 0
        start = time.monotonic()
        while time.monotonic() - start < SECONDS:
            if live:
                ticks.now = time.monotonic()
                if (time.monotonic() - start) // CALL_EVERY_S >= calls:
                    calls += 1
                    scene.add_call(Call(seq=100 + calls, number=f"{1100 + calls}", counter="02", field="HT"))
            t0 = time.perf_counter()
            loop.frame()
            work.append((time.perf_counter() - t0) * 1e3)
            pacing.tick(FPS)
    finally:
        loop.close()
    return {"case": name, "size": list(size), "mode": mode, "live": live, "calls": calls, **summary(work)}


def main() -> None:
    rows = [run("hall, still (baseline)", LANDSCAPE, "hall", False),
            run("hall, clock + ticker + calls", LANDSCAPE, "hall", True),
            run("hall portrait, live", PORTRAIT, "hall", True),
            run("waiting board, live", LANDSCAPE, "waiting", True)]
    base = rows[0]["p99_ms"]
    budget = 1000 / FPS
    print(f"Calling screens, {SECONDS} s a case at {FPS} fps, window = logical size (1:1), "
          f"SDL_VIDEODRIVER={os.environ['SDL_VIDEODRIVER']}\n")
    print(f"| {'case':<30} | {'size':>9} | {'frames':>6} | {'p50 ms':>7} | {'p99 ms':>7} | {'max ms':>7} "
          f"| {'p99 / still':>11} | {'p99 / budget':>12} |")
    print(f"|{'-' * 32}|{'-' * 11}|{'-' * 8}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 13}|{'-' * 14}|")
    for r in rows:
        r["p99_vs_still"] = round(r["p99_ms"] / base, 2) if base else None
        r["p99_vs_budget"] = round(r["p99_ms"] / budget, 3)
        print(f"| {r['case']:<30} | {'x'.join(map(str, r['size'])):>9} | {r['n']:>6} | {r['p50_ms']:>7.2f} "
              f"| {r['p99_ms']:>7.2f} | {r['max_ms']:>7.2f} | {r['p99_vs_still']:>11} | {r['p99_vs_budget']:>12} |")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"benchmark": "display_frames", "python": platform.python_version(),
                                   "pygame": pygame.version.ver, "fps": FPS, "seconds": SECONDS,
                                   "results": rows}, indent=2))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
