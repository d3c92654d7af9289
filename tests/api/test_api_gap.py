"""Rasa answering nothing is a dialogue gap (200, a kind reply, a person); Rasa failing is 503.

Rasa is stood in for by an `httpx.MockTransport` injected into the API's real Rasa client (see
conftest.py), so the client's own handling of `[]`, error statuses, timeouts and refused
connections is what runs.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest
from api_support import ScriptedRasa, outcome
from fastapi import FastAPI

from knowledge import not_understood_reply

GAPS = "sen_guide_dialogue_gaps_total"
UNAVAILABLE = "The assistant is not available right now. Please contact a person instead."


async def _metrics(client: httpx.AsyncClient) -> dict[str, float]:
    samples = {}
    for line in (await client.get("/metrics")).text.splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            samples[name] = float(value)
    return samples


def _grown(before: dict[str, float], after: dict[str, float], prefix: str) -> float:
    """How much every sample whose name starts with `prefix` grew, summed over labels."""
    return sum(
        value - before.get(name, 0.0) for name, value in after.items() if name.startswith(prefix)
    )


async def test_rasa_answering_nothing_gets_a_kind_reply_and_a_person_with_200(
    client: httpx.AsyncClient, rasa: ScriptedRasa, app: FastAPI
) -> None:
    rasa.reply = lambda request: httpx.Response(200, json=[])
    before = await _metrics(client)

    response = await client.post("/api/v1/chat", json={"message": "what do i ask at the meeting"})

    after = await _metrics(client)
    assert response.status_code == 200
    body = response.json()
    assert body["messages"] == [{"text": not_understood_reply(app.state.knowledge.council)}]
    text = body["messages"][0]["text"]
    assert text.startswith("Sorry, I didn't understand that.")
    assert "talk to a person at **IASK**" in text
    assert "01632 960001" in text
    assert "not available" not in text
    assert "not working" not in text
    assert "detail" not in body
    assert isinstance(body["turn_id"], int)
    assert _grown(before, after, GAPS) == 1
    assert _grown(before, after, 'sen_guide_chat_turns_total{outcome="dialogue_gap"}') == 1
    assert _grown(before, after, 'sen_guide_fallbacks_total{reason="dialogue_gap"}') == 1
    assert _grown(before, after, "sen_guide_errors_total") == 0
    assert _grown(before, after, 'sen_guide_chat_turns_total{outcome="unavailable"}') == 0


async def test_a_dialogue_gap_is_stored_in_the_transcript_like_any_turn(
    client: httpx.AsyncClient, rasa: ScriptedRasa, app: FastAPI
) -> None:
    first = await client.post("/api/v1/chat", json={"message": "hello"})
    session_id = first.json()["session_id"]
    rasa.reply = lambda request: httpx.Response(200, json=[])
    await client.post("/api/v1/chat", json={"message": "and then what", "session_id": session_id})
    rasa.reply = None
    after_gap = await client.post("/api/v1/chat", json={"message": "ok", "session_id": session_id})

    transcript = await client.get(f"/api/v1/sessions/{session_id}/transcript")

    assert after_gap.status_code == 200
    turns = [turn["text"] for turn in transcript.json()["turns"]]
    assert turns == [
        "hello",
        "SEN support is extra help in school.",
        "and then what",
        not_understood_reply(app.state.knowledge.council),
        "ok",
        "SEN support is extra help in school.",
    ]


async def test_the_gap_metric_names_the_intent_rasa_read_and_the_log_has_no_words(
    client: httpx.AsyncClient,
    rasa: ScriptedRasa,
    capfd: pytest.CaptureFixture[str],
) -> None:
    # No message, only what NLU read (the channel adds it to every reply).
    rasa.reply = lambda request: httpx.Response(
        200, json=[outcome(intent="ask_questions", confidence=0.41)]
    )
    before = await _metrics(client)
    capfd.readouterr()

    response = await client.post(
        "/api/v1/chat", json={"message": "zebra questions for the meeting"}
    )

    err = capfd.readouterr().err
    after = await _metrics(client)
    assert response.status_code == 200
    assert _grown(before, after, f'{GAPS}{{intent="ask_questions"}}') == 1
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    gaps = [line for line in lines if line["event"] == "dialogue gap"]
    assert len(gaps) == 1
    assert gaps[0]["intent"] == "ask_questions"
    assert gaps[0]["level"] == "WARNING"
    assert "zebra" not in err


async def test_an_answer_with_no_text_in_it_is_a_dialogue_gap_too(
    client: httpx.AsyncClient, rasa: ScriptedRasa
) -> None:
    rasa.reply = lambda request: httpx.Response(
        200, json=[{"recipient_id": "x", "text": "  "}, {"recipient_id": "x", "image": "a.png"}]
    )
    before = await _metrics(client)

    response = await client.post("/api/v1/chat", json={"message": "hello"})

    assert response.status_code == 200
    assert response.json()["messages"][0]["text"].startswith("Sorry, I didn't understand that.")
    assert _grown(before, await _metrics(client), GAPS) == 1


async def test_a_crisis_message_comes_first_even_when_rasa_says_nothing(
    client: httpx.AsyncClient, rasa: ScriptedRasa
) -> None:
    rasa.reply = lambda request: httpx.Response(200, json=[])

    response = await client.post("/api/v1/chat", json={"message": "my son wants to kill himself"})

    assert response.status_code == 200
    messages = response.json()["messages"]
    assert "999" in messages[0]["text"]
    assert messages[1]["text"].startswith("Sorry, I didn't understand that.")


async def test_nothing_from_rasa_with_the_action_server_down_is_an_outage(
    client: httpx.AsyncClient, rasa: ScriptedRasa
) -> None:
    # Rasa answers `[]` too when it cannot run a custom action: nothing to say differently.
    rasa.reply = lambda request: httpx.Response(200, json=[])
    rasa.actions_up = False
    before = await _metrics(client)

    response = await client.post("/api/v1/chat", json={"message": "what is an ehcp"})

    after = await _metrics(client)
    assert response.status_code == 503
    assert response.json()["detail"] == UNAVAILABLE
    assert "talk to a person" in response.json()["messages"][0]["text"]
    assert _grown(before, after, GAPS) == 0
    assert _grown(before, after, 'sen_guide_errors_total{kind="rasa_unavailable"}') == 1


def _status_500(request: httpx.Request) -> httpx.Response:
    return httpx.Response(500, text="Internal Server Error")


def _time_out(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("no answer", request=request)


def _refuse(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


@pytest.mark.parametrize(
    "failure", [_status_500, _time_out, _refuse], ids=["status-500", "timeout", "refused"]
)
async def test_rasa_failing_is_still_503_with_contacts_and_no_gap(
    client: httpx.AsyncClient,
    rasa: ScriptedRasa,
    failure: Callable[[httpx.Request], httpx.Response],
) -> None:
    rasa.reply = failure
    before = await _metrics(client)

    response = await client.post("/api/v1/chat", json={"message": "what is an ehcp"})

    after = await _metrics(client)
    assert response.status_code == 503
    body = response.json()
    assert body["detail"] == UNAVAILABLE
    text = body["messages"][0]["text"]
    assert "talk to a person" in text
    assert "IASK" in text
    assert "999" in text
    assert _grown(before, after, GAPS) == 0
    assert _grown(before, after, 'sen_guide_chat_turns_total{outcome="unavailable"}') == 1
    assert _grown(before, after, 'sen_guide_errors_total{kind="rasa_unavailable"}') == 1
    assert len(rasa.received) == 1  # sent once, never retried
