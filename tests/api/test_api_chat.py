"""POST /api/v1/chat: answers, sessions, Rasa failures, safeguarding and one-at-a-time."""

from __future__ import annotations

import asyncio
import re

import httpx
from api_support import ScriptedRasa, outcome
from fastapi import FastAPI

from api.core.config import Settings
from api.main import create_app
from knowledge import safeguarding_message

EMERGENCY_NUMBERS = ("999", "111", "116 123", "0800 1111", "0808 800 5000", "85258")


async def test_new_conversation_gets_an_unguessable_session_id_and_the_answer(
    client: httpx.AsyncClient, rasa: ScriptedRasa
) -> None:
    first = await client.post("/api/v1/chat", json={"message": "what is sen support"})
    second = await client.post("/api/v1/chat", json={"message": "what is sen support"})

    assert first.status_code == 200
    body = first.json()
    assert body["messages"] == [
        {
            "text": "SEN support is extra help in school.",
            "buttons": [{"title": "Tell me more", "payload": "/ask_sen_support"}],
        }
    ]
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", body["session_id"])
    assert body["session_id"] != second.json()["session_id"]
    assert rasa.received[0] == {"sender": body["session_id"], "message": "what is sen support"}


async def test_a_conversation_continues_with_its_session_id(
    client: httpx.AsyncClient, rasa: ScriptedRasa
) -> None:
    session_id = (await client.post("/api/v1/chat", json={"message": "hello"})).json()["session_id"]

    again = await client.post("/api/v1/chat", json={"message": "thanks", "session_id": session_id})

    assert again.status_code == 200
    assert again.json()["session_id"] == session_id
    assert [m["sender"] for m in rasa.received] == [session_id, session_id]


async def test_an_unknown_session_id_is_refused(client: httpx.AsyncClient) -> None:
    made_up = "A" * 43
    response = await client.post("/api/v1/chat", json={"message": "hi", "session_id": made_up})

    assert response.status_code == 404
    assert response.json()["detail"].startswith("Unknown or expired conversation")


async def test_rasa_unreachable_gives_503_with_human_contacts(
    client: httpx.AsyncClient, rasa: ScriptedRasa
) -> None:
    rasa.rasa_up = False

    response = await client.post("/api/v1/chat", json={"message": "what is an ehcp"})

    assert response.status_code == 503
    body = response.json()
    assert (
        body["detail"]
        == "The assistant is not available right now. Please contact a person instead."
    )
    text = body["messages"][0]["text"]
    assert "talk to a person" in text
    assert "IASK" in text
    assert "999" in text


async def test_rasa_error_status_and_garbage_are_failures(
    client: httpx.AsyncClient, rasa: ScriptedRasa
) -> None:
    rasa.reply = lambda request: httpx.Response(500, text="Internal Server Error")
    assert (await client.post("/api/v1/chat", json={"message": "hello"})).status_code == 503

    rasa.reply = lambda request: httpx.Response(200, text="<html>proxy error</html>")
    assert (await client.post("/api/v1/chat", json={"message": "hello"})).status_code == 503


async def test_a_message_is_sent_to_rasa_once_even_when_rasa_times_out(
    client: httpx.AsyncClient, rasa: ScriptedRasa
) -> None:
    def time_out(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("no answer", request=request)

    rasa.reply = time_out

    response = await client.post("/api/v1/chat", json={"message": "hello"})

    assert response.status_code == 503
    assert len(rasa.received) == 1


async def test_the_turn_is_kept_even_when_rasa_fails(
    client: httpx.AsyncClient, rasa: ScriptedRasa
) -> None:
    rasa.rasa_up = False
    failed = await client.post("/api/v1/chat", json={"message": "is anyone there"})
    session_id = failed.json()["session_id"]

    transcript = await client.get(f"/api/v1/sessions/{session_id}/transcript")

    assert transcript.status_code == 200
    turns = transcript.json()["turns"]
    assert turns[0]["text"] == "is anyone there"
    assert "talk to a person" in turns[1]["text"]


async def test_risk_puts_emergency_contacts_first_whatever_rasa_says(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/api/v1/chat", json={"message": "my son says he wants to die and i dont know what to do"}
    )

    assert response.status_code == 200
    messages = response.json()["messages"]
    first = messages[0]["text"]
    for number in EMERGENCY_NUMBERS:
        assert number in first
    assert messages[1]["text"] == "SEN support is extra help in school."


async def test_risk_is_answered_with_emergency_contacts_when_rasa_is_down(
    client: httpx.AsyncClient, rasa: ScriptedRasa
) -> None:
    rasa.rasa_up = False

    response = await client.post("/api/v1/chat", json={"message": "she keeps cutting herself"})

    assert response.status_code == 503
    first = response.json()["messages"][0]["text"]
    for number in EMERGENCY_NUMBERS:
        assert number in first


async def test_a_worried_parent_message_gets_no_crisis_message(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/chat", json={"message": "this is killing me, he is so far behind in reading"}
    )

    assert [m["text"] for m in response.json()["messages"]] == [
        "SEN support is extra help in school."
    ]


async def test_a_second_message_while_the_first_is_in_flight_gets_409(
    client: httpx.AsyncClient, rasa: ScriptedRasa
) -> None:
    session_id = (await client.post("/api/v1/chat", json={"message": "hi"})).json()["session_id"]
    rasa.gate = asyncio.Event()

    first = asyncio.create_task(
        client.post("/api/v1/chat", json={"message": "one", "session_id": session_id})
    )
    while rasa.waiting == 0:
        await asyncio.sleep(0.01)
    second = await client.post("/api/v1/chat", json={"message": "two", "session_id": session_id})
    rasa.gate.set()

    assert second.status_code == 409
    assert (await first).status_code == 200
    third = await client.post("/api/v1/chat", json={"message": "three", "session_id": session_id})
    assert third.status_code == 200
    assert [m["message"] for m in rasa.received] == ["hi", "one", "three"]


async def test_rate_limit_per_client_answers_429_with_retry_after(
    rasa: ScriptedRasa, settings: Settings
) -> None:
    limited = settings.model_copy(update={"rate_limit_client_per_minute": 3})
    application = create_app(limited, httpx.MockTransport(rasa))
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            statuses = [
                (await http.post("/api/v1/chat", json={"message": "hi"})).status_code
                for _ in range(3)
            ]
            refused = await http.post("/api/v1/chat", json={"message": "hi"})

    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.json() == {"detail": "Too many messages. Please wait a moment and try again."}


async def test_rate_limit_per_session(rasa: ScriptedRasa, settings: Settings) -> None:
    limited = settings.model_copy(update={"rate_limit_session_per_minute": 2})
    application = create_app(limited, httpx.MockTransport(rasa))
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            first = await http.post("/api/v1/chat", json={"message": "hi"})
            session_id = first.json()["session_id"]
            second = await http.post(
                "/api/v1/chat", json={"message": "a", "session_id": session_id}
            )
            third = await http.post("/api/v1/chat", json={"message": "b", "session_id": session_id})
            other = await http.post("/api/v1/chat", json={"message": "hi"})

    assert [first.status_code, second.status_code, third.status_code] == [200, 200, 429]
    assert "Retry-After" in third.headers
    assert other.status_code == 200


async def test_intent_and_confidence_are_read_from_rasas_reply(
    client: httpx.AsyncClient, rasa: ScriptedRasa
) -> None:
    rasa.reply = lambda request: httpx.Response(
        200,
        json=[
            {"text": "The SENCO coordinates SEN support."},
            outcome(intent="ask_senco", confidence=0.93),
        ],
    )
    response = await client.post("/api/v1/chat", json={"message": "who is the senco"})
    transcript = await client.get(f"/api/v1/sessions/{response.json()['session_id']}/transcript")

    user_turn = transcript.json()["turns"][0]
    assert user_turn["intent"] == "ask_senco"
    assert user_turn["confidence"] == 0.93


async def test_the_crisis_message_is_shown_once_when_the_bot_sends_it_too(
    client: httpx.AsyncClient, rasa: ScriptedRasa, app: FastAPI
) -> None:
    crisis_text = safeguarding_message(app.state.knowledge.safeguarding)
    button = {"title": "Talk to IASK", "payload": "/ask_local_support"}
    rasa.reply = lambda request: httpx.Response(
        200,
        json=[
            {
                "text": crisis_text,
                "buttons": [button],
                "custom": {"outcome": {"safeguarding": True}},
            },
            {"text": "You can come back to school questions any time."},
        ],
    )

    response = await client.post("/api/v1/chat", json={"message": "he wants to kill himself"})

    assert response.json()["messages"] == [
        {"text": crisis_text, "buttons": [button]},
        {"text": "You can come back to school questions any time."},
    ]
