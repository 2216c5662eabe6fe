"""Helpers of the serial device tests: fast reconnect backoff and polling for a condition without timing asserts."""

from __future__ import annotations

import time

from devicekit.serial_link import Backoff

FAST = Backoff(initial=0.02, maximum=0.1)


def wait_for(predicate, timeout: float = 5.0, what: str = "condition"):
    """Polls `predicate` until it is truthy; the timeout only stops a hung test, it asserts no duration."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.005)
    raise AssertionError(f"timed out waiting for {what}")
