"""Two worries answered in the order the parent raised them, and "did you mean" filled up to two
topics by meaning: the real actions, the real domain and the real sentence encoder."""

from __future__ import annotations

from typing import Any

import pytest
from bot_support import TrackerFactory, responses, texts
from rasa_sdk.executor import CollectingDispatcher

from actions.clarify import MAX_GUESSES, filled_guesses
from actions.fallback import ActionKindFallback
from actions.topics import ActionAnswerTopic
from actions.worries import example_index, nearest_topics, ready_index
from knowledge import Knowledge, topic_reply

# Our own wording: none of these sentences comes from an evaluation file.
FRIENDS_THEN_SENCO = (
    "she has nobody to play with at break and sits on her own every lunchtime. "
    "also who is the senco and how do i get hold of them"
)


@pytest.fixture(autouse=True, scope="module")
def examples_encoded() -> None:
    example_index()
    assert ready_index() is not None


def ranked(*pairs: tuple[str, float]) -> list[dict[str, Any]]:
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


def answer(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    text: str,
    intent: str,
    ranking: list[dict[str, Any]],
) -> None:
    tracker = make_tracker(text, intent)
    tracker.latest_message["intent_ranking"] = ranking
    ActionAnswerTopic().run(dispatcher, tracker, domain)


def test_the_worry_raised_first_is_answered_even_when_diet_picked_the_later_one(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    ranking = ranked(("ask_senco", 0.74), ("ask_friendships", 0.17))
    answer(make_tracker, dispatcher, domain, FRIENDS_THEN_SENCO, "ask_senco", ranking)

    assert texts(dispatcher)[0] == topic_reply(kb.topics["friendships"])
    assert topic_reply(kb.topics["senco"]) not in texts(dispatcher)
    offer = dispatcher.messages[-1]
    assert offer["response"] == "utter_also_mentioned"
    assert offer["buttons"] == [{"title": kb.topics["senco"].title, "payload": "/ask_senco"}]


def test_diet_picking_the_first_worry_keeps_it_first(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    ranking = ranked(("ask_friendships", 0.9), ("ask_senco", 0.05))
    answer(make_tracker, dispatcher, domain, FRIENDS_THEN_SENCO, "ask_friendships", ranking)

    assert texts(dispatcher)[0] == topic_reply(kb.topics["friendships"])
    assert dispatcher.messages[-1]["buttons"] == [
        {"title": kb.topics["senco"].title, "payload": "/ask_senco"}
    ]


def test_a_run_on_message_about_one_worry_gets_no_second_offer(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    text = (
        "he moves up to secondary school in september and we have not visited yet so i "
        "want to know how the move will be planned and who will help him settle in"
    )
    ranking = ranked(("ask_transition_secondary", 0.95), ("ask_senco", 0.02))
    answer(make_tracker, dispatcher, domain, text, "ask_transition_secondary", ranking)

    assert "utter_also_mentioned" not in responses(dispatcher)


def test_one_guess_from_diet_is_filled_up_to_two_by_meaning(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
) -> None:
    text = "the questions for the meeting"
    tracker = make_tracker(text, "nlu_fallback")
    tracker.latest_message["intent_ranking"] = ranked(
        ("nlu_fallback", 0.45), ("deny", 0.3), ("ask_senco", 0.08), ("greet", 0.05)
    )
    ActionKindFallback().run(dispatcher, tracker, domain)

    assert responses(dispatcher) == ["utter_did_you_mean"]
    payloads = [b["payload"].lstrip("/") for b in dispatcher.messages[0]["buttons"]]
    guesses = payloads[:-2]
    assert guesses[0] == "ask_senco"
    assert 2 <= len(guesses) <= MAX_GUESSES
    assert "ask_questions_to_ask" in guesses
    assert payloads[-2:] == ["something_else", "ask_local_support"]
    assert guesses.count("ask_local_support") == 0


def test_filling_stops_at_two_unless_the_third_reads_clearly_as_the_message() -> None:
    nearest = [("ask_senco", 0.7), ("ask_local_support", 0.6), ("greet", 0.6), ("complain", 0.3)]
    assert filled_guesses(["ask_masking"], nearest, "ask_local_support") == [
        "ask_masking",
        "ask_senco",
    ]
    nearest = [("ask_senco", 0.7), ("ask_friendships", 0.55), ("complain", 0.54)]
    assert filled_guesses(["ask_masking"], nearest, "ask_local_support") == [
        "ask_masking",
        "ask_senco",
        "ask_friendships",
    ]


def test_nearest_topics_are_topic_intents_best_first() -> None:
    nearest = nearest_topics("who is the senco at my sons school")
    assert nearest[0][0] == "ask_senco"
    scores = [score for _, score in nearest]
    assert scores == sorted(scores, reverse=True)
