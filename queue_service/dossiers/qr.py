"""A QR code as inline SVG for the printable HTML forms (pure Python: no image library in the service)."""

from __future__ import annotations

import qrcode
from markupsafe import Markup
from qrcode.image.svg import SvgPathImage


def qr_svg(data: str) -> Markup:
    code = qrcode.QRCode(image_factory=SvgPathImage, error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(data)
    svg = code.make_image().to_string(encoding="unicode")
    return Markup(svg)  # noqa: S704 (qrcode's own SVG; the data is only in path coordinates)
