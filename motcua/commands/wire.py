"""`motcua wire asyncapi`: writes (or checks) the AsyncAPI 3.0 document generated from the wire models."""

from __future__ import annotations

import sys
from pathlib import Path

DEFAULT_OUT = Path("docs/asyncapi.json")


def register(subparsers) -> None:
    parser = subparsers.add_parser("wire", help="the MQTT wire contract")
    sub = parser.add_subparsers(dest="wire_command", required=True, metavar="WHAT")
    doc = sub.add_parser("asyncapi", help="write the AsyncAPI document of the MQTT contract")
    doc.add_argument("--out", type=Path, default=DEFAULT_OUT, help="file to write (default %(default)s); '-' for stdout")
    doc.add_argument("--check", action="store_true", help="exit 1 if the file is stale instead of writing it")
    doc.set_defaults(func=_asyncapi)


def _asyncapi(args) -> int:
    from wire.asyncapi import render

    text = render()
    if str(args.out) == "-":
        sys.stdout.write(text)
        return 0
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is stale: run `motcua wire asyncapi`", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0
