"""Layout blocks of a printed slip (ticket, dossier receipt): a small, printer-neutral list of what to print."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Text:
    """One or more lines of (Vietnamese) text; `size` is the glyph height in dots, wrapped to the paper width."""

    lines: tuple[str, ...]
    size: int = 24
    bold: bool = False
    align: Align = "center"

    def __init__(self, *lines: str, size: int = 24, bold: bool = False, align: Align = "center") -> None:
        object.__setattr__(self, "lines", tuple(lines))
        object.__setattr__(self, "size", size)
        object.__setattr__(self, "bold", bold)
        object.__setattr__(self, "align", align)


@dataclass(frozen=True)
class BigNumber:
    """The queue number, printed with the printer's own font magnified (GS !) so it stays crisp and small on the wire."""

    text: str
    magnification: int = 6  # requested; shrunk if the number would not fit the paper
    align: Align = "center"


@dataclass(frozen=True)
class QrCode:
    """A QR code; `module_dots` is the size of one QR module in printer dots."""

    data: str
    module_dots: int = 6
    error_correction: Literal["L", "M", "Q", "H"] = "M"
    align: Align = "center"


@dataclass(frozen=True)
class Rule:
    """A horizontal line across the paper."""

    thickness: int = 2
    margin: int = 6  # blank dots above and below


@dataclass(frozen=True)
class Feed:
    """Blank paper, in text lines."""

    lines: int = 1


Block = Union[Text, BigNumber, QrCode, Rule, Feed]


@dataclass(frozen=True)
class Layout:
    """A whole slip: blocks from top to bottom, then a cut (if the printer has a cutter)."""

    blocks: tuple[Block, ...]
    cut: bool = True
    title: str = field(default="slip", compare=False)  # for logs only
