"""Question suggester: the questions from the knowledge bank that fit the parent's stage."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answers import parent_stage_answer
from actions.common import answer_or_unrecognised, knowledge, typed_answer
from knowledge import STAGES, Knowledge, questions_reply, suggest_questions

# A school stage that means the child is about to change school.
_MOVING_UP = re.compile(r"secondary|year (6|six|7|seven)|high school|big school|transition")


def stage_from_school_stage(school_stage: Any) -> str | None:
    """A child in year 6 or moving to secondary needs the transition questions."""
    if school_stage and _MOVING_UP.search(str(school_stage).lower()):
        return "moving_to_secondary"
    return None


# What the parent has asked about in this conversation says which questions matter most.
CONCERN_OF_INTENT = {
    "concern_progress": "progress",
    "ask_progress_check": "progress",
    "ask_no_progress": "progress",
    "ask_sen_support": "support",
    "ask_extra_support": "support",
    "ask_support_plan": "support",
    "ask_meeting_frequency": "meetings",
    "ask_support_at_home": "home",
    "ask_friendships": "friendships",
    "ask_outside_agencies": "specialists",
    "ask_masking": "wellbeing",
    "ask_transition_secondary": "transition",
    "ask_ehc_assessment": "ehc",
    "ask_ehc_should_request": "ehc",
    "ask_ehc_who_can_request": "ehc",
    "ask_ehc_timeline": "ehc",
}


def concerns_for(kb: Knowledge, tracker: Tracker) -> list[str]:
    """Concerns from the parent's questions so far, in the question bank's vocabulary."""
    found: dict[str, None] = {}
    for event in tracker.events:
        if event.get("event") != "user":
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        concern = CONCERN_OF_INTENT.get(str(intent))
        if concern in kb.questions.concerns:
            found.setdefault(concern, None)
    return list(found)


class ValidateQuestionsForm(FormValidationAction):
    def name(self) -> str:
        return "validate_questions_form"

    def extract_parent_stage(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.get_slot("parent_stage") is None:
            # "what should I ask, she's in year 6" needs no extra question
            known = stage_from_school_stage(tracker.get_slot("school_stage"))
            if known:
                return {"parent_stage": known}
        text = typed_answer(tracker, "parent_stage")
        if text is None:
            return {}
        answer = answer_or_unrecognised(tracker, parent_stage_answer(text))
        return {"parent_stage": answer} if answer else {}

    def validate_parent_stage(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value in STAGES:
            return {"parent_stage": value}
        dispatcher.utter_message(response="utter_choose_an_option")
        return {"parent_stage": None}


class ActionSuggestQuestions(Action):
    def name(self) -> str:
        return "action_suggest_questions"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kb = knowledge()
        stage = tracker.get_slot("parent_stage")
        concerns = concerns_for(kb, tracker)
        questions = suggest_questions(kb, stage, concerns)
        dispatcher.utter_message(text=questions_reply(questions))
        return [SlotSet("parent_stage", None)]
