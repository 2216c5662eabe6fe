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


def footer_buttons(size: tuple[int, int]) -> tuple[pygame.Rect, pygame.Rect, pygame.Rect]:
    """Large type (left, the widest label), previous and next page (right)."""
    bar = footer(size)
    toggle = round((bar.width - 2 * GAP) * 0.38)
    page = (bar.width - 2 * GAP - toggle) // 2
    return (pygame.Rect(bar.x, bar.y, toggle, bar.height),
            pygame.Rect(bar.x + toggle + GAP, bar.y, page, bar.height),
            pygame.Rect(bar.right - page, bar.y, page, bar.height))


def secondary_row(size: tuple[int, int]) -> pygame.Rect:
    """What a citizen may want instead of a number (a booking's check-in): portrait, a row between the fields and the
    footer; landscape, beside the title (the fields need the height there)."""
    if landscape(size):
        return pygame.Rect(size[0] - MARGIN - 560, 16, 560, 144)
    bar = footer(size)
    return pygame.Rect(MARGIN, bar.top - GAP - 150, size[0] - 2 * MARGIN, 150)


def fields_bottom(size: tuple[int, int]) -> int:
    return footer(size).top - GAP if landscape(size) else secondary_row(size).top - GAP


def secondary_buttons(size: tuple[int, int], count: int) -> list[pygame.Rect]:
    return grid(secondary_row(size), count, count, gap=GAP)


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
    area = pygame.Rect(MARGIN, top, size[0] - 2 * MARGIN, fields_bottom(size) - top)
    row_height = (area.height - GAP * (rows - 1)) // rows
    return grid(area, min(count, columns * rows), columns, gap=GAP, row_height=row_height)


def page_size(size: tuple[int, int], large: bool = False) -> int:
    columns, rows = field_grid(size, large)
    return columns * rows


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
