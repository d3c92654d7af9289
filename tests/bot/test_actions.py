"""Custom actions: what a parent would see, built from the real knowledge and domain."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import yaml
from bot_support import BOT, TrackerFactory, responses, texts
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.apdr import STEP_TOPICS, ActionExplainApdr
from actions.complaints import ActionComplaintNextStep, ValidateComplaintForm
from actions.concern import ActionConcernNextStep, ValidateConcernForm
from actions.ehc_triage import TRIAGE_SLOTS, ActionEhcRecommendation, ValidateEhcTriageForm
from actions.fallback import ActionAnythingElse, ActionKindFallback
from actions.greet import ActionGreet
from actions.local_support import ActionLocalSupport
from actions.questions import ActionSuggestQuestions, ValidateQuestionsForm
from actions.safeguarding import ActionSafeguarding
from actions.topics import ActionAnswerTopic
from knowledge import (
    EHC_PLAN_TOPIC,
    WHERE_GUIDE_APPLIES_TOPIC,
    EhcAnswers,
    Knowledge,
    complaint_step_reply,
    next_complaint_step,
    questions_reply,
    recommendation_reply,
    safeguarding_message,
    suggest_questions,
    topic_reply,
    triage_ehc,
)

TOPIC_RULES = yaml.safe_load((BOT / "data" / "rules" / "topics.yml").read_text())["rules"]
TOPIC_INTENTS = [rule["steps"][0]["intent"] for rule in TOPIC_RULES]


def run_form_validation(action: Any, *args: Any) -> list[dict[str, Any]]:
    return asyncio.run(action.run(*args))


def test_greeting_names_the_council(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    events = ActionGreet().run(dispatcher, make_tracker("hello", "greet"), domain)
    assert events == []
    assert responses(dispatcher) == ["utter_greet"]
    assert dispatcher.messages[0]["council_name"] == kb.council.name
    assert "{council_name}" in domain["responses"]["utter_greet"][0]["text"]


@pytest.mark.parametrize("intent", TOPIC_INTENTS)
def test_every_question_is_answered_from_its_knowledge_topic(
    intent: str,
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    topic = kb.topic_for_intent(intent)
    assert topic is not None, f"knowledge has no topic for {intent}"
    ActionAnswerTopic().run(dispatcher, make_tracker("a question", intent), domain)
    assert texts(dispatcher) == [topic_reply(topic)]
    assert "Source:" in texts(dispatcher)[0]
    for button in dispatcher.messages[0]["buttons"]:
        assert button["payload"].lstrip("/") in domain["intents"]


def test_a_17_year_old_hears_they_can_request_an_assessment_themselves(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    tracker = make_tracker(
        "my son is 17 can he ask for an ehc assessment himself",
        "ask_ehc_who_can_request",
        slots={"age": "17"},
    )
    ActionAnswerTopic().run(dispatcher, tracker, domain)
    assert texts(dispatcher)[-1] == topic_reply(kb.topics["young_person_request"])


# Children and Families Act 2014 s.83(2): a young person is 16 to 24. The topic answer and the
# triage must agree on both boundaries.
@pytest.mark.parametrize(
    ("age", "young_person"), [(15, False), (16, True), (24, True), (25, False)]
)
def test_the_topic_answer_and_the_triage_agree_on_who_is_a_young_person(
    age: int,
    young_person: bool,
    make_tracker: TrackerFactory,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    note = topic_reply(kb.topics["young_person_request"])
    answer = CollectingDispatcher()
    tracker = make_tracker(
        "can they ask themselves", "ask_ehc_who_can_request", slots={"age": str(age)}
    )
    ActionAnswerTopic().run(answer, tracker, domain)
    assert (note in texts(answer)) is young_person

    answers = {
        "on_sen_support": "yes",
        "has_support_plan": "yes",
        "review_cycles": "one",
        "specialists_involved": "no",
        "progress": "some",
    }
    triage = CollectingDispatcher()
    tracker = make_tracker("/inform", "inform", slots={**answers, "age": str(age)})
    ActionEhcRecommendation().run(triage, tracker, domain)
    reasons = kb.triage.reasons
    assert (reasons["young_person_can_request"].text in texts(triage)[0]) is young_person
    assert (reasons["over_25"].text in texts(triage)[0]) is (age >= 25)


def test_a_younger_child_gets_no_young_person_note(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    tracker = make_tracker("who can ask", "ask_ehc_who_can_request", slots={"age": "9 years old"})
    ActionAnswerTopic().run(dispatcher, tracker, domain)
    assert len(texts(dispatcher)) == 1


def test_an_answer_explains_the_words_the_parent_used(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    text = "how often should the sendco meet us, my ds has ASD and sees the EP"

    def found(label: str, words: str, value: str) -> dict[str, Any]:
        # as Rasa sends an entity: its synonym-mapped value and where the words are in the text
        start = text.index(words)
        return {"entity": label, "value": value, "start": start, "end": start + len(words)}

    entities = [
        found("professional", "sendco", "SENCO"),
        found("area_of_need", "ASD", "communication and interaction"),
        found("professional", "EP", "educational psychologist"),
    ]
    tracker = make_tracker(text, "ask_meeting_frequency", entities=entities)

    ActionAnswerTopic().run(dispatcher, tracker, domain)

    answer, words = texts(dispatcher)
    assert answer == topic_reply(kb.topics["meeting_frequency"])
    assert "**SENDCO** (SENCO)" in words
    assert "**ASD**" in words
    assert "**communication and interaction**" in words
    assert "**EP** (educational psychologist)" in words
    assert "Source: " in words


def test_an_answer_about_the_word_itself_does_not_explain_it_again(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    entities = [{"entity": "professional", "value": "SENCO", "start": 9, "end": 14}]  # "senco"
    tracker = make_tracker("what's a senco", "ask_senco", entities=entities)

    ActionAnswerTopic().run(dispatcher, tracker, domain)

    assert len(texts(dispatcher)) == 1


def test_safeguarding_gives_every_emergency_contact_and_stops_the_form(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    tracker = make_tracker(
        "my son says he wants to kill himself",
        "safeguarding_risk",
        slots={"requested_slot": "progress"},
        active_loop="ehc_triage_form",
    )
    events = ActionSafeguarding().run(dispatcher, tracker, domain)
    assert events == [ActiveLoop(None), SlotSet("requested_slot", None)]
    message = texts(dispatcher)[0]
    assert message == safeguarding_message(kb.safeguarding)
    for number in ("999", "111", "116 123", "0800 1111", "0808 800 5000"):
        assert number in message
    assert kb.council.children_social_care.phone in message


def test_local_support_lists_the_councils_services(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    ActionLocalSupport().run(
        dispatcher, make_tracker("talk to a person", "ask_local_support"), domain
    )
    message = texts(dispatcher)[0]
    for service in kb.council.services:
        assert service.short_name in message
    assert kb.council.advice_service.contact.phone in message


# --- EHC triage --------------------------------------------------------------------------------


def test_triage_form_understands_typed_answers(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    tracker = make_tracker(
        "we've had 2 reviews",
        "inform",
        slots={
            "requested_slot": "review_cycles",
            "on_sen_support": "yes",
            "has_support_plan": "yes",
        },
        active_loop="ehc_triage_form",
    )
    events = run_form_validation(ValidateEhcTriageForm(), dispatcher, tracker, domain)
    assert SlotSet("review_cycles", "two") in events


def test_triage_form_accepts_not_sure(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    tracker = make_tracker(
        "no idea to be honest",
        "inform",
        slots={"requested_slot": "specialists_involved"},
        active_loop="ehc_triage_form",
    )
    events = run_form_validation(ValidateEhcTriageForm(), dispatcher, tracker, domain)
    assert SlotSet("specialists_involved", "not_sure") in events


def test_triage_form_asks_once_more_when_an_answer_is_not_understood(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    tracker = make_tracker(
        "purple", "inform", slots={"requested_slot": "progress"}, active_loop="ehc_triage_form"
    )
    events = run_form_validation(ValidateEhcTriageForm(), dispatcher, tracker, domain)
    # the question's ask action then restates the options in plain words
    assert events == [SlotSet("progress", None), SlotSet("unclear_answers", 1)]
    assert dispatcher.messages == []


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("my son says he wants to kill himself", "safeguarding_risk"),
        # even if NLU missed it, the safeguarding phrases stop the words being an answer
        ("yes and she says she wants to die", "affirm"),
        ("what is an iep", "ask_support_plan"),
    ],
)
def test_triage_form_steps_aside_for_safeguarding_and_questions(
    text: str,
    intent: str,
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
) -> None:
    tracker = make_tracker(
        text, intent, slots={"requested_slot": "has_support_plan"}, active_loop="ehc_triage_form"
    )
    events = run_form_validation(ValidateEhcTriageForm(), dispatcher, tracker, domain)
    # never taken for an answer (a crisis NLU missed ends the form, clearing its answers)
    assert not [e for e in events if e["name"] == "has_support_plan" and e["value"] is not None]


def test_recommendation_comes_from_the_triage_engine_and_clears_the_answers(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    answers = {
        "on_sen_support": "yes",
        "has_support_plan": "yes",
        "review_cycles": "three_or_more",
        "specialists_involved": "yes",
        "progress": "little_or_none",
    }
    tracker = make_tracker("/inform", "inform", slots={**answers, "age": "17 year old"})
    events = ActionEhcRecommendation().run(dispatcher, tracker, domain)
    expected = triage_ehc(EhcAnswers(**answers, age=17), kb.triage)
    assert expected.code == "consider_ehc_request"
    assert texts(dispatcher)[0] == recommendation_reply(expected)
    assert texts(dispatcher)[1] == topic_reply(kb.topic_for_intent("ask_ehc_who_can_request"))
    assert responses(dispatcher) == ["utter_after_triage"]
    assert events == [SlotSet(slot, None) for slot in TRIAGE_SLOTS]


def test_not_sure_everywhere_still_gets_a_recommendation(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    answers = dict.fromkeys(TRIAGE_SLOTS, "not_sure")
    ActionEhcRecommendation().run(
        dispatcher, make_tracker("/inform", "inform", slots=answers), domain
    )
    expected = triage_ehc(EhcAnswers(**answers), kb.triage)
    assert texts(dispatcher)[0] == recommendation_reply(expected)


def _said(text: str, intent: str | None = None) -> dict[str, Any]:
    parse_data: dict[str, Any] = {"text": text}
    if intent is not None:
        parse_data["intent"] = {"name": intent}
    return {"event": "user", "text": text, "parse_data": parse_data}


def test_a_child_who_has_a_plan_hears_what_fits_before_the_general_answer(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    text = "my son has an EHCP but the school isn't doing what it says"
    ActionAnswerTopic().run(dispatcher, make_tracker(text, "ask_ehc_assessment"), domain)

    plan, general = texts(dispatcher)
    assert plan == topic_reply(kb.topics[EHC_PLAN_TOPIC])
    assert general == topic_reply(kb.topic_for_intent("ask_ehc_assessment"))


def test_asking_how_to_get_a_plan_gets_no_plan_note(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    tracker = make_tracker("how do we get an EHCP", "ask_ehc_assessment")
    ActionAnswerTopic().run(dispatcher, tracker, domain)

    assert len(texts(dispatcher)) == 1


def test_the_plan_note_is_given_once_a_session(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    note = topic_reply(kb.topics[EHC_PLAN_TOPIC])
    text = "she's on an EHC plan, who can ask for a new assessment"
    said_before = [
        {"event": "session_started"},
        _said("she's on an ehc plan"),
        {"event": "bot", "text": note},
        _said(text),
    ]
    tracker = make_tracker(text, "ask_ehc_who_can_request", events=said_before)
    ActionAnswerTopic().run(dispatcher, tracker, domain)

    assert note not in texts(dispatcher)


def test_a_complaint_about_a_plan_says_the_council_has_the_duty(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    # said at the start of the complaint, two turns before the ladder's answer
    events = [
        {"event": "session_started"},
        _said("his EHCP says he gets 1:1 but he never does, I want to complain"),
        _said('/inform{"complaint_tried":"senco"}'),
    ]
    tracker = make_tracker(
        '/inform{"complaint_tried":"senco"}',
        "inform",
        slots={"complaint_tried": "senco"},
        events=events,
    )
    ActionComplaintNextStep().run(dispatcher, tracker, domain)

    assert texts(dispatcher)[0] == topic_reply(kb.topics[EHC_PLAN_TOPIC])
    assert texts(dispatcher)[1] == complaint_step_reply(
        next_complaint_step(["teacher", "senco"], kb.complaint_ladder)
    )


def test_an_earlier_session_does_not_count(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    events = [
        _said("my daughter has an EHCP"),
        {"event": "session_started"},
        _said('/inform{"complaint_tried":"nothing"}'),
    ]
    tracker = make_tracker(
        '/inform{"complaint_tried":"nothing"}',
        "inform",
        slots={"complaint_tried": "nothing"},
        events=events,
    )
    ActionComplaintNextStep().run(dispatcher, tracker, domain)

    assert not any(
        "already has an EHC plan" in t or "EHC plan, the council" in t for t in texts(dispatcher)
    )


# --- complaint ladder --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tried", "expected_step"),
    [
        ("nothing", "teacher"),
        ("teacher", "senco"),
        ("senco", "formal_complaint"),
        ("formal_complaint", "dfe"),
    ],
)
def test_complaint_ladder_gives_the_next_rung(
    tried: str,
    expected_step: str,
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    tracker = make_tracker("/inform", "inform", slots={"complaint_tried": tried})
    events = ActionComplaintNextStep().run(dispatcher, tracker, domain)
    step = next(s for s in kb.complaint_ladder if s.id == expected_step)
    assert texts(dispatcher)[0] == complaint_step_reply(step)
    assert events == [SlotSet("complaint_tried", None)]


def test_at_the_dfe_step_the_parent_hears_what_the_dfe_can_and_cannot_do(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    tracker = make_tracker("/inform", "inform", slots={"complaint_tried": "formal_complaint"})
    ActionComplaintNextStep().run(dispatcher, tracker, domain)
    dfe_topic = kb.topic_for_intent("ask_complaint_dfe")
    assert texts(dispatcher)[1] == topic_reply(dfe_topic, with_detail=True)


def test_complaint_form_understands_what_was_tried(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    tracker = make_tracker(
        "ive already talked to the senco",
        "inform",
        slots={"requested_slot": "complaint_tried"},
        active_loop="complaint_form",
    )
    events = run_form_validation(ValidateComplaintForm(), dispatcher, tracker, domain)
    assert SlotSet("complaint_tried", "senco") in events
    assert next_complaint_step(["teacher", "senco"], kb.complaint_ladder).id == "formal_complaint"


# --- concern walkthrough -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "topic_id"),
    [
        ("nothing_yet", "concern_step_teacher"),
        ("not_sure", "concern_step_teacher"),
        ("teacher", "concern_step_senco"),
        ("senco", "concern_step_support_plan"),
        ("support_plan", "concern_step_specialists"),
        ("specialists", "concern_step_ehc"),
    ],
)
def test_concern_walkthrough_gives_the_next_step_on_the_path(
    stage: str,
    topic_id: str,
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    tracker = make_tracker("/inform", "inform", slots={"concern_stage": stage})
    events = ActionConcernNextStep().run(dispatcher, tracker, domain)
    step = kb.topics[topic_id]
    assert texts(dispatcher)[0] == f"**{step.title}**\n\n{topic_reply(step)}"
    assert texts(dispatcher)[1].startswith("You could ask the school:")
    assert events == [SlotSet("concern_stage", None)]


def test_concern_walkthrough_for_a_child_moving_to_secondary_suggests_transition_questions(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    tracker = make_tracker(
        "/inform", "inform", slots={"concern_stage": "teacher", "school_stage": "secondary school"}
    )
    ActionConcernNextStep().run(dispatcher, tracker, domain)
    expected = suggest_questions(kb.questions, "moving_to_secondary", limit=4)
    assert texts(dispatcher)[1] == questions_reply(expected)


def test_concern_form_understands_typed_history(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    tracker = make_tracker(
        "an ed psych came in last term",
        "inform",
        slots={"requested_slot": "concern_stage"},
        active_loop="concern_form",
    )
    events = run_form_validation(ValidateConcernForm(), dispatcher, tracker, domain)
    assert SlotSet("concern_stage", "specialists") in events


# --- question suggester ------------------------------------------------------------------------


@pytest.mark.parametrize("stage", ["early", "on_support", "moving_to_secondary", "ehc"])
def test_suggested_questions_fit_the_stage(
    stage: str,
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    tracker = make_tracker("/inform", "inform", slots={"parent_stage": stage})
    events = ActionSuggestQuestions().run(dispatcher, tracker, domain)
    assert texts(dispatcher) == [questions_reply(suggest_questions(kb.questions, stage))]
    assert events == [SlotSet("parent_stage", None)]


def test_a_child_in_year_6_needs_no_stage_question(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    said = {"event": "user", "text": "what should i ask, she's in year 6", "parse_data": {}}
    tracker = make_tracker(
        "what should i ask, she's in year 6",
        "ask_questions_to_ask",
        slots={"school_stage": "year 6"},
        active_loop="questions_form",
        # Rasa validates the form as it starts it
        events=[said, {"event": "active_loop", "name": "questions_form"}],
    )
    events = run_form_validation(ValidateQuestionsForm(), dispatcher, tracker, domain)
    assert SlotSet("parent_stage", "moving_to_secondary") in events


# --- assess, plan, do, review ------------------------------------------------------------------


def test_apdr_starts_with_the_overview_and_offers_the_steps(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    tracker = make_tracker("explain apdr", "ask_graduated_approach")
    events = ActionExplainApdr().run(dispatcher, tracker, domain)
    assert texts(dispatcher) == [topic_reply(kb.topic_for_intent("ask_graduated_approach"))]
    assert responses(dispatcher) == ["utter_apdr_offer"]
    assert events == [SlotSet("apdr_step", 1)]


@pytest.mark.parametrize("number", [1, 2, 3])
def test_apdr_next_step_offers_next_or_stop(
    number: int,
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    tracker = make_tracker("next step", "affirm", slots={"apdr_step": number})
    events = ActionExplainApdr().run(dispatcher, tracker, domain)
    message = dispatcher.messages[0]
    assert topic_reply(kb.topics[STEP_TOPICS[number - 1]]) in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/affirm", "/deny"]
    assert events == [SlotSet("apdr_step", number + 1)]


def test_apdr_last_step_closes_the_cycle(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    tracker = make_tracker("yes", "affirm", slots={"apdr_step": 4})
    events = ActionExplainApdr().run(dispatcher, tracker, domain)
    assert topic_reply(kb.topics["apdr_review"]) in texts(dispatcher)[0]
    assert responses(dispatcher) == ["utter_apdr_done"]
    assert events == [SlotSet("apdr_step", None)]


# --- misunderstandings -------------------------------------------------------------------------


def _user(intent: str) -> dict[str, Any]:
    return {"event": "user", "parse_data": {"intent": {"name": intent}}}


def test_first_misunderstanding_says_what_the_guide_can_do(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    events = [
        _user("ask_senco"),
        {"event": "action", "name": "action_answer_topic"},
        _user("nlu_fallback"),
    ]
    tracker = make_tracker("asdfgh", "nlu_fallback", events=events)
    ActionKindFallback().run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_not_understood"]
    assert dispatcher.messages[0]["advice_service"] == kb.council.advice_service.short_name


def test_second_misunderstanding_in_a_row_offers_a_person(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    events = [
        _user("out_of_scope"),
        {"event": "action", "name": "action_kind_fallback"},
        _user("nlu_fallback"),
    ]
    tracker = make_tracker("qwerty", "nlu_fallback", events=events)
    ActionKindFallback().run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_offer_human"]
    assert kb.council.advice_service.contact.phone in texts(dispatcher)[-1]


@pytest.mark.parametrize("typed", ["kdkdkd", "asdfgh", "qwerty", "hfhfhf jdjd", "12345", "?!"])
def test_letters_at_random_are_not_taken_for_an_answer(
    typed: str,
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
) -> None:
    # the model read it as "affirm", but there is nothing in it to answer
    ActionAnythingElse().run(dispatcher, make_tracker(typed, "affirm"), domain)
    assert responses(dispatcher) == ["utter_not_understood"]


@pytest.mark.parametrize("typed", ["yes", "yep", "no thanks", "nope", "ok", "cheers"])
def test_a_short_answer_is_not_nonsense(
    typed: str,
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
) -> None:
    ActionAnythingElse().run(dispatcher, make_tracker(typed, "affirm"), domain)
    assert responses(dispatcher) == ["utter_anything_else"]


def test_nonsense_twice_in_a_row_offers_a_person(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    events = [
        _said("what is a senco", "ask_senco"),
        {"event": "action", "name": "action_answer_topic"},
        _said("kdkdkd", "affirm"),
        {"event": "action", "name": "action_anything_else"},
        _said("jdjdjd fff", "deny"),
    ]
    ActionAnythingElse().run(dispatcher, make_tracker("jdjdjd fff", "deny", events=events), domain)
    assert responses(dispatcher) == ["utter_offer_human"]
    assert kb.council.advice_service.contact.phone in texts(dispatcher)[-1]


def test_a_family_outside_england_hears_where_the_guide_applies_first(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    text = "we just moved to lisburn and he starts year 7 in september"
    ActionAnswerTopic().run(dispatcher, make_tracker(text, "ask_transition_secondary"), domain)

    where, answer = texts(dispatcher)[:2]
    assert where == topic_reply(kb.topics[WHERE_GUIDE_APPLIES_TOPIC])
    assert answer == topic_reply(kb.topic_for_intent("ask_transition_secondary"))


def test_where_the_guide_applies_is_said_once(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    where = topic_reply(kb.topics[WHERE_GUIDE_APPLIES_TOPIC])
    text = "we're in cardiff, what is sen support"
    events = [_said("we live in wales"), {"event": "bot", "text": where}, _said(text)]
    ActionAnswerTopic().run(
        dispatcher, make_tracker(text, "ask_sen_support", events=events), domain
    )
    assert where not in texts(dispatcher)

    asked = CollectingDispatcher()
    ActionAnswerTopic().run(
        asked, make_tracker("does this apply in wales", "ask_where_guide_applies"), domain
    )
    assert texts(asked) == [where]


def test_a_town_read_as_an_answer_gets_where_the_guide_applies(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    ActionAnythingElse().run(dispatcher, make_tracker("Swansea", "inform"), domain)
    assert texts(dispatcher) == [topic_reply(kb.topics[WHERE_GUIDE_APPLIES_TOPIC])]


def test_action_modules_do_no_work_at_import() -> None:
    # rasa-sdk imports every module of the package; content must load lazily
    for module in (BOT / "actions").glob("*.py"):
        source = Path(module).read_text()
        assert "load_knowledge(" not in source or module.name == "common.py", module.name


def test_a_question_that_also_raises_a_safeguarding_worry_gets_contacts_first(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    # NLU heard a question about masking; the words also say the child wants to die
    tracker = make_tracker(
        "she masks all day at school and says she wants to die when she gets home", "ask_masking"
    )
    ActionAnswerTopic().run(dispatcher, tracker, domain)
    assert texts(dispatcher)[0] == safeguarding_message(kb.safeguarding)
    assert texts(dispatcher)[1] == topic_reply(kb.topic_for_intent("ask_masking"))


def test_out_of_scope_words_with_a_safeguarding_worry_get_contacts(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    tracker = make_tracker("he keeps saying he wants to kill himself", "out_of_scope")
    ActionKindFallback().run(dispatcher, tracker, domain)
    assert texts(dispatcher) == [safeguarding_message(kb.safeguarding)]


def test_questions_put_the_parents_own_worries_first(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    asked_about_friends = {
        "event": "user",
        "parse_data": {"intent": {"name": "ask_friendships"}, "text": "he has no friends"},
    }
    tracker = make_tracker(
        "/inform", "inform", slots={"parent_stage": "early"}, events=[asked_about_friends]
    )
    ActionSuggestQuestions().run(dispatcher, tracker, domain)
    expected = suggest_questions(kb.questions, "early", ["friendships"])
    assert texts(dispatcher) == [questions_reply(expected)]
    assert "friends" in expected[0].text.lower()


def test_an_age_written_as_a_bare_number_still_counts(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    tracker = make_tracker(
        "my son is 17 can he ask for an ehc needs assessment himself", "ask_ehc_who_can_request"
    )
    ActionAnswerTopic().run(dispatcher, tracker, domain)
    assert texts(dispatcher)[-1] == topic_reply(kb.topics["young_person_request"])


def test_the_crisis_contacts_carry_the_safeguarding_outcome(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    ActionSafeguarding().run(dispatcher, make_tracker("he wants to kill himself"), domain)
    # The safety net inside other actions marks its crisis message the same way.
    ActionKindFallback().run(dispatcher, make_tracker("she wants to die", "out_of_scope"), domain)

    message = safeguarding_message(kb.safeguarding)
    crisis = [m for m in dispatcher.messages if m.get("text") == message]
    assert len(crisis) == 2
    assert all(m["custom"] == {"outcome": {"safeguarding": True}} for m in crisis)
    others = [m for m in dispatcher.messages if m not in crisis]
    assert not any(m.get("custom") for m in others)


def test_a_misread_safeguarding_intent_carries_no_safeguarding_outcome(
    make_tracker: TrackerFactory, dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    tracker = make_tracker("his PE kit has gone missing", "safeguarding_risk")
    tracker.latest_message["intent"]["confidence"] = 0.3

    ActionSafeguarding().run(dispatcher, tracker, domain)

    assert len(dispatcher.messages) == 1
    assert not dispatcher.messages[0].get("custom")


def test_the_recommendation_carries_the_triage_outcome_with_the_answers(
    make_tracker: TrackerFactory,
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    kb: Knowledge,
) -> None:
    answers = {
        "on_sen_support": "yes",
        "has_support_plan": "yes",
        "review_cycles": "three_or_more",
        "specialists_involved": "yes",
        "progress": "little_or_none",
    }
    tracker = make_tracker("/inform", "inform", slots={**answers, "age": "17 year old"})

    ActionEhcRecommendation().run(dispatcher, tracker, domain)

    expected = triage_ehc(EhcAnswers(**answers, age=17), kb.triage)
    [marked] = [m for m in dispatcher.messages if m.get("custom")]
    assert marked["text"] == recommendation_reply(expected)
    assert marked["custom"] == {
        "outcome": {
            "triage": [
                {"kind": "ehc", "answers": {**answers, "age": 17}, "recommendation": expected.code}
            ]
        }
    }
