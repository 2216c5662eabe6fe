"""`motcua staff password ID`: an admin sets or resets a staff member's password (changed at their first sign-in)."""

from __future__ import annotations

import argparse
import getpass
import sys

from motcua.commands.common import add_centre_options, add_store_options, migrated_store, settings_from


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("staff", help="staff of the centre file: sign-in passwords")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    password = actions.add_parser("password", help="set or reset a staff member's password; they must change it at "
                                                   "their first sign-in, and their open sessions end")
    password.add_argument("staff_id", metavar="ID", help="staff id from the centre file (staff[].id)")
    password.add_argument("--centre", help="centre id, when the service serves several centres")
    password.add_argument("--stdin", action="store_true", help="read the password from the first line of standard "
                                                               "input instead of prompting twice (for scripts)")
    add_centre_options(password)
    add_store_options(password)
    password.set_defaults(func=run_password)


def run_password(args: argparse.Namespace) -> int:
    from queue_service.auth.passwords import set_password
    from queue_service.config import load_centre
    from queue_service.context import utc_now
    from queue_service.errors import DomainError

    settings = settings_from(args)
    centres = [load_centre(path) for path in settings.centre_files]
    matches = [c for c in centres if (args.centre in (None, c.centre.id)) and c.staff_member(args.staff_id) is not None]
    if not matches:
        files = ", ".join(str(path) for path in settings.centre_files)
        print(f"no staff member '{args.staff_id}' in {files}" + (f" for centre {args.centre}" if args.centre else ""),
              file=sys.stderr)
        return 2
    if len(matches) > 1:
        print(f"'{args.staff_id}' is staff of {', '.join(c.centre.id for c in matches)}: choose one with --centre",
              file=sys.stderr)
        return 2
    password = _read_password(args.stdin)
    if password is None:
        return 2
    db = migrated_store(settings)
    try:
        set_password(db, matches[0].centre.id, args.staff_id, password, utc_now())
    except DomainError as exc:
        print(f"{exc.message_en} / {exc.message_vi}", file=sys.stderr)
        return 2
    finally:
        db.stop()
    print(f"password set for {args.staff_id} of {matches[0].centre.id}; they must change it at their first sign-in")
    return 0


def _read_password(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("New password: ")
    if first != getpass.getpass("Repeat it: "):
        print("the two passwords differ; nothing changed", file=sys.stderr)
        return None
    return first
