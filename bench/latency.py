"""How much time the API adds to a chat turn, compared with the same turn sent straight to Rasa.

Sends the same parent messages (a) through `POST /api/v1/chat` and (b) straight to Rasa's REST
channel, sequentially and then from 20 concurrent conversations, alternating API and Rasa so
both see the same load on the machine. Prints p50/p95 and the ratio of medians; the target is
that the API adds at most 25% to Rasa's median (exit status 1 if it does not).

    PYTHONPATH=. .venv/bin/python bench/latency.py            # starts its own stack
    PYTHONPATH=. .venv/bin/python bench/latency.py --api-url http://127.0.0.1:8000 \
        --rasa-url http://127.0.0.1:5005                      # measures running processes

Starting its own stack needs the trained model (`make model`, or SEN_GUIDE_MODEL pointing at
another); its data goes to a temporary folder, and rate limits are raised so the benchmark
measures latency, not the limiter.

    PYTHONPATH=. .venv/bin/python bench/latency.py --encoder   # the NLU's sentence encoder alone

--encoder times what the NLU's sentence featurizer adds to each turn (bot/nlp/
sentence_featurizer.py: one all-MiniLM-L6-v2 vector per message, computed in numpy by
`semantic` with one BLAS thread), one message at a time, for the messages above and for long
ones of about 50 words, with no stack.
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
# Long, messy messages of the kind the sentence featurizer is for: its cost grows with length.
LONG_MESSAGES = (
    "sorry this is long but my son is in year 4 and his teacher keeps saying hes fine but he "
    "still cant read simple words and his little sister reads better than him, the senco never "
    "answers my emails and i dont know if i should be asking for an ehcp or what",
    "we have had three reviews this year and every time the targets are the same because she "
    "hasnt met them, the school say they have tried everything and there is no money for a ta, "
    "what are my options now and who can help me outside the school",
)


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
        # Every reply ends with the turn's outcome (SPEC.md): an answer has a message with text.
        if not any(message.get("text") for message in response.json()):
            raise RuntimeError("Rasa answered no text during the benchmark")
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
    parser.add_argument(
        "--encoder", action="store_true", help="time the NLU's sentence encoder alone, no stack"
    )
    args = parser.parse_args(argv)

    if args.encoder:
        return time_encoder()

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


def time_encoder(repeats: int = 20) -> int:
    """What the sentence featurizer adds to a turn: one message encoded at a time."""
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    from semantic import default_encoder

    started = time.perf_counter()
    encoder = default_encoder()
    print(f"sentence encoder loaded in {(time.perf_counter() - started) * 1000:.0f} ms (once)")
    for label, messages in (("benchmark messages", MESSAGES), ("long messages", LONG_MESSAGES)):
        encoder.encode(list(messages))  # warm up
        seconds = []
        # one BLAS thread, as the featurizer runs it (see bot/nlp/sentence_featurizer.py)
        with threadpool_limits(limits=1, user_api="blas"):
            for _ in range(repeats):
                for message in messages:
                    start = time.perf_counter()
                    encoder.encode([message])
                    seconds.append(time.perf_counter() - start)
        words = statistics.mean(len(m.split()) for m in messages)
        print(
            f"  {label} ({len(seconds)} encodings, {words:.0f} words on average): "
            f"p50 {statistics.median(seconds) * 1000:.1f} ms, "
            f"p95 {percentile(seconds, 0.95) * 1000:.1f} ms"
        )
    return 0


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
