"""The adviser console on the real PostgreSQL server (127.0.0.1:5432), in a throwaway database:
the migration (up, down, up), sign-in, cases, conversation review and the append-only audit log."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from adviser_support import (
    ANSWERS,
    add_adviser,
    add_conversation,
    handle_for,
    make_settings,
    sign_in,
)
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from api.core.config import Settings
from api.core.db import Database, alembic_config
from api.main import create_app

pytestmark = pytest.mark.postgres

SERVER = "postgresql://postgres@127.0.0.1:5432"
TRIAGED = "T" * 43
ASKED_FOR_PERSON = "H" * 43


@pytest.fixture
def pg_settings(tmp_path: Path) -> Iterator[Settings]:
    name = f"adviser_test_{secrets.token_hex(6)}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_settings(
            tmp_path, database_url=f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
        )
    finally:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_the_console_works_on_postgresql(pg_settings: Settings) -> None:
    add_adviser(pg_settings)
    # The migration can be undone and redone cleanly (triggers and function included).
    command.downgrade(alembic_config(pg_settings.database_url), "0001")
    command.upgrade(alembic_config(pg_settings.database_url), "head")
    add_adviser(pg_settings)
    now = datetime.now(UTC)
    add_conversation(
        pg_settings,
        TRIAGED,
        now - timedelta(hours=2),
        [("user", "ehcp?", "ask_ehc_should_request")],
        triage="talk_to_senco",
    )
    add_conversation(
        pg_settings, ASKED_FOR_PERSON, now, [("user", "a real person please", "ask_local_support")]
    )

    with TestClient(create_app(pg_settings)) as client:
        csrf = sign_in(client)
        case = client.post("/api/v1/adviser/cases", json=ANSWERS, headers={"X-CSRF-Token": csrf})
        listing = client.get("/api/v1/adviser/conversations").json()
        triage_only = client.get("/api/v1/adviser/conversations?outcome=triage").json()
        client.get(f"/api/v1/adviser/conversations/{handle_for(ASKED_FOR_PERSON)}")
        audit = client.get("/api/v1/adviser/audit").json()

    assert case.status_code == 201
    assert case.json()["recommendation"]["code"] == "consider_ehc_request"
    assert [c["handle"] for c in listing] == [handle_for(ASKED_FOR_PERSON), handle_for(TRIAGED)]
    assert [c["handle"] for c in triage_only] == [handle_for(TRIAGED)]
    assert [e["conversation"] for e in audit] == [handle_for(ASKED_FOR_PERSON)]
    database = Database(pg_settings.database_url)
    for statement in ("UPDATE adviser_audit_log SET action = 'x'", "DELETE FROM adviser_audit_log"):
        with pytest.raises(DatabaseError, match="append-only"), database.session() as db:
            db.execute(text(statement))
    database.dispose()
