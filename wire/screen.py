"""Screen mirror: a screen agent (kiosk, hall display, rating tablet) shows its screen and takes a touch, relayed by
the service for administrators, so an IT officer can see and operate it from a browser."""

from __future__ import annotations

from pydantic import Field

from wire.messages import WireModel

# The PNG must fit one MQTT payload (wire.codec.MAX_PAYLOAD) with its envelope: base64 grows it by a third.
MAX_CAPTURE_B64 = 60_000


class ScreenCapture(WireModel):
    """screen.capture: answer with a downscaled PNG of what the screen shows now (in the ack's result)."""

    max_width: int = Field(640, ge=160, le=1920, description="widest image wanted, in pixels")


class ScreenImage(WireModel):
    """The `result` of a screen.capture ack."""

    png_b64: str = Field(max_length=MAX_CAPTURE_B64, description="the PNG, base64")
    width: int = Field(ge=1, description="width of the PNG")
    height: int = Field(ge=1, description="height of the PNG")
    screen_width: int = Field(ge=1, description="width of the screen's logical surface")
    screen_height: int = Field(ge=1, description="height of the screen's logical surface")


class ScreenTouch(WireModel):
    """screen.touch: a tap at a point of the screen, in fractions of its width and height (0 = left/top)."""

    x: float = Field(ge=0, le=1, description="fraction of the width from the left")
    y: float = Field(ge=0, le=1, description="fraction of the height from the top")
