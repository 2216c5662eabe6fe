"""A kiosk-like demo of the UI base (tests, bench, docs): `python -m devicekit.ui.demo [--portrait] [--fullscreen]`.

Not the kiosk: it shows how scenes, buttons and text fit together, with wording from COPY-VI.md."""

from __future__ import annotations

import argparse
import signal

import pygame

from devicekit.ui import BACKGROUND, INK, Button, Fonts, Scene, ScreenSettings, Stage, UiLoop, grid

FIELDS = [("Tư pháp – Hộ tịch", "Justice – Civil status"), ("Đất đai", "Land"),
          ("Bảo hiểm xã hội", "Social insurance"), ("Đăng ký kinh doanh", "Business registration"),
          ("Lao động – Thương binh và Xã hội", "Labour, Invalids and Social Affairs"), ("Xây dựng", "Construction"),
          ("Chứng thực", "Certification"), ("Y tế", "Lĩnh vực này hiện chưa tiếp nhận · Not available now")]
CLOSED = {"Y tế"}
HINT = "Vui lòng chọn lĩnh vực cần giải quyết"
MARGIN = 48
TOP = 290  # below the title, its English line and the hint
BOTTOM = 180  # the row of the two smaller actions and the bottom margin; the gap above it is MARGIN


class Home(Scene):
    """Title, hint, the fields (one closed) and two smaller actions: ten buttons in all."""

    def __init__(self, fonts: Fonts, size: tuple[int, int], on_field) -> None:
        self.fonts = fonts
        width, height = size
        columns = 2 if width > height else 1
        area = pygame.Rect(MARGIN, TOP, width - 2 * MARGIN, height - TOP - BOTTOM - MARGIN)
        self.buttons = [Button(rect, lines, on_tap=lambda name=lines[0]: on_field(name),
                               enabled=lines[0] not in CLOSED, slop=12)
                        for rect, lines in zip(grid(area, len(FIELDS), columns), FIELDS)]
        bottom = pygame.Rect(MARGIN, height - BOTTOM, width - 2 * MARGIN, BOTTOM - MARGIN)
        self.buttons += [Button(rect, lines, slop=12) for rect, lines in
                         zip(grid(bottom, 2, 2), [("Tra cứu hồ sơ", "Track a dossier"), ("Chữ lớn", "Large text")])]

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
        middle = surface.get_width() // 2
        self.fonts.draw_line(surface, "Lấy số thứ tự", (middle, 24), 84, INK, bold=True, align="center")
        self.fonts.draw_line(surface, "Take a number", (middle, 136), 36, INK, align="center")
        hint = pygame.Rect(MARGIN, 200, surface.get_width() - 2 * MARGIN, 60)
        self.fonts.draw_box(surface, HINT, hint, 44, INK, min_size=32)
        for button in self.buttons:
            button.draw(surface, self.fonts)


class Confirm(Scene):
    """What a tap leads to; idle for 10 s, it goes back home by itself."""

    idle_timeout_s = 10.0

    def __init__(self, fonts: Fonts, size: tuple[int, int], on_home) -> None:
        self.fonts = fonts
        self.field = ""
        width, height = size
        self.buttons = [Button(pygame.Rect(MARGIN, height - 200 - MARGIN, width - 2 * MARGIN, 200),
                               ("Về trang chính", "Home"), on_tap=on_home)]

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
        box = pygame.Rect(MARGIN, 80, surface.get_width() - 2 * MARGIN, surface.get_height() // 2)
        self.fonts.draw_box(surface, f"{self.field}\nVui lòng nhận phiếu và chờ gọi số", box, 72, INK,
                            bold=True, min_size=48)
        for button in self.buttons:
            button.draw(surface, self.fonts)


def build(settings: ScreenSettings, fonts: Fonts | None = None, **stage_options) -> UiLoop:
    fonts = fonts or Fonts()
    stage: Stage

    def choose(field: str) -> None:
        confirm.field = field
        stage.show(confirm)

    home = Home(fonts, settings.size, choose)
    confirm = Confirm(fonts, settings.size, lambda: stage.go_home())
    stage = Stage(home, **stage_options)
    return UiLoop(settings, stage)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--portrait", action="store_true", help="1080x1920 instead of 1920x1080")
    parser.add_argument("--fullscreen", action="store_true", help="full screen without a pointer (production)")
    args = parser.parse_args()
    size = (1080, 1920) if args.portrait else (1920, 1080)
    loop = build(ScreenSettings(width=size[0], height=size[1], fullscreen=args.fullscreen, title="motcua UI demo"))
    signal.signal(signal.SIGTERM, lambda *_: loop.stop())
    loop.run()


if __name__ == "__main__":
    main()
