"""`motcua service`: run the queue service (HTTP API) with uvicorn."""

from __future__ import annotations

import argparse
import logging
import sys

from motcua.commands.common import add_centre_options, add_store_options, settings_from


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("service", help="run the queue service (HTTP API)")
    add_store_options(parser)
    add_centre_options(parser)
    parser.add_argument("--host", help="listen address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="listen port (default 8000)")
    parser.add_argument("--log-format", choices=("text", "json"),
                        help="text for a terminal (default) or json lines for a collector (MOTCUA_LOG_FORMAT)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn
    from pydantic import ValidationError

    from queue_service import logs
    from queue_service.api.app import create_app
    from queue_service.config import ConfigError
    from queue_service.context import ServiceContext

    overrides = {k: v for k, v in (("host", args.host), ("port", args.port), ("log_format", args.log_format))
                 if v is not None}
    try:
        settings = settings_from(args, **overrides)
    except ValidationError as exc:  # a bad MOTCUA_* value: say which, without a traceback
        print(f"motcua service: bad setting: {exc}", file=sys.stderr)
        return 2
    try:
        context = ServiceContext.from_settings(settings)
    except ConfigError as exc:  # the words `motcua config check` prints: file, line, path, what was expected
        print(exc, file=sys.stderr)
        print("motcua service: not started; fix the centre file (check it with `motcua config check FILE`)",
              file=sys.stderr)
        return 2
    logs.configure(settings.log_format, logging.getLogger().level)  # personal data masked in either format
    uvicorn.run(create_app(context), host=settings.host, port=settings.port, log_level="info", log_config=None)
    return 0
