"""LED counter displays: byte-exact frames, the production driver against pty emulators, faults, unplug/replug."""

from __future__ import annotations

import itertools

import pytest

from devicekit import ascii_frame, modbus
from devicekit.display import build_ascii_frame_led, build_modbus_led485
from devicekit.emulators.led_display import AsciiLedEmulator, ModbusLedEmulator
from devicekit.profiles import load_profile
from tests.hardware.serial_helpers import FAST, wait_for


def test_modbus_show_1023_is_byte_exact():
    assert modbus.write_single(1, 0x0000, 1023) == bytes.fromhex("01 06 00 00 03 ff c9 7a")
    assert modbus.with_crc(bytes.fromhex("01 03 00 00 00 01"))[-2:] == bytes.fromhex("84 0a")


def test_modbus_reply_checks():
    request = modbus.write_single(1, 0, 1023)
    assert modbus.check_reply(request, request) == []
    with pytest.raises(modbus.ModbusError, match="no reply"):
        modbus.check_reply(request, b"")
    with pytest.raises(modbus.ModbusError, match="bad CRC"):
        modbus.check_reply(request, request[:-1] + b"\x00")
    with pytest.raises(modbus.ModbusError, match="exception 2"):
        modbus.check_reply(request, modbus.with_crc(bytes([1, 0x86, 2])))
    read = modbus.read_holding(1, 0, 1)
    assert modbus.check_reply(read, modbus.with_crc(bytes([1, 3, 2, 0xFF, 0xFE]))) == [-2]


def test_ascii_frame_is_byte_exact_and_round_trips():
    raw = ascii_frame.encode(ascii_frame.Frame(1, "S", "1023"))
    # XOR of "01S1023" = 0x30^0x31^0x53^0x31^0x30^0x32^0x33 = 0x52
    assert raw == b"\x0201S1023" + b"52" + b"\x03"
    assert ascii_frame.decode(raw) == ascii_frame.Frame(1, "S", "1023")
    with pytest.raises(ascii_frame.FrameError, match="checksum"):
        ascii_frame.decode(raw.replace(b"52", b"53"))
    splitter = ascii_frame.FrameSplitter()
    frames = splitter.feed(b"\xff\x00" + raw[:5]) + splitter.feed(raw[5:] + b"junk" + raw)
    assert frames == [ascii_frame.Frame(1, "S", "1023")] * 2 and splitter.dropped >= 1


@pytest.fixture
def modbus_pair(tmp_path):
    emu = ModbusLedEmulator(tmp_path / "ttyLED", unit=1, digits=4).start()
    display = build_modbus_led485(load_profile("led485-modbus-4d"), emu.url, backoff=FAST, sleep=lambda s: None)
    display.start()
    wait_for(lambda: display.health.state == "ok", what="display open")
    yield emu, display
    display.stop()
    emu.stop()


@pytest.fixture
def ascii_pair(tmp_path):
    emu = AsciiLedEmulator(tmp_path / "ttyASC", addr=1, digits=4).start()
    display = build_ascii_frame_led(load_profile("ascii-led-4d"), emu.url, backoff=FAST)
    display.start()
    wait_for(lambda: display.health.state == "ok", what="display open")
    yield emu, display
    display.stop()
    emu.stop()


def test_modbus_driver_shows_clears_blinks_and_reads_back(modbus_pair):
    emu, display = modbus_pair
    emu.received.clear()
    assert display.show("1023")
    assert bytes(emu.received) == bytes.fromhex("01 06 00 00 03 ff c9 7a")
    assert emu.shown == "1023" and display.health.state == "ok"
    assert display.read_shown() == 1023
    assert display.clear() and emu.shown == "----"
    assert display.show("7") and emu.shown == "   7"
    assert display.blink()
    assert emu.history[-6:] == ["    ", "   7"] * 3


# What each text puts on the bus of a 4-digit seven-segment LED-485, and what a citizen then sees.
MODBUS_CASES = [
    ("1023", "01 06 00 00 03 ff c9 7a", "1023"),  # a plain number: FC06 to the value register
    ("A023", "01 10 00 80 00 04 08 00 77 00 3f 00 5b 00 4f 97 21", "A023"),  # a letter: raw segments, FC16
    ("K023", "01 10 00 80 00 04 08 00 00 00 3f 00 5b 00 4f 90 26", " 023"),  # K undrawable: dark, digits kept
    ("A10234", "01 10 00 80 00 04 08 00 3f 00 5b 00 4f 00 66 af 37", "0234"),  # too long: the last four
    ("12345", "01 06 00 00 09 29 4e 44", "2345"),  # too long but a plain number after fitting: FC06 2345
]


@pytest.mark.parametrize(("text", "frame", "seen"), MODBUS_CASES, ids=[c[0] for c in MODBUS_CASES])
def test_modbus_text_is_byte_exact_and_shows_what_fits(modbus_pair, text, frame, seen):
    emu, display = modbus_pair
    emu.received.clear()
    assert display.show(text)
    assert bytes(emu.received) == bytes.fromhex(frame)
    assert emu.shown == seen == display.shown


def test_modbus_blink_and_restore_keep_a_lettered_number(modbus_pair):
    emu, display = modbus_pair
    assert display.show("A023") and display.blink()
    # What a citizen sees: three blinks. The link's restore-on-connect may re-send the same text in between, which
    # looks like nothing on the segments, so repeats of one text are one picture.
    seen = [text for text, _repeats in itertools.groupby(emu.history)]
    assert seen[-6:] == ["    ", "A023"] * 3
    emu.unplug()
    wait_for(lambda: display.health.state == "disconnected", what="disconnected health")
    assert not display.show("b107")  # remembered, not lost
    emu.replug()
    wait_for(lambda: emu.shown == "b107", what="lettered number restored after replug")


def test_a_display_that_is_given_a_number_not_text_says_so(modbus_pair):
    emu, display = modbus_pair
    with pytest.raises(TypeError, match="a display shows text, not int"):
        display.show(1023)


def test_modbus_driver_reports_silent_and_garbage_devices(modbus_pair):
    emu, display = modbus_pair
    emu.faults.silent = True
    assert not display.show("5")
    assert display.health.state == "error" and "no reply" in display.health.reason
    emu.faults.silent, emu.faults.garbage = False, True
    assert not display.show("6")
    assert display.health.state == "error" and "unit 1" in display.health.reason
    emu.faults.garbage = False
    assert display.show("8") and display.health.state == "ok"


def test_modbus_driver_tolerates_a_slow_device(modbus_pair):
    emu, display = modbus_pair
    emu.faults.slow = 0.05  # within the profile's 0.3 s reply timeout
    assert display.show("42") and emu.shown == "  42"


def test_modbus_unplug_and_replug_recovers_and_restores_the_number(modbus_pair):
    emu, display = modbus_pair
    assert display.show("1023")
    emu.unplug()
    wait_for(lambda: display.health.state == "disconnected", what="disconnected health")
    assert not display.show("1024")  # remembered, not lost
    emu.replug()
    wait_for(lambda: display.health.state == "ok", what="reconnect")
    wait_for(lambda: emu.shown == "1024", what="number restored after replug")


def test_ascii_driver_frames_and_faults(ascii_pair):
    emu, display = ascii_pair
    emu.received.clear()
    assert display.show("1023")
    assert bytes(emu.received) == b"\x0201S102352\x03"
    assert display.blink() and emu.blinking and emu.shown == "1023"
    assert display.clear() and emu.shown == "----"
    emu.faults.silent = True
    assert not display.show("1") and display.health.state == "error"
    emu.faults.silent = False
    assert display.show("1") and display.health.state == "ok"


# The S frame each text becomes on a seven-segment ascii_frame display (XOR checksum before ETX).
ASCII_CASES = [
    ("1023", b"\x0201S102352\x03", "1023"),
    ("A023", b"\x0201SA02322\x03", "A023"),
    ("K023", b"\x0201S 02343\x03", " 023"),  # K undrawable on seven segments: dark
    ("1K23", b"\x0201S1 2342\x03", "1 23"),  # never "123", another citizen's number
    ("A10234", b"\x0201S023457\x03", "0234"),  # too long: the last four
]


@pytest.mark.parametrize(("text", "frame", "seen"), ASCII_CASES, ids=[c[0] for c in ASCII_CASES])
def test_ascii_text_is_byte_exact_and_shows_what_fits(ascii_pair, text, frame, seen):
    emu, display = ascii_pair
    emu.received.clear()
    assert display.show(text)
    assert bytes(emu.received) == frame and emu.shown == seen


def test_ascii_digits_only_display_falls_back_to_the_digits(tmp_path):
    profile = load_profile("ascii-led-4d").model_copy(update={"charset": "digits"})
    emu = AsciiLedEmulator(tmp_path / "ttyNUM", face="digits").start()
    display = build_ascii_frame_led(profile, emu.url, backoff=FAST).start()
    try:
        wait_for(lambda: display.health.state == "ok", what="display open")
        emu.received.clear()
        assert display.show("A023")
        assert bytes(emu.received) == b"\x0201S 02343\x03" and emu.shown == " 023"
    finally:
        display.stop()
        emu.stop()


def test_ascii_unplug_and_replug(ascii_pair):
    emu, display = ascii_pair
    assert display.show("55")
    emu.unplug()
    wait_for(lambda: display.health.state == "disconnected", what="disconnected health")
    emu.replug()
    wait_for(lambda: display.health.state == "ok", what="reconnect")
    wait_for(lambda: emu.shown == "  55", what="number restored after replug")


def test_spy_url_logs_the_traffic_for_field_debugging(tmp_path):
    emu = ModbusLedEmulator(tmp_path / "ttyLED").start()
    log = tmp_path / "spy.txt"
    display = build_modbus_led485(load_profile("led485-modbus-4d"), f"spy://{emu.url}?file={log}", backoff=FAST)
    display.start()
    try:
        wait_for(lambda: display.health.state == "ok", what="display open")
        assert display.show("1023") and emu.shown == "1023"
    finally:
        display.stop()
        emu.stop()
    assert "01 06 00 00 03 FF C9 7A" in log.read_text().upper()


def test_socket_url_through_an_rs485_ethernet_converter(tmp_path):
    """A converter is a TCP server relaying to the bus; here it relays to the emulator's pty."""
    import socket
    import threading

    import serial

    emu = ModbusLedEmulator(tmp_path / "ttyLED").start()
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def converter():
        conn, _ = server.accept()
        bus = serial.Serial(emu.url, 9600, timeout=0.05)
        conn.settimeout(0.05)
        with conn, bus:
            while True:
                try:
                    data = conn.recv(256)
                    if not data:
                        return
                    bus.write(data)
                except socket.timeout:
                    pass
                reply = bus.read(64)
                if reply:
                    conn.sendall(reply)

    relay = threading.Thread(target=converter, daemon=True)
    relay.start()
    display = build_modbus_led485(load_profile("led485-modbus-4d"), f"socket://127.0.0.1:{port}", backoff=FAST)
    display.start()
    try:
        wait_for(lambda: display.health.state == "ok", what="converter connected")
        assert display.show("77") and emu.shown == "  77"
    finally:
        display.stop()
        relay.join(timeout=5)
        server.close()
        emu.stop()
