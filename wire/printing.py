"""The printer-neutral print document: what the service wants printed, which each agent renders for its own printer.

The service decides what a slip says (a queue ticket, a dossier receipt) and sends it as a `PrintDocument`; the
agent that owns the printer renders it for its profile (58 or 80 mm, code page or raster text, native QR or not).
Sizes are physical: dots of a 203 dpi head (8 dots a millimetre), the same on 58 and 80 mm paper; a line that does
not fit the paper is shrunk a little, then wrapped, by the renderer.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field

from wire.messages import WireModel

Align = Literal["left", "center", "right"]


class TextBlock(WireModel):
    """Lines of text (Vietnamese with its diacritics); `size` is the glyph height in dots (24 dots = 3 mm)."""

    type: Literal["text"] = "text"
    lines: list[str] = Field(min_length=1, max_length=40, description="lines, top to bottom")
    size: int = Field(24, ge=12, le=64, description="glyph height in dots at 8 dots/mm")
    bold: bool = Field(False, description="bold face")
    align: Align = Field("center", description="left, center or right")


class NumberBlock(WireModel):
    """The queue number, printed large with the printer's own font magnified, so it stays crisp."""

    type: Literal["number"] = "number"
    text: str = Field(min_length=1, max_length=16, description="the number, e.g. 1023 or A023")
    magnification: int = Field(6, ge=1, le=8, description="wanted size; shrunk when it would not fit the paper")
    align: Align = Field("center", description="left, center or right")


class QrBlock(WireModel):
    """A QR code (ticket page, dossier tracking); `module_dots` is the side of one QR module in dots."""

    type: Literal["qr"] = "qr"
    data: str = Field(min_length=1, max_length=600, description="text encoded, usually a URL")
    module_dots: int = Field(6, ge=2, le=16, description="size of one module in dots")
    error_correction: Literal["L", "M", "Q", "H"] = Field("M", description="QR error correction level")
    align: Align = Field("center", description="left, center or right")


class BarcodeBlock(WireModel):
    """A one-dimensional barcode drawn by the printer (a scanner at the counter reads it)."""

    type: Literal["barcode"] = "barcode"
    data: str = Field(min_length=1, max_length=48, pattern=r"^[\x20-\x7e]+$", description="printable ASCII")
    symbology: Literal["CODE128", "CODE39"] = Field("CODE128", description="barcode kind")
    height_dots: int = Field(64, ge=16, le=255, description="bar height in dots")
    align: Align = Field("center", description="left, center or right")


class RuleBlock(WireModel):
    """A horizontal line across the paper."""

    type: Literal["rule"] = "rule"
    thickness: int = Field(2, ge=1, le=8, description="line thickness in dots")
    margin: int = Field(6, ge=0, le=40, description="blank dots above and below")


class FeedBlock(WireModel):
    """Blank paper, in text lines."""

    type: Literal["feed"] = "feed"
    lines: int = Field(1, ge=1, le=10, description="blank lines")


class CutBlock(WireModel):
    """Cut the paper here (a printer without a cutter feeds to its tear bar instead)."""

    type: Literal["cut"] = "cut"


Block = Annotated[Union[TextBlock, NumberBlock, QrBlock, BarcodeBlock, RuleBlock, FeedBlock, CutBlock],
                  Field(discriminator="type")]


class PrintDocument(WireModel):
    """print.document: a whole slip, blocks from top to bottom; the args of the print.document command."""

    title: str = Field(max_length=80, description="what it is, for logs and the printer's queue (e.g. ticket 1023)")
    blocks: list[Block] = Field(min_length=1, max_length=120, description="what to print, top to bottom")


class PrintOutcome(WireModel):
    """The `result` of a print.document ack: only `printed` may be told to a citizen as done."""

    outcome: Literal["printed", "unverified", "failed"] = Field(
        description="printed (the printer confirmed), unverified (sent, no status reply) or failed (not printed)")
    reason: str = Field("", max_length=300, description="why, in the printer's own terms (paper out, unreachable)")
