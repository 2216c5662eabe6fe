"""The rating tablet's scenes: idle, rate (one large button per level), reason (chips), thanks.

Vietnamese first, English under it, on every string a citizen reads (wording: ../shared/COPY-VI.md, Rating).
The scenes draw and call back; what a tap means (one rating per rating.open) is the agent's business."""

from __future__ import annotations

import math

import base64
import binascii
import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pygame

from devicekit.ui import BACKGROUND, INK, Button, ButtonStyle, Fonts, Scene, grid
from wire.rating import RatingLevel, RatingOpen

MUTED = (72, 82, 94)  # English lines on the background: 7.4:1 on BACKGROUND
MARGIN = 32
BANNER_H = 64  # the bottom strip, kept free on every scene for the offline banner
GAP = 24
PHOTO_BOX = (160, 200)  # the clerk's photo on the rating scene, 4:5 like the 240×300 photos the centre file holds
PHOTO_FRAME = (203, 210, 218)  # around the photo, and the placeholder's background
SILHOUETTE = (120, 130, 142)  # the placeholder's head and shoulders

log = logging.getLogger(__name__)
BANNER = (120, 53, 15)  # the offline banner, white text on it

# Every citizen-facing string: (Vietnamese, English). Tests pass them all through the font coverage check.
WELCOME = ("Xin kính chào Ông/Bà", "Welcome")
COUNTER = ("Quầy số {counter}", "Counter {counter}")
IDLE_HINT = ("Sau khi được phục vụ, Ông/Bà vui lòng đánh giá tại đây",
             "After you are served, please rate our service here")
TICKET = ("Số thứ tự {number}", "Ticket {number}")
CLERK = ("Cán bộ: {name}", "Officer: {name}")
QUESTION = ("Ông/Bà vui lòng đánh giá mức độ hài lòng", "Please rate how satisfied you are")
REASON_QUESTION = ("Ông/Bà vui lòng cho biết lý do", "Please tell us why")
CHOSEN = ("Ông/Bà đã chọn: {level}", "You chose: {level}")
SKIP = ("Bỏ qua", "Skip")
THANKS = ("Cảm ơn Ông/Bà đã đánh giá!", "Thank you for your rating!")
OFFLINE = ("Đang kết nối lại… Đánh giá của Ông/Bà vẫn được ghi nhận", "Reconnecting… your rating is still recorded")
STRINGS: tuple[tuple[str, str], ...] = (WELCOME, COUNTER, IDLE_HINT, TICKET, CLERK, QUESTION, CHOSEN,
                                        REASON_QUESTION, SKIP, THANKS, OFFLINE)

# Level colours, best to worst: calm, distinct, each with white text above 7:1 (checked by the tests).
PALETTE: tuple[tuple[int, int, int], ...] = (
    (22, 101, 52),  # deep green
    (15, 94, 110),  # teal
    (30, 64, 145),  # blue
    (75, 85, 99),  # slate
    (146, 64, 14),  # brown-amber
    (153, 27, 27),  # deep red
)
CHIP = ButtonStyle(fill=(30, 64, 145), size=36, sub_size=26, padding=14, radius=20)
SKIP_CHIP = ButtonStyle(fill=(75, 85, 99), size=36, sub_size=26, padding=14, radius=20)


def level_colour(index: int, count: int) -> tuple[int, int, int]:
    """The colour of the `index`-th level (0 = best) of `count`, spread over the palette from green to red."""
    if count <= 1:
        return PALETTE[0]
    return PALETTE[round(index * (len(PALETTE) - 1) / (count - 1))]


def level_style(index: int, count: int) -> ButtonStyle:
    return ButtonStyle(fill=level_colour(index, count), subtext=(236, 240, 244), size=50, sub_size=30, padding=18,
                       radius=24)


def split_reason(reason: str) -> tuple[str, ...]:
    """A reason chip as sent by the service, "Vietnamese / English", as label lines."""
    return tuple(part.strip() for part in reason.split(" / ", 1) if part.strip()) or (reason,)


@dataclass
class Status:
    """What every scene shows besides its own content (written and read on the UI thread)."""

    counter: int
    offline: bool = True  # until the service is first reachable


class TabletScene(Scene):
    """A scene of the tablet: the offline banner at the bottom, a body above it."""

    def __init__(self, fonts: Fonts, size: tuple[int, int], status: Status) -> None:
        self.fonts = fonts
        self.size = size
        self.status = status

    @property
    def body(self) -> pygame.Rect:
        width, height = self.size
        return pygame.Rect(MARGIN, MARGIN, width - 2 * MARGIN, height - 2 * MARGIN - BANNER_H)

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
        self.draw_body(surface)
        if self.status.offline:
            width, height = self.size
            banner = pygame.Rect(0, height - BANNER_H, width, BANNER_H)
            pygame.draw.rect(surface, BANNER, banner)
            self.fonts.draw_box(surface, f"{OFFLINE[0]} · {OFFLINE[1]}", banner.inflate(-2 * MARGIN, -8), 28,
                                (255, 255, 255), min_size=20)

    def draw_body(self, surface: pygame.Surface) -> None:
        """Paints the scene's own content inside `self.body`."""

    def pair(self, surface: pygame.Surface, pair: tuple[str, str], top: int, size: int, sub_size: int,
             bold: bool = True, across: pygame.Rect | None = None) -> int:
        """Vietnamese at `size`, English under it at `sub_size`, centred across the body (or the columns of
        `across`); returns the next top."""
        body = across or self.body
        vi = pygame.Rect(body.x, top, body.width, round(size * 1.3))
        block = self.fonts.draw_box(surface, pair[0], vi, size, INK, bold=bold, min_size=round(size * 0.7))
        top += max(vi.height, block.height)
        en = pygame.Rect(body.x, top, body.width, round(sub_size * 1.3))
        self.fonts.draw_box(surface, pair[1], en, sub_size, MUTED, min_size=round(sub_size * 0.7))
        return top + en.height


class Idle(TabletScene):
    """Between citizens: the counter, a welcome and what the tablet is for."""

    def draw_body(self, surface: pygame.Surface) -> None:
        body = self.body
        counter = tuple(s.format(counter=self.status.counter) for s in COUNTER)
        top = self.pair(surface, counter, body.y + body.height // 8, 64, 36)
        top = self.pair(surface, WELCOME, top + GAP * 2, 56, 34)
        self.pair(surface, IDLE_HINT, top + GAP * 2, 40, 30, bold=False)


class Rate(TabletScene):
    """The question and one large button per level, best first as sent; returns home when the window ends."""

    def __init__(self, fonts: Fonts, size: tuple[int, int], status: Status, prompt: RatingOpen, deadline: float,
                 on_level: Callable[[RatingLevel], None], on_expired: Callable[[], None]) -> None:
        super().__init__(fonts, size, status)
        self.prompt = prompt
        self.deadline = deadline
        self.on_expired = on_expired
        width, height = size
        body = self.body
        area = pygame.Rect(body.x, body.y + 230, body.width, body.bottom - body.y - 230)
        count = len(prompt.levels)
        columns = count if width > height and count <= 5 else 1 if count <= 5 else 2
        self.buttons = [Button(rect, (level.name_vi, level.name_en), on_tap=lambda level=level: on_level(level),
                               style=level_style(i, count), slop=GAP // 2, icon=face(feeling))
                        for i, (rect, level, feeling) in enumerate(zip(grid(area, count, columns, gap=GAP),
                                                                       prompt.levels, moods(prompt.levels)))]
        # The clerk's photo, or a placeholder, when the service named the clerk (none: the text spans the body).
        self.photo_box = pygame.Rect(body.x, body.y, *PHOTO_BOX) if prompt.clerk_name else None
        self.photo = clerk_photo(prompt.clerk_photo_jpeg_b64, PHOTO_BOX, prompt.number) if prompt.clerk_name else None

    def update(self, now: float) -> None:
        if now >= self.deadline:
            self.deadline = float("inf")  # once
            self.on_expired()

    def draw_body(self, surface: pygame.Surface) -> None:
        body = self.body
        vi, en = TICKET[0].format(number=self.prompt.number), TICKET[1].format(number=self.prompt.number)
        box, beside = self.photo_box, body
        if self.prompt.clerk_name and box is not None:
            # The photo (or a placeholder) on the left, the clerk's name first beside it, then the ticket, question.
            vi = CLERK[0].format(name=self.prompt.clerk_name) + " · " + vi
            en = CLERK[1].format(name=self.prompt.clerk_name) + " · " + en
            pygame.draw.rect(surface, PHOTO_FRAME, box, border_radius=12)
            if self.photo is not None:
                surface.blit(self.photo, self.photo.get_rect(center=box.center))
            else:
                draw_placeholder(surface, box)
            beside = pygame.Rect(box.right + GAP, body.y, body.right - box.right - GAP, box.height)
        top = self.pair(surface, (vi, en), body.y + 8, 38, 26, across=beside)
        self.pair(surface, QUESTION, top + 20, 52, 32, across=beside)
        for button in self.buttons:
            button.draw(surface, self.fonts)


def moods(levels: Sequence[RatingLevel]) -> list[float]:
    """The face of each level, best first: the levels that ask for a reason are the unhappy ones (down to -1 for
    the worst), the others run from +1 down to 0: the default scale reads broad smile, smile, straight, frown."""
    unhappy = max(1, sum(level.ask_reason for level in levels)) if len(levels) > 1 else 0
    happy = len(levels) - unhappy
    return ([1.0 - i / (happy - 1) if happy > 1 else 1.0 for i in range(happy)]
            + [-(j + 1) / unhappy for j in range(unhappy)])


def face(mood_: float) -> Callable[[pygame.Surface, pygame.Rect], None]:
    """A face drawn in white on a level's button: a broad smile at +1, a straight mouth at 0, a frown at -1, so the
    levels read without reading (an elderly citizen, a child, someone without glasses)."""
    def draw(surface: pygame.Surface, box: pygame.Rect) -> None:
        radius = max(8, min(box.width, box.height) // 2 - 4)
        cx, cy = box.center
        white = (255, 255, 255)
        pygame.draw.circle(surface, white, (cx, cy), radius, width=max(3, radius // 12))
        eye = max(3, radius // 8)
        for dx in (-radius // 3, radius // 3):
            pygame.draw.circle(surface, white, (cx + dx, cy - radius // 4), eye)
        width, thick = radius, max(3, radius // 12)
        bend = round(abs(mood_) * radius * 0.45)
        if bend < 4:
            pygame.draw.line(surface, white, (cx - width // 2, cy + radius // 3), (cx + width // 2, cy + radius // 3),
                             thick)
        elif mood_ > 0:  # the lower half of an ellipse: a smile
            arc = pygame.Rect(cx - width // 2, cy + radius // 3 - bend, width, 2 * bend)
            pygame.draw.arc(surface, white, arc, math.pi, 2 * math.pi, thick)
        else:  # the upper half, lower on the face: a frown
            arc = pygame.Rect(cx - width // 2, cy + radius // 2 - bend // 2, width, 2 * bend)
            pygame.draw.arc(surface, white, arc, 0, math.pi, thick)
    return draw


def clerk_photo(b64: str | None, box: tuple[int, int], number: str = "") -> pygame.Surface | None:
    """The clerk's photo scaled to fit `box` (aspect kept), or None when there is none or it cannot be decoded
    (logged: the tablet then shows the placeholder, the citizen can still rate)."""
    if not b64:
        return None
    try:
        image = pygame.image.load(io.BytesIO(base64.b64decode(b64, validate=True)), "clerk.jpg")
    except (binascii.Error, ValueError, pygame.error) as exc:
        log.warning("ticket %s: the clerk's photo cannot be shown (%s); showing the placeholder", number, exc)
        return None
    width, height = image.get_size()
    scale = min(box[0] / width, box[1] / height)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return pygame.transform.smoothscale(image.convert() if pygame.display.get_surface() else image, size)


def draw_placeholder(surface: pygame.Surface, box: pygame.Rect) -> None:
    """A neutral head-and-shoulders silhouette in `box` (already filled with PHOTO_FRAME): no name, no face."""
    clip = surface.get_clip()
    surface.set_clip(box)
    head_r = box.width * 0.2
    head = (box.centerx, round(box.y + box.height * 0.38))
    shoulders = pygame.Rect(0, 0, round(box.width * 0.8), round(box.height * 0.5))
    shoulders.midtop = (box.centerx, round(head[1] + head_r * 1.25))
    pygame.draw.ellipse(surface, SILHOUETTE, shoulders)
    pygame.draw.circle(surface, SILHOUETTE, head, round(head_r))
    surface.set_clip(clip)


class Reason(TabletScene):
    """After a low level: the reason chips and a "skip" chip; returns home (rating without reason) on timeout."""

    def __init__(self, fonts: Fonts, size: tuple[int, int], status: Status, level: RatingLevel,
                 colour: tuple[int, int, int], reasons: Sequence[str], deadline: float,
                 on_reason: Callable[[str | None], None]) -> None:
        super().__init__(fonts, size, status)
        self.level = level
        self.colour = colour
        self.deadline = deadline
        self.on_reason = on_reason
        width, height = size
        body = self.body
        area = pygame.Rect(body.x, body.y + 200, body.width, body.bottom - body.y - 200)
        labels = [split_reason(r) for r in reasons] + [SKIP]
        columns = 2 if width > height else 1
        rects = grid(area, len(labels), columns, gap=GAP - 4)
        if len(labels) % columns:  # "skip" alone on the last row: centred under the reasons
            rects[-1] = rects[-1].move((area.width - rects[-1].width) // 2 - (rects[-1].x - area.x), 0)
        self.buttons = [Button(rect, lines, on_tap=lambda reason=reason: on_reason(reason), style=CHIP, slop=GAP // 2)
                        for rect, lines, reason in zip(rects, labels, reasons)]
        self.buttons.append(Button(rects[-1], SKIP, on_tap=lambda: on_reason(None), style=SKIP_CHIP, slop=GAP // 2))

    def update(self, now: float) -> None:
        if now >= self.deadline:
            self.deadline = float("inf")
            self.on_reason(None)

    def draw_body(self, surface: pygame.Surface) -> None:
        body = self.body
        chosen = pygame.Rect(body.x, body.y, body.width, 50)
        pygame.draw.rect(surface, self.colour, chosen, border_radius=12)
        text = f"{CHOSEN[0].format(level=self.level.name_vi)} · {CHOSEN[1].format(level=self.level.name_en)}"
        self.fonts.draw_box(surface, text, chosen.inflate(-24, -6), 30, (255, 255, 255), min_size=22)
        self.pair(surface, REASON_QUESTION, body.y + 66, 48, 30)
        for button in self.buttons:
            button.draw(surface, self.fonts)


class Thanks(TabletScene):
    """A few seconds of thanks, then home (the Stage's idle timeout)."""

    idle_timeout_s = 4.0

    def draw_body(self, surface: pygame.Surface) -> None:
        body = self.body
        self.pair(surface, THANKS, body.y + body.height // 3, 68, 40)
