"""Answers to questions: the knowledge topic for the parent's intent, word for word."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    child_age,
    ehc_plan_note,
    knowledge,
    latest_entities,
    latest_intent,
    outside_england_note,
    related_buttons,
)
from actions.safeguarding import contacts_first_if_at_risk
from actions.worries import intents_answered_by_topic, offer_topic, two_worries_of
from knowledge import (
    WHERE_GUIDE_APPLIES_TOPIC,
    Knowledge,
    explain_mentions,
    find_mentions,
    is_young_person,
    topic_reply,
)

logger = logging.getLogger(__name__)

# Intents where a young person's own right to ask for an EHC needs assessment matters.
EHC_INTENTS = frozenset({"ask_ehc_assessment", "ask_ehc_who_can_request", "ask_ehc_timeline"})


def young_person_note(kb: Knowledge, intent: str | None, age: int | None) -> str | None:
    """For a young person (16 to 24, knowledge.ages): they can ask for an assessment themselves."""
    if intent not in EHC_INTENTS or not is_young_person(age):
        return None
    topic = kb.topics.get("young_person_request")
    return topic_reply(topic) if topic is not None else None


def answer_topic(dispatcher: CollectingDispatcher, tracker: Tracker, intent: str | None) -> bool:
    """The knowledge topic for ``intent`` with what fits this family; False if there is none."""
    kb = knowledge()
    topic = kb.topic_for_intent(intent) if intent else None
    if topic is None:
        return False
    # A family outside England, or a child who already has a plan, needs what fits them
    # before the general answer.
    if topic.id != WHERE_GUIDE_APPLIES_TOPIC:
        where = outside_england_note(kb, tracker)
        if where:
            dispatcher.utter_message(text=where)
    plan_note = ehc_plan_note(kb, tracker)
    if plan_note:
        dispatcher.utter_message(text=plan_note)
    dispatcher.utter_message(text=topic_reply(topic), buttons=related_buttons(kb, topic))
    note = young_person_note(kb, intent, child_age(tracker))
    if note:
        dispatcher.utter_message(text=note)
    mentions = find_mentions(kb.glossary, latest_entities(tracker))
    words = explain_mentions(mentions, kb.topics, answering=topic.id)
    if words:
        dispatcher.utter_message(text=words)
    return True


class ActionAnswerTopic(Action):
    def name(self) -> str:
        return "action_answer_topic"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        contacts_first_if_at_risk(dispatcher, tracker)
        intent = latest_intent(tracker)
        both = two_worries_of(tracker, intent)
        # Two worries in one message: the one the parent raised first is answered, the other
        # offered last, whichever of them the model picked. A first worry with a form of its own
        # (a concern, a complaint) is offered instead: its button starts the form.
        if both and both.first != intent and both.first in intents_answered_by_topic():
            first, second = both.first, intent
        elif both:
            first, second = intent, both.second if both.first == intent else both.first
        else:
            first, second = intent, None
        if not answer_topic(dispatcher, tracker, first):
            # A content gap, not the parent's fault: say what we can help with instead.
            logger.error("no knowledge topic answers intent %r", first)
            dispatcher.utter_message(response="utter_help")
            return []
        if second:
            offer_topic(dispatcher, second)
        return []
