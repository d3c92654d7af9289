"""Assess, plan, do, review, one step at a time: the parent asks for the next step or stops."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import knowledge, latest_intent
from knowledge import Knowledge, Topic, topic_reply

STEP_TOPICS = ("apdr_assess", "apdr_plan", "apdr_do", "apdr_review")
NEXT_BUTTONS = [
    {"title": "Next step", "payload": "/affirm"},
    {"title": "Stop here", "payload": "/deny"},
]


def step_topics(kb: Knowledge) -> list[Topic]:
    """The four step topics, in order; an error names any the content lacks."""
    missing = [topic_id for topic_id in STEP_TOPICS if topic_id not in kb.topics]
    if missing:
        raise LookupError(f"knowledge lacks the APDR step topics {', '.join(missing)}")
    return [kb.topics[topic_id] for topic_id in STEP_TOPICS]


class ActionExplainApdr(Action):
    """`apdr_step` holds the number (1-4) of the step to show next, or None."""

    def name(self) -> str:
        return "action_explain_apdr"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kb = knowledge()
        if latest_intent(tracker) == "ask_graduated_approach":
            overview = kb.topic_for_intent("ask_graduated_approach")
            if overview is not None:
                dispatcher.utter_message(text=topic_reply(overview))
            dispatcher.utter_message(response="utter_apdr_offer")
            return [SlotSet("apdr_step", 1)]

        step = tracker.get_slot("apdr_step")
        if not isinstance(step, int | float) or not 1 <= step <= len(STEP_TOPICS):
            dispatcher.utter_message(response="utter_anything_else")
            return [SlotSet("apdr_step", None)]
        number = int(step)
        topic = step_topics(kb)[number - 1]
        text = f"**Step {number} of {len(STEP_TOPICS)}: {topic.title}**\n\n{topic_reply(topic)}"
        if number < len(STEP_TOPICS):
            dispatcher.utter_message(text=text, buttons=NEXT_BUTTONS)
            return [SlotSet("apdr_step", number + 1)]
        dispatcher.utter_message(text=text)
        dispatcher.utter_message(response="utter_apdr_done")
        return [SlotSet("apdr_step", None)]
