"""Rating pads: armed for one served ticket at a time, the first press answers it with a rank; nothing else counts.

Buttons are ranks, 1 = least satisfied up to N = most satisfied (the profile's button_map); the agent turns a rank
into the centre's value with wire.rating.value_for_rank. The pad is armed by the service's rating.open, with that
command's window.
"""

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
    """`open(ticket_id, window_s)` arms the pad; the first mapped press calls `on_rating(ticket_id, rank)` once.

    A press while nothing is armed, a second press, and a press after the window are ignored and logged. A ticket
    that was rated or whose window ran out is closed for good, so a replayed rating.open can never rate it twice.
    `on_timeout(ticket_id)` fires when the window passes without a press; `poll()` checks that every
    `poll_interval` seconds on a thread between start() and stop(), or by hand with an injected clock.
    """

    def __init__(self, button_map: Mapping[str, int], *, on_rating: Callable[[int, int], None],
                 on_timeout: Callable[[int], None] = lambda ticket_id: None, debounce: float = 0.3,
                 clock: Callable[[], float] = time.monotonic, poll_interval: float = 0.5) -> None:
        self.mapper = KeyMapper(button_map, Debouncer(debounce, clock))
        self.buttons = len(set(button_map.values()))
        self.on_rating = on_rating
        self.on_timeout = on_timeout
        self.clock = clock
        self.poll_interval = poll_interval
        self.link = None  # set by the factories
        self._armed: tuple[int, float] | None = None  # (ticket id, deadline)
        self._closed: OrderedDict[int, None] = OrderedDict()
        self._lock = threading.RLock()
        self._timer = Worker("rating-timeout", self._poll_loop)
        self._stop = self._timer.stopping

    @property
    def health(self) -> Health:
        return self.link.health

    @property
    def waiting_for(self) -> int | None:
        return self._armed[0] if self._armed else None

    def start(self) -> "RatingPad":
        self.link.start()
        self._timer.start()
        return self

    def stop(self) -> None:
        self._timer.stop()
        self.link.stop()

    def open(self, ticket_id: int, window_s: float) -> bool:
        """Arms the pad for `ticket_id` for `window_s` seconds; False if that ticket was already rated or timed out.
        Arming another ticket ends the previous one's window (the clerk has moved on; that citizen has left)."""
        if isinstance(ticket_id, bool) or not isinstance(ticket_id, int) or ticket_id < 1:
            raise ValueError(f"ticket_id must be a positive ticket id, not {ticket_id!r}")
        if not window_s > 0:
            raise ValueError(f"window_s must be a positive number of seconds, not {window_s!r}")
        with self._lock:
            self.poll()
            if ticket_id in self._closed:
                log.info("rating pad: ticket %s was already rated or expired; not armed again", ticket_id)
                return False
            if self._armed and self._armed[0] != ticket_id:
                self._expire()
            self._armed = (ticket_id, self.clock() + window_s)
            return True

    def key(self, key: str) -> None:
        with self._lock:
            self.poll()  # a press after the deadline is late even if the timer thread has not run yet
            rank = self.mapper.map(key)
            if rank is None:
                return
            if self._armed is None:
                log.info("rating pad: button %r (rank %s) pressed while not armed; ignored", key, rank)
                return
            ticket_id = self._close()
        log.info("rating pad: ticket %s rated rank %s of %s", ticket_id, rank, self.buttons)
        self.on_rating(ticket_id, rank)

    def poll(self) -> None:
        with self._lock:
            if self._armed and self.clock() >= self._armed[1]:
                self._expire()

    def _expire(self) -> None:
        ticket_id = self._close()
        log.info("rating pad: no rating for ticket %s within its window", ticket_id)
        self.on_timeout(ticket_id)

    def _close(self) -> int:
        ticket_id = self._armed[0]
        self._armed = None
        self._closed[ticket_id] = None
        while len(self._closed) > REMEMBERED_TICKETS:
            self._closed.popitem(last=False)
        return ticket_id

    def _poll_loop(self) -> None:
        while not self._stop.wait(self.poll_interval):
            try:
                self.poll()
            except Exception:  # a failing callback must not end the timeout checks
                log.exception("rating pad: poll failed")


@register("serial_rating_pad")
def build_serial_rating_pad(profile: RatingPadProfile, url: str, *, backoff: Backoff | None = None,
                            **options) -> RatingPad:
    pad = RatingPad(profile.button_map, **options)
    s = profile.serial
    pad.link = SerialLink(url, baudrate=s.baudrate, bytesize=s.bytesize, parity=s.parity, stopbits=s.stopbits,
                          backoff=backoff or Backoff(), on_bytes=serial_keys(pad.key))
    return pad


@register("hid_rating_pad")
def build_hid_rating_pad(profile: RatingPadProfile, path: str, *, backoff: Backoff | None = None,
                         **options) -> RatingPad:
    from devicekit.hid_input import HidKeyLink

    pad = RatingPad(hid_key_map(profile.button_map), **options)
    pad.link = HidKeyLink(path, on_key=pad.key, backoff=backoff or Backoff())
    return pad
