"""Install extras per role: a kiosk PC (motcua[agent]) runs its agent without the service's libraries, and the
service (motcua[service]) starts without pygame, OpenCV or the printer libraries. Checked by hiding them."""

from __future__ import annotations

import subprocess
import sys

import pytest

SERVICE_ONLY = ["sqlalchemy", "alembic", "psycopg", "fastapi", "uvicorn", "pydantic_settings", "aiomqtt", "holidays",
                "jinja2", "httpx", "prometheus_client", "argon2", "openpyxl"]
# qrcode is in both: the agents print QR codes, the service draws them as SVG (booking page, A5 receipt; no PIL).
AGENT_ONLY = ["pygame", "cv2", "escpos", "serial", "usb", "PIL", "zxingcpp", "evdev", "numpy", "scipy", "pyloudnorm"]

HIDE = """
import sys
class Hidden:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {hidden!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}} (not in this install)")
sys.meta_path.insert(0, Hidden())
"""


def run_hidden(hidden: list[str], code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", HIDE.format(hidden=set(hidden)) + code], capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("agent", ["counter", "kiosk", "display", "rating"])
def test_an_agent_install_has_the_command_line_and_its_agent(agent):
    code = ("from motcua.cli import build_parser\nfrom motcua.commands.agents import agent_class\n"
            f"build_parser().parse_args([{agent!r}, '--config', 'x.yaml'])\nprint(agent_class({agent!r}).__name__)")
    run = run_hidden(SERVICE_ONLY, code)
    assert run.returncode == 0, run.stderr


def test_a_service_install_builds_the_app_without_agent_libraries():
    code = ("from motcua.cli import build_parser\nbuild_parser().parse_args(['service'])\n"
            "from queue_service.api.app import create_app\nprint('ok')")
    run = run_hidden(AGENT_ONLY, code)
    assert run.returncode == 0, run.stderr
