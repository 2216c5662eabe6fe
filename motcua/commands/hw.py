"""`motcua hw`: hardware tools — preview a ticket exactly as it will print, list supported hardware profiles."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime


def register(subparsers) -> None:
    parser = subparsers.add_parser("hw", help="hardware tools: ticket preview, supported profiles")
    group = parser.add_subparsers(dest="hw_command", required=True, metavar="SUBCOMMAND")
    for add in SUBCOMMANDS:  # one small function per subcommand; add yours to SUBCOMMANDS
        add(group)


def add_preview_ticket(group) -> None:
    p = group.add_parser("preview-ticket", help="render a ticket to PNG through the ESC/POS emulator (preview = print)",
                         formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--number", default="A023", help="queue number")
    p.add_argument("--field", default="Tư pháp – Hộ tịch", help="field (lĩnh vực) name")
    p.add_argument("--centre", default="TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
                   help="centre name; a literal \\n starts a second line")
    p.add_argument("--ahead", type=int, default=4, help="people ahead")
    p.add_argument("--wait", type=int, default=12, help="estimated wait in minutes (negative: omit)")
    p.add_argument("--counter", default=None, help="counter number to print, if known")
    p.add_argument("--url", default="https://motcua.example.vn/t/A023", help="live ticket page URL for the QR code")
    p.add_argument("--profile", default="epson-tm-t88", help="printer profile id (see `motcua hw profiles`)")
    p.add_argument("--mode", choices=("hybrid", "raster"), default="hybrid",
                   help="hybrid: raster text + native number/QR; raster: the whole ticket as one image")
    p.add_argument("--send", metavar="URL", help="also print it: tcp://host:9100, serial:///dev/ttyUSB0, usb://")
    p.add_argument("-o", "--output", default="ticket.png", help="PNG file to write")
    p.set_defaults(func=_preview_ticket)


def add_profiles(group) -> None:
    p = group.add_parser("profiles", help="print the supported-hardware table (markdown) from hardware_profiles/")
    p.set_defaults(func=_profiles)


def add_test(group) -> None:
    p = group.add_parser("test", help="exercise the real devices of a device configuration (installers)",
                         formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("config", metavar="DEVICE-CONFIG", help="YAML file: version, devices (id, profile, port, ...)")
    p.add_argument("--device", action="append", metavar="ID", help="check only this device (repeatable)")
    p.add_argument("--wait", type=float, default=30.0, help="seconds to wait for a key press, rating or code")
    p.add_argument("--phone", help="send the test SMS to this number (no SMS without it)")
    p.set_defaults(func=_test)


SUBCOMMANDS = [add_preview_ticket, add_profiles, add_test]


def _preview_ticket(args) -> int:
    from devicekit.printing import EscposPrinterDriver, SlipRenderer, TicketData, save_preview, ticket_layout
    from devicekit.profiles import PrinterProfile, ProfileError, load_profile

    try:
        profile = load_profile(args.profile)
    except ProfileError as exc:
        print(exc, file=sys.stderr)
        return 2
    if not isinstance(profile, PrinterProfile):
        print(f"{args.profile} is a {profile.kind} profile, not a printer", file=sys.stderr)
        return 2
    ticket = TicketData(centre=args.centre.replace("\\n", "\n"), field=args.field, number=args.number,
                        issued_at=datetime.now().replace(second=0, microsecond=0), people_ahead=args.ahead,
                        url=args.url, wait_minutes=args.wait if args.wait >= 0 else None, counter=args.counter)
    job = SlipRenderer(profile, args.mode).render(ticket_layout(ticket))
    image = save_preview(job, profile, args.output)
    print(f"{args.output}: {image.width}x{image.height} px, {len(job)} bytes of ESC/POS for {profile.id}")
    if not args.send:
        return 0
    with EscposPrinterDriver(profile, args.send) as printer:
        result = printer.print_job(job)
    print(f"{result.outcome}: {result.reason}")
    return 0 if result.printed else 1


def _test(args) -> int:
    from devicekit import device_config
    from devicekit.hw_check import HardwareCheck, run_all

    try:
        config, bound = device_config.load(args.config)
    except device_config.DeviceConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    chosen = [d for d in config.devices if not args.device or d.id in args.device]
    unknown = sorted(set(args.device or ()) - {d.id for d in config.devices})
    if unknown:
        print(f"{args.config}: no device {', '.join(unknown)}", file=sys.stderr)
        return 2
    check = HardwareCheck(wait=args.wait, phone=args.phone, say=lambda line: print(line, flush=True))
    results = run_all([(d, bound[d.id]) for d in chosen], check)
    return 1 if any(r.outcome == "FAIL" for r in results) else 0


def _profiles(args) -> int:
    from devicekit.profiles import supported_hardware_markdown

    print(supported_hardware_markdown(), end="")
    return 0
