"""A crisis told in everyday words, that no safeguarding phrase lists, gets the crisis contacts
first through the real stack: with Rasa running (once, first), and with Rasa stopped."""

from __future__ import annotations

import httpx
import pytest

from knowledge import detect_risk, load_knowledge, safeguarding_message
from scripts.stack import Stack
from semantic.crisis import find_risk

pytestmark = pytest.mark.stack

KB = load_knowledge()
CRISIS = safeguarding_message(KB.safeguarding)
# Everyday words: no phrase pattern catches them, their meaning does.
EVERYDAY = "I keep thinking the kids would be better off if I wasn't here"
BURIED = (
    "Hi, we are waiting for a tribunal date. Her stepdad has been coming into her room at "
    "night. Can you tell me how long it usually takes?"
)


def _texts(response: httpx.Response) -> list[str]:
    return [message["text"] for message in response.json()["messages"]]


@pytest.mark.parametrize("message", [EVERYDAY, BURIED])
def test_the_words_are_caught_by_meaning_not_by_a_phrase(message: str) -> None:
    assert detect_risk(message, KB.safeguarding) is None
    assert find_risk(message, KB) is not None


@pytest.mark.parametrize("message", [EVERYDAY, BURIED])
def test_with_rasa_running_the_crisis_message_comes_first_and_once(
    stack: Stack, message: str
) -> None:
    response = httpx.post(f"{stack.api_url}/api/v1/chat", json={"message": message}, timeout=120)

    assert response.status_code == 200
    texts = _texts(response)
    assert texts[0] == CRISIS
    assert texts.count(CRISIS) == 1


def test_with_rasa_stopped_the_crisis_contacts_still_come_first(stack_with_rasa: Stack) -> None:
    stack = stack_with_rasa
    stack.stop_rasa()

    for message in (EVERYDAY, BURIED):  # one stop and restart of Rasa for both
        response = httpx.post(
            f"{stack.api_url}/api/v1/chat", json={"message": message}, timeout=120
        )

        assert response.status_code == 503
        texts = _texts(response)
        assert texts[0] == CRISIS, message
        assert texts.count(CRISIS) == 1
        for number in ("999", "116 123", "0800 1111", "0808 800 5000", "85258"):
            assert number in texts[0]
        # then the not-available message, with a person to contact
        assert len(texts) == 2
