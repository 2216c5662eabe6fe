"""Start-up validation of a device configuration against the profiles: every error names device, port, expected."""

from __future__ import annotations

import pytest

from devicekit import device_config
from devicekit.device_config import DeviceConfig, DeviceConfigError, check


def _config(*devices) -> DeviceConfig:
    return DeviceConfig.model_validate({"version": 1, "devices": list(devices)})


def _errors(*devices) -> list[str]:
    with pytest.raises(DeviceConfigError) as caught:
        check(_config(*devices))
    return caught.value.errors


def test_a_good_configuration_binds_profiles_with_overrides():
    bound = check(_config(
        {"id": "led-5", "profile": "led485-modbus-4d", "port": "/dev/ttyUSB0", "baudrate": 9600, "address": 5},
        {"id": "pad-5", "profile": "keypad-hid-numpad", "port": "/dev/input/by-id/usb-pad-event-kbd"},
        {"id": "rate-5", "profile": "ratingpad-serial-4btn", "port": "socket://10.0.0.7:4001"},
        {"id": "printer", "profile": "generic-58mm", "port": "usb://", "paper_width_mm": 58},
    ))
    assert bound["led-5"].address == 5 and bound["rate-5"].buttons == 4
    assert bound["printer"].paper_width_mm == 58


def test_wrong_baud_names_device_port_and_expected_value():
    [error] = _errors({"id": "led-5", "profile": "led485-modbus-4d", "port": "/dev/ttyUSB0", "baudrate": 19200})
    assert error == "device led-5 (port /dev/ttyUSB0): baudrate 19200, but profile led485-modbus-4d expects 9600"


def test_two_devices_on_one_port_even_through_a_symlink(tmp_path):
    real = tmp_path / "ttyUSB0"
    real.touch()
    link = tmp_path / "usb-FTDI-if00-port0"
    link.symlink_to(real)
    [error] = _errors({"id": "led-5", "profile": "led485-modbus-4d", "port": str(real)},
                      {"id": "pad-5", "profile": "keypad-serial-6key", "port": f"serial://{link}"})
    assert error == f"device pad-5 (port serial://{link}): port already used by device led-5 " \
                    "(expected one device per port)"


def test_unknown_profile_lists_what_exists():
    [error] = _errors({"id": "led-5", "profile": "led485-modbus-5d", "port": "/dev/ttyUSB0"})
    assert error.startswith("device led-5 (port /dev/ttyUSB0): profile 'led485-modbus-5d': ")
    assert "expected one of" in error and "led485-modbus-4d" in error


def test_printer_wider_than_the_paper_loaded():
    [error] = _errors({"id": "kiosk-printer", "profile": "generic-80mm", "port": "usb://", "paper_width_mm": 58})
    assert error == ("device kiosk-printer (port usb://): profile generic-80mm prints 80 mm wide, but the paper "
                     "loaded is 58 mm (expected a profile for 58 mm paper)")


def test_settings_that_do_not_belong_to_the_kind_and_every_error_is_reported():
    errors = _errors(
        {"id": "cam", "profile": "usb-webcam-720p", "port": "0", "baudrate": 9600},
        {"id": "pad", "profile": "keypad-hid-numpad", "port": "COM3", "address": 2},
        {"id": "cam", "profile": "usb-webcam-720p", "port": "1"},
    )
    assert errors == [
        "device cam (port 0): baudrate 9600 given, but a camera on profile usb-webcam-720p has no serial line",
        "device pad (port COM3): address is a setting of LED displays, not of a keypad (keypad-hid-numpad)",
        "device pad (port COM3): a HID keypad is read from a device path such as /dev/input/by-id/...-event-kbd",
        "device cam (port 1): id used twice (expected unique device ids)",
    ]


def test_the_file_schema_forbids_unknown_keys_and_names_the_device(tmp_path):
    path = tmp_path / "devices.yaml"
    path.write_text("version: 1\ndevices:\n  - {id: led-5, profile: led485-modbus-4d, port: /dev/ttyUSB0, baud: 9600}\n")
    with pytest.raises(DeviceConfigError) as caught:
        device_config.load(path)
    [error] = caught.value.errors
    assert "device led-5 (port /dev/ttyUSB0): devices.0.baud: Extra inputs are not permitted" in error


def test_build_driver_uses_the_registry(tmp_path):
    path = tmp_path / "devices.yaml"
    path.write_text("devices:\n  - {id: led-5, profile: ascii-led-4d, port: /dev/ttyUSB9, address: 3}\n")
    config, bound = device_config.load(path)
    driver = device_config.build_driver(config.devices[0], bound["led-5"])
    assert type(driver).__name__ == "AsciiFrameDisplay" and driver.addr == 3
    assert driver.health.state == "disconnected"  # nothing opened before start()
