"""The production set-up, for real: Rasa's tracker store and the API's database on PostgreSQL,
Rasa's lock store and the API's rate limits on Redis (the servers on this machine's loopback)."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator

import httpx
import psycopg
import pytest
import redis

from scripts.stack import ROOT, Ports, Stack

pytestmark = [pytest.mark.stack, pytest.mark.postgres, pytest.mark.redis]

POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"


def _run_admin(sql: str) -> None:
    with psycopg.connect(POSTGRES, autocommit=True) as connection:
        connection.execute(sql)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def production_stack(
    tmp_path_factory: pytest.TempPathFactory, launch_stack: Callable[[Stack], None]
) -> Iterator[Stack]:
    suffix = secrets.token_hex(4)
    api_db, tracker_db = f"sen_guide_api_{suffix}", f"sen_guide_tracker_{suffix}"
    _run_admin(f'CREATE DATABASE "{api_db}"')
    _run_admin(f'CREATE DATABASE "{tracker_db}"')
    stack = Stack(
        ports=Ports.free(),
        data_dir=tmp_path_factory.mktemp("production-data"),
        log_dir=ROOT / "tests" / "artifacts" / "logs-production",
        endpoints="endpoints.production.yml",
        extra_env={
            "ENVIRONMENT": "test",
            "DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{api_db}",
            "TRACKER_STORE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{tracker_db}",
            "TRACKER_DB_HOST": "127.0.0.1",
            "TRACKER_DB_PORT": "5432",
            "TRACKER_DB_NAME": tracker_db,
            "TRACKER_DB_USER": "postgres",
            "TRACKER_DB_PASSWORD": "",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "REDIS_PREFIX": f"sen-guide-test-{suffix}",
            "REDIS_HOST": "127.0.0.1",
            "REDIS_PORT": "6379",
            "REDIS_DB": "0",
            "REDIS_LOCK_PREFIX": f"senguidetest{suffix}",
        },
    )
    launch_stack(stack)
    yield stack
    stack.stop()
    for name in (api_db, tracker_db):
        _run_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _tracker_events(stack: Stack, session_id: str) -> int:
    url = stack.env["TRACKER_STORE_URL"].replace("+psycopg", "")
    with psycopg.connect(url) as connection:
        row = connection.execute(
            "SELECT count(*) FROM events WHERE sender_id = %s", (session_id,)
        ).fetchone()
    assert row is not None
    return int(row[0])


def _api_rows(stack: Stack, session_id: str) -> int:
    """Rows anywhere in the API's database that mention the session."""
    url = stack.env["DATABASE_URL"].replace("+psycopg", "")
    with psycopg.connect(url) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            )
        ]
        total = 0
        for table in tables:
            (count,) = connection.execute(  # type: ignore[misc]
                f'SELECT count(*) FROM "{table}" WHERE CAST("{table}".* AS text) LIKE %s',  # noqa: S608
                (f"%{session_id}%",),
            ).fetchone()
            total += int(count)
    return total


def test_a_conversation_is_kept_in_postgresql_and_erased_from_both_stores(
    production_stack: Stack,
) -> None:
    api = production_stack.api_url
    reply = httpx.post(f"{api}/api/v1/chat", json={"message": "hello"}, timeout=60)
    assert reply.status_code == 200, reply.text
    session_id = reply.json()["session_id"]
    follow_up = httpx.post(
        f"{api}/api/v1/chat",
        json={"message": "what is a senco", "session_id": session_id},
        timeout=60,
    )
    assert follow_up.status_code == 200, follow_up.text

    assert _tracker_events(production_stack, session_id) > 0
    assert _api_rows(production_stack, session_id) > 0
    transcript = httpx.get(f"{api}/api/v1/sessions/{session_id}/transcript", timeout=10)
    assert transcript.status_code == 200
    assert "senco" in transcript.text.lower()

    assert httpx.delete(f"{api}/api/v1/sessions/{session_id}", timeout=10).status_code == 204

    assert _tracker_events(production_stack, session_id) == 0
    assert _api_rows(production_stack, session_id) == 0
    gone = httpx.get(f"{api}/api/v1/sessions/{session_id}/transcript", timeout=10)
    assert gone.status_code == 404


def test_rasa_takes_each_conversation_lock_in_redis(production_stack: Stack) -> None:
    client = redis.Redis(host="127.0.0.1", port=6379, db=0)
    previous = client.config_get("notify-keyspace-events")["notify-keyspace-events"]
    client.config_set("notify-keyspace-events", "K$g")
    prefix = production_stack.env["REDIS_LOCK_PREFIX"]
    events = client.pubsub()
    events.psubscribe(f"__keyspace@0__:{prefix}:lock:*")
    try:
        reply = httpx.post(
            f"{production_stack.api_url}/api/v1/chat", json={"message": "hi there"}, timeout=60
        )
        assert reply.status_code == 200
        lock_key = f"{prefix}:lock:{reply.json()['session_id']}"
        seen = []
        while (message := events.get_message(timeout=5)) is not None:
            if message["type"] == "pmessage":
                seen.append((message["channel"].decode().split(":", 1)[1], message["data"]))
    finally:
        events.close()
        client.config_set("notify-keyspace-events", previous)

    assert (lock_key, b"set") in seen
