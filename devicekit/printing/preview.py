"""Preview of a job: the exact bytes that will be sent, drawn by the ESC/POS emulator, so preview = print."""

from __future__ import annotations

from PIL import Image

from devicekit.emulators.escpos import EscposEmulator
from devicekit.profiles import PrinterProfile


def preview_image(job: bytes, profile: PrinterProfile) -> Image.Image:
    emulator = EscposEmulator(printable_dots=profile.printable_dots, escpos_profile=profile.escpos_profile)
    emulator.feed(job)
    return emulator.render()


def save_preview(job: bytes, profile: PrinterProfile, path: str) -> Image.Image:
    image = preview_image(job, profile)
    image.save(path)
    return image
