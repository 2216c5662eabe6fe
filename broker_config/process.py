"""Finding, installing, starting, reloading and stopping a Mosquitto process by PID, and the demo's embedded
Python broker (broker_config.embedded) when Mosquitto cannot be had."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from abc import ABC, abstractmethod
from pathlib import Path

log = logging.getLogger(__name__)

# Set to 1 to act as if Mosquitto were not installed and could not be (tests of the demo's embedded broker).
NO_MOSQUITTO_ENV = "MOTCUA_NO_MOSQUITTO"
EMBEDDED_MODULE = "broker_config.embedded"


class BrokerError(RuntimeError):
    """Mosquitto is missing, would not start, or did not answer."""


def _mosquitto_disabled() -> bool:
    return os.environ.get(NO_MOSQUITTO_ENV, "") not in ("", "0")


def find_mosquitto() -> str | None:
    if _mosquitto_disabled():
        return None
    found = shutil.which("mosquitto")
    if found:
        return found
    return "/usr/sbin/mosquitto" if os.access("/usr/sbin/mosquitto", os.X_OK) else None


def install_mosquitto() -> str | None:
    """Install Mosquitto with apt when we may (root, or sudo without a password); the binary's path or None."""
    if _mosquitto_disabled():
        return None
    if find_mosquitto():
        return find_mosquitto()
    if shutil.which("apt-get") is None:
        return None
    prefix = [] if os.geteuid() == 0 else (["sudo", "-n"] if shutil.which("sudo") else None)
    if prefix is None:
        return None
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "--no-install-recommends",
                                              "mosquitto", "mosquitto-clients"]):
        if subprocess.run(prefix + cmd, env=env, check=False).returncode != 0:
            log.warning("could not run %s", " ".join(cmd))
            return None
    return find_mosquitto()


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def is_mosquitto(pid: int) -> bool:
    """Whether this pid is a Mosquitto or the demo's embedded broker (both reload on SIGHUP)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"mosquitto" in cmdline or EMBEDDED_MODULE.encode() in cmdline.split(b"\0")


def signal_reload(pid_file: Path) -> bool:
    """SIGHUP the broker of this pid file so it rereads the password file and ACL; False if none runs."""
    try:
        pid = int(pid_file.read_text().strip())
    except (OSError, ValueError):
        return False
    if not is_mosquitto(pid):
        return False  # a stale pid file must not make us signal an unrelated process
    os.kill(pid, signal.SIGHUP)
    log.info("asked the broker (pid %s) to reload its password file and ACL", pid)
    return True


class BrokerProcess(ABC):
    """One broker child process on a config file; stopped by its own PID, never by name."""

    what = "broker"

    def __init__(self, conf: Path, host: str, port: int, log_file: Path | None = None) -> None:
        self.conf = conf
        self.host = host
        self.port = port
        self.log_file = log_file
        self._proc: subprocess.Popen | None = None
        self._stderr = None

    @abstractmethod
    def command(self) -> list[str]:
        """The command line that runs this broker on `self.conf`."""

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self, timeout: float = 10.0) -> "BrokerProcess":
        command = self.command()
        # Its own session: a Ctrl+C in the terminal reaches our process only, which then stops the broker last,
        # after the devices and the service have said goodbye. stderr goes to a file: a pipe nobody reads
        # would block the broker once full.
        self._stderr = tempfile.TemporaryFile()
        self._proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=self._stderr, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise BrokerError(f"{self.what} exited with {self._proc.returncode}: {self._tail()}")
            try:
                socket.create_connection((self.host, self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        tail = self._tail()
        self.stop()
        raise BrokerError(f"{self.what} did not listen on {self.host}:{self.port}: {tail}")

    def reload(self) -> None:
        if self.running():
            self._proc.send_signal(signal.SIGHUP)

    def stop(self, timeout: float = 5.0) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout)
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def _tail(self) -> str:
        text = ""
        if self._stderr is not None:
            self._stderr.seek(0)
            text = self._stderr.read().decode(errors="replace")[-2000:]
        if self.log_file and self.log_file.exists():
            text += self.log_file.read_text(errors="replace")[-2000:]
        return text.strip()[-2000:]


class MosquittoProcess(BrokerProcess):
    """A real Mosquitto: what a centre runs."""

    what = "mosquitto"

    def command(self) -> list[str]:
        binary = find_mosquitto()
        if binary is None:
            raise BrokerError("mosquitto is not installed (apt-get install mosquitto)")
        return [binary, "-c", str(self.conf)]


class EmbeddedBrokerProcess(BrokerProcess):
    """The embedded Python MQTT v5 broker on the same configuration: for the demo only, where Mosquitto cannot be
    installed; a real centre runs Mosquitto."""

    what = "embedded broker"

    def command(self) -> list[str]:
        return [sys.executable, "-m", EMBEDDED_MODULE, str(self.conf)]
