"""`motcua db upgrade`: bring the store's schema to the newest migration of every branch."""

from __future__ import annotations

import argparse

from motcua.commands.common import add_store_options, migrated_store, settings_from


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("db", help="the store")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    upgrade = actions.add_parser("upgrade", help="apply all migrations")
    add_store_options(upgrade)
    upgrade.set_defaults(func=run_upgrade)


def run_upgrade(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    migrated_store(settings).stop()
    print(f"store at {settings.database_url} is up to date")
    return 0
