"""Erasure that sticks: which conversation ids were erased, and which ids this process answered.

An erased id is kept only as a keyed hash (HMAC-SHA256 with the API's SECRET_KEY), for the
retention period, in the `erased_sessions` table of the API's database. Every write for it is
refused: by the API (chat, feedback, spool replay) and by Rasa's tracker store, whose guard
(bot/tracker_store.py) reads the same table and computes the same hash.

While the database is down the API cannot tell a known id from an unknown or erased one. It then
accepts only ids it has itself answered recently (kept here, in memory) or that wait in the
spool, and never one it erased.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

# How long this process vouches for an id it answered, should the database stop answering.
RECENTLY_ANSWERED_SECONDS = 3600.0
RECENTLY_ANSWERED_MAX = 20_000
# Erased ids this process remembers for outages (the database remembers them all).
ERASED_REMEMBERED_MAX = 100_000


def erasure_key(secret: str, session_id: str) -> str:
    """The keyed hash an erased id is kept as. bot/tracker_store.py computes the same."""
    return hmac.new(secret.encode(), session_id.encode(), hashlib.sha256).hexdigest()


class SessionMemory:
    """Ids this process answered recently, and ids it erased (both in memory only)."""

    def __init__(
        self,
        ttl_seconds: float = RECENTLY_ANSWERED_SECONDS,
        max_size: int = RECENTLY_ANSWERED_MAX,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl_seconds
        self._max = max_size
        self._clock = clock
        self._answered: OrderedDict[str, float] = OrderedDict()
        self._erased: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def answered(self, session_id: str) -> None:
        with self._lock:
            if session_id in self._erased:
                return
            self._answered[session_id] = self._clock()
            self._answered.move_to_end(session_id)
            while len(self._answered) > self._max:
                self._answered.popitem(last=False)

    def erased(self, session_id: str) -> None:
        with self._lock:
            self._answered.pop(session_id, None)
            self._erased[session_id] = None
            while len(self._erased) > ERASED_REMEMBERED_MAX:
                self._erased.popitem(last=False)

    def was_erased(self, session_id: str) -> bool:
        return session_id in self._erased

    def vouches_for(self, session_id: str) -> bool:
        """True if this process answered the id within the last hour and did not erase it."""
        with self._lock:
            if session_id in self._erased:
                return False
            seen = self._answered.get(session_id)
            return seen is not None and self._clock() - seen < self._ttl
