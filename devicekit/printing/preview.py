"""Preview of a job: the exact bytes that will be sent, drawn by the ESC/POS emulator, so preview = print."""

from __future__ import annotations

from PIL import Image

from devicekit.emulators.escpos import EscposEmulator
from devicekit.printing.render import Mode, render_document
from devicekit.profiles import PrinterProfile
from wire.printing import PrintDocument


def preview_image(job: bytes, profile: PrinterProfile) -> Image.Image:
    emulator = EscposEmulator(printable_dots=profile.printable_dots, escpos_profile=profile.escpos_profile)
    emulator.feed(job)
    return emulator.render()


def preview_document(doc: PrintDocument, profile: PrinterProfile, mode: Mode = "hybrid") -> tuple[Image.Image, bytes]:
    """The picture of a document as this printer prints it, and the bytes it would be sent (RenderError if none)."""
    job = render_document(doc, profile, mode)
    return preview_image(job, profile), job


def save_preview(job: bytes, profile: PrinterProfile, path: str) -> Image.Image:
    image = preview_image(job, profile)
    image.save(path)
    return image
