"""Byte-exact checks of rendered documents: native number, QR, barcode and cut; raster only for text and rules."""

from __future__ import annotations

import pytest

from devicekit.printing import DocumentRenderer, EscposPrinterDriver, RenderError, render_document
from devicekit.printing.samples import sample_ticket, sample_ticket_document
from devicekit.profiles import load_profile
from wire.printing import (BarcodeBlock, CutBlock, FeedBlock, NumberBlock, PrintDocument, QrBlock, RuleBlock,
                           TextBlock)

GS, ESC = b"\x1d", b"\x1b"
URL = "https://m.vn/t/1"


def doc(*blocks) -> PrintDocument:
    return PrintDocument(title="test", blocks=list(blocks))


@pytest.fixture
def generic80():
    return load_profile("generic-80mm")  # 203 dpi: the document's own dots, no scaling


def test_number_qr_and_cut_are_exactly_the_expected_escpos(generic80):
    job = render_document(doc(NumberBlock(text="1023"), QrBlock(data=URL, module_dots=6), CutBlock()), generic80)
    assert job == (
        ESC + b"@"                                   # initialise
        + GS + b"!\x55" + ESC + b"a\x01"             # 6x6 magnification (0x55), centred
        + ESC + b"t\x02" + b"1023\n"                 # the number in the printer's own font (any code page has ASCII)
        + GS + b"!\x00" + ESC + b"a\x00"             # back to normal size, left
        + ESC + b"a\x01"                             # centre the QR (python-escpos cannot centre native QR)
        + GS + b"(k\x04\x001A2\x00"                  # QR model 2
        + GS + b"(k\x03\x001C\x06"                   # module 6 dots
        + GS + b"(k\x03\x001E1"                      # error correction M
        + GS + b"(k" + bytes([len(URL) + 3, 0]) + b"1P0" + URL.encode()   # store the data
        + GS + b"(k\x03\x001Q0"                      # print the stored symbol
        + ESC + b"a\x00"
        + ESC + b"d\x06" + GS + b"V\x01"             # feed past the cutter, partial cut
    )


def test_code128_barcode_is_native_with_code_set_c_for_the_trailing_digits(generic80):
    job = render_document(doc(BarcodeBlock(data="H56-2411-0001", height_dots=64)), generic80)
    # Set B for "H56-2411-", set C for "0001" (two values, 0 and 1): 14 symbols, 167 modules, 501 dots at 3 dots.
    data = b"{BH56-2411-{C\x00\x01"
    assert job == (ESC + b"@" + ESC + b"a\x01"
                   + GS + b"h\x40" + GS + b"w\x03" + GS + b"f\x00" + GS + b"H\x02"   # height, bar width, HRI below
                   + GS + b"k\x49" + bytes([len(data)]) + data                       # GS k 73 n: CODE128
                   + ESC + b"a\x00")


def test_code39_and_narrower_bars_on_narrower_paper(generic80, tm_t88):
    blocks = (BarcodeBlock(data="H56-2411-0001", symbology="CODE39", height_dots=64),
              BarcodeBlock(data="H56-2411-A001", height_dots=64))
    job = render_document(doc(*blocks), tm_t88)
    # Code 39 (with its two *) at 3-dot narrow bars is 672 dots, at 2 dots 433; 180 dpi scales 64 dots to 57.
    assert GS + b"h\x39" + GS + b"w\x02" + GS + b"f\x00" + GS + b"H\x02" + GS + b"kE\x0dH56-2411-0001" in job
    # This Code 128 is 15 symbols, 178 modules: 534 dots at 3 fit 576 but not 512, where it gets 2-dot bars.
    assert GS + b"w\x02" + GS + b"f\x00" + GS + b"H\x02" + GS + b"kI\x0f{BH56-2411-A001" in job
    assert GS + b"w\x03" + GS + b"f\x00" + GS + b"H\x02" + GS + b"kI\x0f{BH56-2411-A001" in render_document(
        doc(blocks[1]), generic80)


def test_no_cutter_feeds_to_the_tear_bar_and_a_long_number_shrinks():
    xp58 = load_profile("xprinter-xp-58")
    job = render_document(doc(NumberBlock(text="A10234"), FeedBlock(lines=2), CutBlock()), xp58)
    # 6 characters at 6x would need 6 * 72 = 432 dots > 384: the printer gets 5x (0x44) instead.
    assert job.startswith(ESC + b"@" + GS + b"!\x44") and b"A10234\n" in job
    assert job.endswith(b"\n\n" + ESC + b"d\x04") and GS + b"V" not in job


def test_a_document_without_a_cut_block_is_not_cut(generic80):
    assert GS + b"V" not in render_document(doc(TextBlock(lines=["Xin chào"])), generic80)


def test_ticket_sends_vietnamese_as_raster_and_the_number_qr_cut_natively(ticket_doc, ticket, tm_t88):
    job = render_document(ticket_doc, tm_t88)
    assert GS + b"!\x55" + ESC + b"a\x01" + ESC + b"t\x00" + b"A023\n" in job
    # 180 dpi: the document's 6-dot QR modules (0.75 mm) become 5 dots (0.71 mm), not 6 (0.85 mm).
    assert GS + b"(k\x03\x001C\x05" in job
    assert GS + b"(k" + bytes([len(ticket.public_url) + 3, 0]) + b"1P0" + ticket.public_url.encode() in job
    assert job.endswith(GS + b"V\x01")
    assert GS + b"v0" in job  # text went out as raster images
    assert "PHIẾU".encode("utf-8") not in job and b"QUEUE TICKET" not in job  # no text sent as characters


def test_full_raster_mode_has_no_native_number_qr_or_barcode(ticket_doc, tm_t88):
    job = DocumentRenderer(tm_t88, "raster").render(ticket_doc.model_copy(
        update={"blocks": [*ticket_doc.blocks[:-1], BarcodeBlock(data="A023"), RuleBlock(), CutBlock()]}))
    assert GS + b"!" not in job and GS + b"(k" not in job and GS + b"k" not in job
    assert job.count(GS + b"v0") == 1 and job.endswith(GS + b"V\x01")


@pytest.mark.parametrize(("block", "reason"), [
    (BarcodeBlock(data="000.00.12.H32-261202-0001-ABCDEFGH", height_dots=64), "needs 796 dots"),
    (BarcodeBlock(data="hs-0001", symbology="CODE39"), "has 'hs'"),
])
def test_a_document_this_printer_cannot_print_is_refused_with_the_block_named(block, reason, generic80, emulator,
                                                                             tcp_printer):
    bad = doc(TextBlock(lines=["Giấy tiếp nhận"]), block, CutBlock())
    with pytest.raises(RenderError, match=rf"test: block 2 \(barcode\): .*{reason}"):
        render_document(bad, generic80)
    with EscposPrinterDriver(generic80, tcp_printer.url, timeout_s=1.0) as printer:
        result = printer.print_document(bad)
    assert result.outcome == "failed" and "block 2 (barcode)" in result.reason
    assert result.bytes_sent == 0 and emulator.printed == []  # nothing of it reached the paper


def test_a_renderer_that_keeps_repeated_lines_prints_the_same_bytes_as_a_fresh_one(tm_t88):
    """The driver keeps one renderer, which keeps the text lines it rasterised: slip after slip, each is the bytes a
    fresh renderer would send, the lines that changed (people ahead, the time) included."""
    kept = DocumentRenderer(tm_t88)
    for number, ahead in (("A023", 4), ("A024", 5), ("A023", 4), ("B001", 0)):
        document = sample_ticket_document(sample_ticket(number=number, people_ahead=ahead))
        assert kept.render(document) == DocumentRenderer(tm_t88).render(document), number


@pytest.mark.parametrize("width", [576, 512, 437])
def test_raster_images_are_the_bytes_python_escpos_sends(width):
    """The renderer's own GS v 0 encoding of a 1-bit image equals python-escpos' `image(impl="bitImageRaster")`, rows
    whose width is not a multiple of 8 included."""
    from escpos.printer import Dummy

    from devicekit.printing import raster
    from devicekit.printing.render import raster_image

    fonts = raster.Fonts()
    picture = raster.stack([raster.text_image(["Tư pháp – Hộ tịch", "Ấ Ỗ ệ"], 28, True, "center", width, fonts),
                            raster.qr_image("https://m.vn/t/1", 5, "M", "right", width),
                            raster.rule_image(3, 4, width)], width)
    ours, theirs = Dummy(), Dummy()
    raster_image(ours, picture)
    theirs.image(picture, impl="bitImageRaster")
    assert ours.output == theirs.output
