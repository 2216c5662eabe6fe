"""Screen settings an agent's YAML carries: the logical surface apps draw on, full screen or a window, frame rate."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ScreenSettings(BaseModel):
    """How a screen agent shows its logical surface; the same app runs in a window on a laptop and full screen."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    width: int = Field(1920, ge=320, le=7680, description="width of the logical surface apps draw on, in pixels")
    height: int = Field(1080, ge=320, le=7680, description="height of the logical surface apps draw on, in pixels")
    fullscreen: bool = Field(False, description="true in production: the whole screen, no mouse pointer")
    window_width: int | None = Field(None, ge=160, description="development window width; default half the surface")
    window_height: int | None = Field(None, ge=160, description="development window height; default half the surface")
    fps: int = Field(30, ge=1, le=120, description="frames per second the UI loop aims for")
    dpi: float = Field(96.0, ge=40, le=600, description="pixels per inch of the panel at its native resolution "
                       "(a 21.5-inch full-HD panel: 102; a 32-inch: 69), so touch targets can be sized in millimetres")
    title: str = Field("motcua", max_length=80, description="window title (development mode)")

    @property
    def size(self) -> tuple[int, int]:
        return self.width, self.height

    @property
    def window_size(self) -> tuple[int, int]:
        return self.window_width or self.width // 2, self.window_height or self.height // 2

    def mm(self, pixels: float) -> float:
        """Logical pixels as millimetres on the glass (the logical surface is drawn at the panel's resolution)."""
        return pixels * 25.4 / self.dpi
