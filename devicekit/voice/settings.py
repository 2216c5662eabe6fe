"""The `voice:` section of a speaking agent's file: which pack, what is said, how loud at each hour, when not."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator

SPAN = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")


def _minutes(hh: str, mm: str) -> int:
    return int(hh) * 60 + int(mm)


class VoiceSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = Field(True, description="false: the voice stays off (the screen and the log still show calls)")
    pack: Path | None = Field(None, description="the voice pack's directory (manifest.yaml and its clips); default "
                              "<state_dir>/voice, where `motcua voice build --out` can put it")
    english: bool = Field(False, description="say the English line after the Vietnamese one")
    repeat_recall: int = Field(2, ge=1, le=5, description="how many times a recall's sentences are said")
    gap_ms: int = Field(120, ge=0, le=2000, description="silence between the parts of a sentence")
    pause_ms: int = Field(600, ge=0, le=5000, description="silence between sentences, and after an announcement")
    volume: float = Field(0.9, ge=0, le=1, description="volume, 0 to 1, at the hours volume_by_hour does not name")
    volume_by_hour: dict[int, float] = Field(default_factory=dict, description="hour of day (0-23) → volume 0 to 1, "
                                             "e.g. {12: 0.5, 13: 0.5} for the lunch break")
    quiet_hours: list[str] = Field(default_factory=list, description="spans of local time with no voice, as "
                                   "'HH:MM-HH:MM' (e.g. ['11:30-13:00', '17:30-07:00']; a span may cross midnight)")
    timezone: str = Field("Asia/Ho_Chi_Minh", description="the time zone of volume_by_hour and quiet_hours")
    max_waiting: int = Field(10, ge=1, le=1000, description="more announcements waiting than this is logged as a "
                             "warning (all are still said, in call order)")

    @field_validator("volume_by_hour")
    @classmethod
    def _hours(cls, table: dict[int, float]) -> dict[int, float]:
        for hour, volume in table.items():
            if not 0 <= hour <= 23:
                raise ValueError(f"hour {hour}: expected 0 to 23")
            if not 0 <= volume <= 1:
                raise ValueError(f"hour {hour}: volume {volume}, expected 0 to 1")
        return table

    @field_validator("quiet_hours")
    @classmethod
    def _spans(cls, spans: list[str]) -> list[str]:
        for span in spans:
            match = SPAN.match(span)
            if not match or _minutes(*match.groups()[2:]) > 24 * 60:
                raise ValueError(f"{span!r}: expected 'HH:MM-HH:MM', e.g. '11:30-13:00' (24:00 at the latest)")
        return spans

    @field_validator("timezone")
    @classmethod
    def _zone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {name!r} (e.g. Asia/Ho_Chi_Minh)") from None
        return name

    def local(self, when: dt.datetime) -> dt.datetime:
        return when.astimezone(ZoneInfo(self.timezone))

    def is_quiet(self, when: dt.datetime) -> bool:
        local = self.local(when)
        now = local.hour * 60 + local.minute
        for span in self.quiet_hours:
            h1, m1, h2, m2 = SPAN.match(span).groups()
            start, end = _minutes(h1, m1), _minutes(h2, m2)
            if (start <= now < end) if start <= end else (now >= start or now < end):
                return True
        return False

    def volume_at(self, when: dt.datetime) -> float:
        return self.volume_by_hour.get(self.local(when).hour, self.volume)
