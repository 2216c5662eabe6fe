"""Benchmark: the UI base's frame time for a ten-button scene at 60 fps, a screen.capture, and the process RSS."""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")  # headless unless a display is asked for
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from devicekit.ui import ScreenSettings  # noqa: E402  (first: it quiets pygame's greeting)
from devicekit.ui.demo import build  # noqa: E402

import pygame  # noqa: E402

FPS = 60
FRAMES = 240
CAPTURES = 20
RESULTS = Path(__file__).resolve().parent / "results" / "ui.json"


def rss_mb(field: str = "VmRSS") -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(name: str, settings: ScreenSettings) -> dict:
    loop = build(settings).open()
    try:
        loop.frame()
        rss_start = rss_mb()
        clock = pygame.time.Clock()
        work_ms = []
        started = time.perf_counter()
        for _ in range(FRAMES):
            t0 = time.perf_counter()
            loop.frame()
            work_ms.append((time.perf_counter() - t0) * 1000)
            clock.tick(FPS)
        fps = FRAMES / (time.perf_counter() - started)
        capture_ms, b64 = [], 0
        for _ in range(CAPTURES):
            t0 = time.perf_counter()
            b64 = len(loop.capture(640).png_b64)
            capture_ms.append((time.perf_counter() - t0) * 1000)
        window = pygame.display.get_surface().get_size()
    finally:
        loop.close()
    return {"case": name, "logical": list(settings.size), "window": list(window), "buttons": 10, "frames": FRAMES,
            "frame_ms_p50": percentile(work_ms, 0.5), "frame_ms_p99": percentile(work_ms, 0.99),
            "frame_ms_max": max(work_ms), "fps": fps, "capture640_ms_p50": percentile(capture_ms, 0.5),
            "capture640_b64": b64, "rss_mb_after_start": rss_start}


def main() -> None:
    rss_imports = rss_mb()
    rows = [run("full HD panel, 1:1", ScreenSettings(width=1920, height=1080, window_width=1920, window_height=1080,
                                                     fps=FPS)),
            run("dummy full screen, scaled", ScreenSettings(width=1920, height=1080, fullscreen=True, fps=FPS)),
            run("portrait, scaled", ScreenSettings(width=1080, height=1920, fullscreen=True, fps=FPS))]
    print(f"Demo home scene (10 buttons, Vietnamese labels), {FRAMES} frames at a {FPS} fps target, "
          f"SDL_VIDEODRIVER={os.environ['SDL_VIDEODRIVER']}\n")
    print(f"| {'case':<26} | {'logical':>9} | {'window':>9} | {'frame p50/p99/max ms':>20} | {'fps':>5} "
          f"| {'capture(640) ms':>15} | {'b64 chars':>9} |")
    print(f"|{'-' * 28}|{'-' * 11}|{'-' * 11}|{'-' * 22}|{'-' * 7}|{'-' * 17}|{'-' * 11}|")
    for r in rows:
        print(f"| {r['case']:<26} | {'x'.join(map(str, r['logical'])):>9} | {'x'.join(map(str, r['window'])):>9} "
              f"| {r['frame_ms_p50']:>6.2f} / {r['frame_ms_p99']:>5.2f} / {r['frame_ms_max']:>5.1f} "
              f"| {r['fps']:>5.1f} | {r['capture640_ms_p50']:>15.1f} | {r['capture640_b64']:>9} |")
    peak = rss_mb("VmHWM")
    print(f"\nRSS: {rss_imports:.1f} MB after imports, {rows[0]['rss_mb_after_start']:.1f} MB after the first "
          f"scene is up (fonts, window, 1920x1080 surface), peak {peak:.1f} MB")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"benchmark": "ui", "python": platform.python_version(),
                                   "pygame": pygame.version.ver, "rss_mb_after_imports": rss_imports,
                                   "rss_mb_peak": peak, "results": rows}, indent=2))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
