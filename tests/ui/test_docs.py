"""docs/ui.md stays true: its example app builds, and a tap on "Hài lòng" rates 1."""

from __future__ import annotations

import re
import signal
from pathlib import Path

import pygame

DOC = Path(__file__).resolve().parents[2] / "docs" / "ui.md"


def test_the_example_in_docs_ui_md_runs_and_takes_a_tap():
    code = re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S).group(1)
    assert "ui.run()" in code and len(code.strip().splitlines()) <= 30
    namespace: dict = {}
    previous = signal.getsignal(signal.SIGTERM)
    try:
        exec(compile(code.replace("ui.run()", "pass"), str(DOC), "exec"), namespace)  # all but the blocking run
    finally:
        signal.signal(signal.SIGTERM, previous)  # the example's handler must not outlive this test
    ui = namespace["ui"]
    with ui:
        button = ui.stage.scene.buttons[1].rect
        ui.touch(button.centerx / 1080, button.centery / 1920)
        ui.frame()
        assert namespace["rated"] == [1]
        assert ui.stage.scene.buttons[1].lines == ("Hài lòng",)
    assert not pygame.display.get_init()
