"""Complaint ladder: find what has been tried, give the next step (teacher, SENCO, formal
complaint, DfE) and, at the top of the ladder, what the DfE can and cannot do."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answers import complaint_tried_answer
from actions.common import answer_or_unrecognised, ehc_plan_note, knowledge, typed_answer
from knowledge import complaint_step_reply, next_complaint_step, topic_reply

# "nothing" means no rung has been tried yet; the others are the ladder's step ids.
COMPLAINT_TRIED_VALUES = ("nothing", "teacher", "senco", "formal_complaint", "dfe")


def rungs_tried(highest: str) -> list[str]:
    """Everything up to the highest rung tried: the ladder is climbed in order."""
    ladder = COMPLAINT_TRIED_VALUES[1:]
    if highest not in ladder:
        return []
    return list(ladder[: ladder.index(highest) + 1])


class ValidateComplaintForm(FormValidationAction):
    def name(self) -> str:
        return "validate_complaint_form"

    def extract_complaint_tried(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = typed_answer(tracker, "complaint_tried")
        if text is None:
            return {}
        answer = answer_or_unrecognised(tracker, complaint_tried_answer(text))
        return {"complaint_tried": answer} if answer else {}

    def validate_complaint_tried(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value in COMPLAINT_TRIED_VALUES:
            return {"complaint_tried": value}
        dispatcher.utter_message(response="utter_choose_an_option")
        return {"complaint_tried": None}


class ActionComplaintNextStep(Action):
    def name(self) -> str:
        return "action_complaint_next_step"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kb = knowledge()
        tried = rungs_tried(str(tracker.get_slot("complaint_tried")))
        step = next_complaint_step(tried, kb)
        # With an EHC plan the council, not only the school, must put the help in place.
        plan_note = ehc_plan_note(kb, tracker, whole_session=True)
        if plan_note:
            dispatcher.utter_message(text=plan_note)
        dispatcher.utter_message(text=complaint_step_reply(step))
        if step.id == "dfe":
            dfe = kb.topic_for_intent("ask_complaint_dfe")
            if dfe is not None:
                dispatcher.utter_message(text=topic_reply(dfe, with_detail=True))
        dispatcher.utter_message(response="utter_anything_else")
        return [SlotSet("complaint_tried", None)]
