"""Fixtures for printing tests: the sample issued ticket and its slip, printer profiles, an ESC/POS emulator on TCP."""

from __future__ import annotations

import pytest

from devicekit.emulators.escpos import EscposEmulator
from devicekit.emulators.escpos_server import EscposTcpServer
from devicekit.printing.samples import sample_ticket, sample_ticket_document
from devicekit.profiles import load_profile

TICKET_URL = "https://motcua.example.vn/t/7f3k9q"


@pytest.fixture
def ticket():
    return sample_ticket(public_url=TICKET_URL)


@pytest.fixture
def ticket_doc(ticket):
    return sample_ticket_document(ticket)


@pytest.fixture
def tm_t88():
    return load_profile("epson-tm-t88")


@pytest.fixture
def emulator(tm_t88) -> EscposEmulator:
    return EscposEmulator(printable_dots=tm_t88.printable_dots, escpos_profile=tm_t88.escpos_profile)


@pytest.fixture
def tcp_printer(emulator):
    with EscposTcpServer(emulator) as server:
        yield server
