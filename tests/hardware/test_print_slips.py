"""What a citizen takes away: the sample ticket on 58 and 80 mm paper read back from the emulator, barcodes scanned
back from the paper, and the emulator's eye for what a real printer would lose."""

from __future__ import annotations

from pathlib import Path

import pytest
import zxingcpp
from escpos.printer import Dummy
from PIL import Image, ImageDraw, ImageFont

from devicekit.emulators.escpos import EscposEmulator
from devicekit.fonts import font_path
from devicekit.printing import render_document
from devicekit.printing.samples import sample_ticket, sample_ticket_document
from devicekit.profiles import load_profile
from tests.hardware.conftest import TICKET_URL
from wire.printing import BarcodeBlock, CutBlock, PrintDocument, TextBlock

SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"


def _print(doc: PrintDocument, profile_id: str, mode: str = "hybrid") -> EscposEmulator:
    profile = load_profile(profile_id)
    emulator = EscposEmulator(profile.printable_dots, profile.escpos_profile)
    emulator.feed(render_document(doc, profile, mode))
    assert emulator.unknown == []  # the emulator understood every byte the renderer sent
    return emulator


@pytest.mark.parametrize(("profile_id", "dots", "cuts"), [("xprinter-xp-58", 384, 0), ("xprinter-xp-80", 576, 1)])
def test_sample_ticket_fits_the_paper_and_its_qr_opens_the_ticket_page(profile_id, dots, cuts, ticket_doc):
    emulator = _print(ticket_doc, profile_id)
    assert emulator.clipped == []  # nothing wider than the paper
    edges = [p.content for p in emulator.printed if p.kind == "raster" and p.touches_edge]
    assert edges == []  # no glyph of the raster text cut off at a side, top or bottom
    assert [p.content for p in emulator.printed if p.kind == "text"] == ["A023"]  # the number, whole
    assert [p.content for p in emulator.printed if p.kind == "qr"] == [TICKET_URL]
    paper = emulator.render()
    assert paper.width == dots + 32
    assert [(c.format.name, c.text) for c in zxingcpp.read_barcodes(paper)] == [("QRCode", TICKET_URL)]
    assert emulator.cuts == cuts  # the 58 mm model has no cutter: the slip is fed to the tear bar instead


def test_a_long_field_name_and_a_two_hour_wait_still_fit_58mm():
    ticket = sample_ticket(field_name_vi="Đất đai – Đăng ký biến động quyền sử dụng đất", estimated_wait_min=135,
                           counters=["01", "02", "03", "04", "05", "06", "07", "08"], number="A1023")
    emulator = _print(sample_ticket_document(ticket), "xprinter-xp-58")
    assert emulator.clipped == [] and not any(p.touches_edge for p in emulator.printed)
    assert [p.content for p in emulator.printed if p.kind == "text"] == ["A1023"]


@pytest.mark.parametrize("name", ["ticket-58mm.png", "ticket-80mm.png"])
def test_the_documented_previews_are_real_tickets(name):
    with Image.open(SCREENS / name) as image:
        assert image.width == {"ticket-58mm.png": 384, "ticket-80mm.png": 576}[name] + 32
        assert [c.text for c in zxingcpp.read_barcodes(image)] == [sample_ticket().public_url]


@pytest.mark.parametrize(("profile_id", "mode"), [("generic-80mm", "hybrid"), ("epson-tm-t88", "hybrid"),
                                                  ("generic-80mm", "raster"), ("xprinter-xp-58", "hybrid")])
@pytest.mark.parametrize(("symbology", "data"), [("CODE128", "H56-2411-0001"), ("CODE39", "HS-1023")])
def test_barcodes_scan_back_from_the_paper(profile_id, mode, symbology, data):
    doc = PrintDocument(title="receipt", blocks=[TextBlock(lines=["Mã hồ sơ"]),
                                                 BarcodeBlock(data=data, symbology=symbology), CutBlock()])
    emulator = _print(doc, profile_id, mode)
    native = mode == "hybrid" and load_profile(profile_id).native_barcode
    assert [p.content for p in emulator.printed if p.kind == "barcode"] == ([data] if native else [])
    assert emulator.clipped == []
    [code] = zxingcpp.read_barcodes(emulator.render())
    assert (code.format.name, code.text) == ({"CODE128": "Code128", "CODE39": "Code39"}[symbology], data)


def test_the_emulator_notices_what_a_real_printer_would_lose():
    emulator = EscposEmulator(printable_dots=384)
    printer = Dummy()
    printer.set(custom_size=True, width=8, height=8)
    printer.textln("A10234")  # 6 x 96 dots: a real printer breaks the line
    band = Image.new("1", (384, 40), 1)
    ImageDraw.Draw(band).text((300, 30), "Thời gian chờ", fill=0, anchor="ls",
                              font=ImageFont.truetype(str(font_path()), 24))
    printer.image(band, impl="bitImageRaster")  # text drawn past the band's right edge: cut off before printing
    code = b"{B000.00.12.H32-261202-0001"
    printer._raw(b"\x1dw\x03\x1dkI" + bytes([len(code)]) + code)  # 27 symbols at 3 dots: 930 dots of bars
    emulator.feed(printer.output)
    assert emulator.clipped == ["text line 'A10234' is 576 dots wide; the paper prints 384",
                                "CODE128 barcode '000.00.12.H32-261202-0001' is 930 dots wide; the paper prints 384"]
    assert [p.touches_edge for p in emulator.printed if p.kind == "raster"] == [True]
    assert [p.kind for p in emulator.printed] == ["text", "raster"]  # a barcode too wide is not printed at all
