"""Kind replies when the guide does not understand or the question is outside what it covers.

A message the model was unsure of gets "did you mean...?" with its likeliest topics (see
actions/clarify.py); one it could not place at all, or one outside what the guide covers, says
honestly what the guide can help with and offers the local advice service. A second miss in a
row offers a person straight away.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.clarify import SOMETHING_ELSE, offer_did_you_mean, offered_something_else
from actions.common import (
    is_payload,
    knowledge,
    latest_intent,
    latest_text,
    outside_england_note,
)
from actions.local_support import local_support_text
from actions.nonsense import looks_like_nonsense
from actions.safeguarding import contacts_first_if_at_risk
from actions.topics import answer_topic
from actions.worries import offer_topic, two_worries_when_unsure
from knowledge import reply_to_offer

# "Something else" says the guesses missed, so a miss after it is the second in a row.
MISUNDERSTOOD = frozenset({"nlu_fallback", "out_of_scope", SOMETHING_ELSE})
# "Something else" with no guesses before it is a vague message the model took for it.
UNSURE = frozenset({"nlu_fallback", SOMETHING_ELSE})


def misses_in_a_row(tracker: Tracker) -> int:
    """How many of the latest user messages, counting back, were not understood."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = (event.get("parse_data") or {}).get("intent") or {}
        nonsense = looks_like_nonsense(str(event.get("text") or ""))
        if intent.get("name") not in MISUNDERSTOOD and not nonsense:
            break
        count += 1
    return count


def last_offer(tracker: Tracker) -> list[dict[str, Any]]:
    """The buttons of the assistant's last message before the parent's latest one, if any."""
    past_latest_message = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            if past_latest_message:
                return []
            past_latest_message = True
        elif kind == "bot" and past_latest_message:
            return list((event.get("data") or {}).get("buttons") or [])
    return []


def answered_an_offer(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """A "yes" or "not sure" to the choices just offered ("Would you like to know X, or talk to
    someone?") gets the same choices again with a question, instead of "anything else?" or
    guesses at a topic; says whether it did."""
    text = latest_text(tracker)
    if is_payload(text):
        return False
    reply = reply_to_offer(text, knowledge().forms)
    if reply is None and latest_intent(tracker) == "affirm" and len(text.split()) <= 3:
        reply = "yes"  # "ok", "go on then": the model's yes, short enough to be only that
    buttons = last_offer(tracker)
    if reply not in ("yes", "not_sure") or not buttons:
        return False
    only = str(buttons[0].get("payload") or "") if len(buttons) == 1 else ""
    # "yes" to the one topic offered ("You also mentioned: the SENCO. Would you like to read
    # about that too?") is that topic's answer, as if its button were pressed
    if (
        reply == "yes"
        and re.fullmatch(r"/\w+", only)
        and answer_topic(dispatcher, tracker, only[1:])
    ):
        return True
    response = "utter_which_offer" if reply == "yes" else "utter_not_sure_offer"
    dispatcher.utter_message(response=response, buttons=buttons)
    return True


def kind_fallback(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    if answered_an_offer(dispatcher, tracker):
        return
    if misses_in_a_row(tracker) >= 2:
        dispatcher.utter_message(response="utter_offer_human")
        dispatcher.utter_message(text=local_support_text(knowledge()))
    elif latest_intent(tracker) in UNSURE and not looks_like_nonsense(latest_text(tracker)):
        unsure_between(dispatcher, tracker)
    else:
        dispatcher.utter_message(
            response="utter_not_understood",
            advice_service=knowledge().council.advice_service.short_name,
        )


def unsure_between(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The model was unsure: two worries at once get the first answered and the second
    offered; otherwise "did you mean...?", or the honest reply when there is nothing to guess."""
    both = two_worries_when_unsure(latest_text(tracker), tracker.latest_message)
    if both and answer_topic(dispatcher, tracker, both[0]):
        offer_topic(dispatcher, both[1])
    elif not offer_did_you_mean(dispatcher, tracker):
        dispatcher.utter_message(
            response="utter_not_understood",
            advice_service=knowledge().council.advice_service.short_name,
        )


class ActionKindFallback(Action):
    def name(self) -> str:
        return "action_kind_fallback"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if contacts_first_if_at_risk(dispatcher, tracker):
            return []
        where = outside_england_note(knowledge(), tracker)
        if where:
            dispatcher.utter_message(text=where)
        kind_fallback(dispatcher, tracker)
        return []


class ActionAnythingElse(Action):
    """A "yes", "no" or answer with nothing to answer; or letters at random the model took
    for one, which get the kind not-understood reply instead of a cheerful "anything else?"."""

    def name(self) -> str:
        return "action_anything_else"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        where = outside_england_note(knowledge(), tracker)
        if where:
            # "we live in Cardiff" read as an answer: that changes what the guide can say
            dispatcher.utter_message(text=where)
        elif answered_an_offer(dispatcher, tracker):
            pass
        elif looks_like_nonsense(latest_text(tracker)):
            kind_fallback(dispatcher, tracker)
        elif self._says_something(tracker) and offer_did_you_mean(dispatcher, tracker):
            pass  # words read as an answer with no question asked: the parent meant something
        else:
            dispatcher.utter_message(response="utter_anything_else")
        return []

    @staticmethod
    def _says_something(tracker: Tracker) -> bool:
        """More than a short "yes"/"no"/"ok": an "inform" of four words or more, outside any
        question, is a statement the model could not place, not an answer to nothing."""
        return latest_intent(tracker) == "inform" and len(latest_text(tracker).split()) >= 4


class ActionSomethingElse(Action):
    """None of the guesses fitted: ask for other words, kindly, and keep a person in reach.

    Vague words ("the school thing") can read as "something else" with nothing offered
    before; those are treated as a message the model was unsure of.
    """

    def name(self) -> str:
        return "action_something_else"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if contacts_first_if_at_risk(dispatcher, tracker):
            return []
        if not offered_something_else(tracker) and not is_payload(latest_text(tracker)):
            kind_fallback(dispatcher, tracker)
            return []
        dispatcher.utter_message(
            response="utter_something_else",
            advice_service=knowledge().council.advice_service.short_name,
        )
        return []
