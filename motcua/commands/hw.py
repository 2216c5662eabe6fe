"""`motcua hw`: hardware tools — preview a slip exactly as it will print, list profiles, test real devices."""

from __future__ import annotations

import argparse
import sys

from motcua.commands.hw_preview import add_preview, add_preview_ticket


def register(subparsers) -> None:
    parser = subparsers.add_parser("hw", help="hardware tools: print previews, supported profiles, device tests")
    group = parser.add_subparsers(dest="hw_command", required=True, metavar="SUBCOMMAND")
    for add in SUBCOMMANDS:  # one small function per subcommand; add yours to SUBCOMMANDS
        add(group)


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


SUBCOMMANDS = [add_preview_ticket, add_preview, add_profiles, add_test]


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
