"""Each worker's own copies of the kept answers it has served; the shared cache still says which is current.

A kept city answer at a million events is 20–40 KB, and reading it from the shared cache on every request
was most of the cost of serving it (the transfer, and base64 on the database cache: docs/caching.md). A
worker keeps the answers it has served with the version each was made under, and reads only the version
from the shared cache: a copy is served only when its version is the current one, so a write anywhere
makes every worker's copies unreachable at once, as it does the shared ones. Nothing here decides what is
current, and a worker without a copy reads the shared one. Bounded by ``MAPPER_ANSWER_LOCAL_BYTES``
(0 turns it off); the least recently served go first.
"""

import threading
from collections import OrderedDict

from django.conf import settings


class LocalAnswers:
    """``(version, headers, content)`` by cache key, at most ``MAPPER_ANSWER_LOCAL_BYTES`` of content in all."""

    def __init__(self):
        self._entries: OrderedDict = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()  # a worker's threads share it

    def get(self, key: str):
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: tuple) -> None:
        limit = settings.MAPPER_ANSWER_LOCAL_BYTES
        size = len(entry[2])
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old[2])
            if size > limit:
                return
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > limit:
                _key, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped[2])
