"""The dossier receipt's tracking link, in one place: the service puts it in the receipt's QR code (and the SMS), the
public page reads it, and a kiosk's camera reads it back to look the dossier up with its token."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

PATH = "/tra-cuu"


def tracking_url(public_url: str, code: str, token: str) -> str:
    """'https://hcc.example.vn/tra-cuu?ma=000.00.00.H00-261116-0001&t=…': the token stands for the ID digits."""
    return f"{public_url.rstrip('/')}{PATH}?{urlencode({'ma': code, 't': token})}"


def read_tracking_url(text: str) -> tuple[str, str] | None:
    """(code, token) from a scanned receipt QR; None for anything else (a ticket's or a booking's QR, a web link)."""
    parts = urlsplit(text.strip())
    if not parts.path.endswith(PATH):
        return None
    query = parse_qs(parts.query)
    code, token = (query.get("ma") or [""])[0].strip(), (query.get("t") or [""])[0].strip()
    return (code, token) if code and token else None
