"""The printer driver over a serial port: python-escpos' Serial class talking to the emulator on a pty."""

from __future__ import annotations

import zxingcpp

from devicekit.emulators.escpos import EscposEmulator
from devicekit.emulators.escpos_server import EscposPtyServer
from devicekit.printing import EscposPrinterDriver
from devicekit.profiles import load_profile
from tests.hardware.conftest import TICKET_URL


def test_ticket_over_a_serial_port_prints_and_is_confirmed(ticket_doc):
    xp80 = load_profile("xprinter-xp-80")
    emulator = EscposEmulator(printable_dots=xp80.printable_dots, escpos_profile=xp80.escpos_profile)
    with EscposPtyServer(emulator) as pty:
        with EscposPrinterDriver(xp80, f"serial://{pty.path}?baudrate=115200", timeout_s=1.0) as printer:
            result = printer.print_document(ticket_doc)
            emulator.switches.offline = True
            assert printer.status().state == "offline"
    assert result.printed, result.reason
    assert [code.text for code in zxingcpp.read_barcodes(emulator.render())] == [TICKET_URL]
