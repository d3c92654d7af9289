"""Transcripts, erasure (here and in Rasa's tracker store) and feedback."""

from __future__ import annotations

import sqlite3
import time

import httpx
from api_support import (
    ScriptedRasa,
    add_tracker_event,
    create_rasa_tracker,
    outcome,
    tracker_senders,
)

from api.core.config import Settings
from api.core.metrics import REGISTRY
from api.main import create_app


async def _start(client: httpx.AsyncClient, message: str = "what is the sen register") -> str:
    response = await client.post("/api/v1/chat", json={"message": message})
    assert response.status_code == 200
    session_id: str = response.json()["session_id"]
    return session_id


async def test_transcript_shows_both_sides_in_order(client: httpx.AsyncClient) -> None:
    session_id = await _start(client)
    await client.post("/api/v1/chat", json={"message": "thanks", "session_id": session_id})

    response = await client.get(f"/api/v1/sessions/{session_id}/transcript")

    assert response.status_code == 200
    transcript = response.json()
    assert transcript["session_id"] == session_id
    assert [(t["sender"], t["text"]) for t in transcript["turns"]] == [
        ("user", "what is the sen register"),
        ("bot", "SEN support is extra help in school."),
        ("user", "thanks"),
        ("bot", "SEN support is extra help in school."),
    ]
    assert transcript["turns"][1]["buttons"] == [
        {"title": "Tell me more", "payload": "/ask_sen_support"}
    ]
    assert transcript["created_at"].endswith("Z")


async def test_an_ehc_triage_the_bot_ran_is_stored_with_its_answers_and_recommendation(
    client: httpx.AsyncClient, rasa: ScriptedRasa
) -> None:
    answers = {
        "on_sen_support": "yes",
        "has_support_plan": "yes",
        "review_cycles": "three_or_more",
        "specialists_involved": "yes",
        "progress": "little_or_none",
    }

    # What action_ehc_recommendation attaches to its recommendation when the form finishes.
    triage = {
        "kind": "ehc",
        "answers": {**answers, "age": 9},
        "recommendation": "consider_ehc_request",
    }
    rasa.reply = lambda request: httpx.Response(
        200,
        json=[
            {
                "text": "You could ask for an EHC needs assessment.",
                "custom": {"outcome": {"triage": [triage]}},
            },
            outcome(intent="affirm", confidence=0.97),
        ],
    )
    session_id = await _start(client, "should we ask for an ehcp")
    rasa.reply = None
    await client.post("/api/v1/chat", json={"message": "thanks", "session_id": session_id})

    transcript = (await client.get(f"/api/v1/sessions/{session_id}/transcript")).json()

    outcomes = transcript["triage_outcomes"]
    assert [(o["kind"], o["answers"], o["recommendation"]) for o in outcomes] == [
        ("ehc", {**answers, "age": 9}, "consider_ehc_request")
    ]


async def test_erasure_removes_the_transcript_and_rasas_tracker(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    tracker_db = settings.tracker_db
    assert tracker_db is not None
    create_rasa_tracker(tracker_db)
    session_id = await _start(client)
    other_id = await _start(client)
    add_tracker_event(tracker_db, session_id, "what is the sen register", time.time())
    add_tracker_event(tracker_db, other_id, "what is the sen register", time.time())

    erased = await client.delete(f"/api/v1/sessions/{session_id}")

    assert erased.status_code == 204
    assert erased.content == b""
    assert (await client.get(f"/api/v1/sessions/{session_id}/transcript")).status_code == 404
    assert tracker_senders(tracker_db) == {other_id}
    assert (await client.get(f"/api/v1/sessions/{other_id}/transcript")).status_code == 200
    again = await client.delete(f"/api/v1/sessions/{session_id}")
    assert again.status_code == 404
    reuse = await client.post("/api/v1/chat", json={"message": "hi", "session_id": session_id})
    assert reuse.status_code == 404


async def test_erasure_works_before_rasa_has_created_its_tracker_store(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    assert settings.tracker_db is not None
    assert not settings.tracker_db.exists()
    session_id = await _start(client)

    assert (await client.delete(f"/api/v1/sessions/{session_id}")).status_code == 204


async def test_feedback_on_an_answer_is_stored_and_erased_with_the_conversation(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    chat = (await client.post("/api/v1/chat", json={"message": "hello"})).json()
    session_id, turn_id = chat["session_id"], chat["turn_id"]

    helpful = await client.post(
        f"/api/v1/sessions/{session_id}/feedback",
        json={"turn_id": turn_id, "helpful": True, "comment": "clear, thank you"},
    )
    general = await client.post(f"/api/v1/sessions/{session_id}/feedback", json={"helpful": False})

    assert helpful.status_code == 201
    assert helpful.json()["turn_id"] == turn_id
    assert helpful.json()["helpful"] is True
    assert general.status_code == 201
    assert (await client.delete(f"/api/v1/sessions/{session_id}")).status_code == 204
    with sqlite3.connect(settings.database_url.removeprefix("sqlite:///")) as db:
        assert db.execute("SELECT count(*) FROM feedback").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM turns").fetchone() == (0,)


async def test_feedback_is_refused_for_unknown_sessions_and_other_peoples_answers(
    client: httpx.AsyncClient,
) -> None:
    mine = (await client.post("/api/v1/chat", json={"message": "hello"})).json()
    theirs = (await client.post("/api/v1/chat", json={"message": "hello"})).json()

    unknown = await client.post(f"/api/v1/sessions/{'Z' * 43}/feedback", json={"helpful": True})
    other = await client.post(
        f"/api/v1/sessions/{mine['session_id']}/feedback",
        json={"turn_id": theirs["turn_id"], "helpful": True},
    )
    own_question = await client.post(
        f"/api/v1/sessions/{mine['session_id']}/feedback",
        json={"turn_id": mine["turn_id"] - 1, "helpful": True},
    )
    not_bool = await client.post(
        f"/api/v1/sessions/{mine['session_id']}/feedback", json={"helpful": "very"}
    )
    long_comment = await client.post(
        f"/api/v1/sessions/{mine['session_id']}/feedback",
        json={"helpful": True, "comment": "x" * 1001},
    )

    assert unknown.status_code == 404
    assert other.status_code == 422
    assert other.json()["detail"] == "That answer is not part of this conversation."
    assert own_question.status_code == 422
    assert not_bool.status_code == 422
    assert long_comment.status_code == 422


async def test_transcript_reads_count_against_the_clients_rate_limit(
    rasa: ScriptedRasa, settings: Settings
) -> None:
    limited = settings.model_copy(update={"rate_limit_client_per_minute": 3})
    application = create_app(limited, httpx.MockTransport(rasa))
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            session_id = await _start(http)
            reads = [await http.get(f"/api/v1/sessions/{session_id}/transcript") for _ in range(3)]

    assert [r.status_code for r in reads] == [200, 200, 429]
    assert reads[-1].json()["detail"] == "Too many requests. Please wait a moment and try again."
    assert "Retry-After" in reads[-1].headers


async def test_every_rate_limited_path_counts_its_refusals_in_one_metric(
    rasa: ScriptedRasa, settings: Settings
) -> None:
    def refused() -> float:
        return (
            REGISTRY.get_sample_value("sen_guide_rejected_requests_total", {"reason": "rate_limit"})
            or 0.0
        )

    before = refused()
    limited = settings.model_copy(update={"rate_limit_client_per_minute": 2})
    application = create_app(limited, httpx.MockTransport(rasa))
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            session_id = await _start(http)  # 1 of 2
            read = await http.get(f"/api/v1/sessions/{session_id}/transcript")  # 2 of 2
            chat = await http.post("/api/v1/chat", json={"message": "hi"})
            again = await http.get(f"/api/v1/sessions/{session_id}/transcript")

    assert [read.status_code, chat.status_code, again.status_code] == [200, 429, 429]
    assert refused() - before == 2
