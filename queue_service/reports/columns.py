"""The report's columns and sections as people read them, in one place for the page, the CSV and the XLSX: names in
Vietnamese and English, and each figure in the unit shown (minutes, per cent), so the three always agree."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Iterator

from queue_service.reports.model import Figures, Report, Row


@dataclass(frozen=True)
class Column:
    key: str
    vi: str
    en: str
    unit: str  # "count", "min" (from seconds) or "pct" (from a share)
    read: Callable[[Figures], float | int | None]

    def value(self, figures: Figures) -> float | int | None:
        raw = self.read(figures)
        if raw is None or self.unit == "count":
            return raw
        return _tenths(raw / 60 if self.unit == "min" else raw * 100)

    def header(self, lang: str) -> str:
        name = self.vi if lang == "vi" else self.en
        suffix = {"min": " (phút)" if lang == "vi" else " (min)", "pct": " (%)"}.get(self.unit, "")
        return name + suffix


def _tenths(value: float) -> float:
    """Rounded to a tenth, halves up as people round (11.25 min → 11.3; Python's round() would give 11.2)."""
    return math.floor(value * 10 + 0.5) / 10


def _f(name: str) -> Callable[[Figures], float | int | None]:
    return lambda figures: getattr(figures, name)


FIXED = [
    Column("issued", "Phiếu", "Tickets", "count", _f("issued")),
    Column("served", "Đã phục vụ", "Served", "count", _f("served")),
    Column("no_shows", "Vắng mặt", "No-shows", "count", _f("no_shows")),
    Column("wait_mean", "Chờ trung bình", "Mean wait", "min", _f("wait_mean_s")),
    Column("wait_p90", "Chờ P90", "Wait p90", "min", _f("wait_p90_s")),
    Column("wait_max", "Chờ lâu nhất", "Longest wait", "min", _f("wait_max_s")),
    Column("service_mean", "Phục vụ trung bình", "Mean service", "min", _f("service_mean_s")),
    Column("service_p90", "Phục vụ P90", "Service p90", "min", _f("service_p90_s")),
    Column("estimate_bias", "Dự kiến lệch (thực − in)", "Estimate bias (real − printed)", "min", _f("estimate_bias_s")),
    Column("estimate_abs_error", "Dự kiến sai số", "Estimate error", "min", _f("estimate_abs_error_s")),
    Column("estimate_close", "Dự kiến đúng ±5 phút", "Estimates within 5 min", "pct", _f("estimate_close_share")),
    Column("ratings_total", "Lượt đánh giá", "Ratings", "count", _f("ratings_total")),
]
AFTER_LEVELS = [  # satisfaction, then the dossiers (Decision 766)
    Column("satisfied", "Tỷ lệ hài lòng", "Satisfied share", "pct", _f("satisfied_share")),
    Column("dossiers_received", "Hồ sơ tiếp nhận", "Dossiers received", "count", _f("dossiers_received")),
    Column("dossiers_returned", "Hồ sơ đã trả", "Dossiers returned", "count", _f("dossiers_returned")),
    Column("dossiers_completed", "Hồ sơ đã giải quyết", "Dossiers completed", "count", _f("dossiers_completed")),
    Column("dossiers_early", "Trước hạn", "Early", "count", _f("dossiers_early")),
    Column("dossiers_on_time", "Đúng hạn", "On time", "count", _f("dossiers_on_time")),
    Column("dossiers_late", "Quá hạn", "Late", "count", _f("dossiers_late")),
    Column("dossiers_open_in_time", "Đang giải quyết trong hạn", "Open, in time", "count", _f("dossiers_open_in_time")),
    Column("dossiers_open_overdue", "Đang giải quyết quá hạn", "Open, overdue", "count", _f("dossiers_open_overdue")),
    Column("in_time_rate", "Tỷ lệ đúng hạn", "In-time rate", "pct", _f("in_time_rate")),
]
SECTIONS = [  # (the report's attribute, Vietnamese, English)
    ("total", "Toàn trung tâm", "Whole centre"),
    ("by_field", "Theo lĩnh vực", "By field"),
    ("by_counter", "Theo quầy", "By counter"),
    ("by_clerk", "Theo cán bộ", "By clerk"),
    ("by_agency", "Theo cơ quan", "By agency"),
    ("by_day", "Theo ngày", "By day"),
]


def columns(report: Report) -> list[Column]:
    """Every column: the fixed ones, one per level of the centre's rating scale, then satisfaction and dossiers."""
    levels = [Column(f"rating_{level.value}", level.name_vi, level.name_en, "count",
                     (lambda v: lambda figures: (figures.ratings or {}).get(v) if figures.ratings is not None else None)(str(level.value)))
              for level in report.scale]
    return FIXED + levels + AFTER_LEVELS


def section_rows(report: Report, section: str) -> list[Row]:
    if section == "total":
        return [Row(key=report.centre, name_vi=report.centre_name_vi, name_en=report.centre_name_en, figures=report.total)]
    return getattr(report, section)


def table(report: Report, lang: str) -> Iterator[list]:
    """The whole report as one table: a header, then a line per row of each section (the CSV and the XLSX)."""
    cols = columns(report)
    yield ["Nhóm" if lang == "vi" else "Group", "Mã" if lang == "vi" else "Key", "Tên" if lang == "vi" else "Name",
           *(c.header(lang) for c in cols)]
    for section, vi, en in SECTIONS:
        for row in section_rows(report, section):
            yield [vi if lang == "vi" else en, row.key, row.name_vi if lang == "vi" else row.name_en,
                   *(c.value(row.figures) for c in cols)]
