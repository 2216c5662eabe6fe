"""Byte-exact checks of the ticket job: native big number, native QR store/print, cut; raster only for text."""

from __future__ import annotations

from devicekit.printing import BigNumber, Layout, QrCode, SlipRenderer, Text, render_ticket, ticket_layout
from devicekit.profiles import load_profile

GS, ESC = b"\x1d", b"\x1b"


def test_simple_slip_is_exactly_the_expected_escpos(tm_t88):
    layout = Layout((BigNumber("1023"), QrCode("https://m.vn/t/1", module_dots=6, error_correction="M")))
    url = b"https://m.vn/t/1"
    assert SlipRenderer(tm_t88).render(layout) == (
        ESC + b"@"                                   # initialise
        + GS + b"!\x55" + ESC + b"a\x01"             # 6x6 magnification (0x55), centred
        + ESC + b"t\x00" + b"1023\n"                 # the number in the printer's own font
        + GS + b"!\x00" + ESC + b"a\x00"             # back to normal size, left
        + ESC + b"a\x01"                             # centre the QR (python-escpos cannot centre native QR)
        + GS + b"(k\x04\x001A2\x00"                  # QR model 2
        + GS + b"(k\x03\x001C\x06"                   # module 6 dots
        + GS + b"(k\x03\x001E1"                      # error correction M
        + GS + b"(k" + bytes([len(url) + 3, 0]) + b"1P0" + url   # store the data
        + GS + b"(k\x03\x001Q0"                      # print the stored symbol
        + ESC + b"a\x00"
        + ESC + b"d\x06" + GS + b"V\x01"             # feed past the cutter, partial cut
    )


def test_ticket_sends_vietnamese_as_raster_and_the_number_qr_cut_natively(ticket, tm_t88):
    job = render_ticket(ticket, tm_t88)
    assert GS + b"!\x55" + ESC + b"a\x01" + ESC + b"t\x00" + b"A023\n" in job
    assert GS + b"(k" + bytes([len(ticket.url) + 3, 0]) + b"1P0" + ticket.url.encode() in job
    assert job.endswith(GS + b"V\x01")
    assert GS + b"v0" in job  # text went out as raster images
    assert "SỐ".encode("utf-8") not in job and b"Your number" not in job  # no text sent as characters


def test_big_number_shrinks_to_fit_58mm_paper_and_no_cut_without_cutter():
    xp58 = load_profile("xprinter-xp-58")
    job = SlipRenderer(xp58).render(Layout((BigNumber("A10234"), Text("Xin cảm ơn!"))))
    # 6 characters at 6x would need 6 * 72 = 432 dots > 384: the printer gets 5x (0x44) instead.
    assert job.startswith(ESC + b"@" + GS + b"!\x44") and b"A10234\n" in job
    assert GS + b"V" not in job and job.endswith(ESC + b"d\x04")


def test_full_raster_mode_has_no_native_number_or_qr(ticket, tm_t88):
    job = SlipRenderer(tm_t88, "raster").render(ticket_layout(ticket))
    assert GS + b"!" not in job and GS + b"(k" not in job
    assert job.count(GS + b"v0") >= 1 and job.endswith(GS + b"V\x01")
