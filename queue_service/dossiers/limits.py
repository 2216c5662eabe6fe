"""Processing times (thời hạn giải quyết) as value + unit, parsed from the CLI, the catalogue and the portal's DonViTinh."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from queue_service.errors import DomainError, kind

BAD_LIMIT = kind(
    "bad_limit", 422,
    "Thời hạn '{text}' không hợp lệ (ví dụ: '5 working-days', '4 hours', 'same-day', '10 days', '1 months')",
    "Invalid processing time '{text}' (e.g. '5 working-days', '4 hours', 'same-day', '10 days', '1 months')",
)


class Unit(str, enum.Enum):
    working_days = "working-days"  # Ngày làm việc
    days = "days"  # Ngày (calendar days; only a result date on a day off moves)
    hours = "hours"  # Giờ (working hours)
    months = "months"  # Tháng
    same_day = "same-day"  # trong ngày, with the 15:00 rule


# Spellings accepted on import: English, the portal's DonViTinh labels (DOMAIN.md §4.1), and short forms.
_ALIASES = {
    "working-days": Unit.working_days, "working-day": Unit.working_days, "wd": Unit.working_days,
    "ngày làm việc": Unit.working_days, "ngay lam viec": Unit.working_days,
    "days": Unit.days, "day": Unit.days, "calendar-days": Unit.days, "ngày": Unit.days, "ngay": Unit.days,
    "hours": Unit.hours, "hour": Unit.hours, "h": Unit.hours, "giờ": Unit.hours, "gio": Unit.hours,
    "months": Unit.months, "month": Unit.months, "tháng": Unit.months, "thang": Unit.months,
    "same-day": Unit.same_day, "same day": Unit.same_day, "trong ngày": Unit.same_day, "trong ngay": Unit.same_day,
}
# What the HTTP API accepts (the catalogue and the CLI also take the aliases above): a whole number of a unit, or
# same-day. Three digits cover every statutory time limit.
LIMIT_PATTERN = r"^(same-day|[1-9][0-9]{0,2} (working-days|days|hours|months))$"
LIMIT_HELP = "processing time: '5 working-days', '4 hours', '10 days', '1 months' or 'same-day'"
_PATTERN = re.compile(r"^\s*(?:(\d+(?:[.,]\d+)?)\s+)?(.+?)\s*$")

_LABEL_VI = {
    Unit.working_days: "ngày làm việc", Unit.days: "ngày", Unit.hours: "giờ làm việc", Unit.months: "tháng",
}


@dataclass(frozen=True)
class Limit:
    value: float
    unit: Unit

    @classmethod
    def parse(cls, text: str) -> "Limit":
        match = _PATTERN.match(str(text).lower())
        unit = _ALIASES.get(match.group(2)) if match else None
        if unit is None:
            raise DomainError(BAD_LIMIT, text=text)
        if unit is Unit.same_day:
            return cls(0, unit)
        if match.group(1) is None:
            raise DomainError(BAD_LIMIT, text=text)
        value = float(match.group(1).replace(",", "."))
        if value <= 0 or (unit is Unit.months and value != int(value)):
            raise DomainError(BAD_LIMIT, text=text)
        return cls(value, unit)

    def __str__(self) -> str:
        if self.unit is Unit.same_day:
            return "same-day"
        return f"{_number(self.value)} {self.unit.value}"

    @property
    def label_vi(self) -> str:
        if self.unit is Unit.same_day:
            return "Trong ngày (nhận sau 15 giờ trả ngày làm việc tiếp theo)"
        return f"{_number(self.value)} {_LABEL_VI[self.unit]}"


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)
