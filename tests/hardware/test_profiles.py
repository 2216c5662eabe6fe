"""Sweep of every bundled hardware profile: ids, inheritance, schema, serial settings and registered drivers."""

from __future__ import annotations

import importlib
import pkgutil
import re
from typing import get_args

import pytest
import serial
from pydantic import BaseModel

from devicekit import profiles
from devicekit import device_config
from devicekit.led_text import Charset
from devicekit.profiles import ProfileError, ProfileLibrary, all_profiles, load_profile
from devicekit.registry import DRIVERS
from wire.keypad import DIGITS, KEYPAD_KEYS

DRIVER_MODULES = sorted(set(device_config.DRIVER_MODULES.values()))


def _import_optional(name: str):
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:  # a broken import inside an existing driver module must surface
            raise
        return None


def _import_all_drivers() -> None:
    for name in DRIVER_MODULES:
        _import_optional(name)
    drivers = _import_optional("devicekit.drivers")
    if drivers is None:
        return
    if hasattr(drivers, "load_all"):
        drivers.load_all()
    elif hasattr(drivers, "__path__"):
        for info in pkgutil.walk_packages(drivers.__path__, "devicekit.drivers."):
            importlib.import_module(info.name)


def test_every_profile_loads_with_id_equal_to_file_name():
    library = ProfileLibrary()
    ids = library.ids()
    assert len(ids) >= 12
    assert len({i.lower() for i in ids}) == len(ids)
    loaded = all_profiles()
    assert [p.id for p in loaded] == ids
    for pid in ids:
        parent = library.raw(pid).get("inherits")
        assert parent is None or parent in ids, f"{pid}: inherits unknown profile {parent!r}"


def test_every_driver_named_by_a_profile_is_registered():
    _import_all_drivers()
    missing = sorted({p.driver for p in all_profiles()} - set(DRIVERS))
    assert not missing, f"profiles name drivers nobody registered: {missing}"


def test_serial_settings_are_accepted_by_pyserial():
    for p in all_profiles():
        settings = getattr(p, "serial", None)
        if settings is None:
            continue
        assert settings.baudrate in serial.Serial.BAUDRATES, p.id
        port = serial.Serial(port=None, **settings.pyserial_kwargs())  # validates without opening anything
        assert (port.baudrate, port.parity) == (settings.baudrate, settings.parity)


def test_printer_widths_fit_their_escpos_capability_profile():
    from escpos.capabilities import CAPABILITIES

    for p in all_profiles():
        if p.kind != "printer":
            continue
        pixels = CAPABILITIES["profiles"][p.escpos_profile]["media"]["width"].get("pixels")
        # python-escpos refuses images wider than its profile, so a wider printable width could never print.
        assert isinstance(pixels, int) and p.printable_dots <= pixels, p.id


def test_every_schema_field_is_described():
    models = [m for m in vars(profiles).values()
              if isinstance(m, type) and issubclass(m, BaseModel) and m.__module__ == profiles.__name__]
    for model in models:
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name} has no description"


def test_inheritance_merges_and_cycles_or_bad_fields_are_named(tmp_path):
    child = load_profile("xprinter-xp-80")
    assert (child.printable_dots, child.vendor, child.inherits) == (576, "Xprinter", "generic-80mm")
    t82 = load_profile("epson-tm-t82")
    assert (t82.serial.baudrate, t82.serial.parity) == (9600, "N")  # nested mapping merged, not replaced

    (tmp_path / "a.yaml").write_text("inherits: b\n")
    (tmp_path / "b.yaml").write_text("inherits: a\n")
    with pytest.raises(ProfileError, match=r"a\.yaml: inherits: cycle a -> b -> a"):
        load_profile("a", tmp_path)
    (tmp_path / "bad.yaml").write_text("inherits: generic-80mm\n")
    (tmp_path / "generic-80mm.yaml").write_text(
        (ProfileLibrary().directory / "generic-80mm.yaml").read_text().replace("baudrate: 9600", "baudrate: -5")
        + "colour: red\n")
    with pytest.raises(ProfileError, match=r"bad\.yaml: .*serial\.baudrate: .*colour: Extra inputs"):
        load_profile("bad", tmp_path)


def _of_kind(kind: str):
    return [p for p in all_profiles() if p.kind == kind]


def test_every_led_display_declares_what_it_can_draw():
    library = ProfileLibrary()
    displays = _of_kind("led_display")
    assert displays
    for p in displays:
        # Declared in the file (or a parent it inherits), never left to a default: the driver fits text to it.
        assert library.resolved(p.id).get("charset") in get_args(Charset), p.id
    assert load_profile("led485-modbus-4d").charset == "seven_segment"


def test_every_keypad_speaks_the_wire_keys():
    keypads = _of_kind("keypad")
    assert {p.id for p in keypads} >= {"keypad-hid-numpad", "keypad-serial-6key", "keypad-serial-16key"}
    for p in keypads:
        keys = list(p.key_map.values())
        assert set(keys) <= set(KEYPAD_KEYS), p.id
        assert len(keys) == len(set(keys)), f"{p.id}: a wire key mapped by two physical keys"
        if "transfer" in keys:  # Transfer, the counter number, Enter: composed on the pad
            assert set(DIGITS) | {"enter"} <= set(keys), p.id
    six = load_profile("keypad-serial-6key")
    assert sorted(six.key_map.values()) == sorted(["next", "recall", "no_show", "start", "finish", "pause"])
    numpad = load_profile("keypad-hid-numpad")
    assert set(numpad.key_map.values()) == set(KEYPAD_KEYS)  # a whole numeric keypad: every wire key
    assert all(f"KEY_KP{d}" in numpad.key_map for d in DIGITS) and numpad.key_map["KEY_KPENTER"] == "enter"


def test_every_rating_pad_ranks_its_buttons_one_to_n():
    pads = _of_kind("rating_pad")
    assert pads
    for p in pads:
        assert sorted(p.button_map.values()) == list(range(1, len(p.button_map) + 1)), p.id
    assert load_profile("ratingpad-serial-4btn").button_map == {"A": 4, "B": 3, "C": 2, "D": 1}


def test_native_barcodes_only_where_python_escpos_sends_gs_k():
    from escpos.capabilities import CAPABILITIES

    printers = [p for p in all_profiles() if p.kind == "printer"]
    assert any(not p.native_barcode for p in printers)  # the 58 mm clones: raster barcodes
    for p in printers:
        if p.native_barcode:
            assert CAPABILITIES["profiles"][p.escpos_profile]["features"].get("barcodeB"), p.id


@pytest.mark.parametrize(("change", "message"), [
    ("key_map: {'1': next, '2': next}", "next mapped by more than one key"),
    ("key_map: {'1': transfer, '2': '2'}", "transfer needs the digits 0-9 and enter; 0, 1, 3"),
    ("key_map: {'1': skip}", "key_map.1: Input should be"),
])
def test_keypad_profile_mistakes_are_named(tmp_path, change, message):
    (tmp_path / "pad.yaml").write_text(
        "kind: keypad\nname: x\nvendor: x\ndriver: serial_keypad\ntransport: serial\nserial: {}\n" + change + "\n")
    with pytest.raises(ProfileError, match=re.escape(message)):
        load_profile("pad", tmp_path)


def test_rating_pad_ranks_with_a_gap_or_twice_are_refused(tmp_path):
    (tmp_path / "pad.yaml").write_text("kind: rating_pad\nname: x\nvendor: x\ndriver: serial_rating_pad\n"
                                       "transport: serial\nserial: {}\nbutton_map: {A: 3, B: 1, C: 1}\n")
    with pytest.raises(ProfileError, match=r"ranks must be exactly 1\.\.3, each once \(got \[1, 1, 3\]\)"):
        load_profile("pad", tmp_path)


def test_every_registered_driver_is_found_by_its_name():
    """build_driver imports only the module of the driver a profile names; a driver missing from that map would
    fail to build on a device even though its module registers it."""
    _import_all_drivers()
    assert set(DRIVERS) == set(device_config.DRIVER_MODULES)
