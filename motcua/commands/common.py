"""Helpers the command modules share: settings from flags and environment, a migrated store."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when used: an agent-only install (motcua[agent]) has no store and no settings library
    from queue_service.settings import Settings
    from queue_service.store import Database


def add_store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help="store URL (default: $MOTCUA_DATABASE_URL or sqlite:///var/motcua.db)")


def add_centre_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", action="append", type=Path, help="centre configuration file (repeatable; default: $MOTCUA_CENTRE_FILES or examples/centre-demo.yaml)")


def settings_from(args: argparse.Namespace, **overrides) -> Settings:
    from queue_service.settings import Settings

    values = dict(overrides)
    if getattr(args, "db", None):
        values["database_url"] = args.db
    if getattr(args, "config", None):
        values["centre_files"] = args.config
    return Settings.from_env(**values)


def migrated_store(settings: Settings) -> Database:
    from queue_service.store import Database

    database = Database(settings.database_url).start()
    database.upgrade()
    return database
