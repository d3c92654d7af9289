"""A burst of requests is counted in one window, whenever in the minute it starts."""

from __future__ import annotations

from types import SimpleNamespace

import limits.aio.storage.memory
import pytest

from api.core.limits import MemoryRateLimiter


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """A clock the test moves, for the limiter and for the `limits` library's memory storage."""
    clock = Clock(0.0)
    monkeypatch.setattr(limits.aio.storage.memory, "time", SimpleNamespace(time=clock))
    return clock


@pytest.mark.parametrize("start", [0.0, 59.5, 119.9, 1_000_030.0])
async def test_a_burst_that_spans_a_clock_minute_is_still_limited(
    start: float, clock: Clock
) -> None:
    clock.now = start
    limiter = MemoryRateLimiter(clock)

    answers = []
    for _ in range(4):
        answers.append(await limiter.hit("client", limit=3))
        clock.now += 1.0

    assert answers[:3] == [None, None, None]
    assert answers[3] == 57  # the window opened at the first request, 3 seconds ago


async def test_the_window_reopens_a_minute_after_its_first_request(clock: Clock) -> None:
    clock.now = 10.0
    limiter = MemoryRateLimiter(clock)

    for _ in range(3):
        await limiter.hit("client", limit=3)
    assert await limiter.hit("client", limit=3) == 60
    clock.now += 60.0

    assert await limiter.hit("client", limit=3) is None
