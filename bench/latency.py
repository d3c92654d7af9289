"""How much time the API adds to a chat turn, compared with the same turn sent straight to Rasa.

Sends the same parent messages (a) through `POST /api/v1/chat` and (b) straight to Rasa's REST
channel, sequentially and then from 20 concurrent conversations, alternating API and Rasa so
both see the same load on the machine. Prints p50/p95 and the ratio of medians; the target is
that the API adds at most 25% to Rasa's median (exit status 1 if it does not).

    PYTHONPATH=. .venv/bin/python bench/latency.py            # starts its own stack
    PYTHONPATH=. .venv/bin/python bench/latency.py --api-url http://127.0.0.1:8000 \
        --rasa-url http://127.0.0.1:5005                      # measures running processes

Starting its own stack needs the trained model (`make model`); its data goes to a temporary
folder, and rate limits are raised so the benchmark measures latency, not the limiter.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

MESSAGES = (
    "hello",
    "who is the senco",
    "my son is not making progress in reading and i am worried",
    "what is sen support",
    "how often should the school meet with me",
    "what is an ehc needs assessment",
    "thank you",
)
TARGET_RATIO = 1.25


@dataclass
class Timings:
    api: list[float] = field(default_factory=list)
    rasa: list[float] = field(default_factory=list)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


class Conversation:
    """One parent talking through the API and an identical one talking straight to Rasa."""

    def __init__(self, http: httpx.AsyncClient, api_url: str, rasa_url: str) -> None:
        self.http = http
        self.api_url = api_url
        self.rasa_url = rasa_url
        self.session_id: str | None = None
        self.sender = f"bench-{uuid.uuid4().hex}"

    async def through_api(self, message: str) -> float:
        body: dict[str, str] = {"message": message}
        if self.session_id:
            body["session_id"] = self.session_id
        started = time.perf_counter()
        response = await self.http.post(f"{self.api_url}/api/v1/chat", json=body)
        elapsed = time.perf_counter() - started
        response.raise_for_status()
        self.session_id = response.json()["session_id"]
        return elapsed

    async def straight_to_rasa(self, message: str) -> float:
        started = time.perf_counter()
        response = await self.http.post(
            f"{self.rasa_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": message},
        )
        elapsed = time.perf_counter() - started
        response.raise_for_status()
        if not response.json():
            raise RuntimeError("Rasa answered [] during the benchmark")
        return elapsed


async def run_conversation(
    conversation: Conversation, turns: int, timings: Timings, api_first: bool
) -> None:
    for turn in range(turns):
        message = MESSAGES[turn % len(MESSAGES)]
        order: list[tuple[Callable[[str], Awaitable[float]], list[float]]] = [
            (conversation.through_api, timings.api),
            (conversation.straight_to_rasa, timings.rasa),
        ]
        if not api_first ^ bool(turn % 2):
            order.reverse()
        for send, into in order:
            into.append(await send(message))


async def measure(api_url: str, rasa_url: str, sessions: int, turns: int) -> Timings:
    timings = Timings()
    limits = httpx.Limits(max_connections=sessions * 2, max_keepalive_connections=sessions * 2)
    async with httpx.AsyncClient(timeout=120, limits=limits) as http:
        warm_up = Timings()
        await run_conversation(Conversation(http, api_url, rasa_url), 4, warm_up, True)
        await asyncio.gather(
            *(
                run_conversation(Conversation(http, api_url, rasa_url), turns, timings, bool(i % 2))
                for i in range(sessions)
            )
        )
    return timings


def report(label: str, timings: Timings) -> float:
    api_p50, rasa_p50 = statistics.median(timings.api), statistics.median(timings.rasa)
    ratio = api_p50 / rasa_p50
    print(f"\n{label} ({len(timings.api)} turns each way)")
    print(f"  {'':14}{'p50 ms':>10}{'p95 ms':>10}")
    for name, values in (("straight Rasa", timings.rasa), ("through API", timings.api)):
        print(
            f"  {name:14}{statistics.median(values) * 1000:10.1f}"
            f"{percentile(values, 0.95) * 1000:10.1f}"
        )
    print(f"  API/Rasa median ratio: {ratio:.3f} (API adds {(ratio - 1) * 100:+.1f}%)")
    return ratio


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api-url", help="a running API (default: start a stack)")
    parser.add_argument("--rasa-url", help="the running Rasa behind --api-url")
    parser.add_argument("--turns", type=int, default=60, help="sequential turns each way")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent conversations")
    parser.add_argument("--concurrent-turns", type=int, default=6, help="turns per conversation")
    args = parser.parse_args(argv)

    if args.api_url and args.rasa_url:
        return run(args, args.api_url, args.rasa_url)
    from scripts.stack import Ports, Stack

    with tempfile.TemporaryDirectory(prefix="bench-latency-") as data:
        stack = Stack(
            ports=Ports.free(),
            data_dir=Path(data),
            log_dir=Path(data) / "logs",
            extra_env={
                "RATE_LIMIT_CLIENT_PER_MINUTE": "100000",
                "RATE_LIMIT_SESSION_PER_MINUTE": "100000",
                "LOG_LEVEL": "WARNING",
            },
        )
        with stack:
            stack.wait_until_ready()
            return run(args, stack.api_url, stack.rasa_url)


def run(args: argparse.Namespace, api_url: str, rasa_url: str) -> int:
    print(f"API {api_url}  Rasa {rasa_url}")
    sequential = asyncio.run(measure(api_url, rasa_url, 1, args.turns))
    concurrent = asyncio.run(measure(api_url, rasa_url, args.sessions, args.concurrent_turns))
    ratios = [
        report("Sequential, one conversation", sequential),
        report(f"Concurrent, {args.sessions} conversations", concurrent),
    ]
    worst = max(ratios)
    verdict = "PASS" if worst <= TARGET_RATIO else "FAIL"
    print(f"\n{verdict}: worst API/Rasa median ratio {worst:.3f} (target <= {TARGET_RATIO})")
    return 0 if worst <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
