"""Printing: a wire print document -> ESC/POS bytes for a printer profile -> a driver that confirms by status.

The names below load on first use (PEP 562): an agent that only reads a printer's status (the counter agent's
health) must not pay for python-escpos, Pillow and numpy, about 20 MB, unless it drives a printer."""

from __future__ import annotations

import importlib

_WHERE = {
    "EscposPrinterDriver": "driver", "PrinterDriver": "driver",
    "preview_document": "preview", "preview_image": "preview", "save_preview": "preview",
    "DocumentRenderer": "render", "RenderError": "render", "render_document": "render",
    "PrinterStatus": "status", "PrintResult": "status",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
