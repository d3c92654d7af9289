"""EHC triage: five questions, then the knowledge engine's recommendation with its reasons."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answers import progress_answer, review_cycles_answer, yes_no_answer
from actions.common import (
    answer_or_unrecognised,
    ehc_plan_note,
    knowledge,
    latest_intent,
    parse_age,
    typed_answer,
)
from knowledge import (
    ANSWERS,
    EHC_QUESTION_FIELDS,
    PROGRESS,
    REVIEW_CYCLES,
    EhcAnswers,
    recommendation_reply,
    topic_reply,
    triage_ehc,
)

# The form's slots are the knowledge triage's question fields, so the two cannot drift apart.
TRIAGE_SLOTS = EHC_QUESTION_FIELDS
YOUNG_PERSON_MIN_AGE = 16


def _checked(
    slot: str, value: Any, choices: tuple[str, ...], dispatcher: CollectingDispatcher
) -> dict[str, Any]:
    if value in choices:
        return {slot: value}
    dispatcher.utter_message(response="utter_choose_an_option")
    return {slot: None}


class ValidateEhcTriageForm(FormValidationAction):
    def name(self) -> str:
        return "validate_ehc_triage_form"

    def _yes_no(self, slot: str, tracker: Tracker) -> dict[str, Any]:
        text = typed_answer(tracker, slot)
        if text is None:
            return {}
        answer = answer_or_unrecognised(tracker, yes_no_answer(text, latest_intent(tracker)))
        return {slot: answer} if answer else {}

    def extract_on_sen_support(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._yes_no("on_sen_support", tracker)

    def extract_has_support_plan(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._yes_no("has_support_plan", tracker)

    def extract_specialists_involved(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._yes_no("specialists_involved", tracker)

    def extract_review_cycles(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = typed_answer(tracker, "review_cycles")
        if text is None:
            return {}
        answer = answer_or_unrecognised(tracker, review_cycles_answer(text))
        return {"review_cycles": answer} if answer else {}

    def extract_progress(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = typed_answer(tracker, "progress")
        if text is None:
            return {}
        answer = answer_or_unrecognised(tracker, progress_answer(text))
        return {"progress": answer} if answer else {}

    def validate_on_sen_support(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return _checked("on_sen_support", value, ANSWERS, dispatcher)

    def validate_has_support_plan(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return _checked("has_support_plan", value, ANSWERS, dispatcher)

    def validate_specialists_involved(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return _checked("specialists_involved", value, ANSWERS, dispatcher)

    def validate_review_cycles(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return _checked("review_cycles", value, REVIEW_CYCLES, dispatcher)

    def validate_progress(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return _checked("progress", value, PROGRESS, dispatcher)


class ActionEhcRecommendation(Action):
    """Gives the recommendation, then clears the answers so the triage can be run again."""

    def name(self) -> str:
        return "action_ehc_recommendation"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
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
        recommendation = triage_ehc(answers, kb)
        plan_note = ehc_plan_note(kb, tracker, whole_session=True)
        if plan_note:
            dispatcher.utter_message(text=plan_note)
        dispatcher.utter_message(text=recommendation_reply(recommendation))
        who_can_request = kb.topic_for_intent("ask_ehc_who_can_request")
        if who_can_request is not None:
            dispatcher.utter_message(text=topic_reply(who_can_request))
        dispatcher.utter_message(response="utter_after_triage")
        return [SlotSet(slot, None) for slot in TRIAGE_SLOTS]
