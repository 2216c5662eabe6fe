"""The kiosk as a citizen meets it: a touch on a field → the last byte of the ticket at the printer, beside the ticket
request's own round trip; the home screen's frame time at 60 fps; and the kiosk's memory.

Mosquitto with the project's ACLs and `motcua service` as its own process (tests/support/centre.py, the whole-centre
test's parts). The kiosk agent (kiosk.agent.KioskAgent, unchanged) runs in this process on the main thread, its screen
on SDL's dummy video driver at 60 fps in a window of the panel's size (so a frame is copied to it, not scaled, as on
the panel), its voice on a tone pack through SDL's disk audio driver writing to /dev/null;
it prints on an ESC/POS emulator over TCP. `kiosk.ask_priority: false`, so one touch takes a number.
1. touch → last ticket byte: the clock starts just before the touch is handed to the UI loop (as the touch screen's
   driver would) and stops when the printer emulator has parsed the slip's cut, its last command (the bench's
   emulator subclass stamps it, nothing else). Its parts: touch → the request sent (the UI loop's next frame, the
   tap, the hand-over to the ticket thread), the request (`act`: over the broker to the service and back), reply →
   printing begins, and printing → last byte (rendering the document for the profile, the status asked before, the
   job written). Home is then tapped for the next citizen; each touch after --gap seconds of idle.
2. The baselines, in the same run: `ticket.issue` over the broker from a second kiosk's device session, no kiosk
   agent, no screen and no printer (the service's and the broker's share of 1.); and the printer driver alone
   printing a slip of the same shape on its own emulator, no kiosk (the printing's share).
3. Frame time on the home screen at 60 fps: every frame's work (stage update and draw) for --idle seconds.
4. RSS of `motcua kiosk` as its own process, voice on, after it printed one ticket (target < 120 MB).
Targets (issue 10): touch → last byte p99 ≤ 150 ms, RSS < 120 MB. Prints a table and writes bench/results/kiosk.json.
"""

from __future__ import annotations

import argparse
import os
import platform
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
from bench.bench_calls import summary, write_results  # noqa: E402
from devicekit.emulators.escpos import EscposEmulator  # noqa: E402
from devicekit.emulators.escpos_server import EscposTcpServer  # noqa: E402
from devicekit.mqtt.session import DeviceSession  # noqa: E402
from devicekit.printing.driver import EscposPrinterDriver  # noqa: E402
from devicekit.printing.samples import sample_ticket_document  # noqa: E402
from devicekit.profiles import load_profile  # noqa: E402
from kiosk import style  # noqa: E402
from kiosk.agent import KioskAgent  # noqa: E402
from kiosk.scenes import Issued  # noqa: E402
from tests.mqtt.helpers import wait_for  # noqa: E402
from tests.support.agents import agent_file, run_with  # noqa: E402
from tests.support.centre import PRINTER, running_centre  # noqa: E402
from tests.support.processes import Process  # noqa: E402
from tests.support.voice import tone_pack  # noqa: E402

TOUCHES, WARMUP, GAP_S, IDLE_S = 60, 5, 0.3, 10.0
SIZE = (1080, 1920)
VOICE = {"gap_ms": 20, "pause_ms": 60}
TARGET_P99_MS, TARGET_RSS_MB = 150.0, 120.0
FIELD = "HT"


class TimedPaper(EscposEmulator):
    """The ESC/POS emulator, answering the same, that stamps the moment it has parsed a slip's cut."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.cut, self.cut_at = threading.Event(), 0.0

    def feed(self, data: bytes) -> bytes:
        before = len(self.printed)
        answer = super().feed(data)
        if any(p.kind == "cut" for p in self.printed[before:]):
            self.cut_at = time.perf_counter()
            self.cut.set()
        return answer


class TimedKiosk(KioskAgent):
    """The kiosk agent, unchanged, whose UI loop times each frame's work and which stamps when its ticket request
    starts and ends and when printing starts, to split touch → last byte into its parts."""

    def act(self, verb, fields, timeout=None):
        self.stamps["act"] = time.perf_counter()
        try:
            return super().act(verb, fields, timeout)
        finally:
            self.stamps["replied"] = time.perf_counter()

    def _print(self, document):
        self.stamps["print"] = time.perf_counter()
        return super()._print(document)

    def build(self) -> None:
        super().build()
        self.stamps: dict[str, float] = {}
        self.frame_ms: list[float] = []
        frame = self.ui.frame

        def timed_frame() -> None:
            began = time.perf_counter()
            frame()
            self.frame_ms.append((time.perf_counter() - began) * 1e3)

        self.ui.frame = timed_frame


def kiosk_file(centre, directory: Path, device: str, printer: EscposTcpServer, pack: Path) -> Path:
    centre.store.provision("kiosk", device)
    return agent_file(centre.broker, directory, device, "kiosk",
                      hardware={"printer": {"profile": PRINTER, "port": printer.url}},
                      screen={"width": SIZE[0], "height": SIZE[1], "fullscreen": False, "fps": 60,
                              "window_width": SIZE[0], "window_height": SIZE[1]},  # as the panel: copied, not scaled
                      kiosk={"fields": [FIELD], "ask_priority": False}, voice={"pack": str(pack), **VOICE})


def home_ready(agent: KioskAgent) -> bool:
    home = getattr(agent, "_home", None)
    return bool(home and home.fields and home.blocked is None and agent.stage.scene is home
                and agent.announcer.idle())


PARTS = ("touch_to_request", "request", "reply_to_print", "print_to_last_byte")


def touches(agent: TimedKiosk, paper: TimedPaper, n: int, gap: float,
            idle: float) -> tuple[list[float], dict[str, list[float]], list[float]]:
    """(touch → cut ms for n touches after WARMUP, its parts, home-screen frame ms over `idle` seconds)."""
    if not wait_for(lambda: home_ready(agent), timeout=30):
        raise RuntimeError("the kiosk's home screen never became ready")
    field = style.field_rects(SIZE, 1)[0]
    home_button = style.bottom_button(SIZE)
    samples, parts = [], {name: [] for name in PARTS}
    for i in range(n + WARMUP):
        time.sleep(max(gap, agent.stage.tap_guard_s + 0.05))  # a touch right after home came back is ignored
        paper.cut.clear()
        began = time.perf_counter()
        if not agent.ui.touch(field.centerx / SIZE[0], field.centery / SIZE[1]):
            raise RuntimeError("the screen is not running")
        if not paper.cut.wait(5):
            raise RuntimeError(f"touch {i}: no slip printed")
        if i >= WARMUP:
            samples.append((paper.cut_at - began) * 1e3)
            marks = (began, agent.stamps["act"], agent.stamps["replied"], agent.stamps["print"], paper.cut_at)
            for name, start, end in zip(PARTS, marks, marks[1:]):
                parts[name].append((end - start) * 1e3)
        if not wait_for(lambda: isinstance(agent.stage.scene, Issued), timeout=5, step=0.002):
            raise RuntimeError(f"touch {i}: the number was not shown")
        time.sleep(agent.stage.tap_guard_s + 0.05)
        agent.ui.touch(home_button.centerx / SIZE[0], home_button.centery / SIZE[1])
        if not wait_for(lambda: home_ready(agent), timeout=10, step=0.005):
            raise RuntimeError(f"touch {i}: not home again")
    agent.frame_ms.clear()
    time.sleep(idle)  # home, untouched, at 60 fps: boards arrive as the service publishes them
    return samples, parts, list(agent.frame_ms)


def issue_round_trips(centre, n: int, gap: float) -> list[float]:
    """`ticket.issue` over the broker from a device session of its own: no kiosk agent, no screen, no printer."""
    session = DeviceSession(centre.store.provision("kiosk", "kiosk-bench-rtt"))
    if not session.start(10):
        raise RuntimeError("the round-trip session did not connect")
    try:
        if not wait_for(lambda: session.service_ready, timeout=15):
            raise RuntimeError("the service never said it was ready")
        samples = []
        for i in range(n + WARMUP):
            time.sleep(gap)
            began = time.perf_counter()
            session.request("ticket.issue", {"field": FIELD}, timeout=5)
            if i >= WARMUP:
                samples.append((time.perf_counter() - began) * 1e3)
        return samples
    finally:
        session.stop()


def prints_alone(n: int, gap: float) -> list[float]:
    """The printer driver alone, no kiosk and no screen: a slip of the same shape (devicekit.printing.samples) from
    `print_document` to its cut parsed by the emulator, as in 1."""
    paper = TimedPaper(printable_dots=load_profile(PRINTER).printable_dots)
    printer = EscposTcpServer(paper).start()
    driver = EscposPrinterDriver(load_profile(PRINTER), printer.url).start()
    document = sample_ticket_document()
    samples = []
    try:
        for i in range(n + WARMUP):
            time.sleep(gap)
            paper.cut.clear()
            began = time.perf_counter()
            driver.print_document(document)
            if not paper.cut.wait(5):
                raise RuntimeError("the driver alone printed no slip")
            if i >= WARMUP:
                samples.append((paper.cut_at - began) * 1e3)
        return samples
    finally:
        driver.stop()
        printer.stop()


def kiosk_rss(centre, directory: Path, pack: Path) -> float:
    """`motcua kiosk` as its own process, voice on, after it printed one ticket (a touch relayed by the service's
    mirror, as an IT officer's): VmRSS in MB."""
    paper = TimedPaper(printable_dots=load_profile(PRINTER).printable_dots)
    printer = EscposTcpServer(paper).start()
    path = kiosk_file(centre, directory / "process", "kiosk-rss", printer, pack)
    process = Process("kiosk-rss", ["kiosk", "--config", str(path)], directory / "logs",
                      env={"SDL_AUDIODRIVER": "disk", "SDL_DISKAUDIOFILE": os.devnull}).start()
    field = style.field_rects(SIZE, 1)[0]
    try:
        deadline = time.monotonic() + 40
        while not paper.cut.is_set() and time.monotonic() < deadline:  # a touch does nothing until the board came
            centre.touch("kiosk-rss", field.centerx / SIZE[0], field.centery / SIZE[1])
            paper.cut.wait(1)
        if not paper.cut.is_set():
            raise RuntimeError(f"the kiosk process never printed: {process.text()[-2000:]}")
        time.sleep(2.0)  # the number shown and said
        return rss_kb(process.pid)[0] / 1024
    finally:
        process.stop()
        printer.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--touches", type=int, default=TOUCHES, help="timed touches (after %d warm-up)" % WARMUP)
    parser.add_argument("--gap", type=float, default=GAP_S, help="idle seconds before each touch")
    parser.add_argument("--idle", type=float, default=IDLE_S, help="seconds of home-screen frames timed")
    args = parser.parse_args()
    began = time.monotonic()
    results: dict = {"benchmark": "kiosk", "machine": platform.platform(), "touches": args.touches, "gap_s": args.gap,
                     "fps": 60}
    with tempfile.TemporaryDirectory(prefix="motcua-bench-kiosk-") as tmp, running_centre(Path(tmp)) as centre:
        tmp = Path(tmp)
        centre.start_service()
        centre.open_counter(1, "nv01")  # counter 1 serves HT: the field is open on the board
        tone_pack(tmp / "pack", seconds=0.03)
        results["baseline_ticket_issue"] = summary(issue_round_trips(centre, args.touches, args.gap))
        results["baseline_print_alone"] = summary(prints_alone(args.touches, args.gap))
        paper = TimedPaper(printable_dots=load_profile(PRINTER).printable_dots)
        printer = EscposTcpServer(paper).start()
        try:
            agent = TimedKiosk.from_file(kiosk_file(centre, tmp / "agents", "kiosk-bench", printer, tmp / "pack"))
            out: dict = {}
            run_with(agent, lambda: out.update(samples=touches(agent, paper, args.touches, args.gap, args.idle)), 30)
        finally:
            printer.stop()
        touch_ms, parts, frame_ms = out["samples"]
        results["touch_to_last_byte"] = summary(touch_ms)
        results["parts"] = {name: summary(ms) for name, ms in parts.items()}
        results["home_frame_time"] = summary(frame_ms)
        results["rss_mb"] = round(kiosk_rss(centre, tmp, tmp / "pack"), 1)
    base, touch = results["baseline_ticket_issue"], results["touch_to_last_byte"]
    touch["ratio_p50"] = round(touch["p50_ms"] / base["p50_ms"], 1)
    touch["ratio_p99"] = round(touch["p99_ms"] / base["p99_ms"], 1)
    results["targets"] = {"touch_p99_met": touch["p99_ms"] <= TARGET_P99_MS, "rss_met": results["rss_mb"] < TARGET_RSS_MB}
    results["run_s"] = round(time.monotonic() - began, 1)

    print(f"kiosk at 60 fps: {args.touches} touches after {WARMUP} warm-up, each after the last slip was said + "
          f"{args.gap:g} s")
    print(f"{'measurement':<40} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'p50/base':>9} {'p99/base':>9}")
    for name, v in (("baseline: ticket.issue round trip", base),
                    ("baseline: the driver alone prints a slip", results["baseline_print_alone"]),
                    ("touch → last ticket byte", touch),
                    *((f"  {name.replace('_', ' ')}", v) for name, v in results["parts"].items()),
                    ("home screen frame time (60 fps)", results["home_frame_time"])):
        print(f"{name:<40} {v['p50_ms']:>8} {v['p99_ms']:>8} {v['max_ms']:>8} {v.get('ratio_p50', '')!s:>9} "
              f"{v.get('ratio_p99', '')!s:>9}")
    met = results["targets"]
    print(f"targets: touch → last byte p99 ≤ {TARGET_P99_MS:g} ms {'met' if met['touch_p99_met'] else 'NOT met'}; "
          f"kiosk RSS {results['rss_mb']} MB < {TARGET_RSS_MB:g} {'met' if met['rss_met'] else 'NOT met'}")
    print(f"(run {results['run_s']} s)")
    write_results("kiosk", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
