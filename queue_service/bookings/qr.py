"""The booking code as a QR code: an inline SVG (no image file), ECC M like the tickets."""

from __future__ import annotations


def qr_svg(text: str) -> str:
    # Imported here, not at start-up: `qrcode` loads Pillow whenever it is installed (its image styles do), and the
    # service loads no imaging or hardware library at start (tests/test_service_boundaries.py). A service-only
    # install has no Pillow; qrcode's SVG image needs none.
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=4,
                        error_correction=qrcode.constants.ERROR_CORRECT_M)
    return image.to_string(encoding="unicode")
