"""The product end to end: the API, Rasa and the action server as started by `make run`."""

from __future__ import annotations

import httpx
import pytest

from scripts.stack import Stack

pytestmark = pytest.mark.stack


def test_hello_gets_a_reply_through_rasa_and_the_action_server(stack: Stack) -> None:
    response = httpx.post(f"{stack.api_url}/api/v1/chat", json={"message": "hello"}, timeout=60)

    assert response.status_code == 200
    body = response.json()
    assert len(body["session_id"]) >= 22
    assert body["messages"], "the assistant said nothing"
    assert all(message["text"].strip() for message in body["messages"])


def test_each_new_conversation_gets_its_own_session(stack: Stack) -> None:
    first = httpx.post(f"{stack.api_url}/api/v1/chat", json={"message": "hi"}, timeout=60).json()
    second = httpx.post(f"{stack.api_url}/api/v1/chat", json={"message": "hi"}, timeout=60).json()

    assert first["session_id"] != second["session_id"]


def test_the_words_a_parent_used_are_explained_in_the_answer(stack: Stack) -> None:
    message = "how often should the school meet me? my DS has ASD and the EP is involved"
    response = httpx.post(f"{stack.api_url}/api/v1/chat", json={"message": message}, timeout=60)

    assert response.status_code == 200
    replies = [m["text"] for m in response.json()["messages"]]
    assert any("at least three times a year" in text for text in replies), replies
    words = next(text for text in replies if text.startswith("Words you used"))
    assert "**ASD**" in words
    assert "communication and interaction" in words
    assert "**EP** (educational psychologist)" in words
    assert "\n\nSource: " in words, "the explanation was cut from its sources"


def test_typed_slash_commands_get_an_answer_not_a_reset(stack: Stack) -> None:
    # Rasa takes "/restart" as a command and answers nothing; the parent would see "unavailable".
    for typed in ("/restart", "/ my son is struggling at school"):
        response = httpx.post(f"{stack.api_url}/api/v1/chat", json={"message": typed}, timeout=60)

        assert response.status_code == 200, typed
        assert response.json()["messages"], typed


def test_health_and_readiness_while_everything_runs(stack: Stack) -> None:
    assert httpx.get(f"{stack.api_url}/healthz", timeout=10).status_code == 200
    assert httpx.get(f"{stack.api_url}/readyz", timeout=10).status_code == 200


def test_demo_page_and_widget_are_served(stack: Stack) -> None:
    page = httpx.get(f"{stack.api_url}/", timeout=10)
    widget = httpx.get(f"{stack.api_url}/widget.js", timeout=10)

    assert page.status_code == 200
    assert "widget.js" in page.text
    assert widget.status_code == 200
    assert "javascript" in widget.headers["content-type"]


def test_stopping_rasa_makes_readyz_and_chat_answer_503(stack_with_rasa: Stack) -> None:
    stack = stack_with_rasa
    stack.stop_rasa()

    ready = httpx.get(f"{stack.api_url}/readyz", timeout=30)
    chat = httpx.post(f"{stack.api_url}/api/v1/chat", json={"message": "hello"}, timeout=60)

    assert ready.status_code == 503
    assert "rasa" in ready.text.lower()
    assert chat.status_code == 503
    body = chat.json()
    assert body["detail"]
    fallback = " ".join(message["text"] for message in body["messages"])
    assert any(char.isdigit() for char in fallback), "the fallback gives no contact number"
