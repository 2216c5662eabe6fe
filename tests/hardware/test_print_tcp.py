"""A ticket printed through the real driver to the TCP emulator: what lands on paper, and honest results."""

from __future__ import annotations

import socket

import zxingcpp
from PIL import ImageChops

from devicekit.printing import EscposPrinterDriver, preview_image, render_document
from tests.hardware.conftest import TICKET_URL


def test_printed_ticket_qr_decodes_to_the_ticket_url_and_preview_equals_print(ticket_doc, tm_t88, emulator,
                                                                               tcp_printer):
    job = render_document(ticket_doc, tm_t88)
    with EscposPrinterDriver(tm_t88, tcp_printer.url, timeout_s=1.0) as printer:
        result = printer.print_document(ticket_doc)
    assert result.printed and result.status.state == "ok"
    assert result.to_wire().outcome == "printed" and result.bytes_sent == len(job)
    assert emulator.cuts == 1 and emulator.unknown == []
    paper = emulator.render()
    assert [code.text for code in zxingcpp.read_barcodes(paper)] == [TICKET_URL]
    # The preview is drawn from the same bytes by the same emulator, so it is pixel-identical to the paper.
    assert ImageChops.difference(preview_image(job, tm_t88), paper).getbbox() is None


def test_paper_out_reports_paper_out_and_the_ticket_is_not_confirmed(ticket_doc, tm_t88, emulator, tcp_printer):
    emulator.switches.paper_out = True
    with EscposPrinterDriver(tm_t88, tcp_printer.url, timeout_s=1.0) as printer:
        assert printer.status().state == "paper_out"
        result = printer.print_job(render_document(ticket_doc, tm_t88))
    assert not result.printed and result.outcome == "failed" and "paper_out" in result.reason
    assert emulator.cuts == 0


def test_silent_printer_status_is_unknown_never_ok(ticket_doc, tm_t88, emulator, tcp_printer):
    emulator.switches.silent = True
    with EscposPrinterDriver(tm_t88, tcp_printer.url, timeout_s=0.2) as printer:
        status = printer.status()
        assert (status.online, status.paper, status.state) == (None, "unknown", "unknown")
        result = printer.print_job(render_document(ticket_doc, tm_t88))
    assert result.outcome == "unverified" and not result.printed


def test_unplugged_network_printer_gives_a_clear_failure(ticket_doc, tm_t88):
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with EscposPrinterDriver(tm_t88, f"tcp://127.0.0.1:{port}", timeout_s=0.5) as printer:
        assert not printer.connected and printer.status().state == "unreachable"
        result = printer.print_job(render_document(ticket_doc, tm_t88))
    assert result.outcome == "failed" and "Connection refused" in result.reason
    assert f"127.0.0.1:{port}" in result.reason


def test_printer_unplugged_between_jobs_fails_the_next_job(ticket_doc, tm_t88, emulator):
    from devicekit.emulators.escpos_server import EscposTcpServer

    server = EscposTcpServer(emulator).start()
    with EscposPrinterDriver(tm_t88, server.url, timeout_s=0.5) as printer:
        assert printer.print_job(render_document(ticket_doc, tm_t88)).printed
        server.stop()
        result = printer.print_job(render_document(ticket_doc, tm_t88))
    assert result.outcome in ("failed", "unverified") and not result.printed
