""" "Did you mean...?" and two worries in one message, through the real stack.

The parent talks to the API as the widget does (carrying the session id) and presses the
buttons the assistant offers by sending their payloads, as the widget does on a click. The
real Rasa model decides when it is unsure; the real action server offers the topics.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from knowledge import load_knowledge, safeguarding_message
from scripts.stack import Stack

pytestmark = pytest.mark.stack

KB = load_knowledge(None)
SOMETHING_ELSE = "/something_else"
PERSON = "/ask_local_support"


def normalise(text: str) -> str:
    text = text.replace("**", "").replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


def opening(text: str) -> str:
    """The first sentence of a knowledge text: enough to tell which answer was given."""
    return normalise(text).split(". ")[0]


@dataclass
class Turn:
    messages: list[dict[str, Any]]

    @property
    def text(self) -> str:
        return normalise("\n".join(str(m.get("text") or "") for m in self.messages))

    @property
    def payloads(self) -> list[str]:
        return [b["payload"] for m in self.messages for b in (m.get("buttons") or [])]

    def answers(self, intent: str) -> bool:
        topic = KB.topic_for_intent(intent)
        assert topic is not None, intent
        return opening(topic.short) in self.text


class Parent:
    def __init__(self, client: httpx.Client, api_url: str) -> None:
        self.client, self.api_url = client, api_url
        self.session_id: str | None = None
        self.log: list[str] = []

    def send(self, message: str) -> Turn:
        body = {"message": message, **({"session_id": self.session_id} if self.session_id else {})}
        response = self.client.post(f"{self.api_url}/api/v1/chat", json=body)
        assert response.status_code == 200, response.text[:600]
        data = response.json()
        self.session_id = data["session_id"]
        turn = Turn(list(data.get("messages") or []))
        self.log.append(f"parent: {message}")
        self.log += [
            f"  assistant: {m.get('text', '')[:300]} {m.get('buttons') or ''}"
            for m in turn.messages
        ]
        assert turn.messages, f"nothing said to {message!r}"
        return turn

    def transcript(self) -> str:
        return "\n".join(self.log)


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=90) as client:
        yield client


@pytest.fixture
def parent(stack: Stack, http: httpx.Client, examples_encoded: None) -> Parent:
    return Parent(http, stack.api_url)


# Without the cache in var/cache (a fresh clone, changed training data) the action server
# encodes the topics' examples in the background at the first two-part message, and offers
# no second worry until that is done (20 s or more, more on a busy machine).
WARM_UP_SECONDS = 300


@pytest.fixture(scope="module")
def examples_encoded(stack: Stack, http: httpx.Client) -> None:
    deadline = time.monotonic() + WARM_UP_SECONDS
    while time.monotonic() < deadline:
        turn = Parent(http, stack.api_url).send(TWO_WORRIES)
        if "you also mentioned" in turn.text:
            return
        time.sleep(5)
    pytest.fail(f"no second worry offered within {WARM_UP_SECONDS} s of the first message")


# Our own wording, none of it from an evaluation file; each was read as "not sure" by the
# model when written (a retrained model may read one differently; then the test says so).
VAGUE = "we had the meeting and the plan thing"
TWO_WORRIES = (
    "who is the senco and how do i get hold of them. also she has no friends at break time "
    "and plays on her own every day"
)
CRISIS_AND_TWO_WORRIES = (
    "who is the senco and how do i get hold of them. my son said he wants to kill himself last "
    "night. also he has no friends at break time and plays on his own"
)


def did_you_mean_topics(turn: Turn) -> list[str]:
    return [
        p
        for p in turn.payloads
        if p not in (SOMETHING_ELSE, PERSON) and KB.topic_for_intent(p.lstrip("/"))
    ]


def test_a_vague_message_gets_did_you_mean_buttons_in_plain_words(parent: Parent) -> None:
    turn = parent.send(VAGUE)

    topics = did_you_mean_topics(turn)
    assert 1 <= len(topics) <= 3, parent.transcript()
    assert turn.payloads[-2:] == [SOMETHING_ELSE, PERSON], parent.transcript()
    titles = [b["title"] for m in turn.messages for b in (m.get("buttons") or [])]
    for payload, title in zip(topics, titles, strict=False):
        topic = KB.topic_for_intent(payload.lstrip("/"))
        assert topic is not None
        assert title == topic.title
    assert "i can help with" not in turn.text, "the generic reply instead of 'did you mean'"


def test_pressing_a_guess_answers_that_topic(parent: Parent) -> None:
    topics = did_you_mean_topics(parent.send(VAGUE))
    assert topics, parent.transcript()
    answered_by_topic = [p for p in topics if p.lstrip("/") not in FORM_INTENTS]
    assert answered_by_topic, f"every guess opens a form: {topics}"
    pressed = answered_by_topic[0]

    turn = parent.send(pressed)

    assert turn.answers(pressed.lstrip("/")), parent.transcript()


def test_something_else_asks_kindly_for_other_words_with_a_person_in_reach(
    parent: Parent,
) -> None:
    first = parent.send(VAGUE)
    assert SOMETHING_ELSE in first.payloads, parent.transcript()

    turn = parent.send(SOMETHING_ELSE)

    assert "other words" in turn.text, parent.transcript()
    assert normalise(KB.council.advice_service.short_name) in turn.text
    assert PERSON in turn.payloads


def test_two_worries_answer_the_first_and_offer_the_second(parent: Parent) -> None:
    turn = parent.send(TWO_WORRIES)

    # which of the two the model reads as the main one is the model's call
    worries = {"ask_senco", "ask_friendships"}
    answered = [intent for intent in worries if turn.answers(intent)]
    assert len(answered) == 1, parent.transcript()
    (second,) = worries - set(answered)
    last = turn.messages[-1]
    assert normalise(str(last["text"])).startswith("you also mentioned"), parent.transcript()
    topic = KB.topic_for_intent(second)
    assert topic is not None
    assert last["buttons"] == [{"title": topic.title, "payload": f"/{second}"}]

    pressed = parent.send(f"/{second}")
    assert pressed.answers(second), parent.transcript()


def test_a_crisis_sentence_among_two_worries_gets_the_crisis_contacts_first(
    parent: Parent,
) -> None:
    turn = parent.send(CRISIS_AND_TWO_WORRIES)

    first = normalise(str(turn.messages[0]["text"]))
    assert first == normalise(safeguarding_message(KB.safeguarding)), parent.transcript()


FORM_INTENTS = frozenset(
    {
        "concern_progress",
        "ask_ehc_should_request",
        "complain",
        "ask_questions_to_ask",
        "ask_graduated_approach",
        "ask_local_support",
    }
)
