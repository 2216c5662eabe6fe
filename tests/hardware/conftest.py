"""Fixtures for printing tests: a sample ticket, printer profiles and an ESC/POS emulator served over TCP."""

from __future__ import annotations

from datetime import datetime

import pytest

from devicekit.emulators.escpos import EscposEmulator
from devicekit.emulators.escpos_server import EscposTcpServer
from devicekit.printing import TicketData
from devicekit.profiles import load_profile

TICKET_URL = "https://motcua.example.vn/t/A023-7f3k"


@pytest.fixture
def ticket() -> TicketData:
    return TicketData(centre="TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG\nPHƯỜNG BẾN NGHÉ", field="Tư pháp – Hộ tịch",
                      number="A023", issued_at=datetime(2026, 3, 25, 8, 15), people_ahead=4, wait_minutes=12,
                      url=TICKET_URL, counter="05")


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
