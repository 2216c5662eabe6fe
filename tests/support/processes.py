"""Real processes for the whole-centre tests: `motcua service` and the agents, each logging to its own file, stopped
by SIGTERM as systemd stops them (and killed if they do not stop, so a test never hangs on one)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


class Process:
    """`python -m motcua ARGS…` from the source tree, in a session of its own."""

    def __init__(self, name: str, args: list[str], log_dir: Path, env: dict[str, str] | None = None) -> None:
        self.name = name
        self.args = [sys.executable, "-m", "motcua", *args]
        self.log = log_dir / f"{name}.log"
        self.env = {**os.environ, "PYTHONPATH": str(ROOT), "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
                    **(env or {})}
        self._popen: subprocess.Popen | None = None
        self.returncode: int | None = None

    def start(self) -> "Process":
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as out:
            self._popen = subprocess.Popen(self.args, stdout=out, stderr=subprocess.STDOUT, env=self.env, cwd=ROOT,
                                           start_new_session=True)
        return self

    @property
    def alive(self) -> bool:
        return self._popen is not None and self._popen.poll() is None

    @property
    def pid(self) -> int | None:
        return self._popen.pid if self._popen else None

    def stop(self, timeout: float = 15.0) -> int | None:
        """SIGTERM, then SIGKILL after `timeout`; the exit code (negative: killed by a signal)."""
        if self._popen is None:
            return self.returncode
        if self._popen.poll() is None:
            self._popen.send_signal(signal.SIGTERM)
            try:
                self._popen.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self._popen.pid, signal.SIGKILL)
                self._popen.wait(5)
        self.returncode, self._popen = self._popen.returncode, None
        return self.returncode

    def text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def wait_for_log(self, needle: str, timeout: float = 20.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if needle in self.text():
                return True
            if not self.alive:
                return False
            time.sleep(0.1)
        return False


def service(db_url: str, centre_file: Path, port: int, credentials: Path, log_dir: Path) -> Process:
    """`motcua service` with the MQTT bridge on, as an installer runs it (MOTCUA_* settings from the environment)."""
    env = {"MOTCUA_MQTT_CREDENTIALS": str(credentials), "MOTCUA_ENFORCE_HOURS": "false",
           "MOTCUA_PUBLIC_URL": f"http://127.0.0.1:{port}"}
    return Process("service", ["service", "--db", db_url, "--config", str(centre_file), "--host", "127.0.0.1",
                               "--port", str(port)], log_dir, env)


def wait_healthy(base: str, process: Process, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not process.alive:
            raise AssertionError(f"{process.name} exited:\n{process.text()[-3000:]}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{process.name} not healthy in {timeout} s:\n{process.text()[-3000:]}")
