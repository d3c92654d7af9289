"""Rate limits per client and per conversation, and one request in flight per conversation.

In memory by default (one API process); in Redis when REDIS_URL is set, so several API
processes share the counts. The counting is the `limits` library's fixed window (the library
behind slowapi): each key's one-minute window starts at its first request (not at the clock's
minute), so a burst is always counted in one window. The in-flight lock is redis-py's `Lock`
in Redis, a dictionary in memory. Every refusal of every rate-limited path (chat, the other
parent routes, adviser sign-in) is counted in one metric, `REJECTED{reason="rate_limit"}`.
"""

from __future__ import annotations

import abc
import contextlib
import math
import time
import uuid
from collections.abc import Callable

from limits import RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import FixedWindowRateLimiter
from redis.asyncio import Redis
from redis.asyncio.lock import Lock
from redis.exceptions import LockError

from api.core.metrics import REJECTED

# A reply from Rasa never legitimately takes longer than this; the lock expires after it
# so a crashed request cannot block a conversation for ever.
IN_FLIGHT_TTL_SECONDS = 60


class RateLimiter(abc.ABC):
    """Per-minute budgets (``hit``) and the one-request-in-flight lock (``acquire``)."""

    def __init__(self, storage: Storage, clock: Callable[[], float] = time.time) -> None:
        self._window = FixedWindowRateLimiter(storage)
        self._clock = clock  # the storage's clock: window ends are wall-clock times

    async def hit(self, key: str, limit: int) -> int | None:
        """Count one request; return seconds to wait if `key` is over `limit`, else None."""
        item = RateLimitItemPerMinute(limit)
        if await self._window.hit(item, key):
            return None
        REJECTED.labels("rate_limit").inc()
        reset_at, _ = await self._window.get_window_stats(item, key)
        return max(1, math.ceil(reset_at - self._clock()))

    @abc.abstractmethod
    async def acquire(self, conversation: str) -> str | None:
        """Mark a conversation busy; a token to release it, or None if it is already busy."""

    @abc.abstractmethod
    async def release(self, conversation: str, token: str) -> None:
        """Mark the conversation free again (only if `token` still holds it)."""

    @abc.abstractmethod
    async def aclose(self) -> None:
        """Let go of the storage's connections."""


class MemoryRateLimiter(RateLimiter):
    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        super().__init__(MemoryStorage(), clock)
        self._busy: dict[str, tuple[str, float]] = {}

    async def acquire(self, conversation: str) -> str | None:
        now = time.monotonic()
        held = self._busy.get(conversation)
        if held is not None and held[1] > now:
            return None
        token = uuid.uuid4().hex
        self._busy[conversation] = (token, now + IN_FLIGHT_TTL_SECONDS)
        return token

    async def release(self, conversation: str, token: str) -> None:
        held = self._busy.get(conversation)
        if held is not None and held[0] == token:
            del self._busy[conversation]

    async def aclose(self) -> None:
        self._busy.clear()


class RedisRateLimiter(RateLimiter):
    def __init__(self, url: str, prefix: str) -> None:
        self._redis: Redis = Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        storage = RedisStorage(
            f"async+{url}",
            implementation="redispy",
            key_prefix=f"{prefix}:rate",
            # limits hands its options on to redis-py: one pool for the counts and the locks
            connection_pool=self._redis.connection_pool,  # type: ignore[arg-type]
        )
        super().__init__(storage)
        self._prefix = prefix

    def _lock(self, conversation: str) -> Lock:
        return Lock(
            self._redis,
            f"{self._prefix}:busy:{conversation}",
            timeout=IN_FLIGHT_TTL_SECONDS,
            blocking=False,
            thread_local=False,
        )

    async def acquire(self, conversation: str) -> str | None:
        token = uuid.uuid4().hex
        taken = await self._lock(conversation).acquire(token=token)
        return token if taken else None

    async def release(self, conversation: str, token: str) -> None:
        # No longer ours (it expired, or the token never held it): nothing to release.
        with contextlib.suppress(LockError):
            await self._lock(conversation).do_release(token.encode())

    async def aclose(self) -> None:
        await self._redis.aclose()


def make_rate_limiter(redis_url: str | None, prefix: str) -> RateLimiter:
    if redis_url:
        return RedisRateLimiter(redis_url, prefix)
    return MemoryRateLimiter()
