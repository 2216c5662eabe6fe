"""`motcua hw test DEVICE-CONFIG` against emulators: display, keypad, rating pad, modem and printer, end to end."""

from __future__ import annotations

import threading

import pytest

from devicekit.emulators.escpos import EscposEmulator
from devicekit.emulators.escpos_server import EscposTcpServer
from devicekit.emulators.keys import SerialKeyEmulator
from devicekit.emulators.led_display import ModbusLedEmulator
from devicekit.emulators.modem import ModemEmulator
from devicekit.hw_check import TEST_SMS
from motcua.cli import main


@pytest.fixture
def bench(tmp_path):
    led = ModbusLedEmulator(tmp_path / "ttyLED").start()
    keys = SerialKeyEmulator(tmp_path / "ttyKEY").start()
    rate = SerialKeyEmulator(tmp_path / "ttyRATE").start()
    modem = ModemEmulator(tmp_path / "ttyGSM").start()
    printer = EscposTcpServer(EscposEmulator(printable_dots=576)).start()
    stop = threading.Event()

    def installer():  # keeps pressing, as a person would until the tool says it saw it
        while not stop.wait(0.05):
            keys.press("2")
            rate.press("B")

    presser = threading.Thread(target=installer, daemon=True)
    presser.start()
    config = tmp_path / "devices.yaml"
    config.write_text(f"""version: 1
devices:
  - {{id: led-5, profile: led485-modbus-4d, port: {led.url}, baudrate: 9600}}
  - {{id: keypad-5, profile: keypad-serial-6key, port: {keys.url}}}
  - {{id: rating-5, profile: ratingpad-serial-4btn, port: {rate.url}}}
  - {{id: gsm, profile: sim800-gsm, port: {modem.url}}}
  - {{id: printer, profile: generic-80mm, port: "{printer.url}", paper_width_mm: 80}}
""")
    yield config, led, modem, printer
    stop.set()
    presser.join()
    for emu in (led, keys, rate, modem, printer):
        emu.stop()


def test_hw_test_exercises_every_device(bench, capsys):
    config, led, modem, printer = bench
    assert main(["hw", "test", str(config), "--wait", "10", "--phone", "0912345678"]) == 0
    out = capsys.readouterr().out
    assert f"PASS led-5 ({led.url}): showed 8888 and confirmed it" in out
    assert "PASS keypad-5" in out and "read as 'recall'" in out
    assert "PASS rating-5" in out and "rank 3 of 4 received" in out
    assert "PASS gsm" in out and "PASS printer" in out
    assert led.shown == "8888"
    assert modem.messages == [("0912345678", TEST_SMS)]
    assert printer.emulator.cuts == 1
    assert [p.content for p in printer.emulator.printed if p.kind == "text"] == ["8888"]  # the test ticket's number


def test_hw_test_reports_a_silent_device_and_config_errors(bench, capsys, tmp_path):
    config, led, modem, printer = bench
    led.faults.silent = True
    assert main(["hw", "test", str(config), "--device", "led-5", "--device", "gsm", "--wait", "1"]) == 1
    out = capsys.readouterr().out
    assert "FAIL led-5" in out and "no reply" in out
    assert "SKIP gsm" in out
    bad = tmp_path / "bad.yaml"
    bad.write_text(config.read_text().replace("baudrate: 9600", "baudrate: 19200"))
    assert main(["hw", "test", str(bad)]) == 2
    assert f"device led-5 (port {led.url}): baudrate 19200, but profile led485-modbus-4d expects 9600" \
        in capsys.readouterr().err
