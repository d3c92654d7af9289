"""Erasure is final: it waits for a reply in flight, nothing written after it brings the
conversation back, and a database outage never makes an unknown or erased id a known one."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import timedelta

import httpx
import pytest
from api_support import ScriptedRasa, add_tracker_event, create_rasa_tracker, tracker_senders
from fastapi import FastAPI

from api import crud
from api.core.config import Settings
from api.core.db import Database
from api.core.erasure import erasure_key
from api.core.exchange import Exchange
from api.main import _replay_spool
from api.models import utcnow
from api.retention import purge_expired
from api.routes import sessions

NOTHING_LISTENING = "postgresql+psycopg://postgres@127.0.0.1:9/absent"


def _rows_mentioning(settings: Settings, session_id: str) -> list[str]:
    """Every row of every table of the API's database that holds the session id."""
    path = settings.database_url.removeprefix("sqlite:///")
    found = []
    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in db.execute(f'SELECT * FROM "{table}"'):  # noqa: S608 (names from sqlite)
                if any(session_id in str(value) for value in row):
                    found.append(f"{table}: {row}")
    return found


async def _start(client: httpx.AsyncClient) -> str:
    response = await client.post("/api/v1/chat", json={"message": "hello"})
    assert response.status_code == 200
    return str(response.json()["session_id"])


async def test_erasing_while_a_reply_is_on_its_way_waits_for_it_then_erases_everything(
    client: httpx.AsyncClient, rasa: ScriptedRasa, settings: Settings
) -> None:
    session_id = await _start(client)
    rasa.gate = asyncio.Event()
    in_flight = asyncio.create_task(
        client.post("/api/v1/chat", json={"message": "and SEN support?", "session_id": session_id})
    )
    while rasa.waiting == 0:
        await asyncio.sleep(0.01)
    erasing = asyncio.create_task(client.delete(f"/api/v1/sessions/{session_id}"))
    await asyncio.sleep(0.2)
    assert not erasing.done()  # it waits for the reply rather than racing it

    rasa.gate.set()
    answered, erased = await in_flight, await erasing

    assert answered.status_code == 200  # the parent still gets the answer on its way
    assert erased.status_code == 204
    assert (await client.get(f"/api/v1/sessions/{session_id}/transcript")).status_code == 404
    assert _rows_mentioning(settings, session_id) == []


async def test_a_reply_that_takes_too_long_gets_a_clear_retry_message(
    client: httpx.AsyncClient, rasa: ScriptedRasa, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sessions, "ERASE_WAIT_SECONDS", 0.2)
    session_id = await _start(client)
    rasa.gate = asyncio.Event()
    in_flight = asyncio.create_task(
        client.post("/api/v1/chat", json={"message": "still there?", "session_id": session_id})
    )
    while rasa.waiting == 0:
        await asyncio.sleep(0.01)

    refused = await client.delete(f"/api/v1/sessions/{session_id}")
    rasa.gate.set()
    await in_flight
    retried = await client.delete(f"/api/v1/sessions/{session_id}")

    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "Your last message is still being answered, so the conversation cannot be deleted yet. "
        "Please wait a moment and press Delete again."
    )
    assert retried.status_code == 204


async def test_an_erased_conversation_stays_erased_and_only_its_hash_is_kept(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    session_id = await _start(client)
    assert (await client.delete(f"/api/v1/sessions/{session_id}")).status_code == 204

    again = await client.delete(f"/api/v1/sessions/{session_id}")
    chat = await client.post("/api/v1/chat", json={"message": "hi", "session_id": session_id})
    feedback = await client.post(f"/api/v1/sessions/{session_id}/feedback", json={"helpful": True})

    assert again.status_code == 404
    assert chat.status_code == 404
    assert feedback.status_code == 404
    assert _rows_mentioning(settings, session_id) == []
    path = settings.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        kept = [row[0] for row in db.execute("SELECT id_hash FROM erased_sessions")]
    assert kept == [erasure_key(settings.secret_key, session_id)]


async def test_turns_waiting_in_the_spool_are_dropped_not_stored_once_erased(
    client: httpx.AsyncClient, app: FastAPI, settings: Settings
) -> None:
    session_id = await _start(client)
    assert (await client.delete(f"/api/v1/sessions/{session_id}")).status_code == 204
    # A turn for it that was still waiting (stored during an outage by another process).
    app.state.spool.append(Exchange(session_id=session_id, user_text="late turn", at=utcnow()))

    await _replay_spool(app)

    assert _rows_mentioning(settings, session_id) == []
    assert not app.state.spool.holds(session_id)


async def test_erasure_reaches_rasas_tracker_store(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    session_id = await _start(client)
    assert settings.tracker_db is not None
    create_rasa_tracker(settings.tracker_db)
    add_tracker_event(settings.tracker_db, session_id, "hello", 1.0)

    assert (await client.delete(f"/api/v1/sessions/{session_id}")).status_code == 204
    assert session_id not in tracker_senders(settings.tracker_db)


async def test_with_the_database_down_only_ids_this_process_answered_are_accepted(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    answered = await _start(client)
    erased = await _start(client)
    assert (await client.delete(f"/api/v1/sessions/{erased}")).status_code == 204
    working = app.state.database
    app.state.database = Database(NOTHING_LISTENING)
    try:
        known = await client.post("/api/v1/chat", json={"message": "hi", "session_id": answered})
        was_erased = await client.post("/api/v1/chat", json={"message": "hi", "session_id": erased})
        made_up = await client.post("/api/v1/chat", json={"message": "hi", "session_id": "m" * 43})
    finally:
        app.state.database.dispose()
        app.state.database = working

    assert known.status_code == 200
    assert was_erased.status_code == 404
    assert made_up.status_code == 404


async def test_the_answer_returns_the_message_as_stored(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/chat", json={"message": "my son Jack Smith, call 07700 900123"}
    )

    assert response.json()["user_text"] == "my son [name], call [phone number]"


def test_erasure_keys_are_keyed_hashes() -> None:
    key = erasure_key("one secret", "a" * 43)

    assert len(key) == 64
    assert "a" * 43 not in key
    assert erasure_key("another secret", "a" * 43) != key


async def test_an_erasure_is_remembered_for_the_retention_period_then_forgotten(
    client: httpx.AsyncClient, app: FastAPI, settings: Settings
) -> None:
    session_id = await _start(client)
    assert (await client.delete(f"/api/v1/sessions/{session_id}")).status_code == 204
    key = erasure_key(settings.secret_key, session_id)

    purge_expired(app.state.database, app.state.tracker, settings.retention_days)
    with app.state.database.session() as db:
        kept = crud.is_erased(db, key)
    later = utcnow() + timedelta(days=settings.retention_days + 1)
    purge_expired(app.state.database, app.state.tracker, settings.retention_days, later)
    with app.state.database.session() as db:
        forgotten = not crud.is_erased(db, key)

    assert kept
    assert forgotten
