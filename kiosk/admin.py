"""The IT officer's admin menu at the kiosk: five taps in home's top left corner (kiosk/gesture.py), the PIN
(kiosk/admin_pin.py: its hash in the kiosk's file, wrong ones locked out), then: print a test slip through the real
printer path, device health, reload the configuration, the language printed first on slips, exit.

Every action is logged, appended to <state_dir>/admin.jsonl, and the last one is in the kiosk's retained health as
the part `admin` (a warning while the PIN pad is locked after wrong PINs: someone may be guessing)."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, field_validator

from devicekit.agent.config import load_agent_config
from devicekit.agent.health import link_part
from devicekit.agent.printer import PrintFailed
from kiosk.admin_pin import PinGate, Verdict, parse
from kiosk.admin_scenes import AdminMenu, HealthPage, HealthRow, MenuItem, PinPad
from kiosk.copy import COPY, pair
from kiosk.gesture import CornerTaps
from wire.messages import Part
from wire.printing import CutBlock, FeedBlock, PrintDocument, QrBlock, RuleBlock, TextBlock
from yaml_config import ConfigError

if TYPE_CHECKING:
    from kiosk.agent import KioskAgent

log = logging.getLogger(__name__)


class AdminSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pin_hash: str | None = Field(None, description="scrypt hash of the admin PIN, as `python -m kiosk.admin_pin` "
                                 "prints it; none: no admin menu at this kiosk")
    max_tries: int = Field(5, ge=1, le=20, description="wrong PINs in a row before the PIN pad locks")
    lockout_minutes: float = Field(5, ge=0.1, le=1440, description="how long the PIN pad stays locked")
    session_s: float = Field(60, ge=10, le=900, description="seconds without a touch before an admin screen goes "
                             "home (and the PIN is needed again)")

    @field_validator("pin_hash")
    @classmethod
    def _parses(cls, value: str | None) -> str | None:
        if value is not None:
            parse(value)
        return value


def check_slip(device: str, software: str, role: str, now: dt.datetime) -> PrintDocument:
    """A slip that says it is a test (never a number a citizen could queue with), exercising text, a rule, a QR
    and the cut."""
    return PrintDocument(title=f"test slip {role}", blocks=[
        TextBlock(lines=["IN THỬ / TEST PRINT"], size=32, bold=True),
        TextBlock(lines=[f"{device} · {role}", software, f"{now:%H:%M:%S %d/%m/%Y}"], size=22),
        RuleBlock(),
        TextBlock(lines=["Không phải phiếu số thứ tự", "Not a queue ticket"], size=22),
        QrBlock(data=f"motcua test {device} {role}", module_dots=5),
        FeedBlock(lines=1), CutBlock()])


class Admin:
    """Runs the admin scenes for the kiosk agent (UI thread; the test print runs on the ticket thread)."""

    def __init__(self, agent: "KioskAgent", settings: AdminSettings) -> None:
        self.agent, self.settings = agent, settings
        fonts, size, typography = agent.fonts, agent.config.screen.size, agent.type
        self.gate = PinGate(settings.pin_hash or "", max_tries=settings.max_tries,
                            lockout_s=settings.lockout_minutes * 60)
        self.pad = PinPad(fonts, size, typography, agent._go_home, settings.session_s, self._pin)
        self.menu = AdminMenu(fonts, size, typography, self._exit, settings.session_s)
        self.health = HealthPage(fonts, size, typography, lambda: self._menu(), settings.session_s)
        self.gesture = CornerTaps(self.open)
        self.journal = Path(agent.config.state_dir) / "admin.jsonl"
        self.last: str | None = None

    # ---- the way in
    def open(self) -> None:
        self._log("opened the PIN pad")
        locked = self.gate.locked_s()
        self.agent.stage.show(self.pad.ask(self._locked_message(locked) if locked else COPY["admin_pin"]))

    def _pin(self, pin: str) -> None:
        """Checked on the ticket thread (scrypt takes 50-100 ms: frames the UI thread should not miss), answered on
        the UI thread."""
        def check() -> None:
            verdict = self.gate.check(pin)
            self.agent.on_ui(lambda: self._answer(verdict))

        self.agent._work.submit(check)

    def _answer(self, verdict: Verdict) -> None:
        shown = self.agent.stage.scene is self.pad  # the officer may have left meanwhile (Back, or the pad timed out)
        if verdict.ok:
            self._log("signed in")
            return self._menu() if shown else None
        if not verdict.checked:
            self._log(f"PIN not checked: the pad is locked ({verdict.locked_s:.0f} s left)")
            message = self._locked_message(verdict.locked_s)
        elif verdict.locked_s:
            self._log(f"wrong PIN; locked for {verdict.locked_s:.0f} s")
            message = self._locked_message(verdict.locked_s)
        else:
            self._log("wrong PIN")
            message = pair("admin_wrong", n=verdict.tries_left)
        if shown:
            self.pad.ask(message)

    @staticmethod
    def _locked_message(seconds: float) -> tuple[str, str]:
        return pair("admin_locked", minutes=max(1, round(seconds / 60)))

    # ---- the menu
    def items(self) -> list[MenuItem]:
        locale = "admin_locale_en" if self.agent.locale == "en" else "admin_locale_vi"
        return [MenuItem(COPY["admin_print_test"], self._print_test), MenuItem(COPY["admin_health"], self._health),
                MenuItem(COPY["admin_reload"], self._reload), MenuItem(COPY[locale], self._toggle_locale)]

    def _menu(self, outcome: tuple[str, str] | None = None) -> None:
        self.agent.stage.show(self.menu.show(self.items(), outcome))

    def _exit(self) -> None:
        self._log("signed out")
        self.agent._go_home()

    def _print_test(self) -> None:
        self.agent.stage.show(self.agent._printing)

        def run() -> None:
            failures = print_check_slips(self.agent)
            outcome = COPY["admin_printed"] if not failures else pair("admin_not_printed",
                                                                      reason="; ".join(failures)[:120])
            self._log(f"printer test: {'printed' if not failures else '; '.join(failures)}")
            self.agent.on_ui(lambda: self._menu(outcome))

        self.agent._work.submit(run)

    def _health(self) -> None:
        self._log("viewed device health")
        self.agent.stage.show(self.health.show(health_rows(self.agent)))

    def _reload(self) -> None:
        outcome, detail = reload(self.agent)
        self._log(f"reloaded the configuration: {detail}")
        self._menu(outcome)

    def _toggle_locale(self) -> None:
        self.agent.locale = "en" if self.agent.locale == "vi" else "vi"
        self._log(f"slips print {self.agent.locale} first")
        self._menu()

    # ---- the record
    def _log(self, action: str) -> None:
        now = dt.datetime.now(dt.timezone.utc)
        log.warning("%s: admin: %s", self.agent.config.device, action)
        self.last = f"{action} at {now:%H:%M:%S}Z"
        try:
            with self.journal.open("a", encoding="utf-8") as out:
                out.write(json.dumps({"ts": now.isoformat(), "action": action}, ensure_ascii=False) + "\n")
        except OSError as exc:  # the record is best effort; the menu still works
            log.error("%s: admin journal %s: %s", self.agent.config.device, self.journal, exc)

    def part(self) -> Part:
        if (locked := self.gate.locked_s()) > 0:
            return Part(status="warning", detail=f"PIN pad locked after wrong PINs ({locked / 60:.0f} min left)")
        return Part(status="ok", detail=f"last: {self.last}"[:200] if self.last else None)


def print_check_slips(agent: "KioskAgent") -> list[str]:
    """A check slip on every printer, through the path tickets take; what failed, per printer (ticket thread)."""
    failures = []
    for station in agent.stations:
        try:
            station.print(check_slip(agent.config.device, agent.session.config.software, station.role,
                                     dt.datetime.now().astimezone()))
        except PrintFailed as exc:
            failures.append(str(exc))
    return failures


def reload(agent: "KioskAgent") -> tuple[tuple[str, str], str]:
    """Reads the kiosk's file again: its `kiosk` section applies now; a change anywhere else needs a restart; a file
    with errors changes nothing. (What is said, what is recorded.)"""
    try:
        new = load_agent_config(agent.source, type(agent.config))
    except (ConfigError, OSError) as exc:
        log.error("%s: reload refused: %s", agent.config.device, exc)
        return COPY["admin_reload_failed"], f"refused: {str(exc).splitlines()[0]}"[:200]
    restart = new.model_dump(exclude={"kiosk"}) != agent.config.model_dump(exclude={"kiosk"})
    agent.apply(new.kiosk)
    if restart:
        return COPY["admin_reload_restart"], "kiosk settings applied; other changes need a restart"
    return COPY["admin_reloaded"], "kiosk settings applied"


def health_rows(agent: "KioskAgent") -> list[HealthRow]:
    """What the officer checks: each printer, the camera, the link to the service, the software version."""
    rows = []
    for station in agent.stations:
        part = station.part()
        rows.append(HealthRow(COPY[f"health_{station.role}"], _value(part), part.status == "ok"))
        paper = station.status.paper if station.status is not None else "unknown"
        if len(agent.stations) == 1:  # with two printers, each printer's row says its paper (the screen has room)
            rows.append(HealthRow(COPY["health_paper"], COPY[f"health_paper_{paper}"], paper == "ok"))
    camera = agent.drivers.get("camera")
    if camera is not None:
        part = link_part(camera.health, "camera")
        rows.append(HealthRow(COPY["health_camera"], _value(part), part.status == "ok"))
    session = agent.session
    link = "health_online" if session.service_ready else "health_no_service" if session.connected else \
        "health_no_broker"
    rows.append(HealthRow(COPY["health_link"], COPY[link], session.service_ready))
    rows.append(HealthRow(COPY["health_version"], (agent.session.config.software, agent.config.device), True))
    return rows


def _value(part: Part) -> tuple[str, str]:
    vi, en = COPY[f"health_{part.status}"]
    return vi, f"{en}: {part.detail}" if part.detail else en
