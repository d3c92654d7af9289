"""Rate limits and the one-message-in-flight lock shared through the real Redis server."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from api_support import ScriptedRasa, make_settings
from redis.asyncio import Redis

from api.core.limits import RedisRateLimiter
from api.main import create_app

pytestmark = pytest.mark.redis

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
async def prefix() -> AsyncIterator[str]:
    unique = f"sen-guide-test-{secrets.token_hex(6)}"
    yield unique
    redis = Redis.from_url(REDIS_URL)
    keys = [key async for key in redis.scan_iter(f"{unique}:*")]
    if keys:
        await redis.delete(*keys)
    await redis.aclose()


async def test_two_api_processes_share_one_rate_limit_through_redis(
    tmp_path: Path, rasa: ScriptedRasa, prefix: str
) -> None:
    statuses = []
    refused: httpx.Response | None = None
    for name in ("one", "two"):
        settings = make_settings(
            tmp_path / name,
            redis_url=REDIS_URL,
            redis_prefix=prefix,
            rate_limit_client_per_minute=3,
        )
        application = create_app(settings, httpx.MockTransport(rasa))
        async with application.router.lifespan_context(application):
            transport = httpx.ASGITransport(app=application)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
                for _ in range(2):
                    response = await http.post("/api/v1/chat", json={"message": "hi"})
                    statuses.append(response.status_code)
                    if response.status_code == 429:
                        refused = response

    assert statuses == [200, 200, 200, 429]
    assert refused is not None
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    redis = Redis.from_url(REDIS_URL)
    assert [key async for key in redis.scan_iter(f"{prefix}:rate:*")]
    await redis.aclose()


async def test_a_conversation_is_busy_for_everyone_until_its_holder_releases_it(
    prefix: str,
) -> None:
    first = RedisRateLimiter(REDIS_URL, prefix)
    second = RedisRateLimiter(REDIS_URL, prefix)

    token = await first.acquire("conversation-a")
    refused = await second.acquire("conversation-a")
    other = await second.acquire("conversation-b")
    assert token is not None
    await second.release("conversation-a", "not-the-holder")
    still_refused = await second.acquire("conversation-a")
    await first.release("conversation-a", token)
    after_release = await second.acquire("conversation-a")
    await first.aclose()
    await second.aclose()

    assert refused is None
    assert other is not None
    assert still_refused is None
    assert after_release is not None
