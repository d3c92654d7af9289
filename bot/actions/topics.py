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
from actions.worries import offer_second_worry
from knowledge import (
    WHERE_GUIDE_APPLIES_TOPIC,
    Knowledge,
    explain_mentions,
    find_mentions,
    topic_reply,
)

logger = logging.getLogger(__name__)

YOUNG_PERSON_MIN_AGE = 16
YOUNG_PERSON_MAX_AGE = 25
# Intents where a young person's own right to ask for an EHC needs assessment matters.
EHC_INTENTS = frozenset({"ask_ehc_assessment", "ask_ehc_who_can_request", "ask_ehc_timeline"})


def young_person_note(kb: Knowledge, intent: str | None, age: int | None) -> str | None:
    """For a young person aged 16 to 25: they can ask for an assessment themselves."""
    if intent not in EHC_INTENTS or age is None:
        return None
    if not YOUNG_PERSON_MIN_AGE <= age <= YOUNG_PERSON_MAX_AGE:
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
        if not answer_topic(dispatcher, tracker, intent):
            # A content gap, not the parent's fault: say what we can help with instead.
            logger.error("no knowledge topic answers intent %r", intent)
            dispatcher.utter_message(response="utter_help")
            return []
        # Two worries in one message: the first is answered above, the second offered last.
        offer_second_worry(dispatcher, tracker, intent)
        return []
