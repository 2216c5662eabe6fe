"""Serves an EscposEmulator like a real printer: raw TCP (port-9100 semantics) or a pseudo-terminal (serial)."""

from __future__ import annotations

import logging
import os
import select
import socket
import socketserver
import threading
import tty

from devicekit.emulators.escpos import EscposEmulator

log = logging.getLogger(__name__)


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        server: _Server = self.server  # type: ignore[assignment]
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # 1-byte status replies, sent at once
        with server.lock:
            server.clients.add(self.request)
        try:
            while True:
                try:
                    data = self.request.recv(65536)
                except OSError:
                    return
                if not data:
                    return
                reply = server.emulator.feed(data)
                if reply:
                    self.request.sendall(reply)
        finally:
            with server.lock:
                server.clients.discard(self.request)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], emulator: EscposEmulator) -> None:
        self.emulator = emulator
        self.clients: set[socket.socket] = set()
        self.lock = threading.Lock()
        super().__init__(address, _Handler)


class EscposTcpServer:
    """Accepts any number of sequential or parallel connections; each one is a stream into the same paper."""

    def __init__(self, emulator: EscposEmulator, host: str = "127.0.0.1", port: int = 0) -> None:
        self.emulator = emulator
        self._address = (host, port)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        assert self._server is not None, "start() first"
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"tcp://{self._address[0]}:{self.port}"

    def start(self) -> EscposTcpServer:
        self._server = _Server(self._address, self.emulator)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="escpos-tcp", daemon=True)
        self._thread.start()
        log.info("ESC/POS emulator listening on %s", self.url)
        return self

    def stop(self) -> None:
        """Stop listening and hang up on connected drivers, like a printer being unplugged."""
        if self._server is None:
            return
        self._server.shutdown()
        with self._server.lock:
            for client in list(self._server.clients):
                try:
                    client.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        self._server.server_close()
        self._server = None

    def __enter__(self) -> EscposTcpServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class EscposPtyServer:
    """The emulator on the master side of a pty; drivers open `path` as their serial port."""

    def __init__(self, emulator: EscposEmulator) -> None:
        self.emulator = emulator
        self.path = ""
        self._fds: tuple[int, int] | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> EscposPtyServer:
        master, slave = os.openpty()
        tty.setraw(master)
        tty.setraw(slave)  # no echo, no CR/LF translation: ESC/POS is binary
        self._fds = (master, slave)
        self.path = os.ttyname(slave)
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="escpos-pty", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        master = self._fds[0]
        while not self._stop.is_set():
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO while no one has the slave open; keep serving
                self._stop.wait(0.02)
                continue
            reply = self.emulator.feed(data)
            if reply:
                os.write(master, reply)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        if self._fds is not None:
            for fd in self._fds:
                os.close(fd)
        self._fds = None

    def __enter__(self) -> EscposPtyServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
