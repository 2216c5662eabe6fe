"""Device agents as a centre runs them: a keypad press → the number on the counter's LED, and each agent's memory.

1. Press → LED. Mosquitto with the project's ACLs, `motcua service` with its bridge, and one counter agent process
   on emulated hardware (serial keypad, Modbus LED-485, rating pad on ptys), started by tests/support/centre.py as
   the whole-centre test starts them. The counter is opened and the queue filled through the API; then the clerk
   presses Next on the keypad emulator and the clock stops when the LED emulator is written the called number (a
   subclass of the emulator stamps its `_show`, answering exactly as before). Path: pty → agent's keypad reader →
   `counter.action` request over MQTT → service's bridge → engine → reply → agent → Modbus write → LED.
   The floor, measured in the same run on the same machine: the broker's own QoS 1 round trip (one client of a
   service-kind user publishing to a topic it subscribes to, through the same Mosquitto) plus the engine's own
   call-next (QueueEngine.call_next in-process on a SQLite store like the service's). Every sample, presses and
   floors alike, is taken after the same idle gap (--gap), as a clerk presses every few seconds (see bench_calls).
2. RSS after start, per agent kind whose package is built (`motcua.commands.agents.agent_class` imports): the agent
   is started as `motcua <kind> --config FILE` (SDL_VIDEODRIVER=dummy), and VmRSS is read from /proc once its
   retained availability says it is up. Targets: counter agent < 60 MB, screen agents < 120 MB.

Prints tables and writes bench/results/agents.json. No assertion on time: it measures and prints.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_mqtt_floor import PAYLOAD, client as mqtt_client  # noqa: E402
from devicekit.emulators.led_display import ModbusLedEmulator  # noqa: E402
from devicekit.keypad import ACTION_DEBOUNCE_S  # noqa: E402
from motcua.commands.agents import AGENTS, agent_class  # noqa: E402
from queue_service.queue.engine import QueueEngine  # noqa: E402
from queue_service.queue.recorder import Actor  # noqa: E402
from tests.support.agents import agent_file  # noqa: E402
from tests.support.centre import PRINTER, running_centre  # noqa: E402
from tests.support.service import CENTRE, centre_store  # noqa: E402

PRESSES = 30  # each takes ~2.2 s (the call's 1.5 s blink, then three idle gaps): 100 take ~4 min
WARMUP = 5
QUIET_S = 0.3  # the LED is settled after this long without a write (the blink writes every 0.25 s)
TICKETS = 200  # in the queue before the first press; the presses take PRESSES + WARMUP of them
FIELD = "HT"  # counter 1 of the demo centre serves it first; its numbers are 1001, 1002, ...
GAP_S = 0.12  # idle before every sample
TARGETS_MB = {"counter": 60, "kiosk": 120, "display": 120, "rating": 120}
PROBE = "bench-probe"  # a second service-kind user: `service` is the running service's client id


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summary(ms: list[float]) -> dict:
    return {"n": len(ms), "p50_ms": round(statistics.median(ms), 3), "p99_ms": round(pct(ms, 99), 3),
            "max_ms": round(max(ms), 3)}


class TimedLed(ModbusLedEmulator):
    """The Modbus LED emulator, unchanged, that also stamps the moment it is written the text it is waiting for."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.expect: str | None = None
        self.at = 0.0
        self.last_write = 0.0
        self.hit = threading.Event()

    def arm(self, text: str) -> None:
        self.expect, self.at = text, 0.0
        self.hit.clear()

    def _show(self, text: str) -> None:
        now = self.last_write = time.perf_counter()
        super()._show(text)
        if text == self.expect and not self.hit.is_set():
            self.at = now
            self.hit.set()


def wait(condition, timeout: float, step: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


# ---- 1. press → LED, and its floor: three samplers, taken in turn, each after the same idle gap
class Presses:
    """Next on counter 1's keypad emulator → its LED emulator written the next number in the queue."""

    def __init__(self, centre, station, numbers: list[str]) -> None:
        self.centre, self.station, self.numbers = centre, station, numbers
        self.done = 0
        self.last = 0.0

    def settle(self, timeout: float = 10.0) -> None:
        """Until the LED has been quiet for QUIET_S: a call blinks (the LED-485 has no blink register, so the driver
        blanks and re-shows the number three times, 0.25 s apart, 1.5 s in all, holding the LED and the agent's key
        worker meanwhile); a press during that waits for it. A clerk presses every few seconds, so each press here
        comes after the blink of the last one, and after the keypad's debounce window (a second Next within it is
        the same press)."""
        led: TimedLed = self.station.led
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            quiet = time.perf_counter() - led.last_write
            since_press = time.perf_counter() - self.last
            if quiet >= QUIET_S and since_press >= ACTION_DEBOUNCE_S + 0.05:
                return
            time.sleep(0.01)

    def sample(self) -> float:
        led: TimedLed = self.station.led
        number = self.numbers[self.done]
        led.arm(number)
        began = self.last = time.perf_counter()
        self.station.keypad.press("next")
        if not led.hit.wait(10):
            raise RuntimeError(f"press {self.done}: the LED never showed {number} (shows {led.shown!r})\n"
                               f"{self.centre.logs()}")
        self.done += 1
        return (led.at - began) * 1e3


class RoundTrip:
    """One paho client (a service-kind user the ACL lets read and write the centre's tree) publishes QoS 1 to a
    topic it subscribes to, and waits for the message to come back through Mosquitto."""

    def __init__(self, broker) -> None:
        self.topic = f"{broker.layout.topics.root}/bench/rtt"
        self.got, subscribed = threading.Event(), threading.Event()
        self.client = mqtt_client(broker, PROBE)
        self.client.on_subscribe = lambda *_a: subscribed.set()
        self.client.on_message = lambda *_a: self.got.set()
        self.client.subscribe(self.topic, qos=1)
        if not subscribed.wait(5):
            self.stop()
            raise RuntimeError("the round-trip probe could not subscribe")

    def sample(self) -> float:
        self.got.clear()
        began = time.perf_counter()
        self.client.publish(self.topic, PAYLOAD, qos=1)
        if not self.got.wait(5):
            raise RuntimeError("round trip: message lost")
        return (time.perf_counter() - began) * 1e3

    def stop(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


class EngineCalls:
    """QueueEngine.call_next in this process on a SQLite store of its own (the service's kind of store), the same
    queue ahead: what the service's transaction costs without HTTP, MQTT or the agent."""

    def __init__(self, broker, directory: Path, tickets: int) -> None:
        with contextlib.ExitStack() as stack:
            store = stack.enter_context(centre_store(broker, directory))
            context = store.context()
            context.db.start()
            stack.callback(context.db.stop)
            self.engine = QueueEngine(context)
            self.clerk = Actor("nv01", device="counter-01")
            self.engine.open_counter(CENTRE, 1, self.clerk, staff_id="nv01")
            for _ in range(tickets):
                self.engine.issue(CENTRE, FIELD)
            self._stack = stack.pop_all()  # kept open until stop()

    def sample(self) -> float:
        began = time.perf_counter()
        self.engine.call_next(CENTRE, 1, self.clerk)
        return (time.perf_counter() - began) * 1e3

    def stop(self) -> None:
        self._stack.close()


def measure(samplers: dict, presses: Presses, n: int, gap: float) -> dict[str, list[float]]:
    """n + WARMUP rounds: once the last press's blink is over, every sampler once, each after `gap` idle."""
    samples: dict[str, list[float]] = {name: [] for name in samplers}
    for i in range(n + WARMUP):
        presses.settle()
        for name, sampler in samplers.items():
            time.sleep(gap)
            ms = sampler.sample()
            if i >= WARMUP:
                samples[name].append(ms)
    return samples


# ---- 2. RSS after start
def rss_kb(pid: int) -> tuple[int, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0])
    return fields["VmRSS"], fields["VmHWM"]


class Availability:
    """Each device's retained availability, as the service sees it (probe subscribed to dev/+/availability)."""

    def __init__(self, broker) -> None:
        self.topics = broker.layout.topics
        self.states: dict[str, str] = {}
        self.client = mqtt_client(broker, PROBE)
        self.client.on_message = self._on_message
        self.client.subscribe(self.topics.all_device_state()[0], qos=1)  # dev/+/availability

    def _on_message(self, _c, _u, msg) -> None:
        parsed = self.topics.parse(msg.topic)
        try:
            self.states[parsed.device] = json.loads(msg.payload)["state"]
        except (AttributeError, ValueError, KeyError, TypeError):
            pass

    def up(self, device: str) -> bool:
        return self.states.get(device) in ("ready", "alert")

    def stop(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def start_agent(centre, kind: str, cls, number: int):
    """Start `motcua <kind>`: a counter as the whole-centre test adds one (LED, keypad, rating pad); another kind
    with a `screen:` section if its file has one, an emulator for each hardware role it requires."""
    if kind == "counter":
        return centre.add_counter(number).process, f"counter-{number:02d}"
    device = f"bench-{kind}"
    hardware, sections = {}, {}
    for role, spec in cls.roles.items():
        if not spec.required:
            continue
        if spec.kind != "printer":
            raise RuntimeError(f"requires {role} ({spec.kind}), which this bench has no emulator for")
        hardware[role] = {"profile": PRINTER, "port": centre.add_printer().url}
    if "screen" in cls.config_model.model_fields:
        sections["screen"] = {"width": 1920, "height": 1080, "fullscreen": False, "fps": 30}
    counter = number if cls.kind == "rating_tablet" else None
    centre.store.provision(cls.kind, device, counter=counter)
    path = agent_file(centre.broker, centre.dir / "agents", device, cls.kind, counter=counter, hardware=hardware,
                      **sections)
    return centre.agent(device, kind, path), device


def agent_memory(centre, first_counter: int) -> list[dict]:
    rows = []
    watch = Availability(centre.broker)
    try:
        for i, kind in enumerate(AGENTS):
            row = {"kind": kind, "target_mb": TARGETS_MB.get(kind)}
            rows.append(row)
            try:
                cls = agent_class(kind)
            except ImportError as exc:
                row["status"] = "not built yet"
                row["detail"] = str(exc)
                continue
            try:
                process, device = start_agent(centre, kind, cls, first_counter + i)
            except Exception as exc:  # a kind this bench cannot set up is reported, not a crash of the bench
                row["status"] = f"not started: {exc}"
                continue
            began = time.monotonic()
            if not wait(lambda: watch.up(device) or not process.alive, 30) or not process.alive:
                row["status"] = "did not connect"
                row["detail"] = process.text()[-1500:]
                continue
            row["connected_s"] = round(time.monotonic() - began, 2)
            time.sleep(1.0)  # its first health report and the retained state it follows
            rss, peak = rss_kb(process.pid)
            row.update(device=device, rss_mb=round(rss / 1024, 1), peak_mb=round(peak / 1024, 1), status="ok",
                       met=rss / 1024 < row["target_mb"])
    finally:
        watch.stop()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=PRESSES, help="timed presses (after %d warm-up)" % WARMUP)
    parser.add_argument("--gap", type=float, default=GAP_S, help="idle seconds before every sample")
    args = parser.parse_args()
    n, gap = args.presses, args.gap
    began = time.monotonic()
    results: dict = {"benchmark": "agents", "machine": platform.platform(), "presses": n, "gap_s": gap}
    with tempfile.TemporaryDirectory(prefix="motcua-bench-agents-") as tmp, running_centre(Path(tmp)) as centre:
        centre.broker.add(PROBE, kind="service")
        centre.start_service()
        station = centre.add_counter(1, led_type=TimedLed)
        centre.open_counter(1, "nv01")
        if not wait(lambda: station.led.shown == "----", 20):
            raise RuntimeError(f"counter 1's LED did not come up: {station.led.shown!r}\n{centre.logs()}")
        kiosk = centre.store.kiosk_token()
        numbers = [centre.http.post(f"{centre.api}/tickets", json={"field": FIELD}, headers=kiosk).json()["number"]
                   for _ in range(max(TICKETS, n + WARMUP))]
        rss_counter_start = rss_kb(station.process.pid)[0] / 1024
        with contextlib.ExitStack() as stack:
            rtt = RoundTrip(centre.broker)
            stack.callback(rtt.stop)
            engine = EngineCalls(centre.broker, Path(tmp) / "engine", len(numbers))
            stack.callback(engine.stop)
            press = Presses(centre, station, numbers)
            time.sleep(0.5)
            gc.collect()
            gc.disable()  # as timeit does: a collection in this process would be counted against what it times
            stack.callback(gc.enable)
            samples = measure({"broker_rtt": rtt, "engine_call_next": engine, "press_to_led": press}, press, n, gap)
        results.update({name: summary(ms) for name, ms in samples.items()})
        rss_counter_after = rss_kb(station.process.pid)[0] / 1024
        results["agents"] = agent_memory(centre, first_counter=2)
    floor = {k: round(results["broker_rtt"][k] + results["engine_call_next"][k], 3) for k in ("p50_ms", "p99_ms")}
    results["floor"] = floor
    led = results["press_to_led"]
    led["ratio_p50"] = round(led["p50_ms"] / floor["p50_ms"], 2)
    led["ratio_p99"] = round(led["p99_ms"] / floor["p99_ms"], 2)
    results["counter_01_rss_mb"] = {"after_start": round(rss_counter_start, 1),
                                    f"after_{n + WARMUP}_presses": round(rss_counter_after, 1)}
    results["run_s"] = round(time.monotonic() - began, 1)

    print(f"keypad Next → LED shows the number: {n} presses after {WARMUP} warm-up, {gap:g} s idle before each")
    print(f"{'measurement':<34} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'p50/floor':>10} {'p99/floor':>10}")
    rows = (("floor: broker QoS1 round trip", results["broker_rtt"]),
            ("floor: engine call_next (SQLite)", results["engine_call_next"]),
            ("floor: sum", {**floor, "max_ms": ""}),
            ("press → LED (counter agent)", led))
    for name, v in rows:
        print(f"{name:<34} {v['p50_ms']:>8} {v['p99_ms']:>8} {v['max_ms']!s:>8} {v.get('ratio_p50', '')!s:>10} "
              f"{v.get('ratio_p99', '')!s:>10}")
    print()
    print("agent RSS after start (connected, +1 s)")
    print(f"{'agent':<10} {'RSS MB':>8} {'peak MB':>8} {'target':>8}  result")
    for row in results["agents"]:
        target = f"< {row['target_mb']}" if row.get("target_mb") else ""
        if row["status"] == "ok":
            print(f"{row['kind']:<10} {row['rss_mb']:>8} {row['peak_mb']:>8} {target:>8}  "
                  f"{'met' if row['met'] else 'NOT met'}")
        else:
            print(f"{row['kind']:<10} {'':>8} {'':>8} {target:>8}  {row['status']}")
    print(f"(counter-01: {rss_counter_start:.1f} MB after start, {rss_counter_after:.1f} MB after "
          f"{n + WARMUP} presses; run {results['run_s']} s)")
    out = ROOT / "bench" / "results" / "agents.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
