"""What the service is handed and what it loads: explicit settings are not steered by MOTCUA_* variables, a bad
centre file stops `motcua service` with the words of `motcua config check`, and the app loads no hardware library."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from queue_service.settings import DEFAULT_DB, Settings

ROOT = Path(__file__).resolve().parents[1]
HARDWARE = ("devicekit", "escpos", "serial", "usb", "PIL", "pygame", "cv2")


def test_explicit_settings_ignore_motcua_variables(monkeypatch, tmp_path):
    monkeypatch.setenv("MOTCUA_DATABASE_URL", "postgresql+psycopg://nobody@nowhere/motcua")
    monkeypatch.setenv("MOTCUA_PORT", "9999")
    monkeypatch.setenv("MOTCUA_MQTT_CREDENTIALS", str(tmp_path / "service.json"))
    explicit = Settings(public_url="https://hcc.example.vn")
    assert (explicit.database_url, explicit.port, explicit.mqtt_credentials) == (DEFAULT_DB, 8000, None)
    from_env = Settings.from_env(port=8100)
    assert from_env.database_url == "postgresql+psycopg://nobody@nowhere/motcua"
    assert from_env.mqtt_credentials == tmp_path / "service.json"
    assert from_env.port == 8100, "a command-line flag wins over the environment"


def test_a_bad_centre_file_stops_the_service_with_the_config_checks_words(tmp_path):
    bad = tmp_path / "centre.yaml"
    demo = (ROOT / "examples" / "centre-demo.yaml").read_text(encoding="utf-8")
    bad.write_text(demo.replace("{number: 4, name_vi", "{number: 4, colour: red, name_vi"), encoding="utf-8")

    def motcua(*argv):
        return subprocess.run([sys.executable, "-m", "motcua", *argv], cwd=tmp_path, capture_output=True, text=True,
                              timeout=60)

    check = motcua("config", "check", str(bad))
    service = motcua("service", "--config", str(bad), "--db", f"sqlite:///{tmp_path / 'x.db'}", "--port", "1")
    assert check.returncode != 0 and service.returncode != 0
    assert "Traceback" not in service.stderr
    assert check.stderr.strip() in service.stderr
    assert f"{bad}: 1 problem(s):" in service.stderr
    assert "line 34, counters[3].colour: unknown key" in service.stderr


def test_importing_and_building_the_app_loads_no_hardware_library(tmp_path):
    script = textwrap.dedent(f"""
        import json, sys
        from queue_service.api.app import create_app
        from queue_service.context import ServiceContext
        from queue_service.settings import Settings
        settings = Settings(database_url="sqlite:///{tmp_path / 'x.db'}", centre_files=["{ROOT / 'examples/centre-demo.yaml'}"],
                            mqtt_credentials="{tmp_path / 'service.json'}")
        create_app(ServiceContext.from_settings(settings))
        print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {HARDWARE!r})))
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
