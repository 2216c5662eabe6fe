"""Turns a Layout into ESC/POS bytes with python-escpos: hybrid (raster text, native number/QR/cut) or full raster."""

from __future__ import annotations

import logging
from typing import Literal

from escpos.constants import QR_ECLEVEL_H, QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q
from escpos.printer import Dummy
from PIL import Image

from devicekit.printing import raster
from devicekit.printing.layout import BigNumber, Block, Feed, Layout, QrCode, Rule, Text
from devicekit.profiles import PrinterProfile

log = logging.getLogger(__name__)

Mode = Literal["hybrid", "raster"]
FONT_A_DOTS = 12  # width of one Font A character; the same on 180 and 203 dpi Epson-compatible heads
_ECC = {"L": QR_ECLEVEL_L, "M": QR_ECLEVEL_M, "Q": QR_ECLEVEL_Q, "H": QR_ECLEVEL_H}


def number_magnification(number: BigNumber, printable_dots: int) -> int:
    """The GS ! multiplier actually used: the one asked for, shrunk until the number fits the paper."""
    fits = printable_dots // (FONT_A_DOTS * max(len(number.text), 1))
    return max(1, min(number.magnification, fits, 8))


class SlipRenderer:
    """Renders layouts for one printer model; holds only its loaded fonts, no connection."""

    def __init__(self, profile: PrinterProfile, mode: Mode = "hybrid") -> None:
        self.profile = profile
        self.mode = mode
        self.width = profile.printable_dots
        self._fonts = raster.Fonts()

    def render(self, layout: Layout) -> bytes:
        printer = Dummy(profile=self.profile.escpos_profile)
        printer.hw("INIT")
        if self.mode == "raster":
            self._image(printer, raster.stack([self._raster(b) for b in layout.blocks], self.width))
        else:
            pending: list[Image.Image] = []
            for block in layout.blocks:
                if self._is_raster_in_hybrid(block):
                    pending.append(self._raster(block))
                    continue
                if pending:  # consecutive raster blocks go out as one GS v 0 image: one header, no gaps
                    self._image(printer, raster.stack(pending, self.width))
                    pending = []
                self._native(printer, block)
            if pending:
                self._image(printer, raster.stack(pending, self.width))
        self._finish(printer, layout.cut)
        return printer.output

    def _is_raster_in_hybrid(self, block: Block) -> bool:
        if isinstance(block, Text):
            return not self.profile.vietnamese_codepage
        if isinstance(block, QrCode):
            return not self.profile.native_qr
        return isinstance(block, Rule)

    def _raster(self, block: Block) -> Image.Image:
        if isinstance(block, Text):
            return raster.text_image(block, self.width, self._fonts)
        if isinstance(block, BigNumber):
            return raster.big_number_image(block, self.width, number_magnification(block, self.width), self._fonts)
        if isinstance(block, QrCode):
            return raster.qr_image(block, self.width)
        if isinstance(block, Rule):
            return raster.rule_image(block, self.width)
        return raster.feed_image(block, self.width)

    def _native(self, printer: Dummy, block: Block) -> None:
        if isinstance(block, BigNumber):
            size = number_magnification(block, self.width)
            printer.set(align=block.align, custom_size=True, width=size, height=size)
            printer.textln(block.text)
            printer.set(align="left", custom_size=True, width=1, height=1)
        elif isinstance(block, QrCode):
            # python-escpos cannot centre a native QR itself; ESC a before GS ( k does it on the printer.
            printer.set(align=block.align)
            printer.qr(block.data, ec=_ECC[block.error_correction], size=block.module_dots, native=True)
            printer.set(align="left")
        elif isinstance(block, Feed):
            printer.ln(block.lines)
        elif isinstance(block, Text):  # only when the firmware has a working Vietnamese code page
            big = block.size >= 36
            printer.set(align=block.align, bold=block.bold, double_width=big, double_height=big,
                        normal_textsize=not big)
            for line in block.lines:
                printer.textln(line)
            printer.set(align="left", bold=False, normal_textsize=True)

    def _image(self, printer: Dummy, image: Image.Image) -> None:
        printer.image(image, impl="bitImageRaster")

    def _finish(self, printer: Dummy, cut: bool) -> None:
        if cut and self.profile.cut != "none":
            printer.cut(mode="PART" if self.profile.cut == "partial" else "FULL")
        else:
            printer.print_and_feed(4)  # clear the tear bar
