"""Device configuration of an agent (device id → profile + port), checked against the profiles at start-up."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from devicekit.profiles import (CameraProfile, LedDisplayProfile, PrinterProfile, ProfileError, ProfileLibrary,
                                ScanRegion)
from devicekit.registry import get_driver

# A profile's `driver:` → the module that registers it, imported only when a device needs it: a counter agent
# never loads OpenCV or python-escpos (tests/hardware/test_profiles.py checks every registered driver is here).
DRIVER_MODULES = {
    "escpos": "devicekit.printing.driver",
    "modbus_led485": "devicekit.display", "ascii_frame_led": "devicekit.display",
    "serial_keypad": "devicekit.keypad", "hid_keypad": "devicekit.keypad",
    "serial_rating_pad": "devicekit.rating_pad", "hid_rating_pad": "devicekit.rating_pad",
    "at_gsm_modem": "devicekit.modem",
    "opencv_camera": "devicekit.camera",
}


class DeviceConfigError(ValueError):
    """Every problem of a device configuration, one line each naming the device, the port and what was expected."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


class HardwareBinding(BaseModel):
    """One physical device: which model it is and where it is plugged in."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    profile: str = Field(description="Hardware profile id (a file name in hardware_profiles/ without .yaml)")
    port: str = Field(min_length=1, description="Serial path or URL (socket://, spy://), /dev/input/event*, "
                      "camera index/URL, or a printer URL (tcp://, serial://, usb://)")
    baudrate: int | None = Field(None, gt=0, description="Line speed the installer set; must equal the profile's")
    address: int | None = Field(None, ge=0, le=247, description="Bus address / Modbus unit id, if not the profile's")
    paper_width_mm: float | None = Field(None, gt=0, description="Width of the paper roll loaded (printers)")
    scan_region: ScanRegion | None = Field(None, description="Camera scan region, if not the profile's")


class DeviceBinding(HardwareBinding):
    """A bound device with a name of its own, as `motcua hw test` lists them."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Stable device id, e.g. 'counter-05-led'")


class DeviceConfig(BaseModel):
    """The devices one agent drives; a file of this shape is what `motcua hw test` takes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1] = Field(1, description="Format version of this file")
    devices: list[DeviceBinding] = Field(min_length=1, description="Devices of this agent")


def _port_key(port: str) -> str:
    """Ports compare after resolving symlinks, so /dev/serial/by-id/... and /dev/ttyUSB0 are one port."""
    if "://" in port:
        scheme, rest = port.split("://", 1)
        if scheme in ("serial", "spy") and rest.startswith("/"):
            port = rest.split("?", 1)[0]
        else:
            return port
    return os.path.realpath(port) if port.startswith("/") else port


def check(config: DeviceConfig, library: ProfileLibrary | None = None) -> dict[str, Any]:
    """Binds every device to its profile (overrides applied); DeviceConfigError lists everything wrong."""
    library = library or ProfileLibrary()
    errors: list[str] = []
    bound: dict[str, Any] = {}
    users: dict[str, DeviceBinding] = {}
    ids: set[str] = set()
    for dev in config.devices:
        where = f"device {dev.id} (port {dev.port})"
        if dev.id in ids:
            errors.append(f"{where}: id used twice (expected unique device ids)")
            continue
        ids.add(dev.id)
        other = users.setdefault(_port_key(dev.port), dev)
        if other is not dev:
            errors.append(f"{where}: port already used by device {other.id} (expected one device per port)")
        profile = bind(where, dev, library, errors)
        if profile is not None:
            bound[dev.id] = profile
    if errors:
        raise DeviceConfigError(errors)
    return bound


def bind(where: str, dev: HardwareBinding, library: ProfileLibrary, errors: list[str]):
    """The device's profile with its overrides applied, or None with the problems appended to `errors`, each
    prefixed by `where` (the device and its port)."""
    try:
        profile = library.load(dev.profile)
    except ProfileError as exc:
        hint = f"one of {', '.join(library.ids())}" if "no such" in str(exc) else "a valid profile"
        errors.append(f"{where}: profile {dev.profile!r}: {exc} (expected {hint})")
        return None
    problems = _mismatches(dev, profile)
    errors += [f"{where}: {p}" for p in problems]
    return None if problems else _apply(dev, profile)


def _mismatches(dev: HardwareBinding, profile) -> list[str]:
    out = []
    serial = getattr(profile, "serial", None)
    if dev.baudrate is not None:
        if serial is None:
            out.append(f"baudrate {dev.baudrate} given, but a {profile.kind} on profile {profile.id} has no serial line")
        elif dev.baudrate != serial.baudrate:
            out.append(f"baudrate {dev.baudrate}, but profile {profile.id} expects {serial.baudrate}")
    if dev.address is not None and not isinstance(profile, LedDisplayProfile):
        out.append(f"address is a setting of LED displays, not of a {profile.kind} ({profile.id})")
    if dev.scan_region is not None and not isinstance(profile, CameraProfile):
        out.append(f"scan_region is a setting of cameras, not of a {profile.kind} ({profile.id})")
    if dev.paper_width_mm is not None:
        if not isinstance(profile, PrinterProfile):
            out.append(f"paper_width_mm is a setting of printers, not of a {profile.kind} ({profile.id})")
        elif profile.paper_width_mm > dev.paper_width_mm:
            out.append(f"profile {profile.id} prints {profile.paper_width_mm:g} mm wide, but the paper loaded is "
                       f"{dev.paper_width_mm:g} mm (expected a profile for {dev.paper_width_mm:g} mm paper)")
    if getattr(profile, "transport", None) == "hid" and not dev.port.startswith("/"):
        out.append(f"a HID {profile.kind} is read from a device path such as /dev/input/by-id/...-event-kbd")
    return out


def _apply(dev: HardwareBinding, profile):
    update = {}
    if dev.address is not None:
        update["address"] = dev.address
    if dev.scan_region is not None:
        update["scan_region"] = dev.scan_region
    return profile.model_copy(update=update) if update else profile


def load(path: str | Path, library: ProfileLibrary | None = None) -> tuple[DeviceConfig, dict[str, Any]]:
    """Reads and checks a device configuration file; errors name the file, the device and what was expected."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        config = DeviceConfig.model_validate(data)
    except (OSError, yaml.YAMLError) as exc:
        raise DeviceConfigError([f"{path}: {exc}"]) from None
    except ValidationError as exc:
        raise DeviceConfigError([f"{path}: {_where(data, e['loc'])}{'.'.join(map(str, e['loc']))}: {e['msg']}"
                                 for e in exc.errors()]) from None
    return config, check(config, library)


def _where(data, loc) -> str:
    """Names the device of a schema error when the error sits inside one."""
    if len(loc) >= 2 and loc[0] == "devices" and isinstance(loc[1], int):
        try:
            dev = data["devices"][loc[1]]
            return f"device {dev.get('id', '?')} (port {dev.get('port', '?')}): "
        except (KeyError, IndexError, TypeError, AttributeError):
            return ""
    return ""


def build_driver(dev: HardwareBinding, profile, **options):
    """The registered driver for a bound device (its module is imported on demand)."""
    import importlib

    if profile.driver in DRIVER_MODULES:
        importlib.import_module(DRIVER_MODULES[profile.driver])
    return get_driver(profile.driver)(profile, dev.port, **options)
