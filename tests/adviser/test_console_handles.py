"""Separate keys: the parent's session id (their only credential) never reaches an adviser, and
the adviser's handle opens nothing on the public endpoints."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from adviser_support import add_conversation, handle_for
from fastapi.testclient import TestClient

from api.adviser.models import Adviser, AuditEntry
from api.core.config import Settings
from api.core.db import Database

NOW = datetime.now(UTC)
TRIAGED = "T1" + "t" * 41
ASKED_FOR_PERSON = "H1" + "h" * 41
IDS = (TRIAGED, ASKED_FOR_PERSON)


@pytest.fixture
def conversations(settings: Settings) -> None:
    add_conversation(
        settings,
        TRIAGED,
        NOW - timedelta(hours=1),
        [("user", "should we ask for an ehcp", "ask_ehc_should_request"), ("bot", "Yes", None)],
        triage="consider_ehc_request",
    )
    add_conversation(
        settings,
        ASKED_FOR_PERSON,
        NOW,
        [("user", "can I talk to someone", "ask_local_support"), ("bot", "Call IASK.", None)],
    )


@pytest.mark.usefixtures("conversations")
def test_no_console_response_contains_a_parents_session_id(client: TestClient, csrf: str) -> None:
    listing = client.get("/api/v1/adviser/conversations")
    handles = [c["handle"] for c in listing.json()]
    transcripts = [client.get(f"/api/v1/adviser/conversations/{h}") for h in handles]
    responses = [
        listing,
        *transcripts,
        client.get("/api/v1/adviser/audit"),
        client.get("/api/v1/adviser/me"),
        client.get("/adviser"),
        client.get("/adviser/console.js"),
    ]

    assert sorted(handles) == sorted(handle_for(i) for i in IDS)
    assert all(t.status_code == 200 for t in transcripts)
    assert [t.json()["turns"][0]["text"] for t in transcripts] == [
        "can I talk to someone",
        "should we ask for an ehcp",
    ]
    for response in responses:
        for session_id in IDS:
            assert session_id not in response.text, response.url


@pytest.mark.usefixtures("conversations")
def test_every_transcript_read_through_the_console_is_audited_by_handle(
    client: TestClient, csrf: str
) -> None:
    handle = handle_for(ASKED_FOR_PERSON)
    client.get(f"/api/v1/adviser/conversations/{handle}")

    audit = client.get("/api/v1/adviser/audit").json()

    assert [(e["conversation"], e["action"]) for e in audit] == [(handle, "read_transcript")]


@pytest.mark.usefixtures("conversations")
def test_audit_entries_from_before_handles_show_the_handle_not_the_id(
    client: TestClient, csrf: str, settings: Settings
) -> None:
    database = Database(settings.database_url)
    with database.session() as db:
        adviser = db.query(Adviser).one()
        db.add(AuditEntry(adviser_id=adviser.id, action="read_transcript", conversation=TRIAGED))
        db.add(AuditEntry(adviser_id=adviser.id, action="read_transcript", conversation="E" * 43))
    database.dispose()

    audit = client.get("/api/v1/adviser/audit")

    assert sorted(e["conversation"] for e in audit.json()) == sorted(
        [handle_for(TRIAGED), "(erased or expired)"]
    )
    assert TRIAGED not in audit.text


@pytest.mark.usefixtures("conversations")
def test_the_public_endpoints_refuse_an_advisers_handle(client: TestClient, csrf: str) -> None:
    handle = handle_for(ASKED_FOR_PERSON)
    attempts = [
        client.get(f"/api/v1/sessions/{handle}/transcript"),
        client.delete(f"/api/v1/sessions/{handle}"),
        client.post(f"/api/v1/sessions/{handle}/feedback", json={"helpful": True}),
        client.post("/api/v1/chat", json={"message": "hello", "session_id": handle}),
    ]

    for response in attempts:
        assert response.status_code in {404, 422}, response.url
    # The conversation is untouched: still there for the console.
    assert client.get(f"/api/v1/adviser/conversations/{handle}").status_code == 200


def test_the_console_does_not_open_a_conversation_by_its_session_id(
    client: TestClient, csrf: str, settings: Settings
) -> None:
    add_conversation(settings, TRIAGED, NOW, [("user", "hello", "greet")], triage="x")

    assert client.get(f"/api/v1/adviser/conversations/{TRIAGED}").status_code == 422
