"""What every guided question does, whichever form asks it.

- It is asked from knowledge/content/forms.yml (``action_ask_<slot>``): the question, its
  buttons, and after an answer that was not understood, ONE clarifying question restating the
  options in plain words. A second miss is taken as "not sure", and the parent is told so.
- A typed answer is read by ``knowledge.interpret_answer``; a pressed button fills the slot
  through its entity, as before.
- "stop", "something else" leave the form (its finish action then says so and offers what
  next); "start again", or asking for the same flow again, restarts it from question 1.
- A question about something else (a topic intent), another flow, or a safeguarding worry
  makes the form step aside (Rasa's form rejection): the rules answer it, safeguarding first,
  and the form then asks its question again.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import is_payload, knowledge, latest_intent, latest_text
from actions.nonsense import looks_like_nonsense
from actions.safeguarding import contacts_first_if_at_risk
from knowledge import (
    Form,
    FormQuestion,
    clarifying_text,
    control_word,
    interpret_answer,
    looks_like_a_question,
    question_buttons,
)
from semantic.crisis import find_risk

UNCLEAR_SLOT = "unclear_answers"
NOT_SURE = "not_sure"
# Intents of messages meant as an answer: words under these that answer nothing are a miss
# (clarify, then "not sure") rather than a question about something else.
ANSWER_INTENTS = frozenset({"inform", "affirm", "deny", "nlu_fallback", "out_of_scope"})
# "Something else" from the "did you mean...?" buttons: the parent wants out of the form.
LEAVE_INTENTS = frozenset({"something_else"})
# Below this confidence, a topic intent on words that do not read as a question ("it's a long
# story", "honestly it's complicated") is an unclear answer, not a question to answer.
SURE_OF_A_QUESTION = 0.8
# Intents that are never taken for an answer, however unsure NLU was.
_NEVER_ANSWERS = frozenset(
    {"greet", "goodbye", "thank", "bot_challenge", "ask_local_support", "safeguarding_risk"}
)
# Actions that run between a parent's message and the form's validation of it.
_BEFORE_VALIDATION = frozenset({"action_listen", "action_extract_slots"})


def _events_since_user(tracker: Tracker) -> list[dict[str, Any]]:
    events = list(tracker.events)
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") == "user":
            return events[index + 1 :]
    return events


def unclear_count(tracker: Tracker) -> int:
    value = tracker.get_slot(UNCLEAR_SLOT)
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0


def is_activating(tracker: Tracker, form: str) -> bool:
    """Whether the form is being started by the latest message (Rasa validates on activation)."""
    return any(
        event.get("event") == "active_loop" and event.get("name") == form
        for event in _events_since_user(tracker)
    )


def answers_latest_message(tracker: Tracker, form: str) -> bool:
    """False when the form runs again after another action answered the message (a digression):
    then there is nothing new to validate."""
    allowed = _BEFORE_VALIDATION | {form, f"validate_{form}"}
    return all(
        event.get("name") in allowed
        for event in _events_since_user(tracker)
        if event.get("event") == "action"
    )


def said_something_since_user(tracker: Tracker) -> bool:
    return any(event.get("event") == "bot" for event in _events_since_user(tracker))


def at_risk(tracker: Tracker, text: str) -> bool:
    """A message that raises a safeguarding worry is never an answer: the safety rule goes first."""
    if latest_intent(tracker) == "safeguarding_risk":
        return True
    return bool(text) and not is_payload(text) and find_risk(text, knowledge()) is not None


class AskFormQuestion(Action, ABC):
    """``action_ask_<slot>``: the question with its buttons, or the clarifying question."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The form slot this action asks for."""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        forms = knowledge().forms
        question = forms.question(self.slot)
        buttons = question_buttons(question)
        # clarify only straight after the miss: after a digression the question is asked afresh
        if unclear_count(tracker) == 1 and not said_something_since_user(tracker):
            dispatcher.utter_message(text=clarifying_text(question, forms), buttons=buttons)
        else:
            dispatcher.utter_message(text=question.text, buttons=buttons)
        return []


class GuidedFormValidation(FormValidationAction):
    """``validate_<form>``: decides what the latest message means for the form's question."""

    @property
    @abstractmethod
    def form(self) -> str:
        """The form (in knowledge/content/forms.yml and the domain) this action validates."""

    def name(self) -> str:
        return f"validate_{self.form}"

    def prefilled_on_start(self, tracker: Tracker) -> dict[str, Any]:
        """Answers known before the first question (a form can say "year 6" means moving up)."""
        return {}

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        forms = knowledge().forms
        form = forms.forms[self.form]
        if is_activating(tracker, form.id):
            # a clean start: nothing left over from a run that was left part-way
            fresh = {slot: None for slot in form.slots} | self.prefilled_on_start(tracker)
            return [SlotSet(slot, value) for slot, value in fresh.items()] + [
                SlotSet(UNCLEAR_SLOT, 0)
            ]
        if not answers_latest_message(tracker, form.id):
            return []
        slot = tracker.get_slot("requested_slot")
        if slot not in form.slots:
            return []
        question = forms.question(slot)
        pressed = tracker.slots_to_validate().get(slot)
        if pressed is not None:
            if pressed in question.values:
                return self._accept(slot, pressed)
            return self._miss(dispatcher, tracker, slot)
        return self._typed(dispatcher, tracker, form, question)

    def _typed(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        form: Form,
        question: FormQuestion,
    ) -> list[dict[str, Any]]:
        forms = knowledge().forms
        text = latest_text(tracker)
        intent = latest_intent(tracker)
        if at_risk(tracker, text):
            if intent == "safeguarding_risk":
                return []  # the form steps aside and the safety rule answers and stops it
            # NLU missed the risk, the safety net did not: its contacts come first, here, and
            # the form stops, so its next question is not asked as if nothing had been said
            contacts_first_if_at_risk(dispatcher, tracker)
            return self._leave(form)
        if not is_payload(text):
            control = control_word(text, forms)
            if control == "restart":
                return self._restart(dispatcher, form)
            if control == "leave":
                return self._leave(form)
            if intent in ANSWER_INTENTS or not looks_like_a_question(text):
                value = interpret_answer(question, text, forms)
                if value is not None:
                    return self._accept(question.slot, value)
        if intent in LEAVE_INTENTS:
            return self._leave(form)
        if intent == form.start_intent:
            return self._restart(dispatcher, form)
        if (
            intent in ANSWER_INTENTS
            # letters at random, or words the assistant never learnt ("purple"), whatever
            # intent the model gave them, are an unclear answer, never a question
            or looks_like_nonsense(text)
            or self._unsure_topic(tracker, text, intent)
        ):
            return self._miss(dispatcher, tracker, question.slot)
        # a question, another flow, small talk: let the rules answer; the form asks again after
        return []

    @staticmethod
    def _unsure_topic(tracker: Tracker, text: str, intent: str | None) -> bool:
        """Words NLU only guessed were a question, that do not read as one, answer the form."""
        if intent is None or intent in _NEVER_ANSWERS or is_payload(text):
            return False
        if knowledge().forms.form_started_by(intent) is not None or looks_like_a_question(text):
            return False
        confidence = (tracker.latest_message.get("intent") or {}).get("confidence")
        return isinstance(confidence, int | float) and confidence < SURE_OF_A_QUESTION

    @staticmethod
    def _accept(slot: str, value: str) -> list[dict[str, Any]]:
        return [SlotSet(slot, value), SlotSet(UNCLEAR_SLOT, 0)]

    @staticmethod
    def _miss(
        dispatcher: CollectingDispatcher, tracker: Tracker, slot: str
    ) -> list[dict[str, Any]]:
        if unclear_count(tracker) == 0:
            # the ask action now restates the options in plain words
            return [SlotSet(slot, None), SlotSet(UNCLEAR_SLOT, 1)]
        dispatcher.utter_message(text=knowledge().forms.messages.moved_on)
        return [SlotSet(slot, NOT_SURE), SlotSet(UNCLEAR_SLOT, 0)]

    @staticmethod
    def _restart(dispatcher: CollectingDispatcher, form: Form) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=knowledge().forms.messages.restarted)
        return [SlotSet(slot, None) for slot in form.slots] + [SlotSet(UNCLEAR_SLOT, 0)]

    @staticmethod
    def _leave(form: Form) -> list[dict[str, Any]]:
        # the form ends here; its finish action sees the empty answers and offers what next
        return [SlotSet(slot, None) for slot in form.slots] + [
            SlotSet(UNCLEAR_SLOT, 0),
            SlotSet("requested_slot", None),
        ]


def left_early(tracker: Tracker, form_id: str) -> bool:
    """Whether a form finished without all its answers: the parent left it."""
    form = knowledge().forms.forms[form_id]
    return any(tracker.get_slot(slot) is None for slot in form.slots)


def say_left(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """What next, after a form the parent left; nothing after crisis contacts, which end it."""
    if at_risk(tracker, latest_text(tracker)):
        return
    dispatcher.utter_message(response="utter_form_left")


# One ask action per form question (rasa-sdk finds actions by class, so each is spelt out).
class ActionAskConcernStage(AskFormQuestion):
    slot = "concern_stage"


class ActionAskOnSenSupport(AskFormQuestion):
    slot = "on_sen_support"


class ActionAskHasSupportPlan(AskFormQuestion):
    slot = "has_support_plan"


class ActionAskReviewCycles(AskFormQuestion):
    slot = "review_cycles"


class ActionAskSpecialistsInvolved(AskFormQuestion):
    slot = "specialists_involved"


class ActionAskProgress(AskFormQuestion):
    slot = "progress"


class ActionAskComplaintTried(AskFormQuestion):
    slot = "complaint_tried"


class ActionAskParentStage(AskFormQuestion):
    slot = "parent_stage"
