"""Entry point of the `motcua` command: each command group lives in its own module under motcua.commands."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

# Each module registers one command group with `register(subparsers)`; the handler it sets as
# `func` receives the parsed arguments and returns the process exit code.
COMMAND_MODULES = (
    "motcua.commands.service",
    "motcua.commands.config",
    "motcua.commands.token",
    "motcua.commands.staff",
    "motcua.commands.db",
    "motcua.commands.demo",
    "motcua.commands.wire",
    "motcua.commands.device",
    "motcua.commands.broker",
    "motcua.commands.simulate",
    "motcua.commands.calendar",
    "motcua.commands.dossier",
    "motcua.commands.hw",
    "motcua.commands.agents",
    "motcua.commands.voice",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="motcua", description="motcua: one-stop centre queue, devices and dossiers")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for noisy in ("httpx", "alembic"):  # per-request and per-migration INFO lines drown what people need to read
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
