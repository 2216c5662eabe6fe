"""The service's logs: plain text for a terminal or one JSON object a line for a collector, both with personal data
masked (Decree 13/2023/NĐ-CP): phone numbers, ID numbers (CMND 9 digits, CCCD 12) and Vietnamese full names.

Masking happens in the formatter, on the finished line (message, arguments, exception and extra fields alike), so
no code path that logs can forget it. Names are found by their family name (the common ones cover most citizens)
followed by capitalised words; a name outside that list is not caught, which is why the service logs ids and
numbers, never a person's fields, in the first place."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re

# +84 or 0, then 9-10 digits, perhaps grouped by spaces, dots or dashes: 0912 345 678, +84.912.345.678
PHONE = re.compile(r"(?<![\w+])(?:\+84|84|0)(?:[ .-]?\d){8,10}(?!\d)")
# a run of 9 to 12 digits on its own: CMND (9), CCCD (12), and any other identifier as long
ID_NUMBER = re.compile(r"(?<!\d)\d{9,12}(?!\d)")
SURNAMES = ("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đào Trương Lương Mai Trịnh "
            "Cao Lâm Tạ Hà Tô Châu Quách Thái Kiều Lưu Vương Đoàn Văn Chu Tăng La Triệu Nông Hứa Kim").split()
NAME = re.compile(r"\b(?:%s)(?:\s+[^\W\d_]+){1,4}" % "|".join(SURNAMES))
# A record's own attributes, and uvicorn's colour copy of its message (terminal escapes, no use in a collector).
STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName", "color_message"}


def mask(text: str) -> str:
    """The text with phone numbers, ID numbers and full names replaced by <phone>, <id> and <name>."""
    text = PHONE.sub("<phone>", text)
    text = ID_NUMBER.sub("<id>", text)
    return NAME.sub(_name, text)


def _name(match: re.Match) -> str:
    """A family name followed by capitalised words is a name; the words after it that are not capitalised stay."""
    words = match.group(0).split()
    given = 1
    while given < len(words) and words[given][0].isupper():
        given += 1
    if given == 1:  # "Lê" alone, or a surname-like word in a sentence ("Hà nội" lower-cased, "Văn bản")
        return match.group(0)
    rest = match.group(0)[len(" ".join(words[:given])):] if given < len(words) else ""
    return "<name>" + rest


class MaskingFormatter(logging.Formatter):
    """Plain text, as the terminal shows it, with personal data masked."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        return mask(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object a line: ts (UTC, ISO 8601), level, logger, message, exception, and any `extra=` fields."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname, "logger": record.name, "message": mask(record.getMessage()),
        }
        if record.exc_info:
            line["exception"] = mask(self.formatException(record.exc_info))
        for key, value in vars(record).items():
            if key not in STANDARD and key not in line:
                line[key] = mask(value) if isinstance(value, str) else _plain(value)
        return json.dumps(line, ensure_ascii=False)


def _plain(value):
    """Numbers and booleans as they are (an integer as long as an ID number is masked); anything else as text."""
    if value is None or isinstance(value, (bool, float)):
        return value
    if isinstance(value, int):
        return value if ID_NUMBER.fullmatch(str(value)) is None else "<id>"
    return mask(str(value))


def configure(log_format: str = "text", level: int = logging.INFO) -> logging.Handler:
    """One handler on the root logger (uvicorn's loggers propagate to it when it is started with log_config=None)."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if log_format == "json" else MaskingFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    return handler
