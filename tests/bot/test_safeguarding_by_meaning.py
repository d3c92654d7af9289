"""In the bot, a crisis told in everyday words (no phrase lists it, NLU took it for something
else) is never answered as if it were ordinary: the crisis contacts come first, once, and a
form does not take the words as an answer. And the model's safeguarding_risk alone, below the
confidence the knowledge trusts, needs the words to agree."""

from __future__ import annotations

import asyncio
from typing import Any

from bot_support import TrackerFactory, texts
from rasa_sdk.events import ActiveLoop
from rasa_sdk.executor import CollectingDispatcher

from actions.ehc_triage import ValidateEhcTriageForm
from actions.fallback import ActionKindFallback
from actions.safeguarding import ActionSafeguarding
from actions.topics import ActionAnswerTopic
from knowledge import Knowledge, detect_risk, not_understood_reply, safeguarding_message
from semantic.crisis import find_risk

EVERYDAY_CRISIS = "yes and he says the world would be better without him in it"


def test_the_words_are_a_risk_by_meaning_only(kb: Knowledge) -> None:
    assert detect_risk(EVERYDAY_CRISIS, kb.safeguarding) is None
    assert find_risk(EVERYDAY_CRISIS, kb) is not None


def test_a_form_answer_that_carries_a_crisis_gets_the_contacts_and_fills_nothing(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    tracker = make_tracker(
        EVERYDAY_CRISIS,
        "affirm",
        slots={"requested_slot": "has_support_plan"},
        active_loop="ehc_triage_form",
    )
    events = asyncio.run(ValidateEhcTriageForm().run(dispatcher, tracker, domain))

    assert not [e for e in events if e.get("name") == "has_support_plan" and e.get("value")]
    assert texts(dispatcher) == [safeguarding_message(kb.safeguarding)]


def test_a_topic_answer_puts_the_contacts_first(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    message = "she masks all day at school and she keeps burning her arm with matches"
    assert detect_risk(message, kb.safeguarding) is None
    ActionAnswerTopic().run(dispatcher, make_tracker(message, "ask_masking"), domain)

    assert texts(dispatcher)[0] == safeguarding_message(kb.safeguarding)
    assert texts(dispatcher).count(safeguarding_message(kb.safeguarding)) == 1


def test_the_fallback_gives_only_the_contacts(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    tracker = make_tracker("someone is making my son do things on webcam", "out_of_scope")
    ActionKindFallback().run(dispatcher, tracker, domain)

    assert texts(dispatcher) == [safeguarding_message(kb.safeguarding)]


def _with_confidence(tracker: Any, confidence: float) -> Any:
    tracker.latest_message["intent"]["confidence"] = confidence
    return tracker


def test_the_model_alone_not_sure_enough_is_a_misreading_not_a_crisis(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    # the shared model reads this as safeguarding_risk at 0.98
    tracker = _with_confidence(
        make_tracker("his PE kit has gone missing", "safeguarding_risk"), 0.98
    )
    events = ActionSafeguarding().run(dispatcher, tracker, domain)

    assert texts(dispatcher) == [not_understood_reply(kb.council)]
    assert ActiveLoop(None) in events


def test_the_model_not_sure_but_the_words_mean_a_crisis_gets_the_contacts(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    tracker = _with_confidence(make_tracker(EVERYDAY_CRISIS, "safeguarding_risk"), 0.6)
    ActionSafeguarding().run(dispatcher, tracker, domain)

    assert texts(dispatcher) == [safeguarding_message(kb.safeguarding)]


def test_the_model_very_sure_is_enough_on_its_own(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    confidence = kb.safeguarding.model_alone_confidence
    assert find_risk("it is bad at home", kb) is None  # the model's word alone
    tracker = _with_confidence(make_tracker("it is bad at home", "safeguarding_risk"), confidence)
    ActionSafeguarding().run(dispatcher, tracker, domain)

    assert texts(dispatcher) == [safeguarding_message(kb.safeguarding)]
