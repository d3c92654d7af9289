"""Erasure against the real stack (Rasa, action server, API, their SQLite stores): DELETE raced
against a turn in flight leaves nothing anywhere, Rasa's tracker store refuses an erased
conversation, and running the labelled redaction set leaves none of its identifiers in the
tracker store, the API's database or any log."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass

import httpx
import pytest

from bench.redaction_eval import load_labelled
from scripts.stack import Stack

pytestmark = pytest.mark.stack

DELAYS_MS = (0, 30, 80, 200)
ROUNDS = 50
# Conversations raced at once: enough to keep Rasa busy (more overlap, shorter run), few
# enough for a two-core machine.
AT_ONCE = 4
API_TABLES = ("chat_sessions", "turns", "triage_outcomes", "feedback")


@dataclass(frozen=True)
class Race:
    session_id: str
    delay_ms: int
    turn_status: int
    erase_status: int
    overlapped: bool  # the DELETE was sent before the turn's answer came back


def _api_rows(stack: Stack, session_id: str) -> list[str]:
    database = stack.env["DATABASE_URL"].removeprefix("sqlite:///")
    found = []
    with sqlite3.connect(database) as db:
        for table in API_TABLES:
            column = "id" if table == "chat_sessions" else "session_id"
            query = f"SELECT * FROM {table} WHERE {column} = ?"  # noqa: S608 (fixed names)
            found += [f"{table}: {row}" for row in db.execute(query, (session_id,))]
    return found


def _tracker_events(stack: Stack, session_id: str | None = None) -> list[str]:
    with sqlite3.connect(stack.env["TRACKER_DB"]) as db:
        if session_id is None:
            return [str(row[0]) for row in db.execute("SELECT data FROM events")]
        query = "SELECT data FROM events WHERE sender_id = ?"
        return [str(row[0]) for row in db.execute(query, (session_id,))]


async def _race(client: httpx.AsyncClient, delay_ms: int) -> Race:
    first = await client.post("/api/v1/chat", json={"message": "hello"})
    assert first.status_code == 200, first.text
    session_id = first.json()["session_id"]
    answered_at = 0.0

    async def turn() -> httpx.Response:
        nonlocal answered_at
        body = {"message": "what is SEN support?", "session_id": session_id}
        response = await client.post("/api/v1/chat", json=body)
        answered_at = time.monotonic()
        return response

    in_flight = asyncio.create_task(turn())
    await asyncio.sleep(delay_ms / 1000)
    sent_at = time.monotonic()
    erased = await client.delete(f"/api/v1/sessions/{session_id}")
    answer = await in_flight
    return Race(
        session_id=session_id,
        delay_ms=delay_ms,
        turn_status=answer.status_code,
        erase_status=erased.status_code,
        overlapped=answered_at > sent_at,
    )


async def _all_races(stack: Stack) -> list[Race]:
    limit = asyncio.Semaphore(AT_ONCE)
    async with httpx.AsyncClient(base_url=stack.api_url, timeout=60) as client:

        async def one(delay_ms: int) -> Race:
            async with limit:
                return await _race(client, delay_ms)

        return list(await asyncio.gather(*(one(d) for d in DELAYS_MS for _ in range(ROUNDS))))


def test_erasure_raced_against_a_turn_in_flight_leaves_nothing_anywhere(stack: Stack) -> None:
    control = httpx.post(f"{stack.api_url}/api/v1/chat", json={"message": "hello"}, timeout=60)
    control_id = control.json()["session_id"]
    started = time.monotonic()

    races = asyncio.run(_all_races(stack))
    time.sleep(1)  # anything still on its way (a late tracker save) has landed by now

    overlaps = Counter(race.delay_ms for race in races if race.overlapped)
    print(
        f"\n{len(races)} races in {time.monotonic() - started:.0f} s; DELETE sent while the "
        f"answer was on its way: {dict(sorted(overlaps.items()))}; turn statuses: "
        f"{dict(Counter(race.turn_status for race in races))}"
    )
    # The checks below mean something: an ordinary conversation is in both stores ...
    assert _api_rows(stack, control_id)
    assert _tracker_events(stack, control_id)
    # ... and the races did overlap the turn in flight.
    assert overlaps[0] >= ROUNDS / 2
    assert sum(overlaps.values()) >= len(races) / 4
    for race in races:
        assert race.erase_status == 204, race
        # The raced turn is answered, or refused while the erasure holds the conversation.
        assert race.turn_status in {200, 404, 409}, race
    with httpx.Client(base_url=stack.api_url, timeout=60) as client:
        for race in races:
            transcript = client.get(f"/api/v1/sessions/{race.session_id}/transcript")
            assert transcript.status_code == 404, race
            assert _api_rows(stack, race.session_id) == [], race
            assert _tracker_events(stack, race.session_id) == [], race


def test_rasas_tracker_store_refuses_to_save_an_erased_conversation(stack: Stack) -> None:
    chat = httpx.post(f"{stack.api_url}/api/v1/chat", json={"message": "hello"}, timeout=60)
    session_id = chat.json()["session_id"]
    assert _tracker_events(stack, session_id), "the stack is not saving to its tracker store"
    assert httpx.delete(f"{stack.api_url}/api/v1/sessions/{session_id}").status_code == 204

    # A message reaching Rasa straight after (a turn the API sent before the erasure, late).
    late = httpx.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        json={"sender": session_id, "message": "what is SEN support?"},
        timeout=60,
    )

    assert late.status_code == 200
    assert late.json(), "Rasa answered nothing"
    assert _tracker_events(stack, session_id) == []


def test_the_labelled_set_leaves_no_identifier_in_the_tracker_store_database_or_logs(
    stack: Stack,
) -> None:
    with_identifiers, _ = load_labelled()

    async def run_all() -> list[str]:
        limit = asyncio.Semaphore(AT_ONCE)
        async with httpx.AsyncClient(base_url=stack.api_url, timeout=60) as client:

            async def one(text: str) -> str:
                async with limit:
                    response = await client.post("/api/v1/chat", json={"message": text})
                    assert response.status_code == 200, response.text
                    return str(response.json()["session_id"])

            return list(await asyncio.gather(*(one(text) for text, _ in with_identifiers)))

    session_ids = asyncio.run(run_all())
    time.sleep(1)

    tracker = "\n".join(_tracker_events(stack))
    database = stack.env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as db:
        stored = "\n".join(str(row) for row in db.execute("SELECT text FROM turns"))
    assert stack.log_dir is not None
    logs = "\n".join(log.read_text(errors="replace") for log in stack.log_dir.glob("*.log"))
    assert all(_tracker_events(stack, sid) for sid in session_ids[:5]), "nothing reached Rasa"
    for text, identifiers in with_identifiers:
        for identifier in identifiers:
            # As a word: "Sam" in the assistant's "Samaritans" is not the parent's brother.
            pattern = re.compile(rf"(?<![\w]){re.escape(identifier.text)}(?![\w])")
            for where, content in (("tracker", tracker), ("database", stored), ("logs", logs)):
                assert not pattern.search(content), (where, identifier, text)
