"""A whole centre for one test: Mosquitto with the project's ACLs, `motcua service` with its MQTT bridge, and real
agent processes on emulated hardware (ESC/POS printer over TCP, Modbus LEDs, keypads and rating pads on ptys).

Every agent issue extends this: its agent joins the centre here (tests/support/centre.py, which the benchmarks
share), and the citizen's path in test_whole_centre.py."""

from __future__ import annotations

import pytest

from tests.support.broker import require_mosquitto
from tests.support.centre import running_centre
from tests.support.sms import sms_centre_file


@pytest.fixture
def whole_centre(tmp_path):
    require_mosquitto()
    # The demo centre with its SMS agent named (sms-1), so the "your turn is near" SMS can go out.
    with running_centre(tmp_path, sms_centre_file(tmp_path)) as centre:
        yield centre
