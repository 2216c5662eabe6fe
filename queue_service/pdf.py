"""Any printable page of the service (a dossier form, a report) as PDF, through WeasyPrint, with the DejaVu faces the
project ships embedded, so the Vietnamese diacritics print the same on any host, whatever fonts it has."""

from __future__ import annotations

from pathlib import Path

PDF_TYPE = "application/pdf"
# The faces are devicekit's package data (devicekit/fonts, installed beside queue_service by the same distribution).
# They are found by path, never imported: the service imports no devicekit (tests/test_layers.py).
FONTS = Path(__file__).resolve().parents[1] / "devicekit" / "fonts"
FAMILY = "motcua DejaVu Sans"
FACES = {"normal": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}


def font_css() -> str:
    """@font-face rules for the shipped faces, and every element set in them (a form's serif stack included: the
    host may have no DejaVu Serif, and a glyph missing from a fallback face prints as a box)."""
    faces = "".join(f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; '
                    f'src: url("{(FONTS / name).as_uri()}"); }}\n' for weight, name in FACES.items())
    return faces + f'html, body, body * {{ font-family: "{FAMILY}", sans-serif !important; }}\n'


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    """The page as PDF; its own `@page` rule (A5 for the counter's forms, A4 for a report) sets the paper size."""
    # WeasyPrint is imported here, not at start-up: it loads Pango and a whole layout engine, which the service's start
    # and memory should pay for only when a PDF is asked for. A font configuration per document: it holds fontconfig
    # state that is not shared between the threads requests run on.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    stylesheet = CSS(string=font_css(), font_config=fonts)
    return HTML(string=html, base_url=base_url).write_pdf(stylesheets=[stylesheet], font_config=fonts)
