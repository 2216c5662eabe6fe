"""The small pygame UI base of the screen agents (kiosk, hall display, rating tablet); see docs/ui.md.

Glyph coverage for tests is in devicekit.ui.coverage (not imported here: fontTools is slow to import)."""

from __future__ import annotations

import os

# pygame prints a greeting on import; in an agent's log it would look like output of ours. Set before any import.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from devicekit.ui.display import Display  # noqa: E402
from devicekit.ui.geometry import Letterbox, column, grid  # noqa: E402
from devicekit.ui.input import tap_position, touch_events  # noqa: E402
from devicekit.ui.loop import UiLoop  # noqa: E402
from devicekit.ui.scenes import Scene, Stage  # noqa: E402
from devicekit.ui.settings import ScreenSettings  # noqa: E402
from devicekit.ui.text import Fonts, TextBlock, line_height  # noqa: E402
from devicekit.ui.widgets import BACKGROUND, INK, Button, ButtonStyle  # noqa: E402

__all__ = ["BACKGROUND", "INK", "Button", "ButtonStyle", "Display", "Fonts", "Letterbox", "Scene", "ScreenSettings",
           "Stage", "TextBlock", "UiLoop", "column", "grid", "line_height", "tap_position", "touch_events"]
