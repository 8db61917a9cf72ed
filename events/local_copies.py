"""Each worker's own bounded copies of what it has made or served, the least recently used going first.

Two uses, each with its own byte budget (0 turns it off):

* the kept answers it has served (``events.http_cache``, ``MAPPER_ANSWER_LOCAL_BYTES``). A kept city
  answer at a million events is 20–40 KB, and reading it from the shared cache on every request was most
  of the cost of serving it (the transfer, and base64 on the database cache: docs/caching.md);
* a text search's matches as arrays (``events.kept_matches``, ``MAPPER_MATCHES_LOCAL_BYTES``).

Every entry holds the data version it was made under and is used only when that is the current one, so
a write anywhere makes every worker's copies unreachable at once, as it does the shared ones. Nothing
here decides what is current.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.conf import settings


class LocalCopies:
    """Entries by key, at most the setting ``budget``'s bytes in all (each entry's bytes: ``size(entry)``)."""

    def __init__(self, budget: str, size: Callable[[Any], int]):
        self._budget, self._size = budget, size
        self._entries: OrderedDict = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()  # a worker's threads share it

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key, entry) -> None:
        limit = getattr(settings, self._budget)
        size = self._size(entry)
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= self._size(old)
            if size > limit:
                return
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > limit:
                _key, dropped = self._entries.popitem(last=False)
                self._bytes -= self._size(dropped)
