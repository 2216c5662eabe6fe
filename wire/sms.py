"""The SMS side of the contract: the service asks the SMS agent to send one message (`sms.send`, idempotent by the
message's id), and a kiosk hands over a citizen's phone number for the "your turn is near" SMS (`ticket.sms`).

Phone numbers are personal data (Decree 13/2023/NĐ-CP; Law 91/2025/QH15): `mask_phone` is the one rule for showing
one anywhere (a page, a log line, an API view, a screen after typing)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from wire.messages import WireModel
from wire.queue_messages import Request

# A Vietnamese mobile number as typed at the kiosk: 10 digits starting 03, 05, 07, 08 or 09 (the 2018 numbering).
PHONE_PATTERN = r"^0[35789][0-9]{8}$"
PHONE = re.compile(PHONE_PATTERN)
PHONE_LENGTH = 10
# Three UCS2 parts of 67 characters: the most a SIM800 profile sends as one concatenated message.
MAX_TEXT = 201


def is_phone(value: str) -> bool:
    return bool(PHONE.match(value or ""))


def mask_phone(number: str) -> str:
    """The first two and the last two digits, the rest starred: 0912345678 → 09******78."""
    number = number or ""
    if len(number) <= 4:
        return "*" * len(number)
    return number[:2] + "*" * (len(number) - 4) + number[-2:]


class SmsSend(WireModel):
    """sms.send: send one SMS through the agent's GSM modem. `id` is the outbox message's id: the agent remembers
    the ids it sent, so a resend after a lost ack answers `sent` again without a second SMS."""

    id: str = Field(min_length=1, max_length=64, description="the service's message id (the idempotency key)")
    number: str = Field(pattern=PHONE_PATTERN, description="the recipient, a Vietnamese mobile number (10 digits)")
    text: str = Field(min_length=1, max_length=MAX_TEXT, description="the message (sent as UCS2: diacritics kept)")


class SmsResult(WireModel):
    """The `result` of an sms.send ack: what the modem said."""

    id: str = Field(max_length=64, description="the message id it answers")
    state: Literal["sent", "failed"] = Field(description="sent (the network took every part) or failed")
    references: list[int] = Field(default_factory=list, max_length=8,
                                  description="the modem's message reference per part (+CMGS), when sent")
    error: str | None = Field(None, max_length=300, description="the modem's error (e.g. +CMS ERROR: 500), when failed")
    repeated: bool = Field(False, description="already sent earlier under this id: answered from memory, not resent")


class TicketSmsRequest(Request):
    """ticket.sms: after taking a number, the citizen typed a phone number to get an SMS when their turn is near
    (optional, with consent shown on the screen). Only for a waiting ticket the same kiosk issued."""

    ticket_id: int = Field(ge=1, description="the ticket's internal id (IssuedTicket.id)")
    phone: str = Field(pattern=PHONE_PATTERN, description="the citizen's mobile number, 10 digits")


class TicketSmsReply(WireModel):
    """ticket.sms reply: the number as it may be shown again (masked) and when the SMS will come."""

    masked: str = Field(max_length=16, description="the phone number masked (09******78)")
    ahead: int = Field(ge=0, description="the SMS goes when this many people or fewer are ahead")
