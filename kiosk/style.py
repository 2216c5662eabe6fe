"""The kiosk's look in one place: colours (every text at least 7:1 on its background), type sizes (body text at
least 48 px, larger in large-type mode) and where things go on a portrait or a landscape screen."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from devicekit.ui import ButtonStyle, Fonts, grid

BACKGROUND = (244, 246, 248)
INK = (31, 41, 51)  # 13.6:1 on the background
MUTED = (60, 66, 74)  # English lines: 9.4:1 on the background
FILL = (8, 70, 140)  # buttons: white on it is 9.3:1 (devicekit's default blue is 6.7:1)
FILL_TEXT = (255, 255, 255)
FILL_SUBTEXT = (225, 236, 250)  # 7.8:1 on FILL
DISABLED_FILL = (214, 218, 223)
DISABLED_TEXT = (40, 45, 52)  # 9.9:1 on DISABLED_FILL
ALERT = (150, 20, 20)  # banners: white on it is 8.7:1
SECONDARY_FILL = (225, 231, 238)  # Back, Home, paging, large type: INK on it is 11:1

MARGIN = 48
GAP = 24
BODY = 48  # the smallest Vietnamese text a citizen reads (1080-wide screen)
SECOND = 32  # the smallest English line beside it
LARGE = 1.25  # large-type mode multiplies every size by this


@dataclass
class Typography:
    """Normal or large type; the scenes ask it for every size, so one toggle changes them all."""

    large: bool = False

    def px(self, size: int) -> int:
        return round(size * (LARGE if self.large else 1.0))

    def button(self, sizes: tuple[int, ...], *, primary: bool = True) -> ButtonStyle:
        """A button whose first line is bold at sizes[0] (the one line large type enlarges: a button's height is
        fixed); a line may shrink to BODY (Vietnamese) or SECOND (English, always the last line) before it wraps,
        never below."""
        scaled = (self.px(sizes[0]), *sizes[1:])
        floors = tuple(min(BODY, s) for s in scaled[:-1]) + (min(SECOND, scaled[-1]),)
        colours = ({} if primary else {"fill": SECONDARY_FILL, "text": INK, "subtext": MUTED})
        return ButtonStyle(line_sizes=scaled, line_floors=floors, size=scaled[0], sub_size=scaled[-1],
                           disabled_fill=DISABLED_FILL, disabled_text=DISABLED_TEXT,
                           **({"fill": FILL, "text": FILL_TEXT, "subtext": FILL_SUBTEXT} | colours))


def landscape(size: tuple[int, int]) -> bool:
    return size[0] > size[1]


# ---- home
def header_band(size: tuple[int, int]) -> pygame.Rect:
    """Under the title: the hint, or what stops the kiosk (offline, paper out) in a red band."""
    return pygame.Rect(MARGIN, 176, size[0] - 2 * MARGIN, 200)


def footer(size: tuple[int, int]) -> pygame.Rect:
    width, height = size
    return pygame.Rect(MARGIN, height - MARGIN - 150, width - 2 * MARGIN, 150)


# Landscape footer, left to right: large type, the secondary actions, previous and next page. Shares of the width
# after the gaps, from the labels at 48 px bold ("Chữ thường" 307 px, "Đã đặt lịch hẹn?" 432, "Tra cứu hồ sơ" 366,
# "◀ Trước" 204, "Sau ▶" 152 on a 1920-wide screen) with room to spare; the footer keeps normal type.
LANDSCAPE_FOOTER = {"toggle": 0.20, "previous": 0.155, "next": 0.125}  # the actions take the rest (0.52)
ACTION_SHARES = (0.54, 0.46)  # two actions in landscape: the check-in's longer label gets the wider button


def footer_buttons(size: tuple[int, int]) -> tuple[pygame.Rect, pygame.Rect, pygame.Rect]:
    """Large type (left, the widest label), previous and next page (right); in landscape the secondary actions
    (`action_area`) sit between them."""
    bar = footer(size)
    if landscape(size):
        usable = bar.width - 4 * GAP
        toggle, previous, following = (round(usable * LANDSCAPE_FOOTER[k]) for k in ("toggle", "previous", "next"))
    else:
        toggle = round((bar.width - 2 * GAP) * 0.38)
        previous = following = (bar.width - 2 * GAP - toggle) // 2
    return (pygame.Rect(bar.x, bar.y, toggle, bar.height),
            pygame.Rect(bar.right - following - GAP - previous, bar.y, previous, bar.height),
            pygame.Rect(bar.right - following, bar.y, following, bar.height))


def action_area(size: tuple[int, int]) -> pygame.Rect:
    """The secondary actions (check in a booking, look up a dossier): a row of its own over the footer in portrait;
    in landscape the middle of the footer (a row more would leave the field buttons too low)."""
    bar = footer(size)
    if landscape(size):
        toggle, previous, _ = footer_buttons(size)
        return pygame.Rect(toggle.right + GAP, bar.y, previous.left - GAP - toggle.right - GAP, bar.height)
    return pygame.Rect(bar.x, bar.top - GAP - bar.height, bar.width, bar.height)


def action_rects(size: tuple[int, int], count: int) -> list[pygame.Rect]:
    """Side by side across the action area: one action takes it all, two share it (in landscape by their labels)."""
    area = action_area(size)
    if count != 2 or not landscape(size):
        return grid(area, count, count, gap=GAP)
    first = round((area.width - GAP) * ACTION_SHARES[0])
    return [pygame.Rect(area.x, area.y, first, area.height),
            pygame.Rect(area.x + first + GAP, area.y, area.right - area.x - first - GAP, area.height)]


def field_grid(size: tuple[int, int], large: bool) -> tuple[int, int]:
    """(columns, rows) of field buttons a page holds: each button tall enough for its name, its waiting line and
    the English line at body size, and wide enough for a long field name."""
    if landscape(size):
        return (2, 2)
    return (1, 3 if large else 5)


def field_rects(size: tuple[int, int], count: int, large: bool = False) -> list[pygame.Rect]:
    """Where the field buttons of one page are (tests tap their centres)."""
    columns, rows = field_grid(size, large)
    top = header_band(size).bottom + GAP
    bottom = footer(size).top if landscape(size) else action_area(size).top
    area = pygame.Rect(MARGIN, top, size[0] - 2 * MARGIN, bottom - GAP - top)
    row_height = (area.height - GAP * (rows - 1)) // rows
    return grid(area, min(count, columns * rows), columns, gap=GAP, row_height=row_height)


def page_size(size: tuple[int, int], large: bool = False) -> int:
    columns, rows = field_grid(size, large)
    return columns * rows


def wake_band(size: tuple[int, int]) -> pygame.Rect:
    """The dimmed home's one bright band, across the middle: read from a few steps away."""
    return pygame.Rect(MARGIN, size[1] // 2 - 180, size[0] - 2 * MARGIN, 360)


# ---- the other scenes
def title_area(size: tuple[int, int]) -> pygame.Rect:
    return pygame.Rect(MARGIN, MARGIN, size[0] - 2 * MARGIN, 140 if landscape(size) else 180)


def bottom_button(size: tuple[int, int]) -> pygame.Rect:
    """Home or Back, across the bottom."""
    width, height = size
    return pygame.Rect(MARGIN, height - MARGIN - 140, width - 2 * MARGIN, 140)


def priority_rects(size: tuple[int, int], groups: int) -> tuple[list[pygame.Rect], pygame.Rect]:
    """"No priority" first and biggest, then one button per group, and the Back button. Portrait: stacked between
    the question and Back across the bottom. Landscape: "No priority" over Back in the left third, the groups in
    two columns beside them, as high as the screen allows."""
    top = title_area(size).bottom + GAP
    if landscape(size):
        area = pygame.Rect(MARGIN, top, size[0] - 2 * MARGIN, size[1] - MARGIN - top)
        third = (area.width - 2 * GAP) // 3
        back = pygame.Rect(area.x, area.bottom - 140, third, 140)
        none = pygame.Rect(area.x, area.y, third, back.top - GAP - area.y)
        rest = pygame.Rect(none.right + GAP, area.y, area.right - none.right - GAP, area.height)
        return [none, *grid(rest, groups, 2, gap=GAP)], back
    back = bottom_button(size)
    area = pygame.Rect(MARGIN, top, size[0] - 2 * MARGIN, back.top - GAP - top)
    cell = (area.height - GAP * groups) / (groups + 1.15)  # "No priority" gets more than a cell
    none = pygame.Rect(area.x, area.y, area.width, round(cell * 1.15))
    rest = pygame.Rect(area.x, none.bottom + GAP, area.width, area.bottom - none.bottom - GAP)
    return [none, *grid(rest, groups, 1, gap=GAP)], back


# ---- dossier lookup
def lookup_start_rects(size: tuple[int, int]) -> tuple[pygame.Rect, pygame.Rect, pygame.Rect]:
    """How to look up: the scan hint, the "type the code" button under it, Back across the bottom."""
    back = bottom_button(size)
    top = title_area(size).bottom + GAP
    hint = pygame.Rect(MARGIN, top, size[0] - 2 * MARGIN, 300 if landscape(size) else 520)
    typed = pygame.Rect(MARGIN, hint.bottom + GAP, size[0] - 2 * MARGIN, 200 if landscape(size) else 280)
    return hint, typed, back


def keypad_rects(size: tuple[int, int]) -> tuple[pygame.Rect, pygame.Rect, pygame.Rect, pygame.Rect, pygame.Rect]:
    """The on-screen keypad: (prompt, typed text, keys, back, continue). Portrait: stacked; landscape: the prompt and
    the typed text on the left, the keys on the right; Back and Continue share the bottom row."""
    back, go = grid(bottom_button(size), 2, 2, gap=GAP)
    if landscape(size):
        half = (size[0] - 2 * MARGIN - GAP) // 2
        prompt = pygame.Rect(MARGIN, MARGIN, half, 300)
        typed = pygame.Rect(MARGIN, prompt.bottom + GAP, half, 160)
        keys = pygame.Rect(prompt.right + GAP, MARGIN, half, back.top - GAP - MARGIN)
        return prompt, typed, keys, back, go
    prompt = pygame.Rect(MARGIN, MARGIN, size[0] - 2 * MARGIN, 200)
    typed = pygame.Rect(MARGIN, prompt.bottom + GAP, prompt.width, 160)
    keys = pygame.Rect(MARGIN, typed.bottom + GAP, prompt.width, back.top - GAP - typed.bottom - GAP)
    return prompt, typed, keys, back, go


def status_columns(size: tuple[int, int]) -> tuple[pygame.Rect, pygame.Rect]:
    """The dossier's status: (its facts, its steps) side by side in landscape, one over the other in portrait."""
    top = title_area(size).bottom + GAP
    bottom = bottom_button(size).top - GAP
    width = size[0] - 2 * MARGIN
    if landscape(size):
        half = (width - GAP) // 2
        return (pygame.Rect(MARGIN, top, half, bottom - top), pygame.Rect(MARGIN + half + GAP, top, half, bottom - top))
    facts = pygame.Rect(MARGIN, top, width, 560)
    return facts, pygame.Rect(MARGIN, facts.bottom + GAP, width, bottom - facts.bottom - GAP)


# ---- a booking's check-in
def keyboard_rects(size: tuple[int, int], keys: int) -> tuple[pygame.Rect, list[pygame.Rect], list[pygame.Rect]]:
    """The check-in scene: the code typed so far under the question, the keys (6 columns in portrait, 8 in
    landscape), then Back, Delete and OK (the widest) across the bottom."""
    top = title_area(size).bottom + GAP
    code = pygame.Rect(MARGIN, top, size[0] - 2 * MARGIN, 120 if landscape(size) else 160)
    bottom = bottom_button(size)
    third = (bottom.width - 2 * GAP) * 3 // 10
    back = pygame.Rect(bottom.x, bottom.y, third, bottom.height)
    delete = pygame.Rect(back.right + GAP, bottom.y, third, bottom.height)
    ok = pygame.Rect(delete.right + GAP, bottom.y, bottom.right - delete.right - GAP, bottom.height)
    area = pygame.Rect(MARGIN, code.bottom + GAP, code.width, bottom.top - GAP - code.bottom - GAP)
    return code, grid(area, keys, 8 if landscape(size) else 6, gap=GAP), [back, delete, ok]


def draw_pair(fonts: Fonts, surface: pygame.Surface, text: tuple[str, str], box: pygame.Rect, size: int,
              colour=INK, muted=MUTED, *, bold: bool = True) -> None:
    """Vietnamese (at least body size) with its English right under it, smaller and muted, centred in `box`."""
    english = fonts.fit(text[1], box.width, SECOND + 6, min_size=SECOND)
    vi = fonts.fit(text[0], box.width, size, min_size=BODY, bold=bold, max_height=box.height - english.height)
    top = box.y + (box.height - vi.height - english.height) // 2
    fonts.draw(surface, vi, pygame.Rect(box.x, top, box.width, vi.height), colour)
    fonts.draw(surface, english, pygame.Rect(box.x, top + vi.height, box.width, english.height), muted)


# ---- the "your turn is near" SMS offer
def phone_rects(size: tuple[int, int]) -> tuple[pygame.Rect, pygame.Rect, pygame.Rect, pygame.Rect, pygame.Rect,
                                                pygame.Rect]:
    """(title, consent line, typed number, keys, Skip, OK): Skip and OK share the bottom row, each half of it.
    Portrait: stacked; landscape: the words and the number on the left, the keys on the right."""
    skip, ok = grid(bottom_button(size), 2, 2, gap=GAP)
    if landscape(size):
        half = (size[0] - 2 * MARGIN - GAP) // 2
        title = pygame.Rect(MARGIN, MARGIN, half, 200)
        consent = pygame.Rect(MARGIN, title.bottom + GAP, half, 330)
        typed = pygame.Rect(MARGIN, consent.bottom + GAP, half, 160)
        keys = pygame.Rect(title.right + GAP, MARGIN, half, skip.top - GAP - MARGIN)
        return title, consent, typed, keys, skip, ok
    width = size[0] - 2 * MARGIN
    title = pygame.Rect(MARGIN, MARGIN, width, 200)
    consent = pygame.Rect(MARGIN, title.bottom + GAP, width, 230)
    typed = pygame.Rect(MARGIN, consent.bottom + GAP, width, 150)
    keys = pygame.Rect(MARGIN, typed.bottom + GAP, width, skip.top - GAP - typed.bottom - GAP)
    return title, consent, typed, keys, skip, ok
