"""Code 128 and Code 39 as ESC/POS printers take them (GS k) and as bars: shared by the renderer and the emulator.

The symbologies are the standards' tables (ISO/IEC 15417, ISO/IEC 16388); the data layout is Epson's: Code 128 data
starts with a code set selector "{A", "{B" or "{C" (in set C each byte is a value 0-99, two digits), "{{" is a
literal "{"; Code 39 data is sent without its "*" start/stop, which the printer adds. Tests decode the bars with
zxing-cpp, an independent reader, so a wrong table cannot go unnoticed.
"""

from __future__ import annotations

# Bar/space widths of Code 128 symbol values 0..105, six digits each: bar, space, bar, space, bar, space.
CODE128_WIDTHS = """
212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 221312 231212
112232 122132 122231 113222 123122 123221 223211 221132 221231 213212 223112 312131
311222 321122 321221 312212 322112 322211 212123 212321 232121 111323 131123 131321
112313 132113 132311 211313 231113 231311 112133 112331 132131 113123 113321 133121
313121 211331 231131 213113 213311 213131 311123 311321 331121 312113 312311 332111
314111 221411 431111 111224 111422 121124 121421 141122 141221 112214 112412 122114
122411 142112 142211 241211 221114 413111 241112 134111 111242 121142 121241 114212
124112 124211 411212 421112 421211 212141 214121 412121 111143 111341 131141 114113
114311 411113 411311 113141 114131 311141 411131 211412 211214 211232
""".split()
CODE128_STOP = "2331112"
_START = {"A": 103, "B": 104, "C": 105}
_SWITCH = {"A": 101, "B": 100, "C": 99}  # "Code A/B/C" from another set (FNC4 shares 101/100 in A/B; unused here)
FNC1 = 102

# Code 39: nine elements (bar, space, ... bar), n narrow / w wide; "*" is the start/stop character.
CODE39 = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%*", """
nnnwwnwnn wnnwnnnnw nnwwnnnnw wnwwnnnnn nnnwwnnnw wnnwwnnnn nnwwwnnnn nnnwnnwnw wnnwnnwnn nnwwnnwnn
wnnnnwnnw nnwnnwnnw wnwnnwnnn nnnnwwnnw wnnnwwnnn nnwnwwnnn nnnnnwwnw wnnnnwwnn nnwnnwwnn nnnnwwwnn
wnnnnnnww nnwnnnnww wnwnnnnwn nnnnwnnww wnnnwnnwn nnwnwnnwn nnnnnnwww wnnnnnwwn nnwnnnwwn nnnnwnwwn
wwnnnnnnw nwwnnnnnw wwwnnnnnn nwnnwnnnw wwnnwnnnn nwwnwnnnn nwnnnnwnw wwnnnnwnn nwwnnnwnn nwnwnwnnn
nwnwnnnwn nwnnnwnwn nnnwnwnwn nwnnwnwnn""".split()))
CODE39_CHARS = frozenset(CODE39) - {"*"}


class BarcodeError(ValueError):
    """Data that the symbology cannot carry, or a malformed GS k data field."""


def wide_dots(narrow: int) -> int:
    """Epson's wide element for a narrow of n dots (GS w n): 2 -> 5, 3 -> 8, 4 -> 10, 5 -> 13, 6 -> 15."""
    return (5 * narrow + 1) // 2


# -- the data a printer is sent ---------------------------------------------------------------------------
def code128_escpos(text: str) -> bytes:
    """Epson GS k 73 data for printable ASCII `text`: set B, switching to set C for runs of digits long enough to
    save space (4+ at either end, 6+ in the middle), so a dossier code fits the paper at a readable bar width."""
    if not text or any(not 32 <= ord(c) <= 126 for c in text):
        raise BarcodeError(f"Code 128 here carries printable ASCII only: {text!r}")
    out, current, i = bytearray(), "", 0
    while i < len(text):
        run = len(text[i:]) - len(text[i:].lstrip("0123456789"))
        at_edge = i == 0 or i + run == len(text)
        if run >= (4 if at_edge else 6):
            if i == 0 and run % 2:  # an odd leading run: its first digit goes in set B
                out += b"{B" + text[0].encode()
                current, i, run = "B", 1, run - 1
            even = run - run % 2
            out += b"{C" + bytes(int(text[j:j + 2]) for j in range(i, i + even, 2))
            current, i = "C", i + even
            continue
        if current != "B":
            out += b"{B"
            current = "B"
        out += b"{{" if text[i] == "{" else text[i].encode()
        i += 1
    return bytes(out)


def code39_escpos(text: str) -> bytes:
    if not text or not set(text) <= CODE39_CHARS:
        bad = "".join(sorted(set(text) - CODE39_CHARS))
        raise BarcodeError(f"Code 39 carries 0-9, A-Z, space and - . $ / + % only; {text!r} has {bad!r}")
    return text.encode("ascii")


# -- what the bars are ------------------------------------------------------------------------------------
def code128_values(data: bytes) -> tuple[list[int], str]:
    """Symbol values (start, data, check) and the human-readable text of Epson-format Code 128 data."""
    values, hri, current, i = [], "", "", 0
    while i < len(data):
        byte = data[i]
        if byte == ord("{") and i + 1 < len(data) and data[i + 1] != ord("{"):
            code = chr(data[i + 1])
            i += 2
            if code in _START:
                values.append(_START[code] if not current else _SWITCH[code])
                current = code
            elif code == "1":
                values.append(FNC1)
            else:
                raise BarcodeError(f"unsupported Code 128 function {{{code}")
            continue
        if byte == ord("{"):
            if i + 1 == len(data):
                raise BarcodeError("Code 128 data ends with a lone {")
            i += 1  # "{{": the brace itself follows
            byte = data[i]
        if not current:
            raise BarcodeError("Code 128 data must start with {A, {B or {C")
        if current == "C":
            if byte > 99:
                raise BarcodeError(f"code set C value {byte} above 99")
            values.append(byte)
            hri += f"{byte:02d}"
        elif current == "B" and 32 <= byte <= 127:
            values.append(byte - 32)
            hri += chr(byte)
        elif current == "A" and byte < 96:
            values.append(byte + 64 if byte < 32 else byte - 32)
            hri += chr(byte) if byte >= 32 else " "
        else:
            raise BarcodeError(f"byte {byte} is not in code set {current}")
        i += 1
    if len(values) < 2:
        raise BarcodeError("Code 128 without data")
    check = (values[0] + sum(i * v for i, v in enumerate(values[1:], start=1))) % 103
    return values + [check], hri


def code128_modules(values: list[int]) -> list[bool]:
    """True = bar, one entry per module, without quiet zones (the paper's margin is the quiet zone)."""
    out: list[bool] = []
    for pattern in [CODE128_WIDTHS[v] for v in values] + [CODE128_STOP]:
        for i, width in enumerate(pattern):
            out += [i % 2 == 0] * int(width)
    return out


def code39_elements(text: str) -> list[tuple[bool, bool]]:
    """(is_bar, is_wide) elements of *text* with narrow gaps between characters."""
    out: list[tuple[bool, bool]] = []
    for n, char in enumerate(f"*{text.strip('*')}*"):
        if n:
            out.append((False, False))
        out += [(k % 2 == 0, e == "w") for k, e in enumerate(CODE39[char])]
    return out


def width_dots(symbology: str, data: bytes, narrow: int) -> int:
    """Width of the printed bars for GS k data at module/narrow width `narrow` dots."""
    if symbology == "CODE128":
        return len(code128_modules(code128_values(data)[0])) * narrow
    return sum(wide_dots(narrow) if wide else narrow for _, wide in code39_elements(data.decode("ascii")))
