"""The API with the real Rasa server, action server and SQLite stores (the `stack` fixture)."""

from __future__ import annotations

import sqlite3

import httpx
import pytest

from scripts.stack import Stack

pytestmark = pytest.mark.stack

EMERGENCY_NUMBERS = ("999", "111", "116 123", "0800 1111", "0808 800 5000", "85258")
IDENTIFIERS = (
    "jo.bloggs@example.com",
    "07700 900123",
    "7700 900123",
    "ME14 1XX",
    "A123456789012",
    "943 476 5919",
    "12/03/2015",
    "AB 12 34 56 C",
)


def _chat(stack: Stack, message: str, session_id: str | None = None) -> httpx.Response:
    body = {"message": message} | ({"session_id": session_id} if session_id else {})
    return httpx.post(f"{stack.api_url}/api/v1/chat", json=body, timeout=60)


def _rows(database: str, query: str, *params: str) -> list[str]:
    with sqlite3.connect(database) as db:
        return [" ".join(str(value) for value in row) for row in db.execute(query, params)]


def test_no_identifier_reaches_the_database_or_rasas_tracker(stack: Stack) -> None:
    first = _chat(
        stack,
        "hi my email is jo.bloggs@example.com and my number is 07700 900123, we live in "
        "ME14 1XX. my son was born on 12/03/2015 and is not making progress at school",
    )
    session_id = first.json()["session_id"]
    second = _chat(
        stack,
        "his UPN is A123456789012, NHS number 943 476 5919, my NI number AB 12 34 56 C. "
        "who is the senco?",
        session_id,
    )

    assert first.status_code == 200
    assert second.status_code == 200
    api_db = stack.env["DATABASE_URL"].removeprefix("sqlite:///")
    stored = "\n".join(_rows(api_db, "SELECT text FROM turns WHERE session_id = ?", session_id))
    tracker = "\n".join(
        _rows(stack.env["TRACKER_DB"], "SELECT data FROM events WHERE sender_id = ?", session_id)
    )
    assert "[email]" in stored
    assert "[pupil number]" in stored
    assert "[email]" in tracker, "Rasa's tracker holds nothing from this conversation"
    for identifier in IDENTIFIERS:
        assert identifier not in stored
        assert identifier not in tracker


def test_transcript_records_the_intent_rasa_recognised(stack: Stack) -> None:
    chat = _chat(stack, "who is the senco and what do they do")
    session_id = chat.json()["session_id"]

    transcript = httpx.get(f"{stack.api_url}/api/v1/sessions/{session_id}/transcript", timeout=10)

    turns = transcript.json()["turns"]
    assert turns[0]["sender"] == "user"
    assert turns[0]["intent"] == "ask_senco"
    assert 0 < turns[0]["confidence"] <= 1
    assert [t["text"] for t in turns[1:]] == [m["text"] for m in chat.json()["messages"]]


def test_erasure_deletes_the_conversation_from_rasas_tracker_too(stack: Stack) -> None:
    session_id = _chat(stack, "what is sen support").json()["session_id"]
    query = "SELECT id FROM events WHERE sender_id = ?"
    assert _rows(stack.env["TRACKER_DB"], query, session_id)

    erased = httpx.delete(f"{stack.api_url}/api/v1/sessions/{session_id}", timeout=10)

    assert erased.status_code == 204
    assert _rows(stack.env["TRACKER_DB"], query, session_id) == []
    transcript = httpx.get(f"{stack.api_url}/api/v1/sessions/{session_id}/transcript", timeout=10)
    assert transcript.status_code == 404


def test_a_third_party_risk_report_gets_emergency_contacts_first(stack: Stack) -> None:
    response = _chat(stack, "my son says he wants to die, what do i do")

    assert response.status_code == 200
    messages = response.json()["messages"]
    for number in EMERGENCY_NUMBERS:
        assert number in messages[0]["text"]
    assert sum("116 123" in message["text"] for message in messages) == 1


def test_with_rasa_down_risk_still_gets_emergency_contacts(stack_with_rasa: Stack) -> None:
    stack = stack_with_rasa
    stack.stop_rasa()

    ready = httpx.get(f"{stack.api_url}/readyz", timeout=30)
    risk = _chat(stack, "my daughter has been self harming")
    ordinary = _chat(stack, "what is an ehcp")

    assert ready.status_code == 503
    assert ready.json()["down"] == ["rasa"]
    assert risk.status_code == 503
    first = risk.json()["messages"][0]["text"]
    for number in EMERGENCY_NUMBERS:
        assert number in first
    assert ordinary.status_code == 503
    assert "talk to a person" in ordinary.json()["messages"][0]["text"]


def test_an_ehc_triage_through_the_bot_is_stored_with_its_recommendation(stack: Stack) -> None:
    answers = {
        "on_sen_support": "yes",
        "has_support_plan": "yes",
        "review_cycles": "two",
        "specialists_involved": "yes",
        "progress": "little_or_none",
    }
    reply = _chat(stack, "should we request an ehc needs assessment for my daughter")
    session_id = reply.json()["session_id"]
    for _ in range(8):
        wanted = [f'"{field}":"{value}"' for field, value in answers.items()]
        buttons = [b for m in reply.json()["messages"] for b in m.get("buttons") or []]
        choice = next((b for b in buttons if any(w in b["payload"] for w in wanted)), None)
        if choice is None:
            break
        reply = _chat(stack, choice["payload"], session_id)

    transcript = httpx.get(f"{stack.api_url}/api/v1/sessions/{session_id}/transcript", timeout=10)

    outcomes = transcript.json()["triage_outcomes"]
    assert [(o["kind"], o["answers"], o["recommendation"]) for o in outcomes] == [
        ("ehc", answers, "consider_ehc_request")
    ]
