"""Opens a python-escpos printer object (Network, Serial, Usb, File) from a connection URL and a printer profile."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from escpos.escpos import Escpos
from escpos.printer import File, Network, Serial, Usb

from devicekit.profiles import PrinterProfile, SerialSettings

DEFAULT_TCP_PORT = 9100
URL_HELP = ("tcp://HOST[:PORT] (raw port 9100), serial:///dev/ttyUSB0[?baudrate=N], "
            "usb://[VID:PID] (hex; default from the profile), file:///dev/usb/lp0 (no status)")


class PrinterUrlError(ValueError):
    """The connection URL cannot be used with this printer model."""


def describe(url: str) -> str:
    """The URL without query parameters, for log lines and error messages."""
    return url.split("?", 1)[0]


def open_printer(url: str, profile: PrinterProfile, timeout_s: float) -> Escpos:
    """A not-yet-connected python-escpos printer for `url`; call .open() to connect (no I/O happens here)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    kind = {"tcp": "network", "network": "network", "serial": "serial", "usb": "usb", "file": "file"}.get(scheme)
    if kind is None:
        raise PrinterUrlError(f"unsupported printer URL {url!r}; use {URL_HELP}")
    if kind != "file" and kind not in profile.connections:
        raise PrinterUrlError(f"{profile.id} does not offer a {kind} connection (it offers {profile.connections})")
    escpos_profile = profile.escpos_profile
    if kind == "network":
        if not parts.hostname:
            raise PrinterUrlError(f"{url!r}: missing host")
        return Network(parts.hostname, port=parts.port or DEFAULT_TCP_PORT, timeout=timeout_s, profile=escpos_profile)
    if kind == "serial":
        path = parts.path or parts.netloc
        if not path:
            raise PrinterUrlError(f"{url!r}: missing device path")
        base = profile.serial or SerialSettings()
        try:
            settings = base.model_copy(update={k: int(v) if k in ("baudrate", "bytesize") else v
                                               for k, v in parse_qsl(parts.query)})
            settings = SerialSettings.model_validate(settings.model_dump())
        except ValueError as exc:
            raise PrinterUrlError(f"{url!r}: bad serial settings: {exc}") from None
        # dsrdtr off: most clone printers and USB-serial cables leave DSR floating, which would block writes.
        return Serial(devfile=path, baudrate=settings.baudrate, bytesize=settings.bytesize, parity=settings.parity,
                      stopbits=settings.stopbits, timeout=timeout_s, dsrdtr=False, profile=escpos_profile)
    if kind == "usb":
        vid, pid = profile.usb_vendor_id, profile.usb_product_id
        if parts.netloc:
            try:
                vid, pid = (int(x, 16) for x in parts.netloc.split(":"))
            except ValueError:
                raise PrinterUrlError(f"{url!r}: expected usb://VID:PID in hex") from None
        if vid is None or pid is None:
            raise PrinterUrlError(f"{url!r}: no USB ids in the URL or in profile {profile.id}")
        return Usb(idVendor=vid, idProduct=pid, timeout=int(timeout_s * 1000), profile=escpos_profile)
    return File(devfile=parts.path, profile=escpos_profile)
