"""The demo broker's process (a real centre runs Mosquitto): listeners, pid file, SIGHUP reload of the password
file and ACL (dropping clients whose credentials are gone), and a clean stop on SIGTERM or SIGINT."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import weakref
from importlib.metadata import version
from pathlib import Path

from mqtt5 import DisconnectReasonCode as Reason

from broker_config.embedded.acl import Acl
from broker_config.embedded.auth import PasswordFile
from broker_config.embedded.config import BrokerConfig, load_config
from broker_config.embedded.connection import Connection
from broker_config.embedded.router import Router

log = logging.getLogger(__name__)

BANNER = "embedded Python MQTT v5 broker: for the motcua demo only; a real centre runs Mosquitto"


def load_auth(config: BrokerConfig) -> tuple[PasswordFile, Acl | None]:
    passwords = PasswordFile.load(config.password_file) if config.password_file else PasswordFile()
    acl = Acl.load(config.acl_file) if config.acl_file else None
    return passwords, acl


class EmbeddedBroker:
    """Quiet constructor; `serve()` runs until `stop()` (or SIGTERM/SIGINT)."""

    def __init__(self, conf: Path) -> None:
        self.conf = Path(conf)
        self.config = load_config(self.conf)
        self.router = Router(self.config, *load_auth(self.config))
        self._servers: list[asyncio.AbstractServer] = []
        self._connections: weakref.WeakSet[Connection] = weakref.WeakSet()
        self._stopped: asyncio.Event | None = None

    async def serve(self) -> None:
        loop = asyncio.get_running_loop()
        self._stopped = asyncio.Event()
        log.info("%s (packets by mqtt5 %s). Starting.", BANNER, version("mqtt5"))
        log.info("Config loaded from %s.", self.conf)
        for what in self.config.ignored:
            log.warning("Not supported by the embedded broker, ignored: %s.", what)
        if self.config.persistence:
            log.warning("persistence: sessions and retained messages are kept in memory only and lost on restart.")
        for listener in self.config.served:
            server = await loop.create_server(lambda listener=listener: self._connection(listener),
                                              listener.host, listener.port, reuse_address=True)
            self._servers.append(server)
            log.info("Opening listen socket on %s port %d.", listener.host or "*", listener.port)
        for sig, handler in ((signal.SIGHUP, self.reload), (signal.SIGTERM, self.stop), (signal.SIGINT, self.stop)):
            loop.add_signal_handler(sig, handler)
        self._write_pid()
        log.info("Embedded broker running.")
        try:
            await self._stopped.wait()
        finally:
            await self._shutdown()

    def stop(self) -> None:
        if self._stopped is not None:
            self._stopped.set()

    def reload(self) -> None:
        """SIGHUP: reread the password file and ACL, as Mosquitto does; clients whose credentials are gone go."""
        log.info("Reloading config.")
        try:
            config = load_config(self.conf)
            passwords, acl = load_auth(config)
        except (OSError, ValueError) as exc:
            log.error("Reload failed, keeping the previous password file and ACL: %s", exc)
            return
        self.config.password_file, self.config.acl_file = config.password_file, config.acl_file
        stale = self.router.reload(passwords, acl, self._still_valid)
        for link in stale:
            link.close(Reason.NOT_AUTHORIZED, "credentials no longer valid after reload")

    def _still_valid(self, link: Connection) -> bool:
        if link.username is None:
            return self.config.allow_anonymous
        return self.router.passwords.check(link.username, link.password)

    def _connection(self, listener) -> Connection:
        connection = Connection(self.router, listener, self.config)
        self._connections.add(connection)
        return connection

    async def _shutdown(self) -> None:
        log.info("Embedded broker stopping.")
        self.router.shutting_down = True
        for server in self._servers:
            server.close()
        for connection in list(self._connections):
            if connection.transport is not None and not connection.transport.is_closing():
                connection.close(Reason.SERVER_SHUTTING_DOWN, "broker stopping")
        for server in self._servers:
            await server.wait_closed()
        if self.config.pid_file is not None:
            try:
                self.config.pid_file.unlink()
            except OSError:
                pass
        log.info("Embedded broker stopped.")

    def _write_pid(self) -> None:
        if self.config.pid_file is not None:
            self.config.pid_file.write_text(f"{os.getpid()}\n", encoding="utf-8")

