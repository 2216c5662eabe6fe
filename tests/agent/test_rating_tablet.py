"""The rating tablet through a real Mosquitto into the real service: the clerk finishes a ticket, the service sends
rating.open, a tap on the tablet's screen stores the rating for that ticket; one rating per prompt, none after the
window. The agent runs on the main thread (pygame), the test drives it from a worker thread.

It also writes docs/screens/rating-tablet-{ask,reason,thanks}.png at the tablet's logical size (1280×800)."""

from __future__ import annotations

import base64
import logging
import threading
import time
from pathlib import Path

import pygame
import pytest
import yaml
from PIL import Image
from sqlalchemy import select

from devicekit.ui import BACKGROUND, Fonts
from queue_service.config import load_centre
from queue_service.ratings.prompt import REASONS
from queue_service.ratings.tables import Rating
from queue_service.queue.tables import Ticket
from rating_tablet.agent import RatingTabletAgent
from rating_tablet.scenes import (BANNER, MUTED, PALETTE, PHOTO_FRAME, SILHOUETTE, STRINGS, Idle, Rate, Reason,
                                  Status, Thanks, level_style, split_reason)
from tests.mqtt.helpers import wait_for
from tests.support.photos import BACKDROP, portrait, write_portrait
from tests.queue.conftest import DEMO
from tests.support.agents import agent_file
from tests.support.service import centre_store
from wire.rating import RatingLevel, RatingOpen

CENTRE = "hcc-demo"
SIZE = (1280, 800)
SCREEN = {"width": SIZE[0], "height": SIZE[1], "window_width": SIZE[0], "window_height": SIZE[1]}
SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
WATCHDOG_S = 90.0


class Tablet:
    """Counter 1 of the demo centre with its rating tablet; the service runs in the driving thread."""

    def __init__(self, broker, tmp_path: Path, centre_file: Path = DEMO) -> None:
        self.tmp_path, self.centre_file = tmp_path, centre_file
        self._store = centre_store(broker, tmp_path, centre_file)
        self.centre = self._store.__enter__()
        self.centre.provision("rating_tablet", "rating-01", counter=1)
        path = agent_file(broker, tmp_path, "rating-01", "rating_tablet", counter=1, screen=SCREEN)
        self.agent = RatingTabletAgent.from_file(path)
        self.given: list = []  # every rating.given the agent reports
        report = self.agent.report

        def spy(name, data):
            if name == "rating.given":
                self.given.append(data)
            return report(name, data)

        self.agent.report = spy

    def close(self) -> None:
        self._store.__exit__(None, None, None)

    def drive(self, work, after=None) -> None:
        """agent.run() on this (main) thread; `work(self)` on a worker with the service up, then `after(self)` once
        the service has stopped, then the agent stops."""
        outcome: dict[str, BaseException] = {}

        def worker() -> None:
            try:
                with self.centre.service() as client:
                    self.client = client
                    self.clerk = self.centre.clerk(1, staff_id="nv01")
                    self.kiosk = self.centre.kiosk_token()
                    assert wait_for(lambda: self.agent.online and not self.agent.status.offline, 15), "never online"
                    self.api("counters/1/open")
                    work(self)
                if after is not None:
                    after(self)
            except BaseException as exc:  # re-raised on the test's thread
                outcome["error"] = exc
            finally:
                self.agent._stop_all()

        watchdog = threading.Timer(WATCHDOG_S, self.agent._stop_all)
        watchdog.start()
        thread = threading.Thread(target=worker, name="tablet-test-driver")
        try:
            thread.start()
            assert self.agent.run() == 0
        finally:
            watchdog.cancel()
            thread.join(WATCHDOG_S)
        if "error" in outcome:
            raise outcome["error"]

    # ---- the clerk and the store
    def api(self, path: str, **kwargs) -> dict:
        headers = kwargs.pop("headers", self.clerk)
        reply = self.client.post(f"/api/v1/centres/{CENTRE}/{path}", headers=headers, **kwargs)
        reply.raise_for_status()
        return reply.json()

    def serve(self) -> int:
        """A citizen takes a number, is called and served: the service sends rating.open. Returns the ticket id."""
        number = self.api("tickets", json={"field": "HT"}, headers=self.kiosk)["number"]
        self.api("counters/1/next")
        self.api("counters/1/finish")
        with self.centre.db.read() as session:
            return session.scalars(select(Ticket.id).where(Ticket.number == number)).one()

    def ratings(self) -> list[Rating]:
        with self.centre.db.read() as session:
            return list(session.scalars(select(Rating)))

    def rating(self, ticket_id: int) -> Rating | None:
        return next((r for r in self.ratings() if r.ticket_id == ticket_id), None)

    # ---- the screen
    def showing(self, kind: type, ticket_id: int | None = None, timeout: float = 10.0) -> None:
        def shown() -> bool:
            scene = self.agent.stage.scene
            return isinstance(scene, kind) and (ticket_id is None or scene.prompt.ticket_id == ticket_id)

        assert wait_for(shown, timeout), f"{kind.__name__} not shown; showing {self.agent.stage.scene}"
        time.sleep(0.45)  # past the Stage's tap guard after a switch

    def where(self, index: int) -> tuple[float, float]:
        """The centre of a button of the current scene, as fractions of the screen (what screen.touch takes)."""
        rect = self.agent.stage.scene.buttons[index].rect
        return rect.centerx / SIZE[0], rect.centery / SIZE[1]

    def tap(self, index: int) -> None:
        assert self.agent.ui.touch(*self.where(index))

    def screenshot(self, name: str) -> None:
        self.agent.ui.screenshot(SCREENS / f"rating-tablet-{name}.png")


@pytest.fixture
def tablets(broker, tmp_path):
    """Makes Tablets on the test broker; their stores are closed after the test's last look at them."""
    made: list[Tablet] = []

    def make(centre_file: Path = DEMO) -> Tablet:
        made.append(Tablet(broker, tmp_path, centre_file))
        return made[-1]

    yield make
    for tablet in made:
        tablet.close()


def windowed(directory: Path, seconds: int) -> Path:
    """The demo centre with a rating window of `seconds`."""
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    data["rating_window_s"] = seconds
    path = directory / f"centre-window-{seconds}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def with_photo(directory: Path) -> Path:
    """The demo centre with a photo for nv01 (Nguyễn Văn An, who serves at counter 1 in these tests)."""
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    next(s for s in data["staff"] if s["id"] == "nv01")["photo"] = "photos/nv01.jpg"
    write_portrait(directory / "photos" / "nv01.jpg")
    path = directory / "centre-photo.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def near(pixel, colour, tolerance: int = 12) -> bool:
    """A pixel of a JPEG-decoded, scaled photo: within `tolerance` of `colour` on each channel."""
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour))


@pytest.mark.mosquitto
def test_a_tap_on_each_level_stores_that_value_for_the_ticket_and_the_lowest_asks_a_reason(tablets, tmp_path):
    tablet = tablets(with_photo(tmp_path))
    scale = sorted(load_centre(DEMO).rating_scale, key=lambda level: level.value, reverse=True)

    def work(t: Tablet) -> None:
        for index, level in enumerate(scale):
            ticket_id = t.serve()
            t.showing(Rate, ticket_id)
            scene = t.agent.stage.scene
            assert [b.lines[0] for b in scene.buttons] == [lv.name_vi for lv in scale]  # best first, as sent
            assert scene.prompt.clerk_name == "Nguyễn Văn An"
            assert base64.b64decode(scene.prompt.clerk_photo_jpeg_b64) == (tmp_path / "photos" / "nv01.jpg").read_bytes()
            if index == 0:
                t.screenshot("ask")
                box = scene.photo_box
                shot = Image.open(SCREENS / "rating-tablet-ask.png").convert("RGB")
                assert near(shot.getpixel((box.x + 6, box.y + 6)), BACKDROP), "the clerk's photo is not shown"
            t.tap(index)
            lowest = index == len(scale) - 1
            if lowest:
                t.showing(Reason)
                assert [b.lines for b in t.agent.stage.scene.buttons][:-1] == [split_reason(r) for r in REASONS]
                t.screenshot("reason")
                assert t.rating(ticket_id) is None and len(t.given) == index, "sent before the reason was chosen"
                t.tap(1)
            assert wait_for(lambda: t.rating(ticket_id), 10), f"{level.name_vi}: no rating stored"
            rating = t.rating(ticket_id)
            assert (rating.value, rating.counter, rating.staff_id, rating.device) == (level.value, 1, "nv01",
                                                                                       "rating-01")
            assert rating.reason == (REASONS[1] if lowest else None)
            t.showing(Thanks)
            if lowest:
                t.screenshot("thanks")
        assert wait_for(lambda: isinstance(t.agent.stage.scene, Idle), 6), "thanks never went back to idle"

    tablet.drive(work)
    assert len(tablet.given) == len(scale) and len(tablet.ratings()) == len(scale)


@pytest.mark.mosquitto
def test_a_double_tap_stores_one_rating_and_a_newer_prompt_replaces_an_open_one(tablets):
    tablet = tablets()

    def work(t: Tablet) -> None:
        # A finger that bounces: two presses 50 ms apart on "Hài lòng".
        ticket_id = t.serve()
        t.showing(Rate, ticket_id)
        where = t.where(1)
        t.agent.ui.touch(*where)
        time.sleep(0.05)
        t.agent.ui.touch(*where)
        assert wait_for(lambda: t.rating(ticket_id), 10)
        # The Stage's tap guard aside, the prompt itself answers once: two presses in the same frame.
        second = t.serve()
        t.showing(Rate, second)
        button = t.agent.stage.scene.buttons[0]
        t.agent.on_ui(lambda: (button.press(), button.press()))
        assert wait_for(lambda: t.rating(second), 10)
        # A prompt nobody answered is replaced by the next citizen's: only the newer ticket is rated.
        unanswered = t.serve()
        t.showing(Rate, unanswered)
        newer = t.serve()
        t.showing(Rate, newer)
        t.tap(0)
        assert wait_for(lambda: t.rating(newer), 10)
        time.sleep(1)
        assert t.rating(unanswered) is None
        assert (t.rating(ticket_id).value, t.rating(second).value, t.rating(newer).value) == (3, 4, 4)

    tablet.drive(work)
    assert len(tablet.given) == 3 and len(tablet.ratings()) == 3


@pytest.mark.mosquitto
def test_a_tap_after_the_window_is_not_stored_and_a_banner_shows_while_the_service_is_away(tablets, tmp_path):
    tablet = tablets(windowed(tmp_path, 5))

    def work(t: Tablet) -> None:
        ticket_id = t.serve()
        t.showing(Rate, ticket_id)
        where = t.where(0)
        assert wait_for(lambda: isinstance(t.agent.stage.scene, Idle), 8), "the window ended but the prompt stayed"
        time.sleep(0.45)
        t.agent.ui.touch(*where)  # where "Rất hài lòng" was
        time.sleep(1.5)
        assert t.rating(ticket_id) is None and t.given == []
        assert t.agent.ui.screenshot(tmp_path / "online.png")

    def service_gone(t: Tablet) -> None:
        assert wait_for(lambda: t.agent.status.offline, 10), "no offline banner with the service stopped"
        t.agent.ui.screenshot(tmp_path / "offline.png")

    tablet.drive(work, service_gone)
    bottom = (SIZE[0] // 2, SIZE[1] - 4)
    assert Image.open(tmp_path / "online.png").convert("RGB").getpixel(bottom) == BACKGROUND
    assert Image.open(tmp_path / "offline.png").convert("RGB").getpixel(bottom) == BANNER
    assert tablet.ratings() == []


# ---- the scenes without a broker
def contrast(a, b) -> float:
    def luminance(colour) -> float:
        channels = [(c / 255 / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4) for c in colour]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_string_the_tablet_can_show_is_covered_by_the_bundled_font():
    from devicekit.ui.coverage import missing_glyphs

    centre = load_centre(DEMO)
    strings = [s for pair in STRINGS for s in pair] + list(REASONS) + [s for r in REASONS for s in split_reason(r)]
    strings += [s for level in centre.rating_scale for s in (level.name_vi, level.name_en)]
    strings += [staff.name for staff in centre.staff] + ["0123456789 ·"]
    assert missing_glyphs(strings) == []


def test_level_colours_are_distinct_and_their_labels_contrast_and_fit():
    assert len(set(PALETTE)) == len(PALETTE)
    assert all(contrast(colour, (255, 255, 255)) >= 7 for colour in PALETTE)
    assert contrast(MUTED, BACKGROUND) >= 7 and contrast(BANNER, (255, 255, 255)) >= 7
    fonts = Fonts()
    pygame.init()
    for count in range(2, 7):
        styles = [level_style(i, count) for i in range(count)]
        assert len({s.fill for s in styles}) == count
    scale = sorted(load_centre(DEMO).rating_scale, key=lambda level: level.value, reverse=True)
    prompt = RatingOpen(ticket_id=1, number="1001", counter="01", clerk_name="Nguyễn Văn An", window_s=60,
                        levels=[RatingLevel(value=lv.value, name_vi=lv.name_vi, name_en=lv.name_en) for lv in scale],
                        reasons=list(REASONS))
    rate = Rate(fonts, SIZE, Status(counter=1), prompt, 0, print, print)
    reason = Reason(fonts, SIZE, Status(counter=1), prompt.levels[-1], PALETTE[-1], REASONS, 0, print)
    for button in [*rate.buttons, *reason.buttons]:
        assert button.rect.height >= 100 and button.rect.width >= 250, button.lines  # large for unsteady hands
        assert not any(block.overflows for block in button.label(fonts, button.areas()[1].size)), button.lines
    assert all(button.areas()[0] is not None for button in rate.buttons), "every level shows its face"


def rate_scene(clerk_name: str | None = "Nguyễn Văn An", photo: str | None = None) -> Rate:
    pygame.init()
    levels = [RatingLevel(value=4, name_vi="Rất hài lòng", name_en="Very satisfied"),
              RatingLevel(value=1, name_vi="Không hài lòng", name_en="Dissatisfied")]
    prompt = RatingOpen(ticket_id=1, number="1001", counter="01", clerk_name=clerk_name, clerk_photo_jpeg_b64=photo,
                        window_s=60, levels=levels)
    return Rate(Fonts(), SIZE, Status(counter=1, offline=False), prompt, 0, print, print)


def drawn(scene: Rate) -> pygame.Surface:
    surface = pygame.Surface(SIZE)
    scene.draw(surface)
    return surface


def test_the_clerks_photo_is_shown_in_its_box_beside_the_name_scaled_to_fit():
    # A photo twice the box's size (the wire allows any JPEG up to 48 KiB of base64): scaled down, aspect kept.
    scene = rate_scene(photo=base64.b64encode(portrait((320, 400))).decode())
    box = scene.photo_box
    assert scene.photo is not None and scene.photo.get_size() == box.size
    surface = drawn(scene)
    assert near(surface.get_at((box.x + 6, box.y + 6)), BACKDROP)  # the photo's backdrop, top left
    assert near(surface.get_at((box.centerx, box.y + round(box.height * 0.38))), (224, 184, 150))  # the face
    assert box.bottom < min(b.rect.top for b in scene.buttons), "the photo runs into the buttons"


def test_without_a_photo_or_with_one_that_cannot_be_decoded_a_neutral_placeholder_shows(caplog):
    not_an_image = base64.b64encode(b"\xff\xd8 not really a JPEG").decode()
    with caplog.at_level(logging.WARNING, logger="rating_tablet.scenes"):
        for photo in (None, not_an_image):
            scene = rate_scene(photo=photo)
            assert scene.photo is None
            surface, box = drawn(scene), scene.photo_box
            assert tuple(surface.get_at((box.x + 6, box.y + 40))[:3]) == PHOTO_FRAME
            assert tuple(surface.get_at((box.centerx, box.y + round(box.height * 0.38)))[:3]) == SILHOUETTE  # head
            assert tuple(surface.get_at((box.centerx, box.bottom - 4))[:3]) == SILHOUETTE  # shoulders
    assert [r.message for r in caplog.records if "cannot be shown" in r.message] and len(caplog.records) == 1
    # No clerk named (a ticket finished by no signed-in clerk): no photo box, the text spans the screen.
    assert rate_scene(clerk_name=None).photo_box is None


def test_each_level_has_a_face_from_a_broad_smile_to_a_frown():
    from rating_tablet.scenes import moods

    def scale(*ask: bool) -> list[RatingLevel]:
        return [RatingLevel(value=len(ask) - i, name_vi=f"m{i}", name_en=f"l{i}", ask_reason=a) for i, a in enumerate(ask)]

    assert moods(scale(False, False, False, True)) == [1.0, 0.5, 0.0, -1.0]  # the default: Bình thường is neutral
    assert moods(scale(False, False, False, True, True)) == [1.0, 0.5, 0.0, -0.5, -1.0]
    assert moods(scale(False, False)) == [1.0, -1.0]  # a two-button scale: the lower is the unhappy one
