"""`motcua token create|revoke`: API tokens for staff and devices (the secret is shown once)."""

from __future__ import annotations

import argparse
import sys

from motcua.commands.common import add_store_options, migrated_store, settings_from
from queue_service.auth.roles import Role


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("token", help="API tokens")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="create a token and print it once")
    create.add_argument("--role", required=True, choices=[r.value for r in Role])
    create.add_argument("--centre", help="restrict the token to one centre")
    create.add_argument("--counter", type=int, help="counter a clerk (or counter device) is signed in to")
    create.add_argument("--staff", help="staff id acting with this token")
    create.add_argument("--label", help="free text to recognise the token later")
    add_store_options(create)
    create.set_defaults(func=run_create)
    revoke = actions.add_parser("revoke", help="revoke a token by its id (the part after mct_)")
    revoke.add_argument("token_id")
    add_store_options(revoke)
    revoke.set_defaults(func=run_revoke)


def run_create(args: argparse.Namespace) -> int:
    from queue_service.auth.tokens import create_token
    from queue_service.errors import DomainError

    db = migrated_store(settings_from(args))
    try:
        token = create_token(db, Role(args.role), centre=args.centre, counter=args.counter, staff_id=args.staff, label=args.label)
    except DomainError as exc:
        print(f"{exc.message_en} / {exc.message_vi}", file=sys.stderr)
        return 2
    print(token)
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    from queue_service.auth.tokens import revoke_token

    db = migrated_store(settings_from(args))
    if revoke_token(db, args.token_id):
        print(f"revoked {args.token_id}")
        return 0
    print(f"no active token {args.token_id}", file=sys.stderr)
    return 1
