"""The base of the screen agents (kiosk, hall display, rating tablet): the agent base plus the pygame UI base, with
the screen mirror (`screen.capture`, `screen.touch`) every screen answers, so an IT officer sees and operates it
from the browser through the service."""

from __future__ import annotations

import abc
import logging

from pydantic import Field

from devicekit.agent.base import Agent
from devicekit.agent.config import AgentConfig
from devicekit.ui import Fonts, Scene, ScreenSettings, Stage, UiLoop
from wire.codec import body
from wire.screen import ScreenCapture, ScreenTouch

log = logging.getLogger(__name__)


class ScreenAgentConfig(AgentConfig):
    screen: ScreenSettings = Field(default_factory=ScreenSettings, description="the screen: logical size "
                                   "(1920×1080 landscape or 1080×1920 portrait), full screen or a window, fps")


class ScreenAgent(Agent, abc.ABC):
    """pygame runs on the main thread (run()); MQTT handlers reach the scenes only through `self.ui.call_soon`."""

    config_model = ScreenAgentConfig

    @abc.abstractmethod
    def home(self) -> Scene:
        """The scene the screen starts on and returns to when idle."""

    def on_idle(self, _scene: Scene) -> None:
        """Nobody touched the screen for the scene's idle timeout (UI thread): back home."""
        self.stage.go_home()

    def build(self) -> None:
        self.fonts = Fonts()
        self.stage = Stage(self.home(), on_idle=self.on_idle)
        self.ui = UiLoop(self.config.screen, self.stage)
        self.commands.register("screen.capture", self._capture)
        self.commands.register("screen.touch", self._touch)

    def capabilities(self) -> list[str]:
        return ["screen"]

    def on_ui(self, fn) -> None:
        """Run `fn` on the UI thread (from an MQTT or driver thread)."""
        self.ui.call_soon(fn)

    def run(self) -> int:
        self._install_signals(self._stop_all)
        self.start()
        if self._stopping.is_set():  # stopped while starting (SIGTERM during start-up): the loop must not begin
            self.ui.stop()
        try:
            self.ui.run()
        finally:
            self.stop()
        return 0

    def _stop_all(self) -> None:
        self._stopping.set()
        ui = getattr(self, "ui", None)  # none yet before start() built it; run() checks the flag after start()
        if ui is not None:
            ui.stop()

    def _capture(self, args: ScreenCapture) -> dict:
        return body(self.ui.capture(args.max_width))

    def _touch(self, args: ScreenTouch) -> None:
        if not self.ui.touch(args.x, args.y):
            raise RuntimeError("the screen is not running")
