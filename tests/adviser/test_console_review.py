"""Reviewing parents' web conversations, and the audit log of who read which transcript."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from adviser_support import EMAIL, add_conversation, handle_for
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from api.core.config import Settings
from api.core.db import Database

NOW = datetime.now(UTC).replace(microsecond=0)
TRIAGED = "T" * 43
ASKED_FOR_PERSON = "H" * 43
SMALL_TALK = "S" * 43
OLD_TRIAGE = "O" * 43


@pytest.fixture
def conversations(settings: Settings) -> None:
    add_conversation(
        settings,
        TRIAGED,
        NOW - timedelta(hours=1),
        [("user", "should we ask for an ehcp", "ask_ehc_should_request"), ("bot", "…", None)],
        triage="consider_ehc_request",
    )
    add_conversation(
        settings,
        ASKED_FOR_PERSON,
        NOW - timedelta(minutes=5),
        [
            ("user", "can I talk to someone, I'm on [phone number]", "ask_local_support"),
            ("bot", "You can call IASK.", None),
        ],
    )
    add_conversation(settings, SMALL_TALK, NOW, [("user", "hello", "greet")])
    add_conversation(
        settings,
        OLD_TRIAGE,
        NOW - timedelta(days=10),
        [("user", "ehc?", "ask_ehc_should_request")],
        triage="talk_to_senco",
    )


@pytest.mark.usefixtures("conversations")
def test_conversations_that_ended_in_a_triage_or_handoff_newest_first(
    client: TestClient, csrf: str
) -> None:
    listing = client.get("/api/v1/adviser/conversations").json()

    assert [(c["handle"], c["outcomes"]) for c in listing] == [
        (handle_for(ASKED_FOR_PERSON), ["handoff"]),
        (handle_for(TRIAGED), ["triage"]),
        (handle_for(OLD_TRIAGE), ["triage"]),
    ]
    assert listing[1]["latest_recommendation_title"] == (
        "Consider asking for an EHC needs assessment now"
    )


@pytest.mark.usefixtures("conversations")
def test_conversations_filter_by_outcome_and_date(client: TestClient, csrf: str) -> None:
    def ids(query: str) -> list[str]:
        found = client.get(f"/api/v1/adviser/conversations?{query}").json()
        by_handle = {handle_for(i): i for i in (TRIAGED, ASKED_FOR_PERSON, SMALL_TALK, OLD_TRIAGE)}
        return [by_handle[c["handle"]] for c in found]

    ten_days_ago = (NOW - timedelta(days=10)).date().isoformat()

    assert ids("outcome=triage") == [TRIAGED, OLD_TRIAGE]
    assert ids("outcome=handoff") == [ASKED_FOR_PERSON]
    assert ids(f"since={ten_days_ago}&until={ten_days_ago}") == [OLD_TRIAGE]
    assert OLD_TRIAGE not in ids(f"since={(NOW - timedelta(days=2)).date().isoformat()}")
    assert ids(f"outcome=handoff&until={ten_days_ago}") == []
    assert client.get("/api/v1/adviser/conversations?outcome=bogus").status_code == 422
    assert client.get("/api/v1/adviser/conversations?since=yesterday").status_code == 422


@pytest.mark.usefixtures("conversations")
def test_reading_a_transcript_is_recorded_in_the_audit_log(client: TestClient, csrf: str) -> None:
    assert client.get("/api/v1/adviser/audit").json() == []

    transcript = client.get(f"/api/v1/adviser/conversations/{handle_for(ASKED_FOR_PERSON)}").json()
    client.get(f"/api/v1/adviser/conversations/{handle_for(TRIAGED)}")
    unknown = client.get(f"/api/v1/adviser/conversations/{handle_for('U' * 43)}")

    assert transcript["outcomes"] == ["handoff"]
    assert transcript["turns"][0]["text"] == "can I talk to someone, I'm on [phone number]"
    assert unknown.status_code == 404
    audit = client.get("/api/v1/adviser/audit").json()
    assert [(e["conversation"], e["adviser_email"], e["action"]) for e in audit] == [
        (handle_for(TRIAGED), EMAIL, "read_transcript"),
        (handle_for(ASKED_FOR_PERSON), EMAIL, "read_transcript"),
    ]
    assert datetime.fromisoformat(audit[0]["at"]) >= NOW - timedelta(minutes=1)


@pytest.mark.usefixtures("conversations")
def test_advisers_cannot_edit_the_audit_log(
    client: TestClient, csrf: str, settings: Settings
) -> None:
    client.get(f"/api/v1/adviser/conversations/{handle_for(TRIAGED)}")
    headers = {"X-CSRF-Token": csrf}

    for method in ("PUT", "PATCH", "DELETE", "POST"):
        response = client.request(method, "/api/v1/adviser/audit", headers=headers, json={})
        assert response.status_code == 405, method
    # Not even with direct database access: the table refuses changes.
    database = Database(settings.database_url)
    for statement in (
        "UPDATE adviser_audit_log SET session_id = 'x'",
        "DELETE FROM adviser_audit_log",
    ):
        with pytest.raises(DatabaseError, match="append-only"), database.session() as db:
            db.execute(text(statement))
    database.dispose()
    assert len(client.get("/api/v1/adviser/audit").json()) == 1
