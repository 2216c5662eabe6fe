"""Renders a wire `PrintDocument` to ESC/POS bytes for one printer profile, with python-escpos.

Hybrid (the default): Vietnamese text as raster images (unless the firmware has a real Vietnamese code page), the
number in the printer's own magnified font, QR and barcode drawn by the printer where the profile says it can, and
the cut native. Raster: everything between two cuts is one image (the baseline the benchmark compares with).
Sizes in the document are dots of a 203 dpi head; a 180 dpi printer gets them scaled, so a slip is the same size.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Literal

from escpos.constants import QR_ECLEVEL_H, QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q
from escpos.exceptions import Error as EscposError
from escpos.printer import Dummy
from PIL import Image, ImageOps

from devicekit import barcodes
from devicekit.printing import barcode, raster
from devicekit.profiles import PrinterProfile
from wire.printing import (BarcodeBlock, Block, CutBlock, FeedBlock, NumberBlock, PrintDocument, QrBlock, RuleBlock,
                           TextBlock)

log = logging.getLogger(__name__)

Mode = Literal["hybrid", "raster"]
DOCUMENT_DPI = 203  # the document's unit: wire.printing sizes are dots of a 203 dpi head
FONT_A_DOTS = 12  # width of one Font A character; the same on 180 and 203 dpi Epson-compatible heads
TEAR_FEED_LINES = 4  # without a cutter, feed this much so the slip clears the tear bar
FRAGMENT_DOTS = 960  # python-escpos sends taller images as several GS v 0 commands; we leave those to it
TEXT_CACHE = 256  # rasterised text blocks kept per renderer: a centre's slips repeat most of their lines
_ECC = {"L": QR_ECLEVEL_L, "M": QR_ECLEVEL_M, "Q": QR_ECLEVEL_Q, "H": QR_ECLEVEL_H}


class RenderError(ValueError):
    """A document this printer cannot print as asked; the message names the block and why. Nothing was sent."""


def number_magnification(number: NumberBlock, printable_dots: int) -> int:
    """The GS ! multiplier actually used: the one asked for, shrunk until the number fits the paper."""
    fits = printable_dots // (FONT_A_DOTS * max(len(number.text), 1))
    return max(1, min(number.magnification, fits, 8))


class DocumentRenderer:
    """Renders documents for one printer model; holds only its loaded fonts, no connection."""

    def __init__(self, profile: PrinterProfile, mode: Mode = "hybrid") -> None:
        self.profile = profile
        self.mode = mode
        self.width = profile.printable_dots
        self.scale = profile.dpi / DOCUMENT_DPI
        self._fonts = raster.Fonts()
        # Most lines of a slip (the centre, the title, the field, the footer) are the same on every slip: rasterising
        # them is most of a slip's render time (~15 ms of ~19), and a citizen waits for it after the touch.
        self._texts: OrderedDict[tuple, Image.Image] = OrderedDict()

    def render(self, doc: PrintDocument) -> bytes:
        printer = Dummy(profile=self.profile.escpos_profile)
        printer.hw("INIT")
        pending: list[Image.Image] = []
        for index, block in enumerate(doc.blocks):
            try:
                if self._as_raster(block):
                    pending.append(self._raster(block))
                    continue
                if pending:  # consecutive raster blocks go out as one GS v 0 image: one header, no gaps
                    raster_image(printer, raster.stack(pending, self.width))
                    pending = []
                self._native(printer, block)
            except (barcodes.BarcodeError, EscposError) as exc:
                raise RenderError(f"{doc.title}: block {index + 1} ({block.type}): {exc}") from None
        if pending:
            raster_image(printer, raster.stack(pending, self.width))
        return printer.output

    def _dots(self, value: int) -> int:
        return max(1, round(value * self.scale))

    def _as_raster(self, block: Block) -> bool:
        if isinstance(block, CutBlock):
            return False
        if self.mode == "raster" or isinstance(block, RuleBlock):
            return True
        if isinstance(block, TextBlock):
            return not self.profile.vietnamese_codepage
        if isinstance(block, QrBlock):
            return not self.profile.native_qr
        if isinstance(block, BarcodeBlock):
            return not self.profile.native_barcode
        return False

    def _raster(self, block: Block) -> Image.Image:
        if isinstance(block, TextBlock):
            return self._text(block)
        if isinstance(block, NumberBlock):
            return raster.number_image(block.text, number_magnification(block, self.width), block.align,
                                       self.width, self._fonts)
        if isinstance(block, QrBlock):
            return raster.qr_image(block.data, self._dots(block.module_dots), block.error_correction, block.align,
                                   self.width)
        if isinstance(block, BarcodeBlock):
            data = barcode.escpos_data(block)
            return barcode.raster_image(block, data, barcode.module_for(block, data, self.width),
                                        self._dots(block.height_dots), self.width, self._fonts)
        if isinstance(block, RuleBlock):
            return raster.rule_image(self._dots(block.thickness), round(block.margin * self.scale), self.width)
        return raster.feed_image(block.lines, self.width)

    def _text(self, block: TextBlock) -> Image.Image:
        """A text block's image, from the cache when the same lines were rasterised before (images are never
        changed after: `raster.stack` copies them)."""
        key = (tuple(block.lines), block.size, block.bold, block.align)
        image = self._texts.get(key)
        if image is None:
            image = raster.text_image(block.lines, self._dots(block.size), block.bold, block.align, self.width,
                                      self._fonts)
            self._texts[key] = image
            if len(self._texts) > TEXT_CACHE:
                self._texts.popitem(last=False)
        else:
            self._texts.move_to_end(key)
        return image

    def _native(self, printer: Dummy, block: Block) -> None:
        if isinstance(block, NumberBlock):
            size = number_magnification(block, self.width)
            printer.set(align=block.align, custom_size=True, width=size, height=size)
            printer.textln(block.text)
            printer.set(align="left", custom_size=True, width=1, height=1)
        elif isinstance(block, QrBlock):
            # python-escpos cannot centre a native QR itself; ESC a before GS ( k does it on the printer.
            printer.set(align=block.align)
            printer.qr(block.data, ec=_ECC[block.error_correction], size=self._dots(block.module_dots), native=True)
            printer.set(align="left")
        elif isinstance(block, BarcodeBlock):
            data = barcode.escpos_data(block)
            barcode.print_native(printer, block, data, barcode.module_for(block, data, self.width),
                                 min(self._dots(block.height_dots), 255))
        elif isinstance(block, FeedBlock):
            printer.ln(block.lines)
        elif isinstance(block, CutBlock):
            if self.profile.cut != "none":
                printer.cut(mode="PART" if self.profile.cut == "partial" else "FULL")
            else:
                printer.print_and_feed(TEAR_FEED_LINES)
        elif isinstance(block, TextBlock):  # only when the firmware has a working Vietnamese code page
            big = block.size >= 36
            printer.set(align=block.align, bold=block.bold, double_width=big, double_height=big,
                        normal_textsize=not big)
            for line in block.lines:
                printer.textln(line)
            printer.set(align="left", bold=False, normal_textsize=True)


def raster_image(printer: Dummy, image: Image.Image) -> None:
    """A 1-bit image as one GS v 0 command: the bytes python-escpos' `image(impl="bitImageRaster")` sends, without its
    detour through RGBA, a pasted RGB copy and an alpha split, which took most of a warm slip's render time."""
    if image.mode != "1" or image.height > FRAGMENT_DOTS:
        printer.image(image, impl="bitImageRaster")
        return
    bits = ImageOps.invert(image.convert("L")).convert("1")  # 1 = a dot printed; rows padded with unprinted bits
    header = b"\x1dv0\x00" + ((image.width + 7) >> 3).to_bytes(2, "little") + image.height.to_bytes(2, "little")
    printer._raw(header + bits.tobytes())  # python-escpos' own transport hook, as its image() uses


def render_document(doc: PrintDocument, profile: PrinterProfile, mode: Mode = "hybrid") -> bytes:
    """ESC/POS bytes of a print document for a printer profile; RenderError when it cannot be printed there."""
    return DocumentRenderer(profile, mode).render(doc)
