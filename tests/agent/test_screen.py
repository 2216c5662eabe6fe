"""The screen agent base through a real Mosquitto: the mirror commands reach the pygame loop on the main thread."""

from __future__ import annotations

import base64
import io
import threading

import pygame
import pytest
from PIL import Image

from devicekit.agent.screen import ScreenAgent
from devicekit.ui import BACKGROUND, Button, Scene
from tests.mqtt.helpers import command, wait_for
from tests.support.agents import agent_file
from wire.codec import decode, encode
from wire.messages import Ack
from wire.screen import ScreenImage

pytestmark = pytest.mark.mosquitto


class Home(Scene):
    def __init__(self, fonts, taps):
        self.fonts = fonts
        self.buttons = [Button(pygame.Rect(0, 0, 960, 540), ("Lấy số thứ tự", "Take a number"),
                               on_tap=lambda: taps.append("left"))]

    def draw(self, surface):
        surface.fill(BACKGROUND)
        for button in self.buttons:
            button.draw(surface, self.fonts)


class OneButton(ScreenAgent):
    kind = "kiosk"
    taps: list[str] = []

    def home(self):
        return Home(self.fonts, self.taps)


def test_capture_and_touch_reach_the_ui_thread_and_sigterm_style_stop_ends_run(broker, tmp_path):
    path = agent_file(broker, tmp_path, "kiosk-1", "kiosk",
                      screen={"width": 1920, "height": 1080, "window_width": 960, "window_height": 540})
    agent = OneButton.from_file(path)
    topics = broker.layout.topics
    service = broker.probe(subscribe=[topics.ack("kiosk-1")])
    answers: dict[str, Ack] = {}

    def operate():
        try:
            assert wait_for(lambda: agent.session.connected)
            touch = command("screen.touch", {"x": 0.25, "y": 0.25})
            capture = command("screen.capture", {"max_width": 480})
            for cmd in (touch, capture):
                service.publish(topics.command("kiosk-1", cmd.name), encode(cmd))
                message = service.expect(topics.ack("kiosk-1"), timeout=10)
                answers[cmd.name] = decode(Ack, message.payload) if message else None
        finally:
            agent._stop_all()  # what SIGTERM does

    worker = threading.Thread(target=operate)
    worker.start()
    assert agent.run() == 0  # on the main thread, until stopped
    worker.join(10)
    service.stop()
    assert answers["screen.touch"].status == "done" and OneButton.taps == ["left"]
    image = ScreenImage.model_validate({"v": 1, **answers["screen.capture"].result})
    png = Image.open(io.BytesIO(base64.b64decode(image.png_b64)))
    assert png.size == (480, 270) and (image.screen_width, image.screen_height) == (1920, 1080)
    assert not agent.session.connected



def test_a_stop_before_the_screen_ever_ran_ends_run_at_once(broker, tmp_path):
    """SIGTERM while the agent is still starting (systemd stopping a kiosk that just booted) must not leave a screen
    loop running forever."""
    path = agent_file(broker, tmp_path, "kiosk-1", "kiosk", screen={"width": 640, "height": 360})
    agent = OneButton.from_file(path)
    agent._stop_all()  # what SIGTERM does, before start() built the UI
    assert agent.run() == 0 and not agent.session.connected
