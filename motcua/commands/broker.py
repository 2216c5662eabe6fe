"""`motcua broker`: renders the centre's Mosquitto configuration and auth files, then runs Mosquitto in the foreground."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from motcua.commands.device import add_common, default_broker_dir, open_registry


def register(subparsers) -> None:
    parser = subparsers.add_parser("broker", help="run the centre's Mosquitto with the project configuration")
    add_common(parser)
    parser.add_argument("--host", default="127.0.0.1", help="listen address (default %(default)s)")
    parser.add_argument("--port", type=int, default=1883, help="MQTT port (default %(default)s)")
    parser.add_argument("--tls-port", type=int, help="also listen with TLS on this port (needs the three files)")
    parser.add_argument("--cafile", type=Path, help="CA certificate (PEM) for the TLS listener")
    parser.add_argument("--certfile", type=Path, help="server certificate (PEM)")
    parser.add_argument("--keyfile", type=Path, help="server key (PEM)")
    parser.add_argument("--ws-port", type=int, help="also listen with WebSockets (Mosquitto built with libwebsockets)")
    parser.add_argument("--render-only", action="store_true", help="write the files and exit")
    parser.set_defaults(func=_run)


def prepare(args):
    """Write mosquitto.conf, passwd and acl for the centre, with a service credential; returns the layout."""
    from broker_config.render import BrokerLayout, TLSFiles, write_conf
    from queue_service.devices.provisioning import ensure_service_credential, sync_broker

    tls = None
    if args.tls_port:
        if not (args.cafile and args.certfile and args.keyfile):
            raise SystemExit("--tls-port needs --cafile, --certfile and --keyfile")
        tls = TLSFiles(args.tls_port, args.cafile.resolve(), args.certfile.resolve(), args.keyfile.resolve())
    directory = (args.dir or default_broker_dir(args.centre)).resolve()
    layout = BrokerLayout(args.centre, directory, args.host, args.port, tls=tls, ws_port=args.ws_port)
    with open_registry(args) as (registry, _):
        creds = ensure_service_credential(registry, layout)
        sync_broker(registry, layout)
    write_conf(layout)
    print(f"broker files in {directory}; service credential for '{creds.username}' in {layout.service_credentials}")
    return layout


def _run(args) -> int:
    from broker_config.process import find_mosquitto, install_mosquitto

    layout = prepare(args)
    if args.render_only:
        return 0
    binary = find_mosquitto() or install_mosquitto()
    if binary is None:
        print("mosquitto is not installed and could not be installed (run as root: apt-get install mosquitto)",
              file=sys.stderr)
        return 3
    print(f"running {binary} -c {layout.conf} (log: {layout.log_file})", flush=True)
    # exec keeps our PID, so the pid file Mosquitto writes is the process the user sees and can SIGHUP.
    os.execv(binary, [binary, "-c", str(layout.conf)])
    return 0  # not reached
