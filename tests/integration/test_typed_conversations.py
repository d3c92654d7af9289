"""Whole conversations in which the parent only types, never presses a button.

Each test talks to the real stack (API, Rasa with the shared trained model, action server) the way
the widget does, carrying the session id, and checks the advice the parent ends up with: a phrase
of the knowledge text (knowledge/content/*.yml) of the next step, recommendation or topic that
should follow their answers. Which advice should follow comes from the knowledge rules themselves
(knowledge.triage_ehc for the EHC triage, the complaint ladder's order, the concern walkthrough's
path in bot/actions/concern.py), never from the assistant's glue wording, which may change.

Every turn must answer 200 with at least one non-empty message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import yaml

from knowledge import (
    EHC_QUESTION_FIELDS,
    EhcAnswers,
    load_knowledge,
    not_understood_reply,
    safeguarding_message,
    triage_ehc,
)
from knowledge.triage import RECOMMENDATION_CODES
from scripts.stack import ROOT, Stack

pytestmark = pytest.mark.stack

KB = load_knowledge(None)


# --- reading replies --------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Lower case, no markdown bold, straight quotes, single spaces: what a parent reads."""
    text = text.replace("**", "").replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


def phrase(text: str, max_words: int = 14) -> str:
    """The opening words of a knowledge text (up to its first full stop): distinctive enough to
    tell which piece of advice was given, short enough to survive a change of layout."""
    first = normalise(text).split(". ")[0]
    return " ".join(first.split()[:max_words])


@dataclass
class Reply:
    said: str
    messages: list[dict[str, Any]]

    @property
    def text(self) -> str:
        return normalise("\n".join(str(m.get("text") or "") for m in self.messages))

    @property
    def buttons(self) -> list[dict[str, str]]:
        return [b for m in self.messages for b in (m.get("buttons") or [])]

    def says(self, knowledge_text: str) -> bool:
        return phrase(knowledge_text) in self.text

    def asks(self, slot: str) -> bool:
        """The form's question for ``slot``: recognised by the answer buttons that come with it."""
        return any(f'"{slot}"' in b.get("payload", "") for b in self.buttons)

    def button_intents(self) -> list[str]:
        return [b.get("payload", "").lstrip("/").split("{")[0] for b in self.buttons]


@dataclass
class Conversation:
    client: httpx.Client
    api_url: str
    session_id: str | None = None
    replies: list[Reply] = field(default_factory=list)

    def say(self, text: str) -> Reply:
        assert not text.startswith("/"), "in these tests the parent only types"
        body: dict[str, str] = {"message": text}
        if self.session_id:
            body["session_id"] = self.session_id
        response = self.client.post(f"{self.api_url}/api/v1/chat", json=body)
        assert response.status_code == 200, (
            f"{text!r} got {response.status_code}: {response.text[:600]}\n{self.transcript()}"
        )
        data = response.json()
        self.session_id = data["session_id"]
        reply = Reply(text, list(data.get("messages") or []))
        self.replies.append(reply)
        assert reply.messages, f"the assistant said nothing to {text!r}\n{self.transcript()}"
        assert all(str(m.get("text") or "").strip() for m in reply.messages), (
            f"an empty message in the answer to {text!r}\n{self.transcript()}"
        )
        return reply

    def talk(self, *turns: str) -> Reply:
        reply = None
        for turn in turns:
            reply = self.say(turn)
        assert reply is not None
        return reply

    def all_text(self, since: int = 0) -> str:
        return " ".join(r.text for r in self.replies[since:])

    def transcript(self) -> str:
        lines = ["--- conversation so far:"]
        for reply in self.replies:
            lines.append(f"parent: {reply.said}")
            for message in reply.messages:
                text = str(message.get("text") or "").replace("\n", " ")
                lines.append(f"  assistant: {text[:400]}")
                if message.get("buttons"):
                    titles = [b.get("title") for b in message["buttons"]]
                    lines.append(f"    buttons: {titles}")
        return "\n".join(lines)


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=60) as client:
        yield client


@pytest.fixture
def chat(stack: Stack, http: httpx.Client) -> Conversation:
    return Conversation(http, stack.api_url)


# --- what the knowledge says should follow ------------------------------------------------------


def topic_text(topic_id: str) -> str:
    return KB.topics[topic_id].short


def intent_topic_text(intent: str) -> str:
    topic = KB.topic_for_intent(intent)
    assert topic is not None, f"no knowledge topic answers {intent}"
    return topic.short


# The concern walkthrough's path (bot/actions/concern.py NEXT_STEP): what has happened so far ->
# the topic explaining the next step.
CONCERN_NEXT_STEP = {
    "nothing_yet": "concern_step_teacher",
    "not_sure": "concern_step_teacher",
    "teacher": "concern_step_senco",
    "senco": "concern_step_support_plan",
    "support_plan": "concern_step_specialists",
    "specialists": "concern_step_ehc",
}
CONCERN_STEP_TOPICS = sorted(set(CONCERN_NEXT_STEP.values()))

COMPLAINT_STEPS = {step.id: step for step in KB.complaint_ladder}


def complaint_step_text(step_id: str) -> str:
    return COMPLAINT_STEPS[step_id].what_to_do


def recommendation_text(code: str) -> str:
    return KB.triage.recommendations[code].summary


FORM_SLOT_OF_INTENT = {
    "concern_progress": "concern_stage",
    "ask_ehc_should_request": "on_sen_support",
    "complain": "complaint_tried",
    "ask_questions_to_ask": "parent_stage",
}
ALL_FORM_SLOTS = (*EHC_QUESTION_FIELDS, "concern_stage", "complaint_tried", "parent_stage")


def given_concern_steps(text: str) -> list[str]:
    return [t for t in CONCERN_STEP_TOPICS if phrase(topic_text(t)) in text]


def assert_concern_step(chat: Conversation, text: str, stage: str) -> None:
    expected = CONCERN_NEXT_STEP[stage]
    assert phrase(topic_text(expected)) in text, (
        f"expected the step {expected!r} ({phrase(topic_text(expected))!r})\n{chat.transcript()}"
    )
    others = [t for t in given_concern_steps(text) if t != expected]
    assert not others, f"gave the wrong step as well: {others}\n{chat.transcript()}"


def assert_complaint_step(chat: Conversation, text: str, step_id: str) -> None:
    assert phrase(complaint_step_text(step_id)) in text, (
        f"expected the complaint step {step_id!r} "
        f"({phrase(complaint_step_text(step_id))!r})\n{chat.transcript()}"
    )
    others = [s for s in COMPLAINT_STEPS if s != step_id and phrase(complaint_step_text(s)) in text]
    assert not others, f"gave another step as well: {others}\n{chat.transcript()}"


def given_complaint_steps(text: str) -> list[str]:
    return [s for s in COMPLAINT_STEPS if phrase(complaint_step_text(s)) in text]


def given_recommendations(text: str) -> list[str]:
    return [c for c in RECOMMENDATION_CODES if phrase(recommendation_text(c)) in text]


def assert_recommendation(chat: Conversation, reply: Reply, answers: EhcAnswers) -> None:
    """The recommendation knowledge.triage_ehc makes for these answers, with exactly its reasons
    (the reasons show how each typed answer was read)."""
    expected = triage_ehc(answers, KB.triage)
    given = given_recommendations(reply.text)
    assert given == [expected.code], (
        f"expected {expected.code!r} ({phrase(expected.summary)!r}) for {answers}, "
        f"got {given}\n{chat.transcript()}"
    )
    expected_reasons = {reason.id for reason in expected.reasons}
    given_reasons = {
        reason_id
        for reason_id, reason in KB.triage.reasons.items()
        if phrase(reason.text) in reply.text
    }
    assert given_reasons == expected_reasons, (
        f"answers read differently: missing reasons {sorted(expected_reasons - given_reasons)}, "
        f"unexpected {sorted(given_reasons - expected_reasons)}\n{chat.transcript()}"
    )


def stage_questions(stage: str) -> set[str]:
    return {q.id for q in KB.questions.questions if stage in q.stages}


def suggested_questions(text: str) -> set[str]:
    return {q.id for q in KB.questions.questions if normalise(q.text) in text}


def assert_questions_for_stage(chat: Conversation, reply: Reply, stage: str) -> None:
    shown = suggested_questions(reply.text)
    assert shown, f"no questions from the question bank\n{chat.transcript()}"
    assert shown <= stage_questions(stage), (
        f"questions from another stage than {stage!r}: {sorted(shown - stage_questions(stage))}"
        f"\n{chat.transcript()}"
    )
    also_fit = [s for s in KB.questions.stages if s != stage and shown <= stage_questions(s)]
    assert not also_fit, f"the questions fit {also_fit} as well as {stage!r}\n{chat.transcript()}"


def assert_crisis_contacts_first(chat: Conversation, reply: Reply) -> None:
    first = normalise(str(reply.messages[0].get("text") or ""))
    message = safeguarding_message(KB.safeguarding)
    assert phrase(message) in first, (
        f"the first message is not the crisis message ({phrase(message)!r})\n{chat.transcript()}"
    )
    numbers = [c.phone or c.text for c in KB.safeguarding.national_contacts if c.phone or c.text]
    missing = [n for n in numbers if normalise(str(n)) not in first]
    assert not missing, f"crisis contacts missing from the first message: {missing}"


def assert_no_form_question(chat: Conversation, reply: Reply) -> None:
    asked = [slot for slot in ALL_FORM_SLOTS if reply.asks(slot)]
    assert not asked, f"a form is still asking for {asked}\n{chat.transcript()}"


# --- the concern walkthrough --------------------------------------------------------------------

WORRIED = "im really worried my daughter is falling behind at school, she cant keep up in class"


@pytest.mark.parametrize(
    ("answer", "stage"),
    [
        ("no", "nothing_yet"),
        ("not that i know of", "nothing_yet"),
        ("not really", "nothing_yet"),
        ("nope nothing yet, i wanted to check first", "nothing_yet"),
        ("we've talked to her teacher", "teacher"),
        ("spoke to her techer at parents evening but nothing happend", "teacher"),
        ("the senco knows", "senco"),
        ("she has an iep", "support_plan"),
        ("shes on the sen register and has a support plan", "support_plan"),
        ("the ep has seen him", "specialists"),
        ("speech and language have been working with her since january", "specialists"),
        ("not sure", "not_sure"),
    ],
    ids=lambda value: value.replace(" ", "_"),
)
def test_concern_walkthrough_typed_answer_gets_the_right_next_step(
    chat: Conversation, answer: str, stage: str
) -> None:
    chat.say(WORRIED)
    reply = chat.say(answer)

    assert_concern_step(chat, reply.text, stage)


# --- the EHC triage -----------------------------------------------------------------------------

ASK_EHCP = "should we ask for an ehcp"


@dataclass(frozen=True)
class TriageCase:
    typed: tuple[str, str, str, str, str]
    answers: EhcAnswers


TRIAGE_CASES = {
    "plain_yes_twice_and_no_progress": TriageCase(
        ("yes", "yes", "twice", "yes", "no"),
        EhcAnswers("yes", "yes", "two", "yes", "little_or_none"),
    ),
    "yeah_nope_3_reviews_this_year_not_really_a_bit": TriageCase(
        ("yeah she is", "nope", "3 reviews this year", "not really", "a bit"),
        EhcAnswers("yes", "no", "three_or_more", "no", "some"),
    ),
    "all_no_then_dunno": TriageCase(
        ("no", "no", "not yet", "no", "dunno"),
        EhcAnswers("no", "no", "none", "no", "not_sure"),
    ),
    "a_couple_of_times_and_the_ep_hasnt_seen_him": TriageCase(
        ("yes he is", "yes", "a couple of times", "the EP hasn't seen him", "hardly any"),
        EhcAnswers("yes", "yes", "two", "no", "little_or_none"),
    ),
    "i_think_so_once_and_doing_well": TriageCase(
        (
            "i think so",
            "not sure",
            "once",
            "yes an ed psych came in last term",
            "shes doing really well now",
        ),
        EhcAnswers("yes", "not_sure", "one", "yes", "good"),
    ),
    "dunno_to_everything": TriageCase(
        ("dunno", "not sure tbh", "no idea", "i dont know", "dunno"),
        EhcAnswers("not_sure", "not_sure", "not_sure", "not_sure", "not_sure"),
    ),
    "negations_not_on_support_never_reviewed": TriageCase(
        (
            "hes not on sen support",
            "no he doesnt have one",
            "never",
            "the EP hasn't seen him",
            "not much",
        ),
        EhcAnswers("no", "no", "none", "no", "little_or_none"),
    ),
    "four_review_meetings_and_no_progress_at_all": TriageCase(
        (
            "yep",
            "yes she has an iep",
            "we've had 4 review meetings",
            "yes the speech therapist",
            "no progress at all really",
        ),
        EhcAnswers("yes", "yes", "three_or_more", "yes", "little_or_none"),
    ),
    "nothing_has_changed_means_little_progress": TriageCase(
        ("yes", "yes", "once", "no", "nothing has changed"),
        EhcAnswers("yes", "yes", "one", "no", "little_or_none"),
    ),
}


@pytest.mark.parametrize("case", TRIAGE_CASES.values(), ids=TRIAGE_CASES.keys())
def test_ehc_triage_typed_answers_get_the_recommendation_the_rules_give(
    chat: Conversation, case: TriageCase
) -> None:
    chat.say(ASK_EHCP)
    reply = chat.talk(*case.typed)

    assert_recommendation(chat, reply, case.answers)


# --- the complaint ladder -----------------------------------------------------------------------

UNHAPPY = "im not happy with the support my son is getting at school, what can i do"


def test_complaint_yes_nothing_changed_after_teacher_and_senco_is_not_sent_back_to_the_teacher(
    chat: Conversation,
) -> None:
    chat.say(
        "ive talked to his teacher and the senco loads of times about his support and nothing "
        "has changed, i want to complain"
    )
    answered = chat.say("yes, nothing changed")
    if not given_complaint_steps(answered.text):
        # one clarifying question is fair; the parent says again what they have done
        chat.say("i told you, the teacher and the senco")

    text = chat.all_text()
    assert "teacher" not in given_complaint_steps(text), chat.transcript()
    assert_complaint_step(chat, text, "formal_complaint")


def test_complaint_school_procedure_already_done_gives_the_dfe_step(chat: Conversation) -> None:
    chat.say(UNHAPPY)
    reply = chat.say(
        "we have already been through the school's complaints procedure and it got us nowhere"
    )

    assert_complaint_step(chat, reply.text, "dfe")


def test_complaint_we_went_to_the_governors_gives_the_dfe_step(chat: Conversation) -> None:
    chat.say(UNHAPPY)
    reply = chat.say("we went to the governors")

    assert_complaint_step(chat, reply.text, "dfe")


def test_complaint_nothing_yet_gives_the_teacher_step(chat: Conversation) -> None:
    chat.say(UNHAPPY)
    reply = chat.say("nothing yet")

    assert_complaint_step(chat, reply.text, "teacher")


def test_complaint_teacher_knows_but_not_the_senco_gives_the_senco_step(
    chat: Conversation,
) -> None:
    chat.say(UNHAPPY)
    reply = chat.say("haven't spoken to the senco yet but the teacher knows")

    assert_complaint_step(chat, reply.text, "senco")


def test_complaint_senco_twice_and_nothing_happened_gives_the_formal_complaint_step(
    chat: Conversation,
) -> None:
    chat.say(UNHAPPY)
    reply = chat.say("we raised it with the sendco twice and nothing happened")

    assert_complaint_step(chat, reply.text, "formal_complaint")


def test_complaint_already_at_the_dfe_hears_what_the_dfe_can_do(chat: Conversation) -> None:
    chat.say(UNHAPPY)
    reply = chat.say("we've already complained to the department for education")

    assert_complaint_step(chat, reply.text, "dfe")
    assert reply.says(intent_topic_text("ask_complaint_dfe")), chat.transcript()


# --- the question suggester ---------------------------------------------------------------------

ASK_WHAT_TO_ASK = "what should i ask at the meeting"


@pytest.mark.parametrize(
    ("answer", "stage"),
    [
        ("she's moving up to secondary in september", "moving_to_secondary"),
        ("we're thinking about an ehcp", "ehc"),
        ("its all new, the school only just noticed he might have sen", "early"),
        ("hes been on sen support for a couple of years now", "on_support"),
    ],
    ids=lambda value: value.replace(" ", "_"),
)
def test_question_suggester_typed_stage_gets_the_questions_for_that_stage(
    chat: Conversation, answer: str, stage: str
) -> None:
    chat.say(ASK_WHAT_TO_ASK)
    reply = chat.say(answer)

    assert_questions_for_stage(chat, reply, stage)


def test_asking_what_to_ask_again_while_the_suggester_waits_restarts_or_answers_it(
    chat: Conversation,
) -> None:
    chat.say(ASK_WHAT_TO_ASK)
    again = chat.say("what should I ask at the meeting?")

    sensible = again.asks("parent_stage") or bool(suggested_questions(again.text))
    assert sensible, f"neither the suggester's question nor questions\n{chat.transcript()}"
    if again.asks("parent_stage"):
        reply = chat.say("she's moving up to secondary in september")
        assert_questions_for_stage(chat, reply, "moving_to_secondary")


# --- answers the assistant cannot understand ----------------------------------------------------


UNCLEAR = ("well its complicated", "hmm hard to explain really")


def test_concern_two_unclear_answers_then_the_walkthrough_moves_on(chat: Conversation) -> None:
    chat.say(WORRIED)
    first = chat.say(UNCLEAR[0])
    if not given_concern_steps(first.text):
        chat.say(UNCLEAR[1])

    # the second miss is taken as "not sure"
    assert_concern_step(chat, chat.all_text(since=1), "not_sure")


def test_triage_two_unclear_answers_then_the_triage_moves_on(chat: Conversation) -> None:
    chat.say(ASK_EHCP)
    chat.talk("yes", "yes")
    first = chat.say(UNCLEAR[0])
    if not first.asks("specialists_involved"):
        chat.say(UNCLEAR[1])
    reply = chat.talk("no", "a bit")

    # the number of reviews is taken as "not sure"
    assert_recommendation(chat, reply, EhcAnswers("yes", "yes", "not_sure", "no", "some"))


def test_complaint_two_unclear_answers_then_the_ladder_moves_on(chat: Conversation) -> None:
    chat.say(UNHAPPY)
    first = chat.say(UNCLEAR[0])
    if not given_complaint_steps(first.text):
        chat.say(UNCLEAR[1])

    assert given_complaint_steps(chat.all_text(since=1)), (
        f"no complaint step within two turns\n{chat.transcript()}"
    )


def test_question_suggester_two_unclear_answers_then_it_moves_on(chat: Conversation) -> None:
    chat.say(ASK_WHAT_TO_ASK)
    first = chat.say(UNCLEAR[0])
    if not suggested_questions(first.text):
        chat.say(UNCLEAR[1])

    assert suggested_questions(chat.all_text(since=1)), (
        f"no questions within two turns\n{chat.transcript()}"
    )


# --- leaving and restarting forms ---------------------------------------------------------------


def test_stop_leaves_the_triage_and_the_next_question_gets_its_answer(chat: Conversation) -> None:
    chat.say(ASK_EHCP)
    chat.say("yes")
    stopped = chat.say("stop")
    assert_no_form_question(chat, stopped)

    reply = chat.say("how often should the school be meeting with us")
    assert reply.says(intent_topic_text("ask_meeting_frequency")), chat.transcript()
    assert_no_form_question(chat, reply)


def test_forget_it_something_else_leaves_the_complaint_ladder(chat: Conversation) -> None:
    chat.say(UNHAPPY)
    left = chat.say("forget it, something else")
    assert_no_form_question(chat, left)

    reply = chat.say("what does a senco actually do")
    assert reply.says(intent_topic_text("ask_senco")), chat.transcript()
    assert "teacher" not in given_complaint_steps(reply.text), chat.transcript()


def test_stop_leaves_the_concern_walkthrough(chat: Conversation) -> None:
    chat.say(WORRIED)
    stopped = chat.say("stop")
    assert_no_form_question(chat, stopped)

    reply = chat.say("what does being on the sen register mean")
    assert reply.says(intent_topic_text("ask_sen_register")), chat.transcript()


def test_start_again_restarts_the_triage_from_the_first_question(chat: Conversation) -> None:
    chat.say(ASK_EHCP)
    chat.talk("yes", "yes")
    restarted = chat.say("start again")
    if not restarted.asks("on_sen_support"):
        # "start again" may leave the form; asking for the triage then starts it afresh
        restarted = chat.say(ASK_EHCP)
    assert restarted.asks("on_sen_support"), chat.transcript()

    reply = chat.talk("no", "no", "not yet", "no", "hardly any")
    assert_recommendation(chat, reply, EhcAnswers("no", "no", "none", "no", "little_or_none"))


def test_asking_for_the_triage_again_mid_way_restarts_it_cleanly(chat: Conversation) -> None:
    chat.say(ASK_EHCP)
    chat.talk("no", "no")
    again = chat.say("should we ask for an ehc needs assessment?")
    assert again.asks("on_sen_support"), chat.transcript()

    reply = chat.talk("yes", "yes", "twice", "yes", "no progress at all")
    assert_recommendation(chat, reply, EhcAnswers("yes", "yes", "two", "yes", "little_or_none"))


def test_start_again_in_the_question_suggester_restarts_it(chat: Conversation) -> None:
    chat.say(ASK_WHAT_TO_ASK)
    restarted = chat.say("start again")
    if not restarted.asks("parent_stage"):
        restarted = chat.say(ASK_WHAT_TO_ASK)
    assert restarted.asks("parent_stage"), chat.transcript()

    reply = chat.say("we're thinking about an ehcp")
    assert_questions_for_stage(chat, reply, "ehc")


def test_concern_walkthrough_twice_gives_each_time_the_step_for_that_answer(
    chat: Conversation,
) -> None:
    chat.say(WORRIED)
    first = chat.say("nothing yet")
    assert_concern_step(chat, first.text, "nothing_yet")

    chat.say("im still worried about her progress tbh, shes really behind")
    second = chat.say("the senco knows")
    assert_concern_step(chat, second.text, "senco")


def test_complaint_ladder_twice_gives_each_time_the_step_for_that_answer(
    chat: Conversation,
) -> None:
    chat.say(UNHAPPY)
    first = chat.say("nothing yet")
    assert_complaint_step(chat, first.text, "teacher")

    chat.say("i want to make a complaint about his support")
    second = chat.say("we went to the governors")
    assert_complaint_step(chat, second.text, "dfe")


# --- a question asked inside a form ------------------------------------------------------------


def test_question_inside_the_triage_is_answered_and_the_triage_resumes(
    chat: Conversation,
) -> None:
    chat.say(ASK_EHCP)
    chat.talk("yes", "yes", "twice")
    aside = chat.say("who is the senco?")
    assert aside.says(intent_topic_text("ask_senco")), chat.transcript()
    assert aside.asks("specialists_involved"), chat.transcript()

    reply = chat.talk("yes", "not much")
    assert_recommendation(chat, reply, EhcAnswers("yes", "yes", "two", "yes", "little_or_none"))


def test_question_inside_the_concern_walkthrough_is_answered_and_it_resumes(
    chat: Conversation,
) -> None:
    chat.say(WORRIED)
    aside = chat.say("whats an iep?")
    assert aside.says(intent_topic_text("ask_support_plan")), chat.transcript()
    assert aside.asks("concern_stage"), chat.transcript()

    reply = chat.say("the senco knows")
    assert_concern_step(chat, reply.text, "senco")


def test_question_inside_the_complaint_ladder_is_answered_and_it_resumes(
    chat: Conversation,
) -> None:
    chat.say(UNHAPPY)
    aside = chat.say("how long does an ehc needs assessment take")
    assert aside.says(intent_topic_text("ask_ehc_timeline")), chat.transcript()
    assert aside.asks("complaint_tried"), chat.transcript()

    reply = chat.say("nothing yet")
    assert_complaint_step(chat, reply.text, "teacher")


# --- two worries in one message -----------------------------------------------------------------

TWO_WORRIES = {
    "friends_then_meetings": (
        "my son has no friends at playtime and always gets left out, and also how often should "
        "the school be meeting us about his plan",
        "ask_friendships",
        "ask_meeting_frequency",
    ),
    "senco_then_funding": (
        "who is the senco and what do they actually do? also how is sen support paid for because "
        "the school keeps saying theres no money",
        "ask_senco",
        "ask_sen_funding",
    ),
    "masking_then_secondary": pytest.param(
        "she seems fine at school but melts down every night when she gets home and shes "
        "starting secondary in september so im worried about the move too",
        "ask_masking",
        "ask_transition_secondary",
        # Known gap (issue 10, open; README's known limits): one run-on sentence holding both
        # worries is never cut into parts, and DIET gives masking 0.01. Strict: when it starts
        # passing, this mark must go.
        marks=pytest.mark.xfail(strict=True, reason="a run-on sentence is not split into worries"),
    ),
}


@pytest.mark.parametrize(("message", "first", "second"), TWO_WORRIES.values(), ids=TWO_WORRIES)
def test_two_worries_answers_the_first_and_offers_the_second(
    chat: Conversation, message: str, first: str, second: str
) -> None:
    reply = chat.say(message)
    assert reply.says(intent_topic_text(first)), chat.transcript()
    assert second in reply.button_intents(), (
        f"the second worry ({second}) is not offered as a button\n{chat.transcript()}"
    )

    # the parent types the offered button's words instead of pressing it
    title = next(b["title"] for b in reply.buttons if b["payload"].lstrip("/") == second)
    followed = chat.say(title)
    assert followed.says(intent_topic_text(second)), chat.transcript()


# --- a crisis in the middle of a form -----------------------------------------------------------


def test_crisis_in_the_concern_walkthrough_comes_first_and_stops_it(chat: Conversation) -> None:
    chat.say(WORRIED)
    crisis = chat.say("honestly she said last night she wants to kill herself")
    assert_crisis_contacts_first(chat, crisis)
    assert_no_form_question(chat, crisis)

    after = chat.say("nothing yet")
    assert not any(after.says(topic_text(t)) for t in CONCERN_STEP_TOPICS), chat.transcript()


def test_crisis_in_the_ehc_triage_comes_first_and_stops_it(chat: Conversation) -> None:
    chat.say(ASK_EHCP)
    chat.say("yes")
    crisis = chat.say("she's been self harming and i dont know what to do")
    assert_crisis_contacts_first(chat, crisis)
    assert_no_form_question(chat, crisis)

    after = chat.talk("no", "no", "no", "no")
    assert not given_recommendations(chat.all_text(since=3)), chat.transcript()
    assert_no_form_question(chat, after)


def test_crisis_in_the_complaint_ladder_comes_first_and_stops_it(chat: Conversation) -> None:
    chat.say(UNHAPPY)
    crisis = chat.say("the teacher hit him and hes scared to go back in")
    assert_crisis_contacts_first(chat, crisis)
    assert_no_form_question(chat, crisis)

    after = chat.say("nothing yet")
    assert not given_complaint_steps(after.text), chat.transcript()


def test_crisis_in_the_question_suggester_comes_first_and_stops_it(chat: Conversation) -> None:
    chat.say(ASK_WHAT_TO_ASK)
    crisis = chat.say("im at breaking point with it all, i cant go on anymore")
    assert_crisis_contacts_first(chat, crisis)
    assert_no_form_question(chat, crisis)

    after = chat.say("early days")
    assert not suggested_questions(after.text), chat.transcript()


# --- "did you mean...?" -------------------------------------------------------------------------


def generic_replies() -> list[str]:
    """The replies that offer no topic: the help text, "can't help with that", the gap reply."""
    responses = yaml.safe_load((ROOT / "bot" / "domain.yml").read_text())["responses"]
    texts = [responses[name][0]["text"] for name in ("utter_help", "utter_not_understood")]
    return [*texts, not_understood_reply(KB.council)]


VAGUE = {
    "the_meeting": (
        "the meeting",
        {
            "ask_questions_to_ask",
            "ask_meeting_frequency",
            "ask_graduated_approach",
            "ask_progress_check",
            "ask_support_plan",
            "ask_senco",
            "ask_ehc_timeline",
        },
    ),
    "the_paperwork": (
        "what about the paperwork",
        {t.intent for t in KB.topics.values() if t.intent} - {"ask_local_support"},
    ),
}


def topic_intents(reply: Reply) -> list[str]:
    return [
        intent
        for intent in reply.button_intents()
        if intent != "ask_local_support" and KB.topic_for_intent(intent) is not None
    ]


@pytest.mark.parametrize(("message", "likely"), VAGUE.values(), ids=VAGUE)
def test_vague_message_offers_likely_topics_as_buttons(
    chat: Conversation, message: str, likely: set[str]
) -> None:
    reply = chat.say(message)

    offered = topic_intents(reply)
    assert 2 <= len(offered) <= 3, (
        f"expected 2 or 3 topics offered, got {offered}\n{chat.transcript()}"
    )
    assert set(offered) <= likely, chat.transcript()
    assert "ask_local_support" in reply.button_intents(), "no offer of a person"
    assert not any(phrase(generic) in reply.text for generic in generic_replies()), (
        f"the generic reply instead of 'did you mean'\n{chat.transcript()}"
    )
    answered = [t.id for t in KB.topics.values() if t.intent and reply.says(t.short)]
    assert not answered, f"answered {answered} instead of asking\n{chat.transcript()}"
    assert_no_form_question(chat, reply)

    # the parent types the first offered topic's words
    intent = offered[0]
    title = next(b["title"] for b in reply.buttons if b["payload"].lstrip("/") == intent)
    followed = chat.say(title)
    if intent in FORM_SLOT_OF_INTENT:
        assert followed.asks(FORM_SLOT_OF_INTENT[intent]), chat.transcript()
    else:
        assert followed.says(intent_topic_text(intent)), chat.transcript()
