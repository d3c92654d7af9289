"""Question suggester: the questions from the knowledge bank that fit the parent's stage."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import knowledge
from actions.forms import NOT_SURE, GuidedFormValidation, left_early, say_left
from knowledge import Knowledge, Question, interpret_answer, questions_reply, suggest_questions

MOVING_UP = "moving_to_secondary"


def stage_from_school_stage(school_stage: Any) -> str | None:
    """A child in year 6 or moving to secondary needs the transition questions (read with the
    stage question's own words, so "year 6" means the same here as typed in the form)."""
    if not school_stage:
        return None
    forms = knowledge().forms
    stage = interpret_answer(forms.question("parent_stage"), str(school_stage), forms)
    return MOVING_UP if stage == MOVING_UP else None


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


class ValidateQuestionsForm(GuidedFormValidation):
    form = "questions_form"

    def prefilled_on_start(self, tracker: Tracker) -> dict[str, Any]:
        # "what should I ask, she's in year 6" needs no extra question
        known = stage_from_school_stage(tracker.get_slot("school_stage"))
        return {"parent_stage": known} if known else {}


def general_questions(kb: Knowledge, concerns: list[str], limit: int = 6) -> list[Question]:
    """For a parent not sure of their stage: the questions that fit the most stages, those
    about the parent's own worries first."""
    wanted = set(concerns)
    ranked = sorted(
        enumerate(kb.questions.questions),
        key=lambda pair: (
            -len(wanted.intersection(pair[1].concerns)),
            -len(pair[1].stages),
            pair[0],
        ),
    )
    return [question for _, question in ranked[:limit]]


class ActionSuggestQuestions(Action):
    def name(self) -> str:
        return "action_suggest_questions"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if left_early(tracker, "questions_form"):
            say_left(dispatcher, tracker)
            return []
        kb = knowledge()
        stage = tracker.get_slot("parent_stage")
        concerns = concerns_for(kb, tracker)
        if stage == NOT_SURE:
            dispatcher.utter_message(text=kb.forms.messages.stage_not_sure)
            questions = general_questions(kb, concerns)
        else:
            questions = suggest_questions(kb.questions, stage, concerns)
        dispatcher.utter_message(text=questions_reply(questions))
        return [SlotSet("parent_stage", None)]
