"""Printing: a wire print document -> ESC/POS bytes for a printer profile -> a driver that confirms by status."""

from devicekit.printing.driver import EscposPrinterDriver, PrinterDriver
from devicekit.printing.preview import preview_document, preview_image, save_preview
from devicekit.printing.render import DocumentRenderer, RenderError, render_document
from devicekit.printing.status import PrinterStatus, PrintResult

__all__ = ["DocumentRenderer", "EscposPrinterDriver", "PrintResult", "PrinterDriver", "PrinterStatus", "RenderError",
           "preview_document", "preview_image", "render_document", "save_preview"]
