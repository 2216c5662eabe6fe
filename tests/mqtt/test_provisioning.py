"""Provisioning through the `motcua` CLI against the store and a real Mosquitto: add, list, revoke, reload."""

from __future__ import annotations

import re

import pytest

from broker_config.process import MosquittoProcess, free_port
from broker_config.render import BrokerLayout
from devicekit.mqtt import ConnectRefused, DeviceSession, SessionConfig
from motcua.cli import main
from queue_service.devices.provisioning import Credentials
from queue_service.devices.registry import DeviceRegistry
from queue_service.devices.state import DeviceStateRecorder
from queue_service.store import Database
from tests.mqtt.helpers import wait_for
from tests.support.broker import require_mosquitto
from wire.codec import encode
from wire.messages import Availability
from wire.topics import Topics

pytestmark = pytest.mark.mosquitto
SECRET = re.compile(r"secret \(shown once.*\): (\S+)")


@pytest.fixture
def env(tmp_path, monkeypatch):
    require_mosquitto()
    monkeypatch.setenv("MOTCUA_DATABASE_URL", f"sqlite:///{tmp_path / 'motcua.db'}")
    monkeypatch.setenv("MOTCUA_BROKER_DIR", str(tmp_path / "broker"))
    monkeypatch.setenv("MOTCUA_CENTRE", "hcc-test")
    return tmp_path


def run(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_cli_round_trip_with_a_running_broker(env, capsys):
    port = free_port()
    code, out = run(capsys, "broker", "--port", str(port), "--render-only")
    assert code == 0 and "service.json" in out
    layout = BrokerLayout("hcc-test", env / "broker", port=port)
    creds = Credentials.load(layout.service_credentials)
    assert (layout.service_credentials.stat().st_mode & 0o777) == 0o600
    broker = MosquittoProcess(layout.conf, "127.0.0.1", port, layout.log_file).start()
    try:
        code, out = run(capsys, "device", "add", "kiosk", "kiosk-1")
        assert code == 0 and "broker reloaded" in out
        secret = SECRET.search(out).group(1)
        code, out = run(capsys, "device", "add", "kiosk", "kiosk-1")
        assert code == 2  # no second secret for an existing device
        code, out = run(capsys, "device", "add", "rating_tablet", "tablet-05", "--counter", "5")
        assert code == 0 and "tablet-05 (rating_tablet) added to centre hcc-test at counter 5" in out
        assert run(capsys, "device", "add", "display", "display-5", "--counter", "5")[0] == 2  # a display has no counter
        code, out = run(capsys, "device", "list")
        assert "kiosk-1" in out and "service" in out and secret not in out
        wait_for(lambda: False, timeout=0.3)  # the SIGHUP reload is asynchronous
        config = SessionConfig(centre="hcc-test", device="kiosk-1", password=secret, host="127.0.0.1", port=port,
                               state_dir=env / "dev")
        session = DeviceSession(config)
        assert session.start()
        session.stop()
        code, out = run(capsys, "device", "revoke", "kiosk-1")
        assert code == 0 and "reloaded" in out
        wait_for(lambda: False, timeout=0.3)
        with pytest.raises(ConnectRefused):
            DeviceSession(config).start()
        code, out = run(capsys, "device", "list", "--active")
        assert "kiosk-1" not in out
        # the service credential works and reads the whole centre
        assert creds.username == "service" and creds.port == port
    finally:
        broker.stop()


def test_device_state_reaches_the_store_and_strangers_are_dropped(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 's.db'}").start()
    db.upgrade()
    registry = DeviceRegistry(db, "hcc-test")
    registry.add("counter", "counter-05")
    t = Topics("hcc-test")
    recorder = DeviceStateRecorder(db, t)
    assert recorder.handle(t.availability("counter-05"), encode(Availability(state="alert", boot=3)))
    assert registry.get("counter-05").state == "alert"
    assert not recorder.handle(t.availability("ghost-1"), encode(Availability(state="ready")))
    assert not recorder.handle(t.availability("counter-05"), b'{"v": 9}')
    assert not recorder.handle(t.health("counter-05"), b"")
    assert not recorder.handle("elsewhere/x", b"{}")
    registry.revoke("counter-05")
    assert not recorder.handle(t.availability("counter-05"), encode(Availability(state="ready")))
    db.stop()
