"""EHC triage: five questions, then the knowledge engine's recommendation with its reasons."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import ehc_plan_note, knowledge, parse_age
from actions.forms import GuidedFormValidation, left_early, say_left
from actions.outcome import triage_outcome
from knowledge import (
    EHC_QUESTION_FIELDS,
    EhcAnswers,
    recommendation_reply,
    topic_reply,
    triage_ehc,
)

# The form's slots are the knowledge triage's question fields, so the two cannot drift apart.
TRIAGE_SLOTS = EHC_QUESTION_FIELDS


class ValidateEhcTriageForm(GuidedFormValidation):
    form = "ehc_triage_form"


class ActionEhcRecommendation(Action):
    """Gives the recommendation, then clears the answers so the triage can be run again."""

    def name(self) -> str:
        return "action_ehc_recommendation"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if left_early(tracker, "ehc_triage_form"):
            say_left(dispatcher, tracker)
            return [SlotSet(slot, None) for slot in TRIAGE_SLOTS]
        kb = knowledge()
        age = parse_age(tracker.get_slot("age"))  # the form's last message is an answer
        answers = EhcAnswers(
            on_sen_support=tracker.get_slot("on_sen_support"),
            has_support_plan=tracker.get_slot("has_support_plan"),
            review_cycles=tracker.get_slot("review_cycles"),
            specialists_involved=tracker.get_slot("specialists_involved"),
            progress=tracker.get_slot("progress"),
            age=age,
        )
        recommendation = triage_ehc(answers, kb.triage)
        plan_note = ehc_plan_note(kb, tracker, whole_session=True)
        if plan_note:
            dispatcher.utter_message(text=plan_note)
        gathered = {field: getattr(answers, field) for field in TRIAGE_SLOTS}
        if age is not None:
            gathered["age"] = age
        dispatcher.utter_message(
            text=recommendation_reply(recommendation),
            json_message=triage_outcome("ehc", gathered, recommendation.code),
        )
        who_can_request = kb.topic_for_intent("ask_ehc_who_can_request")
        if who_can_request is not None:
            dispatcher.utter_message(text=topic_reply(who_can_request))
        dispatcher.utter_message(response="utter_after_triage")
        return [SlotSet(slot, None) for slot in TRIAGE_SLOTS]
