"""`motcua demo` on a machine without Mosquitto (MOTCUA_NO_MOSQUITTO=1): it runs the embedded Python broker with the
same devices and credentials, says plainly that a real centre runs Mosquitto, and its real agents connect on their
emulated hardware: the simulated clerks' keypad presses call tickets and the rating pads' presses store ratings."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from broker_config.process import free_port, is_mosquitto
from tests.support.broker import Probe
from wire.topics import Topics

REPO = Path(__file__).resolve().parent.parent
DEVICES = ["kiosk-1", "display-hall", "sms-1", "counter-01", "counter-02"]


def _lines(proc: subprocess.Popen) -> queue.Queue:
    out: queue.Queue = queue.Queue()

    def pump() -> None:
        for line in proc.stdout:
            out.put(line)
        out.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return out


def _read_until(lines: queue.Queue, marker: str, seen: list[str], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            return False
        if line is None:
            return False
        seen.append(line)
        if marker in line:
            return True
    return False


def _motcua(cwd: Path, *args) -> str:
    env = dict(os.environ, MOTCUA_DATABASE_URL="sqlite:///var/demo/motcua.db")
    done = subprocess.run([sys.executable, "-m", "motcua", *map(str, args)], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _ratings(store: Path) -> int:
    with contextlib.closing(sqlite3.connect(store, timeout=5)) as db:
        return db.execute("SELECT count(*) FROM ratings").fetchone()[0]


def _agents_running(directory: Path) -> list[str]:
    """Command lines of live processes started with an agent file of this demo."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if str(directory / "var" / "demo" / "agents") in cmdline:
            found.append(cmdline)
    return found


def _signs_in_to_the_console(printed: str, port: int) -> None:
    """The console link and credentials the demo printed sign a clerk in: the sign-in page, then its form."""
    line = next(line for line in printed.splitlines() if "Clerk console" in line)
    found = re.search(r"(http://\S+/sign-in)\s+staff (\S+) .*password (\S+)$", line)
    assert found, line
    url, staff, password = found.groups()
    assert url.startswith(f"http://127.0.0.1:{port}/console/") and staff.startswith("nv"), line
    with httpx.Client(follow_redirects=False, timeout=10) as browser:
        form = browser.get(url)
        token = form.cookies["motcua_signin_csrf"]  # the form's double-submit token
        answer = browser.post(url, data={"staff_id": staff, "password": password, "csrf_token": token})
        assert answer.status_code == 303 and "motcua_session" in answer.cookies, (answer.status_code, answer.text[:300])
        assert browser.get(url, follow_redirects=True).url.path.endswith("/counter"), "signed in: pick a counter"


def _port(broker_dir: Path) -> int:
    return json.loads((broker_dir / "service.json").read_text())["port"]


@pytest.mark.slow
def test_demo_without_mosquitto_runs_the_embedded_broker_and_its_devices_connect(tmp_path):
    (tmp_path / "examples").symlink_to(REPO / "examples")  # the demo reads examples/ and writes var/ in its cwd
    env = dict(os.environ, MOTCUA_NO_MOSQUITTO="1", PYTHONUNBUFFERED="1")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "motcua", "demo", "--port", str(port), "--mqtt-port",
                             str(free_port()), "--counters", "2", "--arrival-seconds", "0.5",
                             "--service-seconds", "1", "2"], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    seen: list[str] = []
    lines = _lines(proc)
    broker_pid = None
    try:
        assert _read_until(lines, "Press Ctrl+C to stop.", seen, timeout=90), "".join(seen)
        text = "".join(seen)
        assert "embedded Python MQTT broker FOR THE DEMO ONLY" in text
        assert "CHỈ DÙNG CHO BẢN DEMO" in text and "apt-get install mosquitto; motcua broker" in text
        assert "5 agents on emulated hardware: kiosk-1, display-hall, sms-1, counter-01, counter-02" in text, text
        assert "/devices/kiosk-1/mirror?centre=" in text and "#token=mct_" in text  # the kiosk, from the browser
        _signs_in_to_the_console(text, port)

        broker_dir = tmp_path / "var" / "demo" / "broker"
        broker_pid = int((broker_dir / "mosquitto.pid").read_text())
        assert is_mosquitto(broker_pid)  # the embedded broker answers to signal_reload like Mosquitto
        centre = json.loads((broker_dir / "service.json").read_text())["centre"]
        topics = Topics(centre)
        # Provisioning works as with Mosquitto: the CLI rewrites the files and SIGHUPs the pid in the pid file.
        added = _motcua(tmp_path, "device", "add", "service", "watcher", "--centre", centre, "--dir", broker_dir)
        assert "broker reloaded" in added, added
        secret = added.split("store it on the device): ")[1].split()[0]
        watcher = Probe("127.0.0.1", _port(broker_dir), "watcher", secret, topics.all_device_state()).start()
        assert watcher.connected
        dropped = []
        watcher.client.on_disconnect = lambda _c, _u, _f, reason, _p: dropped.append(reason)
        ready = set()
        deadline = time.monotonic() + 45  # five agent processes importing pygame and friends on two cores
        while ready != set(DEVICES) and time.monotonic() < deadline:
            msg = watcher.expect(timeout=1)
            if msg is not None and msg.topic.endswith("/availability") and json.loads(msg.payload)["state"] == "ready":
                ready.add(topics.parse(msg.topic).device)
        assert ready == set(DEVICES)
        # The simulated clerks press Next, Start and Finish on the emulated keypads, through the counter agents; the
        # citizens' presses on the emulated rating pads come back as ratings in the demo's store.
        store = tmp_path / "var" / "demo" / "motcua.db"
        deadline = time.monotonic() + 60
        while _ratings(store) == 0 and time.monotonic() < deadline:
            time.sleep(1)
        assert _ratings(store) > 0, "no rating reached the store from the emulated pads"
        assert "broker reloaded" in _motcua(tmp_path, "device", "revoke", "watcher", "--centre", centre, "--dir", broker_dir)
        deadline = time.monotonic() + 5
        while not dropped and time.monotonic() < deadline:
            time.sleep(0.05)
        watcher.client.loop_stop()
        assert dropped, "a revoked credential is dropped at the reload"
    finally:
        proc.send_signal(signal.SIGTERM)  # as `kill`, systemd and `docker stop` do; Ctrl+C takes the same path
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
            if broker_pid is not None and is_mosquitto(broker_pid):  # it runs in its own session
                os.kill(broker_pid, signal.SIGTERM)
    assert proc.returncode == 0
    assert _read_until(lines, "motcua demo stopped.", seen, timeout=5), "".join(seen)
    assert not (tmp_path / "var" / "demo" / "broker" / "mosquitto.pid").exists()  # the broker stopped too
    assert broker_pid is not None and not is_mosquitto(broker_pid)
    assert _agents_running(tmp_path) == []  # every agent process stopped with the demo
