"""Every kiosk screen, portrait and landscape, normal and large type, rendered to docs/screens/ and measured from
what was drawn: Vietnamese text at least 48 px (English beside it at least 32 px), every text at least 7:1 against
the pixels around it, touch targets at least 20 mm at the configured DPI, nothing cut off, no more than two lines to
read before acting, and every screen that waits for a citizen goes home by itself. The dossier lookup's screens too,
with no personal data on them, and the "your turn is near" SMS offer."""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import pygame
import pytest

from devicekit.ui import Fonts, ScreenSettings, Stage
from kiosk.admin_scenes import AdminMenu, HealthPage, HealthRow, MenuItem, PinPad
from kiosk.checkin import CheckIn
from kiosk.copy import COPY, pair
from kiosk.dimmed import Dimmed
from kiosk.home import Action, Home
from kiosk.phone import PhoneEntry
from kiosk.lookup_scenes import CODE_KEYS, DIGIT_KEYS, DossierStatus, Entry, LookupStart
from kiosk.scenes import Issued, Notice, Printing, Priority
from kiosk.style import Typography
from queue_service.config import load_centre
from queue_service.dossiers.status import Status, label
from tests.queue.conftest import DEMO
from wire.queue_messages import BoardField, BoardPriorityGroup
from wire.ticket import IssuedTicket

SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
ORIENTATIONS = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
DPI = 102  # a 21.5-inch full-HD panel
CENTRE = load_centre(DEMO)


class MeasuringFonts(Fonts):
    """The real fonts, noting every line drawn: its text, size, colour and where its ink landed, and every layout
    that did not fit."""

    def __init__(self) -> None:
        super().__init__()
        self.drawn: list[tuple[str, int, tuple, pygame.Rect]] = []
        self.overflowing: list[tuple[str, ...]] = []

    def _line(self, surface, line, left, right, top, block, colour, align):
        ink = super()._line(surface, line, left, right, top, block, colour, align)
        if line.strip():
            self.drawn.append((line, block.size, tuple(pygame.Color(colour))[:3], ink))
        return ink

    def fit(self, *args, **kwargs):
        block = super().fit(*args, **kwargs)
        if block.overflows:
            self.overflowing.append(block.lines)
        return block


def vietnamese(line: str) -> bool:
    """A Vietnamese line carries marks (or đ); the English beside it does not."""
    return any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", line)) or "đ" in line.lower()


def luminance(rgb) -> float:
    def channel(v: int) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def background(surface: pygame.Surface, ink: pygame.Rect) -> tuple:
    """The commonest colour around a line's ink: the band of pixels just outside it."""
    area = ink.inflate(12, 12).clip(surface.get_rect())
    pixels = Counter()
    for x in range(area.left, area.right, 2):
        for y in (area.top, area.bottom - 1):
            pixels[tuple(surface.get_at((x, y)))[:3]] += 1
    return pixels.most_common(1)[0][0]


def fields() -> list[BoardField]:
    return [BoardField(field=f.code, name=f.name_vi, name_en=f.name_en, waiting=3 * i + 2,
                       estimated_wait_min=[0, 12, 75][i % 3], counters_open=0 if i == 4 else 2)
            for i, f in enumerate(CENTRE.fields)]


def groups() -> list[BoardPriorityGroup]:
    return [BoardPriorityGroup(code=g.code, name=g.name_vi, name_en=g.name_en, hint=g.hint_vi, hint_en=g.hint_en)
            for g in CENTRE.priority_groups]


def ticket() -> IssuedTicket:
    return IssuedTicket(id=7, public_id="abc", number="1023", field="BHXH",
                        field_name_vi="Bảo hiểm xã hội – Bảo hiểm y tế", field_name_en="Social and health insurance",
                        priority_group="elderly", priority_name_vi="Người cao tuổi", priority_name_en="Elderly person",
                        people_ahead=5, estimated_wait_min=15, counters=["10"], public_url="http://x/t/abc")


# The service's public view of a dossier (queue_service/dossiers/views.py public_view), as dossier.track answers it;
# the longest status and procedure names of the demo catalogue.
DOSSIER = {
    "code": "000.00.00.H00-261116-0001",
    "procedure": {"code": "1.004194", "name_vi": "Đăng ký thay đổi thông tin cư trú trong Cơ sở dữ liệu về cư trú",
                  "name_en": "Change of residence information"},
    "status": label(Status.PROCESSING), "received_at": "2026-11-16T09:00+07:00", "due_at": "2026-11-19T09:00+07:00",
    "rescheduled": False, "overdue": True, "outcome": "late", "outcome_vi": "Quá hạn",
    "timeline": [{"at": f"2026-11-{16 + i}T0{8 + i % 2}:15+07:00", "status": label(status), "action": "step"}
                 for i, status in enumerate([Status.NEW, Status.PROCESSING, Status.WAITING, Status.PROCESSING,
                                             Status.PAYING, Status.PROCESSING])],
}
TITLES = {COPY["title"][0], COPY["lookup"][0], COPY["sms_offer"][0], COPY["admin_title"][0], COPY["admin_health"][0]}
ANSWERS = {"issued", "issued-sms", "dossier", "dossier-english", "admin-health"}  # read, not acted on: each goes home by itself
DIMMED = {"dimmed", "dimmed-paper-out"}  # home darkened on purpose: only the bright band must be read
LOOKUP = ("lookup", "lookup-code", "lookup-digits", "dossier", "dossier-english", "not-found")


def scenes(fonts: Fonts, size: tuple[int, int], typography: Typography) -> dict[str, object]:
    """Every scene of the kiosk in the state a citizen meets it, by name."""
    def home(online=True, printable=True, page=0):
        scene = Home(fonts, size, typography, lambda _code: None,
                     actions=[Action("checkin", lambda: None, prints=True), Action("lookup", lambda: None)])
        scene.set_fields(fields())
        scene.set_online(online)
        scene.set_printable(printable)
        scene.page = page
        scene._layout()
        return scene

    def entry(prompt, keys, length):
        return Entry(fonts, size, typography, 30, prompt=prompt, keys=keys, length=length, exact=length == 4,
                     on_back=lambda: None, on_done=lambda _text: None)

    menu = [MenuItem(COPY[key], lambda: None)
            for key in ("admin_print_test", "admin_health", "admin_reload", "admin_locale_vi")]
    health = [HealthRow(COPY["health_printer"], COPY["health_ok"], True),
              HealthRow(COPY["health_paper"], COPY["health_paper_low"], False),
              HealthRow(COPY["health_camera"], ("Lỗi", "Fault: camera lost: no frame in 30 reads"), False),
              HealthRow(COPY["health_link"], COPY["health_online"], True),
              HealthRow(COPY["health_version"], ("motcua-0.1.0", "kiosk-1"), True)]
    pad = PinPad(fonts, size, typography, lambda: None, 60, lambda _pin: None).ask(pair("admin_wrong", n=3))
    for digit in "24":
        pad._type(digit)
    issued = Issued(fonts, size, typography, lambda: None, 8)
    issued.ticket = ticket()
    issued_sms = Issued(fonts, size, typography, lambda: None, 8)
    issued_sms.ticket, issued_sms.note = ticket(), pair("sms_to", masked="09******78", n=3)
    phone = PhoneEntry(fonts, size, typography, 30, on_skip=lambda: None, on_done=lambda _phone: None).start()
    for digit in "091234":
        phone._type(digit)
    english = DossierStatus(fonts, size, typography, lambda: None, 45).show(DOSSIER)
    english.buttons[0].press()  # "Tiếng Anh / English"
    checkin = CheckIn(fonts, size, typography, lambda: None, 30, lambda _code: None).ask()
    for symbol in "Y9E2":
        checkin._type(symbol)
    return {
        "home": home(), "home-page2": home(page=1), "paper-out": home(printable=False),
        "reconnecting": home(online=False),
        "priority": Priority(fonts, size, typography, lambda: None, 30, lambda *_: None).ask("HT", groups()),
        "printing": Printing(fonts, typography), "issued": issued,
        # the "your turn is near" SMS offer after printing, and the confirmation that names the masked number
        "phone": phone, "issued-sms": issued_sms,
        "not-printed": Notice(fonts, size, typography, lambda: None, 15).say(*COPY["not_printed"]),
        "lookup": LookupStart(fonts, size, typography, lambda: None, 30, lambda: None),
        "lookup-code": entry(COPY["lookup_code"], CODE_KEYS, 64).start("000.00.00.H00-2611"),
        "lookup-digits": entry(COPY["lookup_digits"], DIGIT_KEYS, 4).start("45"),
        "dossier": DossierStatus(fonts, size, typography, lambda: None, 45).show(DOSSIER),
        "dossier-english": english,
        "not-found": Notice(fonts, size, typography, lambda: None, 15).say(*COPY["not_found"]),
        "checkin": checkin,
        "dimmed": Dimmed(home(), 0.35, lambda: None),
        "dimmed-paper-out": Dimmed(home(printable=False), 0.35, lambda: None),
        "admin-pin": pad,
        "admin-locked": PinPad(fonts, size, typography, lambda: None, 60, lambda _pin: None).ask(
            pair("admin_locked", minutes=5)),
        "admin-menu": AdminMenu(fonts, size, typography, lambda: None, 60).show(menu, COPY["admin_printed"]),
        "admin-health": HealthPage(fonts, size, typography, lambda: None, 60).show(health),
        # what the service answers a booking checked in too early (queue_service/bookings/errors.py)
        "checkin-too-early": Notice(fonts, size, typography, lambda: None, 15).say(
            "Chưa đến giờ hẹn. Vui lòng quay lại từ 09:45", "Too early: please come back from 09:45"),
    }


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("orientation", ORIENTATIONS)
def test_every_screen_is_readable_and_touchable(orientation, large):
    size = ORIENTATIONS[orientation]
    settings = ScreenSettings(width=size[0], height=size[1], dpi=DPI)
    fonts = MeasuringFonts()
    problems = []
    for name, scene in scenes(fonts, size, Typography(large=large)).items():
        fonts.drawn.clear()
        fonts.overflowing.clear()
        surface = pygame.Surface(size)
        scene.draw(surface)
        if name in DIMMED:  # what the dimmed home shows under the band is not read from afar: the band is
            band, said = scene.band(size), "\n".join(scene.text)
            fonts.drawn = [d for d in fonts.drawn if band.contains(d[3]) and d[0] in said]
            if not fonts.drawn:
                problems.append(f"{name} ({orientation}): nothing readable in the bright band")
        if not large:
            pygame.image.save(surface, str(SCREENS / f"kiosk-{name}-{orientation}.png"))
        elif name in ("home", "priority", "dossier"):
            pygame.image.save(surface, str(SCREENS / f"kiosk-{name}-{orientation}-large.png"))
        where = f"{name} ({orientation}, {'large' if large else 'normal'} type)"
        problems += [f"{where}: cut off: {lines}" for lines in fonts.overflowing]
        for button in scene.buttons:  # labels are laid out when drawn; their own fit is checked here
            if any(block.overflows for block in button.label(fonts, button.areas()[1].size)):
                problems.append(f"{where}: button {button.lines[0]!r} cut off")
            mm = min(settings.mm(button.rect.width), settings.mm(button.rect.height))
            if mm < 20:
                problems.append(f"{where}: button {button.lines[0]!r} is {mm:.1f} mm")
            fill = button.style.fill if button.enabled else button.style.disabled_fill
            corner = button.rect.move(button.style.radius, button.style.radius).topleft
            if tuple(surface.get_at(corner))[:3] != fill:  # checked by region: the button is where it says
                problems.append(f"{where}: button {button.lines[0]!r} not drawn at {button.rect}")
        reading = 0
        for line, px, colour, ink in fonts.drawn:
            if line.isdigit() or not surface.get_rect().contains(ink):
                problems += [] if line.isdigit() else [f"{where}: {line!r} outside the screen"]
                continue
            floor = 48 if vietnamese(line) else 32
            if px < floor:
                problems.append(f"{where}: {line!r} at {px} px (under {floor})")
            ratio = contrast(colour, background(surface, ink))
            if ratio < 7:
                problems.append(f"{where}: {line!r} contrast {ratio:.1f}:1")
            inside_button = any(b.rect.contains(ink) for b in scene.buttons)
            if vietnamese(line) and not inside_button and line not in TITLES:
                reading += 1
        if name not in ANSWERS and reading > 2:
            problems.append(f"{where}: {reading} lines to read before acting")
    assert problems == []


def test_every_screen_that_waits_for_a_citizen_goes_home_by_itself():
    now = [0.0]
    fonts, size, typography = Fonts(), ORIENTATIONS["portrait"], Typography()
    shown = scenes(fonts, size, typography)
    stage = Stage(shown["home"], clock=lambda: now[0])
    for name in ("priority", "printing", "issued", "not-printed", "checkin", "phone", "admin-pin", "admin-menu",
                 "admin-health", *LOOKUP):
        scene = shown[name]
        stage.show(scene)
        now[0] += scene.idle_timeout_s - 0.5
        stage.update()
        assert stage.scene is scene, name
        now[0] += 1
        stage.update()
        assert stage.scene is stage.home, name
