"""Complaint ladder: find what has been tried, give the next step (teacher, SENCO, formal
complaint, DfE) and, at the top of the ladder, what the DfE can and cannot do."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import ehc_plan_note, knowledge
from actions.forms import NOT_SURE, GuidedFormValidation, left_early, say_left
from knowledge import complaint_step_reply, next_complaint_step, topic_reply


class ValidateComplaintForm(GuidedFormValidation):
    form = "complaint_form"


class ActionComplaintNextStep(Action):
    def name(self) -> str:
        return "action_complaint_next_step"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if left_early(tracker, "complaint_form"):
            say_left(dispatcher, tracker)
            return []
        kb = knowledge()
        answer = str(tracker.get_slot("complaint_tried"))
        # "nothing" and "not sure" start at the first rung; otherwise the answer is the highest
        # rung reached (knowledge.COMPLAINT_TRIED).
        rung = [step.id for step in kb.complaint_ladder if step.id == answer]
        step = next_complaint_step(rung, kb.complaint_ladder)
        # With an EHC plan the council, not only the school, must put the help in place.
        plan_note = ehc_plan_note(kb, tracker, whole_session=True)
        if plan_note:
            dispatcher.utter_message(text=plan_note)
        if answer == NOT_SURE:
            # the sensible default: the first rung, and the order of the ones after it
            messages = kb.forms.messages
            later = "\n".join(f"- {s.title}" for s in kb.complaint_ladder if s.id != step.id)
            dispatcher.utter_message(text=messages.ladder_not_sure)
            dispatcher.utter_message(text=complaint_step_reply(step))
            dispatcher.utter_message(text=f"{messages.ladder_after}\n{later}")
        else:
            dispatcher.utter_message(text=complaint_step_reply(step))
        if step.is_last:  # the DfE
            dfe = kb.topic_for_intent("ask_complaint_dfe")
            if dfe is not None:
                dispatcher.utter_message(text=topic_reply(dfe, with_detail=True))
        dispatcher.utter_message(response="utter_anything_else")
        return [SlotSet("complaint_tried", None)]
