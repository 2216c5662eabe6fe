"""The README stays true: its hardware table is the one the profiles generate, and its set-up commands exist."""

from __future__ import annotations

import re
from pathlib import Path

from devicekit.profiles import supported_hardware_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_supported_hardware_table_is_generated_from_the_profiles():
    assert supported_hardware_markdown().strip() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_two_setup_commands_are_make_targets():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("demo", "test"):
        assert f"make {target}" in readme
        assert re.search(rf"^{target}:", makefile, re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text()
