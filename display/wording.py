"""What the hall screen and the waiting board say, Vietnamese first with its English (COPY-VI.md, "Hall display and
voice"); the font-coverage test walks every phrase here."""

from __future__ import annotations

import datetime as dt

from display.phrases import counter_label

# key → (Vietnamese, English)
WORDS: dict[str, tuple[str, str]] = {
    "prompt": ("Mời công dân có số thứ tự", "Now calling"),
    "to_counter": ("đến Quầy số {counter}", "Number {number} → counter {counter}"),
    "recall": ("Gọi lại", "Recall"),  # COPY-VI.md, "Hall display and voice"
    "number_column": ("Số thứ tự", "Number"),
    "counter_column": ("Quầy", "Counter"),
    "serving": ("Đang phục vụ", "Now serving"),
    "counter": ("Quầy {counter}", "Counter {counter}"),
    "offline": ("Mất kết nối — đang kết nối lại", "Connection lost — reconnecting"),
    "field_column": ("Lĩnh vực", "Service"),
    "waiting_column": ("Đang chờ", "Waiting"),  # COPY-VI.md, the kiosk's and the board's word
    "wait_column": ("Dự kiến chờ", "Estimated wait"),
    "no_board": ("Đang cập nhật số liệu…", "Updating…"),
    "no_counter": ("Chưa có quầy mở", "No counter open"),
}
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
NO_NUMBER = "—"
NAME_SEPARATOR = " – "
# Figures and signs the screens draw besides the words (numbers, the clock, the date, lettered numbers).
SIGNS = "0123456789:/,·→–— ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def vi(key: str, **values) -> str:
    return WORDS[key][0].format(**values)


def en(key: str, **values) -> str:
    return WORDS[key][1].format(**values)


def long_date(day: dt.date) -> str:
    """"Thứ Hai, 07/12/2026": the weekday in words, then day/month/year as Vietnamese write it."""
    return f"{WEEKDAYS[day.weekday()]}, {day:%d/%m/%Y}"


def short_name(name: str | None) -> str:
    """The counter's name without the "Quầy" the centre file's label starts with ("Quầy Hộ tịch" → "Hộ tịch"):
    on the screen the counter's number says it already."""
    if not name:
        return ""
    head = vi("counter", counter="").strip()
    return name[len(head):].strip() if name.lower().startswith(head.lower() + " ") else name.strip()


def with_name(text: str, name: str | None) -> str:
    """"đến Quầy số 5" + " – Hộ tịch" when the counter has a name."""
    rest = short_name(name)
    return f"{text}{NAME_SEPARATOR}{rest}" if rest else text


def counter_title(counter: str, name: str | None) -> str:
    """"Quầy 5 – Hộ tịch" for counter '05' named "Quầy Hộ tịch"; just "Quầy 5" without a name."""
    return with_name(vi("counter", counter=counter_label(counter)), name)


def every_phrase() -> list[str]:
    """Both languages of every phrase (placeholders filled with figures), the weekdays and the signs."""
    filled = {"counter": "12", "number": "A023", "n": "15"}
    return [text.format(**filled) for pair in WORDS.values() for text in pair] + [*WEEKDAYS, NO_NUMBER, SIGNS]
