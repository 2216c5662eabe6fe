"""`motcua voice build|check`: make the default voice pack offline with espeak-ng; check a pack (built or recorded)."""

from __future__ import annotations

import sys
from pathlib import Path

DEFAULT_OUT = Path("var/voice")


def register(subparsers) -> None:
    parser = subparsers.add_parser("voice", help="the calling voice's clip pack: build it, check it")
    sub = parser.add_subparsers(dest="voice_command", required=True, metavar="WHAT")
    build = sub.add_parser("build", help="generate the default pack with espeak-ng (Vietnamese and English), "
                           "normalised to one loudness and one sample rate; then check it")
    build.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"pack directory (default {DEFAULT_OUT}; a "
                       "display reads <state_dir>/voice unless its voice.pack says otherwise)")
    build.add_argument("--rate", type=int, default=None, help="sample rate in Hz (default 22050)")
    build.add_argument("--vi-only", action="store_true", help="no English clips")
    build.set_defaults(func=_build)
    check = sub.add_parser("check", help="refuse a pack with a missing clip, a wrong sample rate or channel count, "
                           "clipping or a loudness far from the target: one line per problem, naming the clip")
    check.add_argument("directory", type=Path, metavar="DIR")
    check.set_defaults(func=_check)


def _build(args) -> int:
    from devicekit.voice.build import DEFAULT_RATE, BuildError, build_pack
    from devicekit.voice.check import check_pack

    try:
        names = build_pack(args.out, args.rate or DEFAULT_RATE, ("vi",) if args.vi_only else ("vi", "en"))
    except BuildError as exc:
        print(f"voice build: {exc}", file=sys.stderr)
        return 1
    print(f"{args.out}: {len(names)} clips written")
    return _report(args.out, check_pack(args.out))


def _check(args) -> int:
    from devicekit.voice.check import check_pack

    return _report(args.directory, check_pack(args.directory))


def _report(directory: Path, problems: list[str]) -> int:
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{directory}: refused ({len(problems)} problem(s))", file=sys.stderr)
        return 1
    print(f"{directory}: the pack is sound")
    return 0
