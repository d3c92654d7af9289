"""Safeguarding: crisis contacts first, whatever else was going on.

The assistant never asks about or weighs the risk; it gives the same contacts every time and
stops any form, so the next question is not asked as if nothing had been said.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import advice_service_button, is_payload, knowledge, latest_text
from actions.outcome import safeguarding_outcome
from knowledge import Knowledge, not_understood_reply, safeguarding_message
from semantic.crisis import find_risk


def contacts_first_if_at_risk(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """A safety net for messages NLU did not classify as safeguarding_risk.

    If the words match a safeguarding phrase from the knowledge, or mean what one of its crisis
    examples means (semantic.crisis, the same check the API runs), the crisis contacts are sent
    before anything else. Returns whether they were sent.
    """
    text = latest_text(tracker)
    kb = knowledge()
    if not text or is_payload(text) or find_risk(text, kb) is None:
        return False
    dispatcher.utter_message(
        text=safeguarding_message(kb.safeguarding), json_message=safeguarding_outcome()
    )
    return True


def model_is_sure_enough(tracker: Tracker, kb: Knowledge) -> bool:
    """Whether the model's safeguarding_risk is enough on its own (a button, or very sure).

    Below the knowledge's confidence, the model's word needs the phrases or the meaning to
    agree: alone it raised many false alarms on ordinary messages ("his PE kit has gone
    missing") and caught almost nothing the safety net missed (README, safeguarding).
    """
    text = latest_text(tracker)
    confidence = (tracker.latest_message.get("intent") or {}).get("confidence") or 0.0
    return is_payload(text) or float(confidence) >= kb.safeguarding.model_alone_confidence


class ActionSafeguarding(Action):
    def name(self) -> str:
        return "action_safeguarding"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kb = knowledge()
        text = latest_text(tracker)
        if model_is_sure_enough(tracker, kb) or find_risk(text, kb) is not None:
            dispatcher.utter_message(
                text=safeguarding_message(kb.safeguarding),
                buttons=[advice_service_button(kb)],
                json_message=safeguarding_outcome(),
            )
        else:
            # The model alone, not sure enough, and nothing in the words: a misreading.
            dispatcher.utter_message(text=not_understood_reply(kb.council))
        return [ActiveLoop(None), SlotSet("requested_slot", None)]
