""" "Did you mean...?": when the model is unsure, the likeliest topics as buttons in plain words.

Rasa's FallbackClassifier turns an unsure reading (top confidence below its threshold, or the
top two intents too close together) into ``nlu_fallback``, but the message's ``intent_ranking``
still holds the intent classifier's own ranking under it. The topics behind the best-ranked
intents are offered by their titles in `knowledge/`, with "Something else" and "Talk to a
person", so a parent whose words were nearly understood is one press away from the answer.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import Button, advice_service_button, knowledge, topic_buttons
from knowledge import Knowledge

SOMETHING_ELSE = "something_else"
# Intents that are not a topic a parent could mean: replies, small talk and the ones with
# a path of their own. Topic buttons also need a knowledge topic, which these have not; the
# list says so out loud rather than relying on it.
NOT_A_TOPIC = frozenset(
    {
        "affirm",
        "deny",
        "inform",
        "greet",
        "goodbye",
        "thank",
        "out_of_scope",
        "nlu_fallback",
        "safeguarding_risk",
        SOMETHING_ELSE,
    }
)
# The classifier spreads its confidence over all intents; below this an intent is noise, not a
# guess worth a button.
MIN_GUESS_CONFIDENCE = 0.05
MAX_GUESSES = 3
# "The two or three likeliest topics" (issue 10): when the model's ranking gives fewer than two,
# the topics nearest the message by meaning (actions/worries.py's index) fill up to two; a
# third from meaning only when the message reads clearly as it (the second-worry check's
# own bar, actions/worries.py MIN_SIMILARITY).
MIN_GUESSES = 2
CLEAR_MEANING = 0.50
# With no topic in the model's ranking, guesses by meaning alone need a message that says something.
MIN_WORDS_TO_GUESS_BY_MEANING = 4


def likely_topic_intents(message: dict[str, Any], kb: Knowledge) -> list[str]:
    """The intents, best first, of up to three topics the parent may have meant."""
    intents: list[str] = []
    for ranked in message.get("intent_ranking") or []:
        name = ranked.get("name")
        confidence = ranked.get("confidence") or 0.0
        if not isinstance(name, str) or name in NOT_A_TOPIC or name in intents:
            continue
        if confidence < MIN_GUESS_CONFIDENCE or kb.topic_for_intent(name) is None:
            continue
        intents.append(name)
        if len(intents) == MAX_GUESSES:
            break
    return intents


def filled_guesses(likely: list[str], nearest: list[tuple[str, float]], person: str) -> list[str]:
    """DIET's guesses, then the nearest topics by meaning (best first) up to two, or three
    when the third reads clearly as the message. ``person`` is the intent of "Talk to a
    person", always offered, so never a guess as well."""
    guesses = list(likely)
    for intent, similarity in nearest:
        if len(guesses) >= MAX_GUESSES:
            break
        if intent in guesses or intent in NOT_A_TOPIC or intent == person:
            continue
        if len(guesses) < MIN_GUESSES or similarity >= CLEAR_MEANING:
            guesses.append(intent)
    return guesses


def something_else_button() -> Button:
    return {"title": "Something else", "payload": f"/{SOMETHING_ELSE}"}


def did_you_mean_buttons(kb: Knowledge, intents: list[str]) -> list[Button]:
    """The guessed topics by their titles, then "Something else" and "Talk to a person"."""
    topic_ids = [topic.id for name in intents if (topic := kb.topic_for_intent(name))]
    guesses = topic_buttons(kb, topic_ids, limit=MAX_GUESSES)
    person = {**advice_service_button(kb), "title": "Talk to a person"}
    return [*guesses, something_else_button(), person]


def offer_did_you_mean(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Offer the likeliest topics; False (nothing said) when there is no topic to guess."""
    kb = knowledge()
    intents = likely_topic_intents(tracker.latest_message, kb)
    if len(intents) < MIN_GUESSES:
        # The model sure of a non-topic reading ("inform" at 0.97 for "we had the meeting and the
        # plan thing") ranks no topic at all: the meaning index still knows what is near.
        from actions.worries import nearest_topics  # worries imports this module

        text = str(tracker.latest_message.get("text") or "")
        person = advice_service_button(kb)["payload"].lstrip("/")
        # ... but a filler ("ok hmm") is near nothing in particular: guessing would be noise
        if intents or len(text.split()) >= MIN_WORDS_TO_GUESS_BY_MEANING:
            intents = filled_guesses(intents, nearest_topics(text), person)
    if not intents:
        return False
    dispatcher.utter_message(
        response="utter_did_you_mean", buttons=did_you_mean_buttons(kb, intents)
    )
    return True


def offered_something_else(tracker: Tracker) -> bool:
    """Whether the assistant's last message offered "Something else" (a "did you mean")."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            buttons = (event.get("data") or {}).get("buttons") or []
            return any(b.get("payload") == f"/{SOMETHING_ELSE}" for b in buttons)
    return False
