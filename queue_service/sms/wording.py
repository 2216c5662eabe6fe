"""The words of the "your turn is near" SMS (../shared/COPY-VI.md, SMS), and diacritics stripped for centres that
send plain letters. No name and no ID number in any SMS."""

from __future__ import annotations

import unicodedata

from queue_service.config.models import CentreConfig
from wire.sms import MAX_TEXT

NEAR_TURN = "{sender}: Số {number} của Ông/Bà còn {ahead} người nữa đến lượt. Vui lòng có mặt tại khu chờ."
TURN_NOW = "{sender}: Sắp đến lượt số {number} của Ông/Bà. Vui lòng có mặt tại khu chờ."
# Letters NFD does not split into a base and a mark.
PLAIN = str.maketrans({"đ": "d", "Đ": "D"})


def strip_diacritics(text: str) -> str:
    """"Số 1023 của Ông/Bà" → "So 1023 cua Ong/Ba": every mark removed, đ → d, nothing else dropped."""
    decomposed = unicodedata.normalize("NFD", text.translate(PLAIN))
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn"))


def finish(config: CentreConfig, text: str) -> str:
    """The centre's choice of letters, within what one concatenated SMS carries."""
    if not config.sms.diacritics:
        text = strip_diacritics(text)
    return text[:MAX_TEXT]


def near_turn(config: CentreConfig, number: str, ahead: int) -> str:
    sender = config.sms.sender or config.centre.name_vi
    template = NEAR_TURN if ahead > 0 else TURN_NOW
    return finish(config, template.format(sender=sender, number=number, ahead=ahead))
