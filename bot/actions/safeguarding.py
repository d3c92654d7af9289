"""Safeguarding: crisis contacts first, whatever else was going on.

The assistant never asks about or weighs the risk; it gives the same contacts every time and
stops any form, so the next question is not asked as if nothing had been said.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import advice_service_button, knowledge
from knowledge import safeguarding_message


class ActionSafeguarding(Action):
    def name(self) -> str:
        return "action_safeguarding"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kb = knowledge()
        dispatcher.utter_message(text=safeguarding_message(kb), buttons=[advice_service_button(kb)])
        return [ActiveLoop(None), SlotSet("requested_slot", None)]
