"""Rate limits per client and per conversation, and one request in flight per conversation.

In memory by default (one API process); in Redis when REDIS_URL is set, so several API
processes share the counts. Each key's one-minute window starts at its first request (not at
the clock's minute), so a burst is always counted in one window: simple, predictable, and
good enough to stop a script hammering the assistant.
"""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Callable
from typing import Protocol

from redis.asyncio import Redis

WINDOW_SECONDS = 60
# A reply from Rasa never legitimately takes longer than this; the lock expires after it
# so a crashed request cannot block a conversation for ever.
IN_FLIGHT_TTL_SECONDS = 60


class RateLimiter(Protocol):
    async def hit(self, key: str, limit: int) -> int | None:
        """Count one request; return seconds to wait if `key` is over `limit`, else None."""

    async def acquire(self, conversation: str) -> str | None:
        """Mark a conversation busy; a token to release it, or None if it is already busy."""

    async def release(self, conversation: str, token: str) -> None:
        """Mark the conversation free again (only if `token` still holds it)."""

    async def aclose(self) -> None: ...


class MemoryRateLimiter:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._windows: dict[str, tuple[float, int]] = {}
        self._busy: dict[str, tuple[str, float]] = {}

    async def hit(self, key: str, limit: int) -> int | None:
        now = self._clock()
        started, count = self._windows.get(key, (now, 0))
        if now - started >= WINDOW_SECONDS:
            started, count = now, 0
            if len(self._windows) > 100_000:
                self._forget_old(now)
        count += 1
        self._windows[key] = (started, count)
        if count > limit:
            return max(1, math.ceil(started + WINDOW_SECONDS - now))
        return None

    def _forget_old(self, now: float) -> None:
        self._windows = {k: v for k, v in self._windows.items() if now - v[0] < WINDOW_SECONDS}

    async def acquire(self, conversation: str) -> str | None:
        now = self._clock()
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
        self._windows.clear()
        self._busy.clear()


_RELEASE_SCRIPT = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""


class RedisRateLimiter:
    def __init__(self, url: str, prefix: str) -> None:
        self._redis: Redis = Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._prefix = prefix

    async def hit(self, key: str, limit: int) -> int | None:
        name = f"{self._prefix}:rate:{key}"
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(name)
            # NX: only the first request of a window sets its end.
            pipe.expire(name, WINDOW_SECONDS, nx=True)
            pipe.ttl(name)
            count, _, ttl = await pipe.execute()
        if int(count) > limit:
            return max(1, int(ttl))
        return None

    async def acquire(self, conversation: str) -> str | None:
        token = uuid.uuid4().hex
        name = f"{self._prefix}:busy:{conversation}"
        taken = await self._redis.set(name, token, nx=True, ex=IN_FLIGHT_TTL_SECONDS)
        return token if taken else None

    async def release(self, conversation: str, token: str) -> None:
        name = f"{self._prefix}:busy:{conversation}"
        await self._redis.eval(_RELEASE_SCRIPT, 1, name, token)

    async def aclose(self) -> None:
        await self._redis.aclose()


def make_rate_limiter(redis_url: str | None, prefix: str) -> RateLimiter:
    if redis_url:
        return RedisRateLimiter(redis_url, prefix)
    return MemoryRateLimiter()
