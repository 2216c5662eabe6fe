"""`motcua kiosk|counter|display|rating|sms --config FILE`: run one device agent on the hardware its file binds."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from pathlib import Path

# command → (module, class, what it is); each app lives in its own package and is imported only when run.
AGENTS = {
    "kiosk": ("kiosk.agent", "KioskAgent", "the kiosk where citizens take a number (touch screen, ticket printer)"),
    "counter": ("counter_agent.agent", "CounterAgent",
                "a counter: LED number display, clerk keypad, rating pad, receipt printer"),
    "display": ("display.agent", "DisplayAgent", "the hall calling display (screen and speakers)"),
    "rating": ("rating_tablet.agent", "RatingTabletAgent", "the rating tablet facing the citizen at a counter"),
    "sms": ("sms_agent.agent", "SmsAgent", "the SMS agent: a GSM modem that sends the service's SMS"),
}

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:
    for name, (_module, _cls, what) in AGENTS.items():
        parser = sub.add_parser(name, help=f"run {what}")
        parser.add_argument("--config", required=True, type=Path, metavar="FILE",
                            help="the agent's YAML file (see examples/agents/)")
        parser.set_defaults(func=run, agent=name)


def agent_class(name: str):
    module, cls, _what = AGENTS[name]
    return getattr(importlib.import_module(module), cls)


def run(args: argparse.Namespace) -> int:
    from devicekit.mqtt.session import ConnectRefused
    from yaml_config import ConfigError

    try:
        agent = agent_class(args.agent).from_file(args.config)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        return agent.run()
    except ConnectRefused as exc:
        print(f"{args.config}: {exc} (check broker.secret_file, or `motcua device add` this device)", file=sys.stderr)
        return 3
