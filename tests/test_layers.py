"""The layers of DESIGN.md §6, enforced: `lint-imports` keeps every contract in pyproject.toml (wire imports nothing
of ours; the service no devicekit, agent or hardware library; devicekit no service or agent; agents no service and
not each other), so a broken one fails CI."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT = str(Path(sys.executable).with_name("lint-imports"))


def lint(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([LINT, "--no-logo", "--no-cache", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_every_layer_contract_is_kept():
    done = lint()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout and "5 kept" in done.stdout


def test_a_broken_contract_fails_the_check(tmp_path):
    """The check can fail: the CLI does import the service, so a contract forbidding it is reported broken."""
    config = tmp_path / "broken.ini"
    config.write_text("[importlinter]\nroot_packages =\n    motcua\n    queue_service\n\n"
                      "[importlinter:contract:x]\nname = the CLI never imports the service\ntype = forbidden\n"
                      "source_modules = motcua\nforbidden_modules = queue_service\n")
    done = lint("--config", str(config))
    assert done.returncode == 1 and "BROKEN" in done.stdout and "motcua" in done.stdout


def test_every_agent_package_is_under_the_agents_contracts():
    """Every agent the CLI runs is forbidden to the service and to devicekit, may not import the service, and is
    independent of the other agents: a new agent left out of pyproject.toml would escape the layering."""
    from motcua.commands.agents import AGENTS

    packages = {module.split(".")[0] for module, _cls, _what in AGENTS.values()}
    contracts = {c["id"]: c for c in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
                 ["tool"]["importlinter"]["contracts"]}
    assert packages <= set(contracts["agents-independent"]["modules"])
    assert packages <= set(contracts["agents-service"]["source_modules"])
    for kept_out in ("wire", "service", "devicekit"):
        assert packages <= set(contracts[kept_out]["forbidden_modules"]), kept_out
