"""Clerk's call → calling display (`calls`) and → counter LED (its retained `counter/01/state`), with 10 and 1,000 devices connected,
compared with the floors (the broker's own round trip + a bare FastAPI request).

Every part runs as it does in a centre: `motcua service` (HTTP API and bridge) in its own process, Mosquitto with
the project's configuration, the display and the LED as MQTT clients of their own, idle devices in child processes.
A clerk presses Next every few seconds, not back to back, and a machine that has idled answers more slowly than a
busy one (caches and CPU frequency: on this 2-core VM a bare FastAPI request takes 0.5 ms back to back and about
2 ms after 0.3 s of idle). So every sample, floors and calls alike, is taken after the same idle gap (--gap); the
floors measured back to back are printed too, for reference. The measuring process (the clerk's HTTP client, the
display and the LED) runs with its garbage collector off, as timeit does: a full collection there stalled all
three for 30 ms and was counted against the service.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import paho.mqtt.client as mqtt  # noqa: E402
from paho.mqtt.enums import CallbackAPIVersion  # noqa: E402

from bench.bench_mqtt_floor import measure as mqtt_floor  # noqa: E402
from bench.bench_queue import start as start_process  # noqa: E402
from broker_config.passwd import hash_secret, new_secret  # noqa: E402
from broker_config.process import free_port  # noqa: E402
from broker_config.render import AuthEntry  # noqa: E402
from tests.support.broker import running_broker  # noqa: E402
from wire.topics import counter_id  # noqa: E402

CENTRE = "hcc-demo"
DEMO = ROOT / "examples" / "centre-demo.yaml"
CALLS = 200
WARMUP = 20
FLEET = (10, 1000)
GAP_S = 0.3  # idle before each sample; also keeps the board (0.5 s after a change) between two calls


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summary(ms: list[float]) -> dict:
    return {"p50_ms": round(statistics.median(ms), 3), "p99_ms": round(pct(ms, 99), 3), "max_ms": round(max(ms), 3),
            "n": len(ms)}


def write_results(name: str, results: dict) -> None:
    """bench/results/<name>.json (not committed: each machine's own figures)."""
    out_file = ROOT / "bench" / "results" / f"{name}.json"
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out_file.relative_to(ROOT)}")


def http_floor(n: int, gap_s: float) -> list[float]:
    """A bare FastAPI endpoint under uvicorn in its own process: the cost of HTTP itself."""
    port = free_port()
    server = start_process([sys.executable, "-m", "uvicorn", "bench.floor_app:app", "--port", str(port),
                            "--log-level", "warning"], {}, port)
    samples = []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as http:
            for i in range(n + WARMUP):
                time.sleep(gap_s)
                began = time.perf_counter()
                http.post("/ping").raise_for_status()
                if i >= WARMUP:
                    samples.append((time.perf_counter() - began) * 1e3)
    finally:
        server.terminate()
        server.wait()
    return samples


def paho_client(broker, user: str, secret: str) -> mqtt.Client:
    c = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=user, protocol=mqtt.MQTTv5)
    c.username_pw_set(user, secret)
    c.on_socket_open = lambda _c, _u, s: s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return c


def provision_bulk(broker, names: list[str]) -> None:
    """One password-file rewrite for many idle devices (TestBroker.add reloads per device); one hash for all."""
    secret = new_secret()
    hashed = hash_secret(secret)
    for name in names:
        broker._entries[name] = AuthEntry(name, hashed)
        broker.passwords[name] = secret
    broker._sync()


def fleet_worker(host: str, port: int, centre: str, names: list[str], secret: str, ready, stop) -> None:
    """Idle devices in a child process, all driven by one select() loop (paho's external-loop API): in a centre each
    is a machine of its own, so here they should cost the host little; a thread per client would wake 1,000 threads
    a second on this 2-core machine. A few hundred per process keeps every socket below select()'s limit of 1024."""
    import select

    from wire.topics import Topics

    topics = Topics(centre)
    clients = []
    for name in names:
        c = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=name, protocol=mqtt.MQTTv5)
        c.username_pw_set(name, secret)
        c.on_socket_open = lambda _c, _u, s: s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        # What an idle device subscribes to: its commands, its replies, the service's availability.
        c.on_connect = lambda cl, _u, _f, _r, _p, n=name: cl.subscribe(
            [(topics.device_commands(n), 1), (topics.device_responses(n), 1), (topics.service_availability(), 1)])
        c.connect(host, port, 60)
        clients.append(c)

    def turn(timeout: float) -> None:
        by_socket = {c.socket(): c for c in clients if c.socket() is not None}
        writable = [s for s, c in by_socket.items() if c.want_write()]
        readable, writable, _ = select.select(list(by_socket), writable, [], timeout)
        for s in readable:
            by_socket[s].loop_read()
        for s in writable:
            by_socket[s].loop_write()

    deadline = time.monotonic() + 60
    while sum(c.is_connected() for c in clients) < len(clients) and time.monotonic() < deadline:
        turn(0.1)
    ready.put(sum(c.is_connected() for c in clients))
    while not stop.is_set():
        turn(1.0)
        for c in clients:
            c.loop_misc()  # keep-alive pings
    for c in clients:
        c.disconnect()
        c.loop_write()


class IdleFleet:
    def __init__(self) -> None:
        import multiprocessing

        self.mp = multiprocessing.get_context("spawn")
        self.ready, self.stop_event = self.mp.Queue(), self.mp.Event()
        self.procs: list = []
        self.connected = 0
        self.next = 0

    def grow(self, broker, count: int, per_process: int = 250) -> int:
        names = [f"idle-{i:04d}" for i in range(self.next, self.next + count)]
        self.next += count
        provision_bulk(broker, names)
        secret = broker.passwords[names[0]] if names else ""
        chunks = [names[i:i + per_process] for i in range(0, len(names), per_process)]
        for chunk in chunks:
            proc = self.mp.Process(target=fleet_worker, args=(broker.host, broker.port, broker.centre, chunk, secret,
                                                              self.ready, self.stop_event), daemon=True)
            proc.start()
            self.procs.append(proc)
        for _ in chunks:
            self.connected += self.ready.get(timeout=120)
        return self.connected

    def stop(self) -> None:
        self.stop_event.set()
        for proc in self.procs:
            proc.join(10)


def run_service(broker, tmp: Path) -> tuple[subprocess.Popen, int, dict]:
    """`motcua service` with the bridge on, as a centre runs it; returns when the bridge has said `ready`."""
    from queue_service.auth.roles import Role
    from queue_service.auth.tokens import create_token
    from queue_service.devices.registry import DeviceRegistry
    from queue_service.store import Database

    url = f"sqlite:///{tmp / 'motcua.db'}"
    db = Database(url).start()
    db.upgrade()
    registry = DeviceRegistry(db, CENTRE)
    registry.add("display", "display-bench")
    registry.add("counter", "counter-01", counter=1)
    broker.add("display-bench", kind="display")
    broker.add("counter-01", kind="counter")
    creds = tmp / "service.json"
    creds.write_text(json.dumps({"centre": CENTRE, "host": broker.host, "port": broker.port, "username": "service",
                                 "password": broker.passwords["service"]}))
    tokens = {"clerk": create_token(db, Role.clerk, centre=CENTRE, counter=1, staff_id="cb1"),
              "kiosk": create_token(db, Role.device, centre=CENTRE)}
    db.stop()
    port = free_port()
    availability = broker.layout.topics.service_availability()
    watch = broker.probe("display-bench", subscribe=[availability])  # not as `service`: the service takes that id
    env = {"MOTCUA_DATABASE_URL": url, "MOTCUA_CENTRE_FILES": json.dumps([str(DEMO)]), "MOTCUA_ENFORCE_HOURS": "false",
           "MOTCUA_MQTT_CREDENTIALS": str(creds), "MOTCUA_PUBLIC_URL": f"http://127.0.0.1:{port}"}
    service = start_process([sys.executable, "-m", "motcua", "service", "--port", str(port)], env, port)
    try:
        deadline = time.monotonic() + 15
        while (msg := watch.expect(availability, timeout=deadline - time.monotonic())) is not None:
            if json.loads(msg.payload).get("state") == "ready":
                break
        else:
            service.terminate()
            raise RuntimeError("the service's bridge did not say ready")
    finally:
        watch.stop()
    return service, port, tokens


class Watchers:
    """The calling display (on `calls`) and counter-01's LED, which follows its counter's state topic as the counter
    agent does (devicekit.mqtt.simulator records the same); the retained copy sent on subscribe is not a call."""

    def __init__(self, broker) -> None:
        topics = broker.layout.topics
        self.got_call, self.got_show = threading.Event(), threading.Event()
        self.t_call = self.t_show = 0.0
        self.display = paho_client(broker, "display-bench", broker.passwords["display-bench"])
        self.display.on_message = self._on_call
        self.display.on_connect = lambda c, *_a: c.subscribe(topics.calls(), 1)
        self.led = paho_client(broker, "counter-01", broker.passwords["counter-01"])
        self.led.on_message = self._on_state
        self.led.on_connect = lambda c, *_a: c.subscribe(topics.counter_state(counter_id(1)), 1)
        for c in (self.display, self.led):
            c.connect(broker.host, broker.port, 60)
            c.loop_start()
        time.sleep(0.5)

    def _on_call(self, *_a) -> None:
        self.t_call = time.perf_counter()
        self.got_call.set()

    def _on_state(self, _c, _u, msg) -> None:
        if not msg.retain:
            self.t_show = time.perf_counter()
            self.got_show.set()

    def stop(self) -> None:
        for c in (self.display, self.led):
            c.disconnect()
            c.loop_stop()


def measure_calls(port: int, tokens: dict, watchers: Watchers, n: int, gap_s: float) -> tuple[list[float], ...]:
    base = f"http://127.0.0.1:{port}/api/v1/centres/{CENTRE}"
    clerk = {"Authorization": f"Bearer {tokens['clerk']}"}
    kiosk = {"Authorization": f"Bearer {tokens['kiosk']}"}
    to_display, to_led, answered = [], [], []
    with httpx.Client() as http:
        http.post(f"{base}/counters/1/open", headers=clerk).raise_for_status()
        for _ in range(n + WARMUP):  # the queue first, so no ticket's issue (and its board) falls inside a call
            http.post(f"{base}/tickets", json={"field": "HT"}, headers=kiosk).raise_for_status()
        time.sleep(1)
        for i in range(n + WARMUP):
            watchers.got_call.clear(), watchers.got_show.clear()
            time.sleep(gap_s)
            start = time.perf_counter()
            http.post(f"{base}/counters/1/next", headers=clerk).raise_for_status()
            replied = time.perf_counter()
            if not (watchers.got_call.wait(5) and watchers.got_show.wait(5)):
                raise RuntimeError(f"call {i}: display or LED got nothing")
            if i >= WARMUP:
                to_display.append((watchers.t_call - start) * 1e3)
                to_led.append((watchers.t_show - start) * 1e3)
                answered.append((replied - start) * 1e3)
    return to_display, to_led, answered


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("calls", type=int, nargs="?", default=CALLS, help="calls per case")
    parser.add_argument("--gap", type=float, default=GAP_S, help="idle seconds before every sample")
    parser.add_argument("--fleet", type=int, nargs="+", default=FLEET, help="devices connected, one case each")
    args = parser.parse_args()
    n, gap = args.calls, args.gap
    results: dict = {"benchmark": "calls", "machine": platform.platform(), "calls_per_case": n, "gap_s": gap}
    gc.collect()
    gc.disable()
    with tempfile.TemporaryDirectory() as tmp, running_broker(Path(tmp) / "broker", centre=CENTRE) as broker:
        calls_topic = broker.layout.topics.calls()
        results["floor_mqtt_back_to_back"] = summary([us / 1e3 for us in mqtt_floor(broker, calls_topic, n)])
        results["floor_http_back_to_back"] = summary(http_floor(n, 0.0))
        results["floor_mqtt"] = summary([us / 1e3 for us in mqtt_floor(broker, calls_topic, n, gap)])
        results["floor_http"] = summary(http_floor(n, gap))
        floors = {k: round(results["floor_mqtt"][k] + results["floor_http"][k], 3) for k in ("p50_ms", "p99_ms")}
        results["floor_sum"] = floors
        service, port, tokens = run_service(broker, Path(tmp))
        watchers = Watchers(broker)
        fleet, have = IdleFleet(), 2
        try:
            for devices in args.fleet:
                connected = 2 + fleet.grow(broker, devices - have)
                have = devices
                print(f"{connected} devices connected; measuring {n} calls, {gap:g} s apart", flush=True)
                to_display, to_led, answered = measure_calls(port, tokens, watchers, n, gap)
                # The HTTP reply to the clerk's press, for reading the two figures after it.
                for name, ms in (("call_http_reply", answered), ("call_to_display", to_display), ("call_to_led", to_led)):
                    s = summary(ms)
                    s["ratio_p50"] = round(s["p50_ms"] / floors["p50_ms"], 2)
                    s["ratio_p99"] = round(s["p99_ms"] / floors["p99_ms"], 2)
                    results[f"{name}@{devices}"] = dict(s, devices_connected=connected)
        finally:
            watchers.stop()
            fleet.stop()
            service.terminate()
            service.wait(10)
    print(f"{'measurement':<26} {'p50 ms':>8} {'p99 ms':>8} {'p50/floor':>10} {'p99/floor':>10}")
    for key, value in results.items():
        if isinstance(value, dict) and "p50_ms" in value:
            r50, r99 = value.get("ratio_p50", ""), value.get("ratio_p99", "")
            print(f"{key:<26} {value['p50_ms']:>8.3f} {value['p99_ms']:>8.3f} {r50!s:>10} {r99!s:>10}")
    out = ROOT / "bench" / "results" / "calls.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
