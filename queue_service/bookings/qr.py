"""The booking code as a QR code: an inline SVG (no image file, no Pillow on the service), ECC M like the tickets."""

from __future__ import annotations

import qrcode
import qrcode.image.svg


def qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=4,
                        error_correction=qrcode.constants.ERROR_CORRECT_M)
    return image.to_string(encoding="unicode")
