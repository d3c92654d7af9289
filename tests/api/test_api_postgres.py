"""The API on the real PostgreSQL server (127.0.0.1:5432), in a throwaway database."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
from alembic.script import ScriptDirectory
from api_support import ScriptedRasa, make_settings

from api.core.config import Settings
from api.core.db import alembic_config
from api.main import create_app

pytestmark = pytest.mark.postgres

SERVER = "postgresql://postgres@127.0.0.1:5432"


@pytest.fixture
def database_name() -> Iterator[str]:
    name = f"sen_guide_test_{secrets.token_hex(6)}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def pg_settings(tmp_path: Path, database_name: str) -> Settings:
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{database_name}"
    return make_settings(
        tmp_path, database_url=url, tracker_store_url=url, spool_replay_seconds=0.05
    )


@pytest.fixture
async def pg_client(pg_settings: Settings, rasa: ScriptedRasa) -> AsyncIterator[httpx.AsyncClient]:
    application = create_app(pg_settings, httpx.MockTransport(rasa))
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http


def _sql(database_name: str, statement: str, *params: object) -> list[tuple[object, ...]]:
    with psycopg.connect(f"{SERVER}/{database_name}", autocommit=True) as db:
        cursor = db.execute(statement, params)  # type: ignore[arg-type]
        return cursor.fetchall() if cursor.description else []


async def test_conversation_transcript_feedback_and_erasure_on_postgres(
    pg_client: httpx.AsyncClient, database_name: str
) -> None:
    _sql(
        database_name,
        "CREATE TABLE events (id SERIAL PRIMARY KEY, sender_id VARCHAR(255) NOT NULL,"
        " type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255),"
        " action_name VARCHAR(255), data TEXT)",
    )
    chat = await pg_client.post(
        "/api/v1/chat", json={"message": "my email is jo@example.com, who is the senco"}
    )
    session_id, turn_id = chat.json()["session_id"], chat.json()["turn_id"]
    _sql(
        database_name,
        "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (%s, 'user', %s, '{}')",
        session_id,
        time.time(),
    )
    feedback = await pg_client.post(
        f"/api/v1/sessions/{session_id}/feedback", json={"turn_id": turn_id, "helpful": True}
    )
    transcript = await pg_client.get(f"/api/v1/sessions/{session_id}/transcript")

    assert chat.status_code == 200
    assert feedback.status_code == 201
    assert transcript.json()["turns"][0]["text"] == "my email is [email], who is the senco"
    head = ScriptDirectory.from_config(alembic_config("unused://")).get_current_head()
    assert _sql(database_name, "SELECT version_num FROM alembic_version") == [(head,)]

    erased = await pg_client.delete(f"/api/v1/sessions/{session_id}")

    assert erased.status_code == 204
    assert _sql(database_name, "SELECT count(*) FROM turns") == [(0,)]
    assert _sql(database_name, "SELECT count(*) FROM feedback") == [(0,)]
    assert _sql(database_name, "SELECT count(*) FROM events") == [(0,)]


async def test_postgres_going_down_and_coming_back_loses_no_turn(
    pg_client: httpx.AsyncClient, database_name: str
) -> None:
    first = await pg_client.post("/api/v1/chat", json={"message": "hello"})
    session_id = first.json()["session_id"]
    _sql("postgres", f'ALTER DATABASE "{database_name}" ALLOW_CONNECTIONS false')
    _sql(
        "postgres",
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
        database_name,
    )

    during = await pg_client.post(
        "/api/v1/chat", json={"message": "are you still there", "session_id": session_id}
    )
    ready = await pg_client.get("/readyz")
    _sql("postgres", f'ALTER DATABASE "{database_name}" ALLOW_CONNECTIONS true')
    for _ in range(200):
        transcript = await pg_client.get(f"/api/v1/sessions/{session_id}/transcript")
        texts = [t["text"] for t in transcript.json().get("turns", [])]
        if "are you still there" in texts:
            break
        await asyncio.sleep(0.05)

    assert during.status_code == 200
    assert during.json()["messages"][0]["text"] == "SEN support is extra help in school."
    assert ready.status_code == 503
    assert ready.json()["down"] == ["database"]
    assert texts == [
        "hello",
        "SEN support is extra help in school.",
        "are you still there",
        "SEN support is extra help in school.",
    ]
