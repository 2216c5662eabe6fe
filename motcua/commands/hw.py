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


SUBCOMMANDS = [add_preview_ticket, add_profiles]


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


def _profiles(args) -> int:
    from devicekit.profiles import supported_hardware_markdown

    print(supported_hardware_markdown(), end="")
    return 0
