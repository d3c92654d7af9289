"""A message starting with "/" reaches Rasa as a payload only if it is one of the assistant's
buttons; typed slashes are words, so "/restart" cannot wipe a conversation or go unanswered."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from api_support import ScriptedRasa

from api.core.config import REPO_ROOT
from api.core.quick_replies import QuickReplies, load_quick_replies

DOMAIN = REPO_ROOT / "bot" / "domain.yml"


@pytest.fixture(scope="module")
def quick_replies() -> QuickReplies:
    return load_quick_replies(DOMAIN)


@pytest.mark.parametrize(
    "payload",
    [
        "/ask_senco",
        "/affirm",
        '/inform{"progress": "not_sure"}',
        '/inform{"review_cycles":"three_or_more"}',
        "/safeguarding_risk",
    ],
)
def test_the_assistants_own_buttons_pass_unchanged(
    quick_replies: QuickReplies, payload: str
) -> None:
    assert quick_replies.for_rasa(payload) == payload


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("/restart", "restart"),
        ("/session_start", "session_start"),
        ("/back", "back"),
        ("/ my son is struggling", "my son is struggling"),
        ("//senco", "senco"),
        ("/ask_senco please", "ask_senco please"),
        ('/inform{"progress": "not_sure"', 'inform{"progress": "not_sure"'),
        ("/", ""),
        ("what is sen support", "what is sen support"),
        ("is 1/2 a good score", "is 1/2 a good score"),
    ],
)
def test_anything_else_goes_as_words(quick_replies: QuickReplies, typed: str, sent: str) -> None:
    assert quick_replies.for_rasa(typed) == sent


def test_the_intents_are_the_domains(quick_replies: QuickReplies) -> None:
    assert {"greet", "inform", "ask_ehc_should_request", "out_of_scope"} <= quick_replies.intents
    assert "restart" not in quick_replies.intents


def test_a_missing_domain_fails_loudly(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="cannot read the assistant's domain"):
        load_quick_replies(tmp_path / "domain.yml")
    empty = tmp_path / "empty.yml"
    empty.write_text("version: '3.1'\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="lists no intents"):
        load_quick_replies(empty)


async def test_a_typed_command_reaches_rasa_as_words(
    client: httpx.AsyncClient, rasa: ScriptedRasa
) -> None:
    response = await client.post("/api/v1/chat", json={"message": "/restart"})

    assert response.status_code == 200
    assert rasa.received[-1]["message"] == "restart"


async def test_a_button_payload_reaches_rasa_unchanged(
    client: httpx.AsyncClient, rasa: ScriptedRasa
) -> None:
    payload = '/inform{"progress": "not_sure"}'
    response = await client.post("/api/v1/chat", json={"message": payload})

    assert response.status_code == 200
    assert rasa.received[-1]["message"] == payload


async def test_only_slashes_is_an_empty_message(
    client: httpx.AsyncClient, rasa: ScriptedRasa
) -> None:
    response = await client.post("/api/v1/chat", json={"message": " // "})

    assert response.status_code == 422
    assert response.json()["detail"] == "Type a message before sending."
    assert rasa.received == []
