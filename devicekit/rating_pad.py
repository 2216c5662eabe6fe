"""Rating pads: after a ticket is served, one press gives its rating level; one rating per ticket, with a timeout."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from typing import Callable, Mapping

from devicekit.keypad import Debouncer, KeyMapper, hid_key_map, serial_keys
from devicekit.profiles import RatingPadProfile
from devicekit.registry import register
from devicekit.serial_link import Backoff, Health, SerialLink
from devicekit.worker import Worker

log = logging.getLogger(__name__)

REMEMBERED_TICKETS = 5000  # more than a provincial centre serves per counter in a day


class RatingPad:
    """`request(ticket)` opens the pad for one ticket; the first mapped press calls `on_rating(ticket, level)`.

    A ticket that was rated or timed out is closed for good, so a second press (or a replayed request) can never
    count twice. `on_timeout(ticket)` fires when nobody pressed within `timeout` seconds; `poll()` checks that and
    runs every `poll_interval` seconds in a thread between start() and stop(), or by hand with an injected clock.
    """

    def __init__(self, button_map: Mapping[str, int], *, timeout: float,
                 on_rating: Callable[[str, int], None], on_timeout: Callable[[str], None] = lambda t: None,
                 debounce: float = 0.3, clock: Callable[[], float] = time.monotonic,
                 poll_interval: float = 0.5) -> None:
        self.mapper = KeyMapper(button_map, Debouncer(debounce, clock))
        self.timeout = timeout
        self.on_rating = on_rating
        self.on_timeout = on_timeout
        self.clock = clock
        self.poll_interval = poll_interval
        self.link = None  # set by the factories
        self._open: tuple[str, float] | None = None
        self._closed: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.RLock()
        self._timer = Worker("rating-timeout", self._poll_loop)
        self._stop = self._timer.stopping

    @property
    def health(self) -> Health:
        return self.link.health

    @property
    def waiting_for(self) -> str | None:
        return self._open[0] if self._open else None

    def start(self) -> "RatingPad":
        self.link.start()
        self._timer.start()
        return self

    def stop(self) -> None:
        self._timer.stop()
        self.link.stop()

    def request(self, ticket: str) -> bool:
        """Opens the pad for `ticket`; False if that ticket was already rated or timed out."""
        with self._lock:
            self.poll()
            if ticket in self._closed:
                return False
            if self._open and self._open[0] != ticket:
                self._expire()  # the clerk moved on: the previous citizen has left
            if not self._open:
                self._open = (ticket, self.clock())
            return True

    def key(self, key: str) -> None:
        with self._lock:
            self.poll()  # a press after the deadline is late even if the timer thread has not run yet
            level = self.mapper.map(key)
            if level is None or self._open is None:
                return
            ticket = self._close()
        log.info("rating pad: ticket %s rated %s", ticket, level)
        self.on_rating(ticket, level)

    def poll(self) -> None:
        with self._lock:
            if self._open and self.clock() - self._open[1] >= self.timeout:
                self._expire()

    def _expire(self) -> None:
        ticket = self._close()
        log.info("rating pad: no rating for ticket %s", ticket)
        self.on_timeout(ticket)

    def _close(self) -> str:
        ticket = self._open[0]
        self._open = None
        self._closed[ticket] = None
        while len(self._closed) > REMEMBERED_TICKETS:
            self._closed.popitem(last=False)
        return ticket

    def _poll_loop(self) -> None:
        while not self._stop.wait(self.poll_interval):
            try:
                self.poll()
            except Exception:  # a failing callback must not end the timeout checks
                log.exception("rating pad: poll failed")


@register("serial_rating_pad")
def build_serial_rating_pad(profile: RatingPadProfile, url: str, *, backoff: Backoff | None = None,
                            **options) -> RatingPad:
    options.setdefault("timeout", profile.timeout_s)
    pad = RatingPad(profile.button_map, **options)
    s = profile.serial
    pad.link = SerialLink(url, baudrate=s.baudrate, bytesize=s.bytesize, parity=s.parity, stopbits=s.stopbits,
                          backoff=backoff or Backoff(), on_bytes=serial_keys(pad.key))
    return pad


@register("hid_rating_pad")
def build_hid_rating_pad(profile: RatingPadProfile, path: str, *, backoff: Backoff | None = None,
                         **options) -> RatingPad:
    from devicekit.hid_input import HidKeyLink

    options.setdefault("timeout", profile.timeout_s)
    pad = RatingPad(hid_key_map(profile.button_map), **options)
    pad.link = HidKeyLink(path, on_key=pad.key, backoff=backoff or Backoff())
    return pad
