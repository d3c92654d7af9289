"""Every kind of bad input gets a clear 4xx JSON answer, and the service carries on."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from api_support import ScriptedRasa, make_settings

from api.main import create_app

JSON = {"content-type": "application/json"}

BAD_BODIES = {
    "not json": b"hello there",
    "truncated json": b'{"message": "hi"',
    "invalid utf-8": b'{"message": "caf\xc3\x28 \xff\xfe"}',
    "lone surrogate": b'{"message": "\\ud800 hi"}',
    "json array": b'["hi"]',
    "json string": b'"hi"',
    "json null": b"null",
    "empty body": b"",
    "message is a number": b'{"message": 5}',
    "message is null": b'{"message": null}',
    "message is a list": b'{"message": ["hi"]}',
    "message is an object": b'{"message": {"text": "hi"}}',
    "message missing": b'{"text": "hi"}',
    "empty message": b'{"message": ""}',
    "whitespace message": b'{"message": "  \\n\\t  "}',
    "only control characters": b'{"message": "\\u0000\\u0007\\u001b"}',
    "only invisible characters": b'{"message": "\\u200b\\u202e\\ufeff"}',
    "too long": b'{"message": "' + b"a" * 1001 + b'"}',
    "deeply nested": b'{"message": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    "session id is a number": b'{"message": "hi", "session_id": 12345}',
    "path traversal session id": b'{"message": "hi", "session_id": "../../etc/passwd"}',
    "sql session id": b'{"message": "hi", "session_id": "x\' OR 1=1 --"}',
    "script session id": b'{"message": "hi", "session_id": "<script>alert(1)</script>"}',
    "huge session id": b'{"message": "hi", "session_id": "' + b"A" * 5000 + b'"}',
    "unknown session id": b'{"message": "hi", "session_id": "' + b"Q" * 43 + b'"}',
}


@pytest.mark.parametrize("body", BAD_BODIES.values(), ids=BAD_BODIES.keys())
async def test_bad_chat_input_gets_a_clear_4xx_and_the_service_carries_on(
    client: httpx.AsyncClient, rasa: ScriptedRasa, body: bytes
) -> None:
    response = await client.post("/api/v1/chat", content=body, headers=JSON)

    assert 400 <= response.status_code < 500
    assert response.headers["content-type"] == "application/json"
    detail = response.json()["detail"]
    assert isinstance(detail, str)
    assert detail
    assert rasa.received == []
    after = await client.post("/api/v1/chat", json={"message": "hello"})
    assert after.status_code == 200


async def test_too_long_message_says_the_limit(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/chat", json={"message": "a" * 1001})

    assert response.status_code == 422
    assert response.json()["detail"] == (
        "Messages can be up to 1,000 characters. Please make it shorter."
    )


async def test_a_message_of_exactly_the_limit_is_accepted(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/chat", json={"message": "a" * 1000})

    assert response.status_code == 200


async def test_huge_body_is_refused_before_it_is_read(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/chat", content=b'{"message": "' + b"a" * 1_000_000 + b'"}', headers=JSON
    )

    assert response.status_code == 413
    assert response.json() == {"detail": "The request is too large."}


async def test_huge_chunked_body_without_length_is_refused(client: httpx.AsyncClient) -> None:
    async def chunks():  # type: ignore[no-untyped-def]
        yield b'{"message": "'
        for _ in range(100):
            yield b"a" * 10_000
        yield b'"}'

    response = await client.post("/api/v1/chat", content=chunks(), headers=JSON)

    assert response.status_code == 413


async def test_control_characters_are_stripped_before_rasa_sees_them(
    client: httpx.AsyncClient, rasa: ScriptedRasa
) -> None:
    response = await client.post(
        "/api/v1/chat", json={"message": "my son\u0000 is\u0007 in\u202e year 4\r\n  help"}
    )

    assert response.status_code == 200
    assert rasa.received[0]["message"] == "my son is in year 4\n help"


async def test_unknown_fields_are_ignored(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/chat", json={"message": "hi", "admin": True})

    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/sessions/..%2F..%2Fetc%2Fpasswd/transcript",
        "/api/v1/sessions/%3Cscript%3E/transcript",
        "/api/v1/sessions/' OR 1=1 --/transcript",
        "/api/v1/sessions/" + "A" * 500 + "/transcript",
        "/api/v1/sessions/" + "B" * 43 + "/transcript",
    ],
)
async def test_malicious_or_unknown_session_ids_in_paths_get_4xx(
    client: httpx.AsyncClient, path: str
) -> None:
    read = await client.get(path)
    erase = await client.delete(path.removesuffix("/transcript"))

    assert read.status_code in {404, 422}
    assert erase.status_code in {404, 422}
    assert isinstance(read.json()["detail"], str)
    assert isinstance(erase.json()["detail"], str)


async def test_wrong_method_and_unknown_paths_answer_json(client: httpx.AsyncClient) -> None:
    wrong_method = await client.get("/api/v1/chat")
    unknown = await client.get("/api/v1/nothing-here")

    assert wrong_method.status_code == 405
    assert unknown.status_code == 404
    assert wrong_method.json()["detail"]
    assert unknown.json()["detail"]


async def test_an_empty_send_gets_the_same_kind_words_as_a_blank_one(
    client: httpx.AsyncClient,
) -> None:
    empty = await client.post("/api/v1/chat", json={"message": ""})
    blank = await client.post("/api/v1/chat", json={"message": "   \n "})

    assert empty.status_code == blank.status_code == 422
    assert empty.json()["detail"] == blank.json()["detail"] == "Type a message before sending."


@pytest.mark.parametrize("limit", [1000, 40])
async def test_the_widget_reads_the_limit_the_chat_enforces(
    tmp_path: Path, rasa: ScriptedRasa, limit: int
) -> None:
    app = create_app(make_settings(tmp_path, max_message_chars=limit), httpx.MockTransport(rasa))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http,
    ):
        config = await http.get("/api/v1/widget-config")
        told = config.json()["max_message_chars"]
        at_limit = await http.post("/api/v1/chat", json={"message": "a" * told})
        over = await http.post("/api/v1/chat", json={"message": "a" * (told + 1)})

    assert config.status_code == 200
    assert told == limit
    assert at_limit.status_code == 200
    assert over.status_code == 422
    assert f"up to {limit:,} characters" in over.json()["detail"]
