"""Hardware profiles: the pydantic schema of hardware_profiles/*.yaml and their lazy, inheritance-aware loader."""

from __future__ import annotations

from collections.abc import Iterator
import importlib
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator, model_validator

from devicekit.led_text import Charset
from wire.keypad import COUNTER_ACTIONS, DIGITS, KeypadKey

Connection = Literal["usb", "serial", "network"]


class ProfileError(ValueError):
    """A profile file is missing, unreadable, inherits badly or does not match the schema."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SerialSettings(_Strict):
    """Line settings of a serial (RS-232/RS-485/USB-serial) device, in pyserial's terms."""

    baudrate: int = Field(9600, gt=0, description="Line speed in baud, e.g. 9600 or 115200")
    bytesize: Literal[5, 6, 7, 8] = Field(8, description="Data bits per character")
    parity: Literal["N", "E", "O", "M", "S"] = Field("N", description="Parity: N none, E even, O odd, M mark, S space")
    stopbits: Literal[1, 1.5, 2] = Field(1, description="Stop bits")
    timeout_s: float = Field(0.5, gt=0, description="Read timeout in seconds for one reply")

    def pyserial_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for serial.Serial / serial.serial_for_url."""
        return {"baudrate": self.baudrate, "bytesize": self.bytesize, "parity": self.parity,
                "stopbits": self.stopbits, "timeout": self.timeout_s}


class _Base(_Strict):
    id: str = Field(description="Profile id; always equal to the YAML file name without .yaml")
    inherits: str | None = Field(None, description="Id of the profile this one was deep-merged onto, if any")
    name: str = Field(description="Human-readable model name, e.g. 'Epson TM-T88V'")
    vendor: str = Field(description="Manufacturer, or 'generic' for a base profile")
    driver: str = Field(description="Name of the driver in devicekit.registry that runs this model")
    notes: str = Field("", description="Free text for installers: quirks, wiring, protocol summary")


class PrinterProfile(_Base):
    """A receipt/ticket printer speaking ESC/POS."""

    kind: Literal["printer"] = Field(description="Device kind discriminator")
    escpos_profile: str = Field(description="python-escpos capability profile name, e.g. 'TM-T88V'")
    paper_width_mm: float = Field(gt=0, description="Paper roll width in millimetres (58 or 80)")
    printable_dots: int = Field(gt=0, description="Printable width in dots; raster images never exceed it")
    dpi: int = Field(203, gt=0, description="Print head resolution in dots per inch")
    connections: list[Connection] = Field(min_length=1, description="Transports the model offers")
    usb_vendor_id: int | None = Field(None, ge=0, le=0xFFFF, description="USB vendor id, for the usb transport")
    usb_product_id: int | None = Field(None, ge=0, le=0xFFFF, description="USB product id, for the usb transport")
    serial: SerialSettings | None = Field(None, description="Default line settings for the serial transport")
    vietnamese_codepage: bool = Field(
        False, description="True only if the firmware really prints Vietnamese from a code page (TCVN-3); "
        "otherwise Vietnamese text is rasterised with the bundled font")
    native_qr: bool = Field(True, description="Firmware draws QR codes itself (GS ( k); else the QR is rasterised")
    native_barcode: bool = Field(
        True, description="Firmware draws CODE128/CODE39 itself (GS k); else the barcode is rasterised. Needs an "
        "escpos_profile with barcodeB")
    cut: Literal["none", "partial", "full"] = Field("partial", description="Cut to use after a job; none = no cutter")
    status_query: bool = Field(True, description="Firmware answers DLE EOT status requests (paper, online)")

    @field_validator("escpos_profile")
    @classmethod
    def _known_escpos_profile(cls, value: str) -> str:
        from escpos.capabilities import CAPABILITIES  # imported here so loading YAML stays cheap

        if value not in CAPABILITIES["profiles"]:
            raise ValueError(f"unknown python-escpos profile {value!r}")
        return value

    @model_validator(mode="after")
    def _serial_needs_settings(self) -> PrinterProfile:
        if "serial" in self.connections and self.serial is None:
            raise ValueError("a printer offering the serial connection needs 'serial' settings")
        from escpos.capabilities import CAPABILITIES

        features = CAPABILITIES["profiles"][self.escpos_profile].get("features", {})
        if self.native_barcode and not features.get("barcodeB"):
            # python-escpos would silently fall back to its own software barcode: say so in the profile instead.
            raise ValueError(f"native_barcode: python-escpos profile {self.escpos_profile} has no GS k function B; "
                             "set native_barcode: false")
        return self


class LedDisplayProfile(_Base):
    """A counter LED number display on a serial line or a serial-to-Ethernet converter."""

    kind: Literal["led_display"] = Field(description="Device kind discriminator")
    transport: Literal["serial", "socket"] = Field(description="serial port, or a socket:// RS-485/Ethernet converter")
    serial: SerialSettings = Field(description="Line settings (also what the converter must be set to)")
    protocol: Literal["modbus_led485", "ascii_frame"] = Field(description="Wire protocol family")
    digits: int = Field(ge=1, le=16, description="Number of digits the display shows")
    charset: Charset = Field(
        description="What each digit can draw: digits (0-9 only), seven_segment (digits, '-' and the letters "
        "A b C d E F H J L n o P r t U y) or ascii (any printable ASCII: dot-matrix or 16-segment digits); "
        "text is fitted to it by devicekit.led_text.fit")
    address: int = Field(1, ge=0, le=247, description="Bus address / Modbus unit id of the display")
    value_register: int | None = Field(
        None, ge=0, le=0xFFFF, description="Modbus holding register that takes the value (modbus_led485 only)")

    @model_validator(mode="after")
    def _register_for_modbus(self) -> LedDisplayProfile:
        if self.protocol == "modbus_led485" and self.value_register is None:
            raise ValueError("modbus_led485 needs 'value_register'")
        return self


class KeypadProfile(_Base):
    """A counter keypad the clerk uses to call numbers."""

    kind: Literal["keypad"] = Field(description="Device kind discriminator")
    transport: Literal["serial", "hid"] = Field(description="serial line, or a USB HID keyboard")
    serial: SerialSettings | None = Field(None, description="Line settings; required for the serial transport")
    key_map: dict[str, KeypadKey] = Field(
        min_length=1, description="Physical key -> wire.keypad key (an action, a digit, enter or cancel). "
        "Serial: the character the pad sends; HID: evdev key name (KEY_*)")

    @model_validator(mode="after")
    def _transport_fields(self) -> KeypadProfile:
        _check_transport(self.transport, self.serial, self.key_map)
        twice = sorted({v for v in self.key_map.values() if list(self.key_map.values()).count(v) > 1})
        if twice:
            raise ValueError(f"key_map: {', '.join(twice)} mapped by more than one key (expected one key each)")
        missing = [k for k in (*DIGITS, "enter") if k not in self.key_map.values()]
        if "transfer" in self.key_map.values() and missing:
            # Transfer is composed on the pad (Transfer, counter number, Enter): without digits it cannot be used.
            raise ValueError(f"key_map: transfer needs the digits 0-9 and enter; {', '.join(missing)} not mapped")
        return self


class RatingPadProfile(_Base):
    """A citizen satisfaction pad with one button per rating level."""

    kind: Literal["rating_pad"] = Field(description="Device kind discriminator")
    transport: Literal["serial", "hid"] = Field(description="serial line, or a USB HID keyboard")
    serial: SerialSettings | None = Field(None, description="Line settings; required for the serial transport")
    button_map: dict[str, int] = Field(
        min_length=2, description="Button -> rank, 1 = least satisfied up to N = most satisfied (N buttons, each "
        "rank once; wire.rating.value_for_rank turns a rank into the centre's value). Serial: character; HID: KEY_*")

    @model_validator(mode="after")
    def _transport_fields(self) -> RatingPadProfile:
        _check_transport(self.transport, self.serial, self.button_map)
        if sorted(self.button_map.values()) != list(range(1, len(self.button_map) + 1)):
            raise ValueError(f"button_map ranks must be exactly 1..{len(self.button_map)}, each once "
                             f"(got {sorted(self.button_map.values())})")
        return self

    @property
    def buttons(self) -> int:
        return len(self.button_map)


class GsmModemProfile(_Base):
    """A GSM modem sending SMS with AT commands."""

    kind: Literal["gsm_modem"] = Field(description="Device kind discriminator")
    serial: SerialSettings = Field(description="Line settings of the modem's AT port")
    sms_mode: Literal["pdu", "text"] = Field("pdu", description="AT+CMGF mode; pdu is needed for Vietnamese")
    encoding: Literal["ucs2", "gsm7"] = Field("ucs2", description="SMS alphabet; ucs2 carries Vietnamese diacritics")
    max_parts: int = Field(3, ge=1, le=10, description="Longest concatenated SMS, in parts")


class ScanRegion(_Strict):
    """A rectangle of the frame, in fractions of its width and height."""

    x: float = Field(ge=0, le=1, description="Left edge, fraction of the frame width")
    y: float = Field(ge=0, le=1, description="Top edge, fraction of the frame height")
    width: float = Field(gt=0, le=1, description="Width, fraction of the frame width")
    height: float = Field(gt=0, le=1, description="Height, fraction of the frame height")

    @model_validator(mode="after")
    def _inside_frame(self) -> ScanRegion:
        if self.x + self.width > 1 or self.y + self.height > 1:
            raise ValueError("scan region leaves the frame")
        return self


class CameraProfile(_Base):
    """A camera used to scan QR/bar codes and to sense presence at the kiosk."""

    kind: Literal["camera"] = Field(description="Device kind discriminator")
    source_type: Literal["v4l2", "rtsp", "file"] = Field(description="Where frames come from")
    width: int = Field(gt=0, description="Capture width in pixels")
    height: int = Field(gt=0, description="Capture height in pixels")
    fps: int = Field(gt=0, le=120, description="Capture frames per second")
    scan_region: ScanRegion = Field(description="Part of the frame searched for codes")


Profile = Annotated[
    Union[PrinterProfile, LedDisplayProfile, KeypadProfile, RatingPadProfile, GsmModemProfile, CameraProfile],
    Field(discriminator="kind"),
]


def _check_transport(transport: str, serial: SerialSettings | None, keys: dict) -> None:
    if transport == "serial" and serial is None:
        raise ValueError("the serial transport needs 'serial' settings")
    if transport == "hid" and not all(k.startswith("KEY_") for k in keys):
        raise ValueError("HID keys must be evdev key names such as KEY_KP1")


_ADAPTER: TypeAdapter = TypeAdapter(Profile)


def _deep_merge(base: dict, override: dict) -> dict:
    """Mappings merge key by key; anything else (lists included) in the child replaces the parent's value."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _format_errors(exc: ValidationError) -> str:
    lines = []
    for err in exc.errors():
        # The union tag is the first loc element; it only adds noise to the field path.
        loc = [str(part) for part in err["loc"]]
        if loc and loc[0] in {"printer", "led_display", "keypad", "rating_pad", "gsm_modem", "camera"}:
            loc = loc[1:]
        lines.append(f"{'.'.join(loc) or '<profile>'}: {err['msg']}")
    return "; ".join(lines)


class ProfileLibrary:
    """Profiles of one directory; reads files on demand, so importing this module touches no disk."""

    def __init__(self, directory: Path | None = None) -> None:
        self._directory = directory

    @property
    def directory(self) -> Path:
        if self._directory is not None:
            return self._directory
        # __path__ rather than importlib.resources: an editable install may expose the package as a namespace.
        package = importlib.import_module("hardware_profiles")
        return next(Path(p) for p in package.__path__ if Path(p).is_dir())

    def ids(self) -> list[str]:
        return sorted(p.stem for p in self.directory.glob("*.yaml"))

    def raw(self, profile_id: str) -> dict:
        """The YAML mapping of one file, before inheritance."""
        path = self.directory / f"{profile_id}.yaml"
        if not path.is_file():
            raise ProfileError(f"{path}: no such hardware profile {profile_id!r}")
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise ProfileError(f"{path}: invalid YAML: {exc}") from exc
        if not isinstance(data, dict):
            raise ProfileError(f"{path}: a profile must be a YAML mapping")
        if data.get("id", profile_id) != profile_id:
            raise ProfileError(f"{path}: id: {data['id']!r} differs from the file name {profile_id!r}")
        return data

    def resolved(self, profile_id: str) -> dict:
        """The mapping after deep-merging the `inherits` chain (parents first)."""
        chain: list[str] = []
        current: str | None = profile_id
        merged: dict = {}
        layers = []
        while current is not None:
            if current in chain:
                raise ProfileError(
                    f"{self.directory / (profile_id + '.yaml')}: inherits: cycle {' -> '.join(chain + [current])}")
            chain.append(current)
            try:
                data = self.raw(current)
            except ProfileError as exc:
                if current == profile_id:
                    raise
                raise ProfileError(f"{self.directory / (chain[-2] + '.yaml')}: inherits: {exc}") from exc
            layers.append(data)
            current = data.get("inherits")
        for data in reversed(layers):
            merged = _deep_merge(merged, data)
        merged["id"] = profile_id
        merged["inherits"] = layers[0].get("inherits")
        return merged

    def load(self, profile_id: str) -> Profile:
        data = self.resolved(profile_id)
        try:
            return _ADAPTER.validate_python(data)
        except ValidationError as exc:
            raise ProfileError(f"{self.directory / (profile_id + '.yaml')}: {_format_errors(exc)}") from None

    def __iter__(self) -> Iterator[Profile]:
        return (self.load(pid) for pid in self.ids())


def load_profile(profile_id: str, directory: Path | None = None) -> Profile:
    """Load one profile by id (the file name), with inheritance applied and validated."""
    return ProfileLibrary(directory).load(profile_id)


def all_profiles(directory: Path | None = None) -> list[Profile]:
    """Every profile of the directory (default: the bundled hardware_profiles package), sorted by id."""
    return list(ProfileLibrary(directory))


_KIND_TITLES = {"printer": "Ticket printers", "led_display": "Counter LED displays", "keypad": "Keypads",
                "rating_pad": "Rating pads", "gsm_modem": "GSM modems", "camera": "Cameras"}


def _summary(p: Profile) -> str:
    if isinstance(p, PrinterProfile):
        text = "raster text" if not p.vietnamese_codepage else "code-page text"
        barcode = "" if p.native_barcode else ", barcodes as raster"
        return (f"{p.paper_width_mm:g} mm, {p.printable_dots} dots, {'/'.join(p.connections)}, "
                f"Vietnamese as {text}{barcode}")
    if isinstance(p, LedDisplayProfile):
        s = p.serial
        return (f"{p.digits} digits ({p.charset.replace('_', '-')}), {p.protocol} over {p.transport}, "
                f"{s.baudrate} {s.bytesize}{s.parity}{s.stopbits:g}")
    if isinstance(p, KeypadProfile):
        keys = set(p.key_map.values())
        parts = (["digits 0-9"] if set(DIGITS) <= keys else []) + [k for k in ("enter", "cancel") if k in keys]
        parts += [a for a in COUNTER_ACTIONS if a in keys]
        return f"{p.transport}, {len(p.key_map)} keys mapped: {', '.join(parts)}"
    if isinstance(p, RatingPadProfile):
        return f"{p.transport}, {p.buttons} buttons, ranked 1 (least satisfied) to {p.buttons}"
    if isinstance(p, GsmModemProfile):
        return f"{p.sms_mode.upper()} mode, {p.encoding.upper()}, up to {p.max_parts} parts, {p.serial.baudrate} baud"
    return f"{p.source_type}, {p.width}x{p.height} @ {p.fps} fps"


def supported_hardware_markdown(directory: Path | None = None) -> str:
    """The README's "Supported hardware" table, generated from the profiles."""
    rows = ["| Kind | Profile id | Model | Driver | Key facts |", "|---|---|---|---|---|"]
    profiles = sorted(all_profiles(directory), key=lambda p: (list(_KIND_TITLES).index(p.kind), p.id))
    for p in profiles:
        model = p.name if p.vendor == "generic" else f"{p.vendor} {p.name}"
        rows.append(f"| {_KIND_TITLES[p.kind]} | `{p.id}` | {model} | `{p.driver}` | {_summary(p)} |")
    return "\n".join(rows) + "\n"
