"""The SMS rig of the tests: a centre file that names an SMS agent, and that agent on an emulated SIM800 modem."""

from __future__ import annotations

from pathlib import Path

import yaml

from devicekit.emulators.modem import ModemEmulator
from devicekit.serial_link import Backoff
from tests.queue.conftest import DEMO
from tests.support.agents import agent_file

SMS_DEVICE = "sms-1"
# Fast enough for a test: a retry after half a second, an answer awaited two.
FAST_SMS = {"device": SMS_DEVICE, "retry_s": 0.5, "answer_s": 2.0}


def sms_centre_file(directory: Path, **sms) -> Path:
    """The demo centre with an `sms:` section; the photos it names stay where they are (absolute paths)."""
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    for person in data.get("staff", []):
        if person.get("photo"):
            person["photo"] = str(DEMO.parent / person["photo"])
    data["sms"] = {**FAST_SMS, **sms}
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "centre-sms.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def sms_agent(broker, directory: Path, device: str = SMS_DEVICE):
    """A modem emulator on a pty and the SMS agent bound to it (not started); returns (agent, emulator)."""
    from sms_agent.agent import SmsAgent

    modem = ModemEmulator(directory / f"tty{device}").start()
    path = agent_file(broker, directory, device, "sms", hardware={"modem": {"profile": "sim800-gsm", "port": modem.url}})
    options = {"modem": {"backoff": Backoff(0.05, 0.2), "timeout": 1.0, "send_timeout": 10.0}}
    return SmsAgent.from_file(path, driver_options=options), modem
