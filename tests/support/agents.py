"""Agent files for tests: a device provisioned on the test broker, its secret in a file, its YAML written out; and
a screen agent run on the main thread while a test drives it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import yaml


def agent_file(broker, directory: Path, device: str, kind: str, *, counter: int | None = None,
               hardware: dict | None = None, **sections) -> Path:
    """Provision `device` on the test broker (if needed) and write its agent YAML; returns the file's path."""
    if device not in broker.passwords:
        broker.add(device, kind)
    directory.mkdir(parents=True, exist_ok=True)
    secret = directory / f"{device}.secret"
    secret.write_text(broker.passwords[device] + "\n", encoding="utf-8")
    secret.chmod(0o600)
    data = {"version": 1, "centre": broker.centre, "device": device,
            "broker": {"host": broker.host, "port": broker.port, "secret_file": str(secret)},
            "state_dir": str(directory / f"{device}-state"), "hardware": hardware or {}, **sections}
    if counter is not None:
        data["counter"] = counter
    path = directory / f"{device}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def run_with(agent, steps: Callable[[], None], join_s: float = 10.0) -> None:
    """Runs a screen agent on the main thread (pygame must) while `steps()` drives it from a worker; the agent stops
    when the steps end, and their failure is raised here, on the main thread."""
    failure: list[BaseException] = []

    def worker() -> None:
        try:
            steps()
        except BaseException as exc:
            failure.append(exc)
        finally:
            agent._stop_all()

    thread = threading.Thread(target=worker)
    thread.start()
    assert agent.run() == 0
    thread.join(join_s)
    if failure:
        raise failure[0]


def counter_with_receipt_printer(centre, directory: Path, counter: int = 11):
    """A real counter agent for `counter`, provisioned on the test broker, whose receipt printer is an ESC/POS
    emulator on TCP (an 80 mm XP-80); returns (printer server, started agent): the caller stops both."""
    from counter_agent.agent import CounterAgent
    from devicekit.emulators.escpos import EscposEmulator
    from devicekit.emulators.escpos_server import EscposTcpServer

    device = f"counter-{counter:02d}"
    printer = EscposTcpServer(EscposEmulator(printable_dots=576)).start()
    centre.provision("counter", device, counter=counter)
    path = agent_file(centre.broker, directory, device, "counter", counter=counter,
                      hardware={"receipt_printer": {"profile": "xprinter-xp-80", "port": printer.url}})
    return printer, CounterAgent.from_file(path).start()
