"""A "yes" or "not sure" to choices just offered gets those choices again, not a dead end."""

from __future__ import annotations

from typing import Any

import pytest
from bot_support import TrackerFactory, responses, texts
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionAnythingElse, ActionKindFallback
from knowledge import Knowledge, topic_reply

OFFER = [
    {"title": "How schools plan support", "payload": "/ask_graduated_approach"},
    {"title": "Talk to a person", "payload": "/ask_local_support"},
]


def after_offer(text: str, intent: str, buttons: list[dict[str, str]]) -> list[dict[str, Any]]:
    """The events of a conversation whose last reply offered ``buttons``, then ``text``."""
    return [
        {"event": "user", "text": "my son is behind", "parse_data": {}},
        {
            "event": "bot",
            "text": "Would you like to know how schools plan support, or talk to someone?",
            "data": {"buttons": buttons},
        },
        {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}},
    ]


@pytest.mark.parametrize(
    ("text", "intent", "response"),
    [
        ("yeah i think so", "affirm", "utter_which_offer"),
        ("yes please", "affirm", "utter_which_offer"),
        ("ok", "affirm", "utter_which_offer"),
        ("dunno to be honest", "inform", "utter_not_sure_offer"),
    ],
)
def test_yes_or_not_sure_to_an_offer_gets_its_choices_again(
    text: str,
    intent: str,
    response: str,
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
) -> None:
    tracker = make_tracker(text, intent, events=after_offer(text, intent, OFFER))
    ActionAnythingElse().run(dispatcher, tracker, domain)
    assert responses(dispatcher) == [response]
    assert dispatcher.messages[0]["buttons"] == OFFER


def test_not_sure_the_model_could_not_place_gets_the_choices_again(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    text = "dunno to be honest"
    tracker = make_tracker(text, "nlu_fallback", events=after_offer(text, "nlu_fallback", OFFER))
    ActionKindFallback().run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_not_sure_offer"]
    assert dispatcher.messages[0]["buttons"] == OFFER


def test_no_to_an_offer_and_yes_with_nothing_offered_keep_anything_else(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    tracker = make_tracker("no thanks", "deny", events=after_offer("no thanks", "deny", OFFER))
    ActionAnythingElse().run(dispatcher, tracker, domain)
    tracker = make_tracker("yes", "affirm", events=after_offer("yes", "affirm", []))
    ActionAnythingElse().run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_anything_else", "utter_anything_else"]


def test_yes_to_the_one_topic_offered_answers_it(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    senco = [{"title": "The SENCO (or SENDCo)", "payload": "/ask_senco"}]
    tracker = make_tracker("yes", "affirm", events=after_offer("yes", "affirm", senco))
    ActionAnythingElse().run(dispatcher, tracker, domain)
    topic = kb.topic_for_intent("ask_senco")
    assert topic is not None
    assert texts(dispatcher)[0] == topic_reply(topic)
