"""`motcua hw preview-ticket` and `motcua hw preview`: a print document drawn by the ESC/POS emulator from the very
bytes the printer would get (preview = print), optionally printed too."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path


def add_preview_ticket(group) -> None:
    p = group.add_parser("preview-ticket", help="render the queue ticket slip (wire.ticket) to PNG for a printer profile",
                         formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--number", default="A023", help="queue number")
    p.add_argument("--field", default="Tư pháp – Hộ tịch", help="field (lĩnh vực) name in Vietnamese")
    p.add_argument("--field-en", default="Justice – Civil status", help="field name in English")
    p.add_argument("--centre", default=None, help="centre name in Vietnamese (default: the sample centre)")
    p.add_argument("--centre-en", default=None, help="centre name in English")
    p.add_argument("--ahead", type=int, default=4, help="people ahead")
    p.add_argument("--wait", type=int, default=12, help="estimated wait in minutes (negative: omit)")
    p.add_argument("--counters", default="05,06", help="counters serving the field, comma-separated ('' for none)")
    p.add_argument("--url", default="https://motcua.example.vn/t/7f3k9q", help="live ticket page URL for the QR")
    p.add_argument("--time", default=None, help="issue time, local 'YYYY-MM-DD HH:MM' (default: now)")
    p.add_argument("--locale", choices=("vi", "en"), default="vi", help="language printed first")
    _add_printer_options(p)
    p.set_defaults(func=_preview_ticket)


def add_preview(group) -> None:
    p = group.add_parser("preview", help="render any print document (JSON, e.g. a dossier receipt) to PNG",
                         formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("document", metavar="DOCUMENT.json",
                   help="a wire.printing.PrintDocument, or a whole print.document command (its args are used)")
    _add_printer_options(p)
    p.set_defaults(func=_preview)


def _add_printer_options(p) -> None:
    p.add_argument("--profile", default="epson-tm-t88", help="printer profile id (see `motcua hw profiles`)")
    p.add_argument("--mode", choices=("hybrid", "raster"), default="hybrid",
                   help="hybrid: raster text + native number/QR/barcode; raster: the whole slip as one image")
    p.add_argument("--send", metavar="URL", help="also print it: tcp://host:9100, serial:///dev/ttyUSB0, usb://")
    p.add_argument("-o", "--output", default="preview.png", help="PNG file to write")


def _preview_ticket(args) -> int:
    from devicekit.printing import samples
    from wire.ticket import ticket_document

    tz = samples.TIMEZONE
    try:
        issued = _issue_time(args.time, tz)
        ticket = samples.sample_ticket(
            number=args.number, field_name_vi=args.field, field_name_en=args.field_en, people_ahead=args.ahead,
            estimated_wait_min=args.wait if args.wait >= 0 else None, public_url=args.url, issued_at=issued,
            counters=[c.strip() for c in args.counters.split(",") if c.strip()])
    except ValueError as exc:
        print(f"preview-ticket: {exc}", file=sys.stderr)
        return 2
    doc = ticket_document(ticket, args.centre or samples.CENTRE_VI, args.centre_en or samples.CENTRE_EN, tz,
                          args.locale)
    return _render(doc, args)


def _issue_time(text: str | None, tz: str):
    from zoneinfo import ZoneInfo

    if text is None:
        return datetime.now(ZoneInfo(tz)).replace(second=0, microsecond=0)
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(tz))
    except ValueError:
        raise ValueError(f"--time {text!r}: expected local time as 'YYYY-MM-DD HH:MM'") from None


def _preview(args) -> int:
    from pydantic import ValidationError

    from wire.printing import PrintDocument

    path = Path(args.document)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        print(f"{path}: cannot read: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        print(f"{path}: not JSON: {exc}", file=sys.stderr)
        return 2
    if isinstance(data, dict) and data.get("name") == "print.document" and "args" in data:
        data = data["args"]  # a whole command as the service sends it
    try:
        doc = PrintDocument.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            print(f"{path}: {'.'.join(map(str, err['loc'])) or '<document>'}: {err['msg']}", file=sys.stderr)
        return 2
    return _render(doc, args)


def _render(doc, args) -> int:
    from devicekit.printing import EscposPrinterDriver, RenderError, preview_document
    from devicekit.profiles import PrinterProfile, ProfileError, load_profile

    try:
        profile = load_profile(args.profile)
    except ProfileError as exc:
        print(exc, file=sys.stderr)
        return 2
    if not isinstance(profile, PrinterProfile):
        print(f"{args.profile} is a {profile.kind} profile, not a printer", file=sys.stderr)
        return 2
    try:
        image, job = preview_document(doc, profile, args.mode)
    except RenderError as exc:
        print(f"cannot print on {profile.id}: {exc}", file=sys.stderr)
        return 2
    image.save(args.output)
    print(f"{args.output}: {image.width}x{image.height} px, {len(job)} bytes of ESC/POS for {profile.id} "
          f"({doc.title})")
    if not args.send:
        return 0
    with EscposPrinterDriver(profile, args.send) as printer:
        result = printer.print_job(job)
    print(f"{result.outcome}: {result.reason}")
    return 0 if result.printed else 1
