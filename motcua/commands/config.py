"""`motcua config check FILE…`: validate centre configuration files and say exactly what is wrong."""

from __future__ import annotations

import argparse
import sys

from queue_service.config import ConfigError, load_centre


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("config", help="centre configuration files")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    check = actions.add_parser("check", help="validate centre configuration files")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.set_defaults(func=run_check)


def run_check(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.files:
        try:
            centre = load_centre(path)
        except ConfigError as exc:
            print(exc, file=sys.stderr)
            failed += 1
            continue
        print(
            f"{path}: OK — {centre.centre.name_vi} ({centre.centre.id}): {len(centre.fields)} fields, "
            f"{len(centre.counters)} counters, {len(centre.staff)} staff"
        )
    return 1 if failed else 0
