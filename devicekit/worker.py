"""The one way a driver runs its loop on a thread: start() launches it once, stop() asks it to end and waits."""

from __future__ import annotations

import threading
from typing import Callable


class Worker:
    """A daemon thread running `target` until `stopping` is set; the target waits on `stopping` instead of sleeping."""

    def __init__(self, name: str, target: Callable[[], None], join_timeout: float = 5.0) -> None:
        self.name, self.target, self.join_timeout = name, target, join_timeout
        self.stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self.stopping.clear()
            self._thread = threading.Thread(target=self.target, name=self.name, daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self.stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=self.join_timeout)
            self._thread = None
