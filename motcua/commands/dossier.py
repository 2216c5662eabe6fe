"""`motcua dossier import-procedures FILE`: load a procedure catalogue (YAML or CSV) into a centre's store."""

from __future__ import annotations

import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser("dossier", help="dossiers and the procedure catalogue")
    sub = parser.add_subparsers(dest="dossier_command", required=True, metavar="WHAT")
    imp = sub.add_parser("import-procedures", help="import procedures from a YAML or CSV catalogue")
    imp.add_argument("file", help="catalogue file (.yaml/.yml or .csv)")
    imp.add_argument("--centre", required=True, help="centre id (from MOTCUA_CENTRE_FILES) or a centre YAML file")
    imp.add_argument("--check", action="store_true", help="validate only, write nothing")
    imp.set_defaults(func=_import)


def _import(args) -> int:
    from motcua.commands.calendar import _centre, _database
    from queue_service.dossiers.catalogue import CatalogueError, import_catalogue, load_catalogue

    centre = _centre(args)
    try:
        entries = load_catalogue(args.file)
    except CatalogueError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if args.check:
        print(f"{args.file}: {len(entries)} procedures, valid")
        return 0
    db = _database()
    try:
        with db.write() as session:
            added, updated = import_catalogue(session, centre, entries)
    except CatalogueError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    finally:
        db.stop()
    print(f"{centre.centre.id}: {added} procedures added, {updated} updated")
    return 0
