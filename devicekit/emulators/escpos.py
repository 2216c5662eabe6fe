"""ESC/POS printer emulator: parses the bytes a driver sends, answers DLE EOT status, and draws the paper.

Besides the picture of the roll it keeps `printed`, what a reader of the slip would find on it (text lines, QR and
barcode contents, images, cuts), and `clipped`, whatever a real printer could not have put on the paper whole.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

import numpy as np
from escpos.capabilities import CAPABILITIES
from PIL import Image

from devicekit.barcodes import BarcodeError
from devicekit.emulators import escpos_barcode
from devicekit.emulators.escpos_paper import Paper, Run

log = logging.getLogger(__name__)

ESC, GS, DLE, EOT, LF, CR = 0x1B, 0x1D, 0x10, 0x04, 0x0A, 0x0D
STATUS_FIXED = 0x12  # bits 1 and 4 of every DLE EOT reply are fixed to 1 (Epson spec)
# ESC commands that take exactly one parameter byte and only change styles this emulator does not draw.
_ESC_ONE_ARG = {ord(c) for c in "-GM{VURr"}
_GS_ONE_ARG = {ord(c) for c in "Bb"}
_GS_BARCODE_SETTINGS = {ord(c) for c in "hwHf"}


@dataclass
class Switches:
    """Fault switches a test flips while the emulator runs."""

    paper_out: bool = False
    paper_low: bool = False
    offline: bool = False
    silent: bool = False  # never answers status requests, like a printer whose status line is not wired


@dataclass(frozen=True)
class Printed:
    """One thing on the paper: a text line, an image, a QR code, a barcode or a cut."""

    kind: str  # text, raster, qr, barcode, cut
    content: str  # the line, the QR data, the barcode's data, "WxH" of an image, "partial"/"full"
    width: int = 0  # dots across
    touches_edge: bool = False  # raster only: ink on the image's border, outside full-width rules (a cut-off glyph)


@dataclass
class _Style:
    align: int = 0
    bold: bool = False
    width: int = 1
    height: int = 1
    codepage: int = 0
    line_spacing: int = 30
    runs: list[Run] = field(default_factory=list)


class EscposEmulator:
    """Feed it bytes (any chunking); it returns the status replies and keeps a drawing of the printed paper."""

    def __init__(self, printable_dots: int = 512, escpos_profile: str = "default") -> None:
        self.switches = Switches()
        self.paper = Paper(printable_dots)
        self.cuts = 0
        self.unknown: list[bytes] = []
        self.printed: list[Printed] = []
        self.clipped: list[str] = []
        self._codepages = CAPABILITIES["profiles"][escpos_profile].get("codePages", {})
        self._buf = bytearray()
        self._style = _Style()
        self._qr = {"data": b"", "module": 3, "ecc": 48}
        self._barcode = escpos_barcode.BarcodeSettings()
        self._lock = threading.Lock()  # the TCP and pty servers feed from their own threads

    # -- public API --------------------------------------------------------------------------------
    def feed(self, data: bytes) -> bytes:
        with self._lock:
            self._buf += data
            replies = bytearray()
            while self._buf:
                used = self._step(replies)
                if used == 0:  # an incomplete command: wait for the rest
                    break
                del self._buf[:used]
            return bytes(replies)

    def render(self) -> Image.Image:
        with self._lock:
            return self.paper.render()

    def status_byte(self, n: int) -> int | None:
        s = self.switches
        if s.silent:
            return None
        if n == 1:  # printer status: bit 3 = offline (a printer out of paper is offline too)
            return STATUS_FIXED | (0x08 if s.offline or s.paper_out else 0)
        if n == 2:  # offline cause: bit 5 = stopped by paper end
            return STATUS_FIXED | (0x20 if s.paper_out else 0)
        if n == 4:  # roll sensor: bits 2-3 near end, bits 5-6 end
            return STATUS_FIXED | (0x60 if s.paper_out else 0) | (0x0C if s.paper_low or s.paper_out else 0)
        return STATUS_FIXED

    # -- parsing ---------------------------------------------------------------------------------
    def _step(self, replies: bytearray) -> int:
        b = self._buf
        c = b[0]
        if c == LF:
            self._flush_line()
            return 1
        if c == CR:
            return 1
        if c == DLE:
            if len(b) < 3:
                return 0
            if b[1] == EOT:
                reply = self.status_byte(b[2])
                if reply is not None:
                    replies.append(reply)
                return 3
            return self._unknown(2)
        if c == ESC:
            return self._esc(b)
        if c == GS:
            return self._gs(b)
        if c < 0x20:
            return self._unknown(1)
        end = 1
        while end < len(b) and b[end] >= 0x20:
            end += 1
        self._text(bytes(b[:end]))
        return end

    def _esc(self, b: bytearray) -> int:
        if len(b) < 2:
            return 0
        cmd = b[1]
        if cmd == ord("@"):
            self._flush_line()
            self._style = _Style()
            return 2
        if len(b) < 3:
            return 0
        n, s = b[2], self._style
        if cmd == ord("a"):
            s.align = n - 48 if n >= 48 else n
        elif cmd == ord("E"):
            s.bold = bool(n & 1)
        elif cmd == ord("!"):
            s.bold, s.height, s.width = bool(n & 0x08), 2 if n & 0x10 else 1, 2 if n & 0x20 else 1
        elif cmd == ord("t"):
            s.codepage = n
        elif cmd == ord("d"):
            self._flush_line()
            self._feed(n * s.line_spacing)
        elif cmd == ord("J"):
            self._flush_line()
            self._feed(n)
        elif cmd == ord("3"):
            s.line_spacing = n
        elif cmd == ord("2"):
            s.line_spacing = 30
            return 2
        elif cmd not in _ESC_ONE_ARG:
            return self._unknown(2)
        return 3

    def _gs(self, b: bytearray) -> int:
        if len(b) < 3:
            return 0
        cmd = b[1]
        if cmd == ord("!"):
            self._style.width, self._style.height = (b[2] >> 4) + 1, (b[2] & 0x0F) + 1
            return 3
        if cmd == ord("V"):
            if b[2] in (65, 66):
                if len(b) < 4:
                    return 0
                used = 4
            else:
                used = 3
            self._flush_line()
            partial = b[2] in (1, 49, 66)
            if not self.switches.paper_out:
                self.paper.cut(partial=partial)
                self.printed.append(Printed("cut", "partial" if partial else "full"))
            self.cuts += 1
            return used
        if cmd == ord("v") and b[2] == ord("0"):
            return self._raster(b)
        if cmd == ord("(") and len(b) >= 5:
            size = b[3] | (b[4] << 8)
            if len(b) < 5 + size:
                return 0
            if b[2] == ord("k"):
                self._qr_command(bytes(b[5:5 + size]))
            else:
                self.unknown.append(bytes(b[:5 + size]))
                log.warning("unsupported GS ( %s with %s bytes ignored", chr(b[2]), size)
            return 5 + size
        if cmd in _GS_BARCODE_SETTINGS:
            self._barcode.set(chr(cmd), b[2])
            return 3
        if cmd == ord("k"):
            return self._barcode_command(b)
        if cmd in _GS_ONE_ARG:
            return 3
        return self._unknown(2)

    def _unknown(self, length: int) -> int:
        chunk = bytes(self._buf[:length])
        self.unknown.append(chunk)
        log.warning("unknown ESC/POS bytes %s skipped", chunk.hex(" "))
        return length

    def _text(self, raw: bytes) -> None:
        s = self._style
        text = "".join(self._decode(byte) for byte in raw)
        s.runs.append(Run(text, s.width, s.height, s.bold))

    def _decode(self, byte: int) -> str:
        if byte < 0x80:
            return chr(byte)
        name = self._codepages.get(str(self._style.codepage), "CP437")
        encoding = CAPABILITIES["encodings"].get(name, {})
        if "data" in encoding:  # custom tables (TCVN-3) list the 128 upper characters, 16 per row
            return "".join(encoding["data"])[byte - 0x80]
        try:
            return bytes([byte]).decode(encoding.get("python_encode", "cp437"))
        except (UnicodeDecodeError, LookupError):
            return "?"

    def _flush_line(self) -> None:
        s = self._style
        if not s.runs:
            self._feed(s.line_spacing)
            return
        if not self.switches.paper_out:  # with no paper the head prints into the air
            line = self.paper.line_image(s.runs, s.line_spacing)
            text = "".join(r.text for r in s.runs)
            self._check_width("text line", text, line.width)
            self.printed.append(Printed("text", text, line.width))
            self.paper.place(line, s.align)
        s.runs = []

    def _feed(self, dots: int) -> None:
        if not self.switches.paper_out:
            self.paper.feed(dots)

    def _raster(self, b: bytearray) -> int:
        if len(b) < 8:
            return 0
        mode, width_bytes, height = b[3], b[4] | (b[5] << 8), b[6] | (b[7] << 8)
        end = 8 + width_bytes * height
        if len(b) < end:
            return 0
        self._flush_pending_text()
        # ESC/POS raster bits are 1 = black; PIL's "1;I" raw mode reads exactly that.
        image = Image.frombytes("1", (width_bytes * 8, height), bytes(b[8:end]), "raw", "1;I")
        scale = (2 if mode & 1 else 1, 2 if mode & 2 else 1)
        if scale != (1, 1):
            image = image.resize((image.width * scale[0], image.height * scale[1]))
        if not self.switches.paper_out:
            self._check_width("image", f"{image.width}x{image.height}", image.width)
            self.printed.append(Printed("raster", f"{image.width}x{image.height}", image.width, _touches_edge(image)))
            self.paper.place(image, self._style.align)
        return end

    def _flush_pending_text(self) -> None:
        if self._style.runs:
            self._flush_line()

    def _qr_command(self, body: bytes) -> None:
        if len(body) < 2 or body[0] != ord("1"):  # cn 49 = QR; PDF417 and others are not drawn
            self.unknown.append(body)
            log.warning("unsupported 2D code command %s ignored", body[:3].hex(" "))
            return
        fn, args = body[1], body[2:]
        if fn == 67 and args:
            self._qr["module"] = args[0]
        elif fn == 69 and args:
            self._qr["ecc"] = args[0]
        elif fn == 80:
            self._qr["data"] = args[1:]  # args[0] is m = 48
        elif fn == 81:
            self._flush_pending_text()
            if not self.switches.paper_out and self._qr["data"]:
                image = self.paper.qr_image(self._qr["data"], self._qr["module"], self._qr["ecc"])
                data = self._qr["data"].decode("utf-8", "replace")
                if self._check_width("QR code", data, image.width):
                    self.printed.append(Printed("qr", data, image.width))
                    self.paper.place(image, self._style.align)
        elif fn != 65:  # 65 selects the model; only model 2 exists on current printers
            self.unknown.append(body)

    def _barcode_command(self, b: bytearray) -> int:
        parsed = escpos_barcode.split_gs_k(b)
        if parsed is None:
            return 0
        used, m, data = parsed
        self._flush_pending_text()
        try:
            symbology, hri, image = escpos_barcode.draw(m, data, self._barcode, self.paper)
        except BarcodeError as exc:
            self.unknown.append(bytes(b[:used]))
            log.warning("barcode not printed: %s", exc)
            return used
        # A barcode wider than the paper is not printed at all (a printer cannot break bars onto the next line).
        if not self.switches.paper_out and self._check_width(f"{symbology} barcode", hri, image.width):
            self.printed.append(Printed("barcode", hri, image.width))
            self.paper.place(image, self._style.align)
        return used

    def _check_width(self, what: str, content: str, width: int) -> bool:
        """False (and noted in `clipped`) when the item is wider than the printable area."""
        if width <= self.paper.width:
            return True
        self.clipped.append(f"{what} {content!r} is {width} dots wide; the paper prints {self.paper.width}")
        log.warning("%s", self.clipped[-1])
        return False


def _touches_edge(image: Image.Image) -> bool:
    """Ink on an image's first or last row or column, not counting full-width rules: a glyph drawn past the edge
    of its raster band was cut off by the renderer, which the printer then prints faithfully."""
    ink = np.array(image.convert("L")) < 128
    lines = ink[~ink.all(axis=1)]
    if lines.size == 0:
        return False
    return bool(lines[:, 0].any() or lines[:, -1].any() or (ink[0].any() and not ink[0].all())
                or (ink[-1].any() and not ink[-1].all()))
