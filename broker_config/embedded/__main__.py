"""`python -m broker_config.embedded mosquitto.conf`: run the demo's embedded MQTT v5 broker on a Mosquitto
configuration written by broker_config.render. Demo only: a real centre runs Mosquitto."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from broker_config.embedded.config import ConfigError, load_config
from broker_config.embedded.server import EmbeddedBroker


def _logging(dest: str, timestamp_format: str | None) -> None:
    if dest == "none":
        handler: logging.Handler = logging.NullHandler()
    elif dest in ("stderr", "stdout"):
        handler = logging.StreamHandler(sys.stderr if dest == "stderr" else sys.stdout)
    else:
        handler = logging.FileHandler(dest, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s: %(message)s", timestamp_format or "%Y-%m-%dT%H:%M:%S"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m broker_config.embedded",
                                     description="Embedded MQTT v5 broker for the motcua demo (a real centre runs Mosquitto).")
    parser.add_argument("conf", type=Path, help="a mosquitto.conf written by `motcua broker` / broker_config.render")
    args = parser.parse_args(argv)
    try:
        config = load_config(args.conf)
        _logging(config.log_dest, config.log_timestamp_format)
        broker = EmbeddedBroker(args.conf)
    except (OSError, ConfigError, ValueError) as exc:
        print(f"embedded broker: cannot start: {exc}", file=sys.stderr)
        return 1
    try:
        asyncio.run(broker.serve())
    except OSError as exc:  # the port is taken, most often
        logging.getLogger(__name__).error("Embedded broker failed: %s", exc)
        print(f"embedded broker: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
