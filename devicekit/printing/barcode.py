"""Barcode blocks for one printer: the bar width that fits its paper, then native GS k (python-escpos) or raster."""

from __future__ import annotations

import contextlib
import io

from escpos.printer import Dummy
from PIL import Image, ImageDraw

from devicekit import barcodes
from devicekit.printing import raster
from wire.printing import BarcodeBlock

# Narrow bar in dots, widest first: 3 dots (0.375 mm at 203 dpi) reads on any counter scanner; 2 is the narrowest
# ESC/POS accepts (GS w 2) and still reads at the counter; anything thinner is not worth printing.
MODULE_CHOICES = (3, 2)
HRI_DOTS = 24  # height of the human-readable line under the bars (Font A)


def escpos_data(block: BarcodeBlock) -> bytes:
    """What GS k carries for this block; BarcodeError (naming the characters) when the symbology cannot."""
    if block.symbology == "CODE128":
        return barcodes.code128_escpos(block.data)
    return barcodes.code39_escpos(block.data)


def module_for(block: BarcodeBlock, data: bytes, printable_dots: int) -> int:
    """The widest bar that keeps the barcode on the paper; BarcodeError when even the narrowest does not."""
    for module in MODULE_CHOICES:
        if barcodes.width_dots(block.symbology, data, module) <= printable_dots:
            return module
    need = barcodes.width_dots(block.symbology, data, MODULE_CHOICES[-1])
    raise barcodes.BarcodeError(
        f"{block.symbology} {block.data!r} needs {need} dots at the narrowest bars; this paper prints "
        f"{printable_dots} (shorten the data or use a wider paper)")


def print_native(printer: Dummy, block: BarcodeBlock, data: bytes, module: int, height: int) -> None:
    """GS h, GS w, GS f, GS H and GS k via python-escpos, the human-readable text below the bars."""
    printer.set(align=block.align)
    # python-escpos announces its choice of renderer with print(); an agent's stdout is not the place for it.
    with contextlib.redirect_stdout(io.StringIO()):
        printer.barcode(data.decode("latin-1"), block.symbology, height=height, width=module, pos="BELOW",
                        font="A", align_ct=False, function_type="B")
    printer.set(align="left")


def raster_image(block: BarcodeBlock, data: bytes, module: int, height: int, width: int,
                 fonts: raster.Fonts) -> Image.Image:
    """The same bars drawn as an image (full-raster mode, or a printer without GS k), the text below them."""
    if block.symbology == "CODE128":
        bars = [(bar, module) for bar in barcodes.code128_modules(barcodes.code128_values(data)[0])]
    else:
        wide = barcodes.wide_dots(module)
        bars = [(bar, wide if is_wide else module) for bar, is_wide in barcodes.code39_elements(block.data)]
    bar_width = sum(w for _, w in bars)
    image = raster.blank(width, height)
    pen, x = ImageDraw.Draw(image), raster.x_for(block.align, width, bar_width)
    for bar, w in bars:
        if bar:
            pen.rectangle((x, 0, x + w - 1, height - 1), fill=0)
        x += w
    label = raster.text_image([block.data], round(HRI_DOTS * 0.8), False, block.align, width, fonts)
    return raster.stack([image, raster.blank(width, 4), label], width)
