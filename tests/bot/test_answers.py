"""Inside a form, whatever a parent types gets somewhere: an answer, one clarifying question,
"not sure" and on, leaving, starting again, or the form stepping aside for a question.

Real validation and ask actions, the real domain and knowledge, a real CollectingDispatcher;
trackers shaped as Rasa sends them to the action server.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from bot_support import TrackerFactory, responses, texts
from rasa_sdk import Action
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher

from actions.complaints import ActionComplaintNextStep, ValidateComplaintForm
from actions.concern import ActionConcernNextStep, ValidateConcernForm
from actions.ehc_triage import ActionEhcRecommendation, ValidateEhcTriageForm
from actions.forms import AskFormQuestion, GuidedFormValidation
from actions.questions import ActionSuggestQuestions, ValidateQuestionsForm
from knowledge import (
    Knowledge,
    clarifying_text,
    complaint_step_reply,
    next_complaint_step,
    question_buttons,
    safeguarding_message,
)

VALIDATORS: dict[str, GuidedFormValidation] = {
    "concern_form": ValidateConcernForm(),
    "ehc_triage_form": ValidateEhcTriageForm(),
    "complaint_form": ValidateComplaintForm(),
    "questions_form": ValidateQuestionsForm(),
}
FIRST_SLOT = {
    "concern_form": "concern_stage",
    "ehc_triage_form": "on_sen_support",
    "complaint_form": "complaint_tried",
    "questions_form": "parent_stage",
}


def validate(
    form: str,
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    text: str,
    intent: str,
    slot: str | None = None,
    slots: dict[str, Any] | None = None,
    entities: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    asked = slot or FIRST_SLOT[form]
    tracker = make_tracker(
        text,
        intent,
        slots={"requested_slot": asked, **(slots or {})},
        active_loop=form,
        entities=entities or [],
    )
    return asyncio.run(VALIDATORS[form].run(dispatcher, tracker, domain))


def registered_actions() -> dict[str, Any]:
    """The actions the action server would run, by name (as their objects)."""
    executor = ActionExecutor()
    executor.register_package("actions")
    return {name: run.__self__ for name, run in executor.actions.items()}


# --- the forms and their questions come from knowledge ------------------------------------------


def test_the_domain_forms_ask_the_knowledge_questions_in_order(
    domain: dict[str, Any], kb: Knowledge
) -> None:
    for form_id, form in kb.forms.forms.items():
        assert tuple(domain["forms"][form_id]["required_slots"]) == form.slots
        for slot in form.slots:
            assert f"action_ask_{slot}" in domain["actions"]
            # the wording lives in knowledge only, so it cannot drift from the typed answers
            assert f"utter_ask_{slot}" not in domain["responses"]


def test_every_form_question_has_a_registered_ask_action(kb: Knowledge) -> None:
    actions = registered_actions()
    for form in kb.forms.forms.values():
        assert f"validate_{form.id}" in actions
        for slot in form.slots:
            assert f"action_ask_{slot}" in actions
    assert not [name for name in actions if name in ("action_ask_", "validate_")]


def test_each_question_is_asked_with_its_buttons(
    make_tracker: TrackerFactory, domain: dict[str, Any], kb: Knowledge
) -> None:
    for slot in (s for f in kb.forms.forms.values() for s in f.slots):
        dispatcher = CollectingDispatcher()
        action = registered_actions()[f"action_ask_{slot}"]
        assert isinstance(action, AskFormQuestion)
        action.run(dispatcher, make_tracker("hello", "greet"), domain)
        question = kb.forms.question(slot)
        assert texts(dispatcher) == [question.text]
        assert dispatcher.messages[0]["buttons"] == question_buttons(question)


def test_the_button_payloads_are_unchanged(kb: Knowledge) -> None:
    # the API's quick replies and the adviser console read these payloads
    buttons = question_buttons(kb.forms.question("review_cycles"))
    assert [b["payload"] for b in buttons] == [
        '/inform{"review_cycles":"none"}',
        '/inform{"review_cycles":"one"}',
        '/inform{"review_cycles":"two"}',
        '/inform{"review_cycles":"three_or_more"}',
        '/inform{"review_cycles":"not_sure"}',
    ]


# --- typed answers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "slot", "text", "intent", "expected"),
    [
        ("concern_form", "concern_stage", "no", "deny", "nothing_yet"),
        ("concern_form", "concern_stage", "not that I know of", "deny", "nothing_yet"),
        ("concern_form", "concern_stage", "not really", "deny", "nothing_yet"),
        ("ehc_triage_form", "progress", "no", "deny", "little_or_none"),
        ("ehc_triage_form", "review_cycles", "3 reviews this year", "inform", "three_or_more"),
        ("ehc_triage_form", "specialists_involved", "the EP has seen him", "inform", "yes"),
        # the descriptive answer, even if NLU heard a question about specialists
        (
            "ehc_triage_form",
            "specialists_involved",
            "the EP hasn't seen him",
            "ask_outside_agencies",
            "no",
        ),
        (
            "complaint_form",
            "complaint_tried",
            "we've already been through the school's complaints procedure",
            "complain",
            "formal_complaint",
        ),
        ("questions_form", "parent_stage", "dunno", "inform", "not_sure"),
    ],
)
def test_typed_answers_fill_the_question(
    form: str,
    slot: str,
    text: str,
    intent: str,
    expected: str,
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
) -> None:
    events = validate(form, make_tracker, dispatcher, domain, text, intent, slot)
    assert events == [SlotSet(slot, expected), SlotSet("unclear_answers", 0)]
    assert dispatcher.messages == []


def test_a_pressed_button_fills_the_question(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    said = {"event": "user", "text": '/inform{"progress":"some"}', "parse_data": {}}
    tracker = make_tracker(
        '/inform{"progress":"some"}',
        "inform",
        slots={"requested_slot": "progress"},
        active_loop="ehc_triage_form",
        # Rasa puts the slot the button's entity filled after the form's own events
        events=[said, {"event": "slot", "name": "progress", "value": "some"}],
    )
    events = asyncio.run(ValidateEhcTriageForm().run(dispatcher, tracker, domain))
    assert events == [SlotSet("progress", "some"), SlotSet("unclear_answers", 0)]


# --- one clarifying question, then "not sure" and on ------------------------------------------


@pytest.mark.parametrize("form", list(VALIDATORS))
def test_an_answer_not_understood_gets_one_clarifying_question_then_not_sure(
    form: str,
    make_tracker: TrackerFactory,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    slot = FIRST_SLOT[form]
    first = CollectingDispatcher()
    events = validate(form, make_tracker, first, domain, "purple elephants", "inform")
    assert events == [SlotSet(slot, None), SlotSet("unclear_answers", 1)]

    # the form then asks again: the plain-words question with every option, and the buttons
    asked = CollectingDispatcher()
    tracker = make_tracker(
        "purple elephants", "inform", slots={"unclear_answers": 1, "requested_slot": slot}
    )
    registered_actions()[f"action_ask_{slot}"].run(asked, tracker, domain)
    question = kb.forms.question(slot)
    assert texts(asked) == [clarifying_text(question, kb.forms)]
    assert asked.messages[0]["buttons"] == question_buttons(question)

    second = CollectingDispatcher()
    events = validate(
        form, make_tracker, second, domain, "green", "inform", slots={"unclear_answers": 1}
    )
    assert events == [SlotSet(slot, "not_sure"), SlotSet("unclear_answers", 0)]
    assert texts(second) == ["I'll put that down as not sure and move on."]


def test_after_a_digression_the_question_is_asked_plainly_again(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    said = {"event": "user", "text": "what is a senco", "parse_data": {}}
    answered = [
        said,
        {"event": "action", "name": "action_answer_topic"},
        {"event": "bot", "text": "A SENCO is..."},
    ]
    tracker = make_tracker(
        "what is a senco",
        "ask_senco",
        slots={"unclear_answers": 1, "requested_slot": "concern_stage"},
        events=answered,
    )
    registered_actions()["action_ask_concern_stage"].run(dispatcher, tracker, domain)
    assert texts(dispatcher)[0].startswith("I'm sorry you're worried.")


# --- stepping aside, leaving, starting again ----------------------------------------------------


@pytest.mark.parametrize(
    ("form", "text", "intent"),
    [
        ("concern_form", "sorry what is a senco", "ask_senco"),
        ("ehc_triage_form", "what is an iep?", "ask_support_plan"),
        ("complaint_form", "can the dfe make the school change its decision", "ask_complaint_dfe"),
        ("questions_form", "how often should we meet", "ask_meeting_frequency"),
        # another flow: the rules start it
        ("concern_form", "i want to make a complaint", "complain"),
        # a crisis is never an answer: the safety rule answers it
        ("complaint_form", "my child said someone at school hurt them", "safeguarding_risk"),
    ],
)
def test_the_form_steps_aside_for_questions_other_flows_and_safeguarding(
    form: str,
    text: str,
    intent: str,
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
) -> None:
    # no events: Rasa rejects the form, the rules answer, then the form asks again
    assert validate(form, make_tracker, dispatcher, domain, text, intent) == []
    assert dispatcher.messages == []


def test_words_nlu_only_guessed_were_a_question_are_an_unclear_answer(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    # "it's a long story" once came back as the EHC timelines, and the question again
    tracker = make_tracker(
        "it's a long story",
        "ask_ehc_timeline",
        slots={"requested_slot": "complaint_tried"},
        active_loop="complaint_form",
    )
    tracker.latest_message["intent"]["confidence"] = 0.41
    events = asyncio.run(ValidateComplaintForm().run(dispatcher, tracker, domain))
    assert events == [SlotSet("complaint_tried", None), SlotSet("unclear_answers", 1)]


@pytest.mark.parametrize(("text", "intent"), [("purple", "help"), ("kdkdkd jjj", "greet")])
def test_words_the_assistant_never_learnt_are_an_unclear_answer_whatever_the_intent(
    text: str,
    intent: str,
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
) -> None:
    # the model once read "purple" as a request for help: the help text, and the question again
    events = validate("ehc_triage_form", make_tracker, dispatcher, domain, text, intent)
    assert events == [SlotSet("on_sen_support", None), SlotSet("unclear_answers", 1)]


def test_a_crisis_nlu_missed_is_never_an_answer_and_its_contacts_come_first(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    text = "yes and she says she wants to die"
    events = validate("ehc_triage_form", make_tracker, dispatcher, domain, text, "affirm")
    assert texts(dispatcher) == [safeguarding_message(kb.safeguarding)]
    # no answer is taken from it, and the form ends there: its next question is not asked
    slots = kb.forms.forms["ehc_triage_form"].slots
    assert events == [
        *(SlotSet(slot, None) for slot in slots),
        SlotSet("unclear_answers", 0),
        SlotSet("requested_slot", None),
    ]


@pytest.mark.parametrize("text", ["stop", "cancel", "something else", "forget it", "Stop please"])
@pytest.mark.parametrize("form", list(VALIDATORS))
def test_a_parent_can_leave_any_form(
    form: str,
    text: str,
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    events = validate(form, make_tracker, dispatcher, domain, text, "deny")
    slots = kb.forms.forms[form].slots
    assert events == [
        *(SlotSet(slot, None) for slot in slots),
        SlotSet("unclear_answers", 0),
        SlotSet("requested_slot", None),  # ends the form
    ]


def test_the_something_else_button_leaves_the_form(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    events = validate(
        "complaint_form", make_tracker, dispatcher, domain, "/something_else", "something_else"
    )
    assert SlotSet("requested_slot", None) in events


@pytest.mark.parametrize(
    ("form", "text", "intent"),
    [
        ("concern_form", "start again", "inform"),
        ("ehc_triage_form", "can we start over", "nlu_fallback"),
        ("questions_form", "what should i ask at the meeting", "ask_questions_to_ask"),
        ("ehc_triage_form", "should we ask for an ehc assessment?", "ask_ehc_should_request"),
        ("complaint_form", "i want to complain about the school", "complain"),
        ("concern_form", "/concern_progress", "concern_progress"),
    ],
)
def test_start_again_or_the_same_flow_again_restarts_it_from_the_first_question(
    form: str,
    text: str,
    intent: str,
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    slots = kb.forms.forms[form].slots
    answered = {slot: "not_sure" for slot in slots[:-1]}
    events = validate(
        form, make_tracker, dispatcher, domain, text, intent, slot=slots[-1], slots=answered
    )
    assert events == [*(SlotSet(slot, None) for slot in slots), SlotSet("unclear_answers", 0)]
    assert texts(dispatcher) == ["OK, let's start again from the first question."]


def test_a_form_starts_clean_after_one_left_part_way(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    said = {"event": "user", "text": "should we ask for an ehcp", "parse_data": {}}
    tracker = make_tracker(
        "should we ask for an ehcp",
        "ask_ehc_should_request",
        slots={"on_sen_support": "yes", "requested_slot": "has_support_plan"},
        events=[said, {"event": "active_loop", "name": "ehc_triage_form"}],
    )
    events = asyncio.run(ValidateEhcTriageForm().run(dispatcher, tracker, domain))
    assert SlotSet("on_sen_support", None) in events
    assert dispatcher.messages == []


# --- the finish actions after a form was left -------------------------------------------------


@pytest.mark.parametrize(
    ("action", "slots"),
    [
        (ActionConcernNextStep(), {}),
        (ActionEhcRecommendation(), {"on_sen_support": "yes", "has_support_plan": "no"}),
        (ActionComplaintNextStep(), {}),
        (ActionSuggestQuestions(), {}),
    ],
)
def test_a_form_left_early_gets_no_advice_only_what_next(
    action: Action,
    slots: dict[str, Any],
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
) -> None:
    action.run(dispatcher, make_tracker("stop", "deny", slots=slots), domain)
    assert responses(dispatcher) == ["utter_form_left"]
    assert texts(dispatcher) == []
    assert domain["responses"]["utter_form_left"][0]["buttons"]


def test_not_sure_on_the_complaint_ladder_starts_at_the_first_step_and_says_so(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    tracker = make_tracker("/inform", "inform", slots={"complaint_tried": "not_sure"})
    ActionComplaintNextStep().run(dispatcher, tracker, domain)
    said = texts(dispatcher)
    assert said[0] == kb.forms.messages.ladder_not_sure
    assert said[1] == complaint_step_reply(next_complaint_step([], kb.complaint_ladder))
    for step in kb.complaint_ladder[1:]:
        assert f"- {step.title}" in said[2]


def test_not_sure_of_the_stage_gets_general_questions_and_says_so(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    tracker = make_tracker("/inform", "inform", slots={"parent_stage": "not_sure"})
    ActionSuggestQuestions().run(dispatcher, tracker, domain)
    said = texts(dispatcher)
    assert said[0] == kb.forms.messages.stage_not_sure
    assert said[1].startswith("You could ask the school:")
    assert said[1].count("\n- ") == 6
