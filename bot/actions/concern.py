"""Concern walkthrough: what has happened so far decides the next step on the usual path
(teacher and parents' evening, SENCO, SEN support plan, specialists, EHC needs assessment),
with the questions that fit the parent's stage."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import knowledge
from actions.forms import GuidedFormValidation, left_early, say_left
from actions.questions import stage_from_school_stage
from knowledge import Knowledge, Topic, questions_reply, suggest_questions, topic_reply

CONCERN_STAGES = ("nothing_yet", "teacher", "senco", "support_plan", "specialists", "not_sure")

# The path of the seed "I'm concerned about my child's progress": where the parent is now
# -> (the next step, the knowledge topic explaining it, the question stage that fits).
NEXT_STEP: dict[str, tuple[str, tuple[str, ...], str]] = {
    "nothing_yet": ("teacher", ("concern_step_teacher", "intent:concern_progress"), "early"),
    "not_sure": ("teacher", ("concern_step_teacher", "intent:concern_progress"), "early"),
    "teacher": ("senco", ("concern_step_senco", "intent:ask_senco"), "early"),
    "senco": (
        "support_plan",
        ("concern_step_support_plan", "intent:ask_support_plan"),
        "on_support",
    ),
    "support_plan": (
        "specialists",
        ("concern_step_specialists", "intent:ask_outside_agencies"),
        "on_support",
    ),
    "specialists": ("ehc", ("concern_step_ehc", "intent:ask_no_progress"), "ehc"),
}


def step_topic(kb: Knowledge, candidates: tuple[str, ...]) -> Topic:
    """The first candidate topic the knowledge has: a topic id, or `intent:<name>`."""
    for candidate in candidates:
        if candidate.startswith("intent:"):
            topic = kb.topic_for_intent(candidate.removeprefix("intent:"))
        else:
            topic = kb.topics.get(candidate)
        if topic is not None:
            return topic
    raise LookupError(f"knowledge has none of the topics {', '.join(candidates)}")


class ValidateConcernForm(GuidedFormValidation):
    form = "concern_form"


class ActionConcernNextStep(Action):
    def name(self) -> str:
        return "action_concern_next_step"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if left_early(tracker, "concern_form"):
            say_left(dispatcher, tracker)
            return []
        kb = knowledge()
        step, candidates, question_stage = NEXT_STEP[str(tracker.get_slot("concern_stage"))]
        question_stage = stage_from_school_stage(tracker.get_slot("school_stage")) or question_stage
        topic = step_topic(kb, candidates)
        # the walkthrough's own step topics are titled as steps already
        step_titled = topic.id.startswith("concern_step_")
        heading = topic.title if step_titled else f"Next step: {topic.title}"
        dispatcher.utter_message(text=f"**{heading}**\n\n{topic_reply(topic)}")
        questions = suggest_questions(kb.questions, question_stage, limit=4)
        dispatcher.utter_message(text=questions_reply(questions))
        follow_up = "utter_concern_follow_up_ehc" if step == "ehc" else "utter_concern_follow_up"
        dispatcher.utter_message(response=follow_up)
        return [SlotSet("concern_stage", None)]
