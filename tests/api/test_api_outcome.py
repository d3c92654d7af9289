"""The turn outcome: what the API learns of a turn from Rasa's reply, never from its tracker store.

`parse_reply` is the one place the REST channel's JSON is read (SPEC.md, "Turn outcome"); the
chat tests below run the real app with no tracker store at all and one that fails if touched.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_support import ScriptedRasa, make_settings, outcome
from fastapi import FastAPI

from api.core.outcome import TriageResult, TurnOutcome
from api.core.rasa import RasaSaidNothing, parse_reply
from api.main import create_app
from knowledge import safeguarding_message

TRIAGE = {
    "kind": "ehc",
    "answers": {"on_sen_support": "yes", "progress": "little_or_none", "age": 9},
    "recommendation": "consider_ehc_request",
}


def test_the_outcome_is_read_from_the_reply_and_taken_out_of_the_messages() -> None:
    reply = parse_reply(
        [
            {
                "recipient_id": "s",
                "text": "Call 999.",
                "buttons": [{"title": "Talk to IASK", "payload": "/ask_local_support"}],
                "custom": {"outcome": {"safeguarding": True}},
            },
            {"text": "Ask for an assessment.", "custom": {"outcome": {"triage": [TRIAGE]}}},
            {"text": "Anything else?"},
            {"custom": {"outcome": {"intent": "affirm", "confidence": 0.87}}},
        ]
    )  # fmt: skip

    assert [(m.text, m.safeguarding) for m in reply.messages] == [
        ("Call 999.", True),
        ("Ask for an assessment.", False),
        ("Anything else?", False),
    ]
    assert reply.messages[0].buttons[0].payload == "/ask_local_support"
    assert reply.outcome == TurnOutcome(
        intent="affirm",
        confidence=0.87,
        safeguarding=True,
        triage=(TriageResult(**TRIAGE),),
    )


def test_a_reply_without_an_outcome_has_an_empty_one() -> None:
    reply = parse_reply([{"text": "Hello."}, {"custom": {"map": "not an outcome"}}])

    assert [m.text for m in reply.messages] == ["Hello."]
    assert reply.outcome == TurnOutcome()


@pytest.mark.parametrize(
    "malformed",
    [
        "safeguarding",
        {"safeguarding": "perhaps"},
        {"confidence": "high"},
        {"triage": [{"kind": "ehc"}]},
    ],
)
def test_a_malformed_outcome_is_left_out_and_the_answer_kept(malformed: Any) -> None:
    reply = parse_reply(
        [
            {"text": "Call 999.", "custom": {"outcome": malformed}},
            outcome(intent="greet", confidence=0.9),
        ]
    )

    assert [(m.text, m.safeguarding) for m in reply.messages] == [("Call 999.", False)]
    assert reply.outcome == TurnOutcome(intent="greet", confidence=0.9)


def test_a_reply_with_only_an_outcome_said_nothing_but_says_the_intent() -> None:
    with pytest.raises(RasaSaidNothing) as said:
        parse_reply([outcome(intent="ask_questions_to_ask", confidence=0.4)])

    assert said.value.outcome == TurnOutcome(intent="ask_questions_to_ask", confidence=0.4)


class NoTrackerStore:
    """Stands in for the API's tracker store: any use fails the test."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the chat path used the tracker store ({name})")


@pytest.fixture
async def app_without_tracker(tmp_path: Path, rasa: ScriptedRasa) -> AsyncIterator[FastAPI]:
    # No tracker store configured, and retention (which may use one) not due during the test.
    settings = make_settings(
        tmp_path, tracker_db=None, tracker_store_url=None, retention_interval_seconds=1e9
    )
    application = create_app(settings, httpx.MockTransport(rasa))
    async with application.router.lifespan_context(application):
        configured = application.state.tracker
        application.state.tracker = NoTrackerStore()
        try:
            yield application
        finally:
            application.state.tracker = configured


@pytest.fixture
async def http(app_without_tracker: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app_without_tracker)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def test_chat_stores_the_outcome_without_any_tracker_store(
    http: httpx.AsyncClient, rasa: ScriptedRasa
) -> None:
    rasa.reply = lambda request: httpx.Response(
        200,
        json=[
            {"text": "Ask for an assessment.", "custom": {"outcome": {"triage": [TRIAGE]}}},
            outcome(intent="affirm", confidence=0.97),
        ],
    )

    response = await http.post("/api/v1/chat", json={"message": "yes"})

    assert response.status_code == 200
    body = response.json()
    assert body["messages"] == [{"text": "Ask for an assessment."}]
    transcript = (await http.get(f"/api/v1/sessions/{body['session_id']}/transcript")).json()
    user = transcript["turns"][0]
    assert (user["intent"], user["confidence"], user["safeguarding"]) == ("affirm", 0.97, False)
    stored = transcript["triage_outcomes"]
    assert [{k: o[k] for k in ("kind", "answers", "recommendation")} for o in stored] == [TRIAGE]


async def test_a_crisis_the_bot_marked_flags_the_turn_when_the_apis_check_missed_it(
    http: httpx.AsyncClient, rasa: ScriptedRasa, app_without_tracker: FastAPI
) -> None:
    crisis_text = safeguarding_message(app_without_tracker.state.knowledge.safeguarding)
    rasa.reply = lambda request: httpx.Response(
        200,
        json=[
            {"text": crisis_text, "custom": {"outcome": {"safeguarding": True}}},
            outcome(intent="safeguarding_risk", confidence=0.99),
        ],
    )

    # A pressed button: no words for the API's own check to find a risk in.
    response = await http.post("/api/v1/chat", json={"message": "/safeguarding_risk"})

    assert response.json()["messages"] == [{"text": crisis_text}]
    transcript = await http.get(f"/api/v1/sessions/{response.json()['session_id']}/transcript")
    user, bot = transcript.json()["turns"]
    assert user["safeguarding"] is True
    assert bot["safeguarding"] is True
