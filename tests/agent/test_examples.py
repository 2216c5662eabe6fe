"""Every example agent file in examples/agents/ is one an installer can copy: its first line names the command that
runs it, and it passes that agent's own checks (the file's model, the hardware profiles of the roles it binds)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from devicekit.agent.config import bind_hardware, load_agent_config
from motcua.commands.agents import AGENTS, agent_class

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples" / "agents").glob("*.yaml"))


def test_there_is_an_example_for_every_agent():
    commands = {re.search(r"`motcua (\w+) --config", path.read_text(encoding="utf-8")).group(1) for path in EXAMPLES}
    assert commands == set(AGENTS)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_an_example_passes_its_agents_checks(path):
    command = re.search(r"`motcua (\w+) --config", path.read_text(encoding="utf-8").splitlines()[0]).group(1)
    cls = agent_class(command)
    config = load_agent_config(path, cls.config_model)
    profiles = bind_hardware(config, cls.roles, source=str(path))
    assert set(profiles) == set(config.hardware)
    assert all(role in profiles for role, spec in cls.roles.items() if spec.required)
