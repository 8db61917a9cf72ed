"""Limits that hold for every worker and host at once, kept in the shared cache.

``SharedPacer`` spaces requests to an outside service (Nominatim: one a second for the
whole site, not per process); ``SharedBreaker`` remembers that a service refused us, so
no worker asks it again until the breaker closes.
"""

import time

from django.core.cache import cache

TURN_SECONDS = 60  # a claimed turn is forgotten after this (the claimant records its time at once)
CLAIM_RETRY_SECONDS = 0.01


class SharedPacer:
    """At most one call per ``min_delay`` seconds across all processes sharing the cache."""

    def __init__(self, name: str, min_delay: float):
        self.name, self.min_delay = name, min_delay
        self.last_key = f"pace:{name}:last"

    def wait_for_turn(self) -> None:
        """Block until this caller may go; the time it went is recorded for the next one."""
        while True:
            last = cache.get(self.last_key)
            now = time.time()
            if last is not None and now < last + self.min_delay:
                time.sleep(last + self.min_delay - now)
                continue
            # One turn follows each recorded call: whoever adds its key first takes it.
            turn = last if last is not None else int(now)
            if cache.add(f"pace:{self.name}:turn:{turn!r}", 1, TURN_SECONDS):
                cache.set(self.last_key, time.time(), max(TURN_SECONDS, 2 * self.min_delay))
                return
            time.sleep(CLAIM_RETRY_SECONDS)


class SharedBreaker:
    """Open for ``seconds`` after ``trip``; every process sees the same state."""

    def __init__(self, name: str, seconds: float):
        self.key, self.seconds = f"breaker:{name}", seconds

    def trip(self, reason: str) -> None:
        cache.set(self.key, reason, self.seconds)

    def is_open(self) -> bool:
        return cache.get(self.key) is not None
