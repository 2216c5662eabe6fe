"""The broker's own floor: QoS 1 publish → subscribe round trip on loopback through the project-configured Mosquitto."""

from __future__ import annotations

import json
import platform
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import paho.mqtt.client as mqtt  # noqa: E402
from paho.mqtt.enums import CallbackAPIVersion  # noqa: E402

from tests.support.broker import running_broker  # noqa: E402

MESSAGES = 1000
WARMUP = 50
PAYLOAD = b'{"v":1,"seq":0,"number":"1023","counter":"05","field":"HT","recall":0,"ts":"2024-01-01T00:00:00Z"}'


def client(broker, user: str) -> mqtt.Client:
    c = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=user, protocol=mqtt.MQTTv5)
    c.username_pw_set(user, broker.passwords[user])
    c.on_socket_open = lambda _c, _u, s: s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    c.connect(broker.host, broker.port, 30)
    c.loop_start()
    return c


def measure(broker, topic: str, n: int, gap_s: float = 0.0) -> list[float]:
    """One message at a time: service publishes on `calls`, a display receives it; µs per round trip.
    `gap_s` idles before each message, as a counter's press comes after an idle spell (bench_calls)."""
    broker.add("display-bench", kind="display")
    got = threading.Event()
    subscribed = threading.Event()
    sub = client(broker, "display-bench")
    sub.on_subscribe = lambda *_a: subscribed.set()
    sub.on_message = lambda *_a: got.set()
    sub.subscribe(topic, qos=1)
    subscribed.wait(5)
    pub = client(broker, "service")
    time.sleep(0.2)
    samples = []
    for i in range(n + WARMUP):
        got.clear()
        time.sleep(gap_s)
        start = time.perf_counter()
        pub.publish(topic, PAYLOAD, qos=1)
        if not got.wait(5):
            raise RuntimeError(f"message {i} lost")
        if i >= WARMUP:
            samples.append((time.perf_counter() - start) * 1e6)
    for c in (pub, sub):
        c.disconnect()
        c.loop_stop()
    return samples


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp, running_broker(Path(tmp) / "broker", centre="bench") as broker:
        samples = measure(broker, broker.layout.topics.calls(), MESSAGES)
    result = {
        "benchmark": "mqtt_floor",
        "what": "QoS1 publish (service) → delivery (display) on loopback, one at a time, project Mosquitto config",
        "messages": len(samples),
        "p50_us": round(statistics.median(samples), 1),
        "p90_us": round(percentile(samples, 90), 1),
        "p99_us": round(percentile(samples, 99), 1),
        "max_us": round(max(samples), 1),
        "mean_us": round(statistics.fmean(samples), 1),
        "machine": platform.platform(),
    }
    print(f"{'metric':<10} {'µs':>10}")
    for key in ("p50_us", "p90_us", "p99_us", "max_us", "mean_us"):
        print(f"{key[:-3]:<10} {result[key]:>10.1f}")
    out = ROOT / "bench" / "results" / "mqtt_floor.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
