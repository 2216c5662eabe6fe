"""Booking codes as the contract knows them: the page prints them, the kiosk's keyboard offers only their symbols,
the camera reads them from the QR code, and the service looks them up, all by these rules."""

from __future__ import annotations

import re

# No 0/O, 1/I/L: a code read aloud, typed on the kiosk or copied from a phone cannot be mistaken.
# 31 symbols ** 8 = 8.5e11 codes: not guessable at a rate-limited lookup.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
_IGNORED = re.compile(r"[\s\-]")


def normalise_code(text: str) -> str:
    """What a citizen typed or the camera read, as stored: upper case, spaces and dashes dropped."""
    return _IGNORED.sub("", text).upper()


def is_booking_code(text: str) -> bool:
    """A QR the camera read is a booking code (not a ticket's URL, not a dossier receipt)."""
    code = normalise_code(text)
    return len(code) == CODE_LENGTH and set(code) <= set(ALPHABET)
