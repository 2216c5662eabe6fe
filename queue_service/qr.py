"""QR codes drawn by the service as inline SVG (the booking page, the A5 Form 01): no image file, no imaging library,
ECC M like the printed tickets."""

from __future__ import annotations

from markupsafe import Markup


def qr_svg(data: str) -> Markup:
    # Imported here, not at start-up: `qrcode` loads Pillow whenever it is installed (its image styles do), and the
    # service loads no imaging or hardware library at start (tests/test_service_boundaries.py). A service-only
    # install has no Pillow; qrcode's SVG image needs none.
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=4,
                        error_correction=qrcode.constants.ERROR_CORRECT_M)
    return Markup(image.to_string(encoding="unicode"))  # noqa: S704 (qrcode's own SVG; the data is only in its paths)
