"""SMS-SUBMIT PDUs (3GPP TS 23.040) in UCS2, split into concatenated parts with a UDH; and their decoder."""

from __future__ import annotations

from dataclasses import dataclass

SINGLE_UNITS = 70  # UCS2 code units in one 140-octet SMS
PART_UNITS = 67  # 140 octets minus the 6-octet concatenation header, in 2-octet units
DCS_UCS2 = 0x08
VP_24H = 0xA7  # relative validity: 12 h + (0xA7 - 143) * 30 min = 24 h, so a queued reminder does not arrive days late


class PduError(ValueError):
    """A PDU that cannot be built or parsed."""


@dataclass(frozen=True)
class SubmitPdu:
    """One part ready for AT+CMGS: `hex` to send and `length`, the octets counted *without* the SMSC field."""

    hex: str
    length: int


@dataclass(frozen=True)
class DecodedPart:
    number: str
    text: str
    ref: int | None = None
    total: int = 1
    seq: int = 1


def encode_number(number: str) -> bytes:
    """Address field: digit count, type of number (0x91 international for "+84…", 0x81 otherwise), BCD digits."""
    digits = number[1:] if number.startswith("+") else number
    if not digits.isdigit() or not 3 <= len(digits) <= 20:
        raise PduError(f"not a phone number: {number!r}")
    kind = 0x91 if number.startswith("+") else 0x81
    padded = digits + ("F" if len(digits) % 2 else "")
    swapped = "".join(padded[i + 1] + padded[i] for i in range(0, len(padded), 2))
    return bytes([len(digits), kind]) + bytes.fromhex(swapped)


def split_units(text: str) -> list[bytes]:
    """The UCS2 (UTF-16BE) payload of each part; never cuts a surrogate pair (an emoji) in half."""
    data = text.encode("utf-16-be")
    if len(data) <= 2 * SINGLE_UNITS:
        return [data]
    parts, at = [], 0
    while at < len(data):
        end = min(at + 2 * PART_UNITS, len(data))
        if end < len(data) and 0xD8 <= data[end - 2] <= 0xDB:  # a high surrogate: keep it with its low half
            end -= 2
        parts.append(data[at:end])
        at = end
    return parts


def encode_submit(number: str, text: str, *, ref: int = 0, max_parts: int = 10) -> list[SubmitPdu]:
    """The PDUs of one message; `ref` (0..255) ties the parts of a concatenated message together."""
    if not text:
        raise PduError("empty message")
    chunks = split_units(text)
    if len(chunks) > max_parts:
        raise PduError(f"message needs {len(chunks)} parts, the modem profile allows {max_parts}")
    address = encode_number(number)
    pdus = []
    for seq, chunk in enumerate(chunks, start=1):
        udh = bytes([5, 0x00, 3, ref & 0xFF, len(chunks), seq]) if len(chunks) > 1 else b""
        first = 0x11 | (0x40 if udh else 0)  # SMS-SUBMIT, relative validity period, UDH indicator
        tpdu = bytes([first, 0x00]) + address + bytes([0x00, DCS_UCS2, VP_24H, len(udh) + len(chunk)]) + udh + chunk
        # The leading 00 means "use the SMSC stored on the SIM"; AT+CMGS counts the TPDU only.
        pdus.append(SubmitPdu(hex=("00" + tpdu.hex()).upper(), length=len(tpdu)))
    return pdus


def decode_submit(pdu_hex: str) -> DecodedPart:
    """Parses an SMS-SUBMIT PDU as a modem (or our emulator) receives it after AT+CMGS."""
    try:
        data = bytes.fromhex(pdu_hex)
        at = 1 + data[0]  # skip the SMSC field
        first = data[at]
        if first & 0x03 != 0x01:
            raise PduError(f"not an SMS-SUBMIT (first octet {first:02X})")
        ndigits, kind = data[at + 2], data[at + 3]
        nbytes = (ndigits + 1) // 2
        swapped = data[at + 4:at + 4 + nbytes].hex().upper()
        digits = "".join(swapped[i + 1] + swapped[i] for i in range(0, len(swapped), 2))[:ndigits]
        number = ("+" if kind == 0x91 else "") + digits
        at += 4 + nbytes
        dcs = data[at + 1]
        at += 2
        vpf = (first >> 3) & 0x03
        at += {0: 0, 2: 1}.get(vpf, 7)
        udl = data[at]
        ud = data[at + 1:at + 1 + udl]
    except (IndexError, ValueError) as exc:
        raise PduError(f"truncated or bad PDU {pdu_hex!r}") from exc
    if dcs & 0x0C != DCS_UCS2:
        raise PduError(f"only UCS2 is decoded here (DCS {dcs:02X})")
    ref, total, seq = None, 1, 1
    if first & 0x40:
        udhl = ud[0]
        header, ud = ud[1:1 + udhl], ud[1 + udhl:]
        i = 0
        while i + 1 < len(header):
            iei, length = header[i], header[i + 1]
            if iei == 0x00 and length == 3:
                ref, total, seq = header[i + 2:i + 5]
            elif iei == 0x08 and length == 4:
                ref, total, seq = int.from_bytes(header[i + 2:i + 4], "big"), header[i + 4], header[i + 5]
            i += 2 + length
    return DecodedPart(number=number, text=ud.decode("utf-16-be", errors="surrogatepass"), ref=ref,
                       total=total, seq=seq)
