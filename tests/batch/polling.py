"""Waiting in tests: poll a condition; a deadline is only the upper bound of the wait."""

from __future__ import annotations

import time


def wait_for(condition, timeout: float, interval: float = 0.1):
    """Call ``condition()`` every ``interval`` seconds until it returns a true value, at most
    ``timeout`` seconds; return its last value (false when the time ran out)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)
