"""Typed answers to the guided questions are read the way a parent means them.

One table per question, written from what parents type (yes/no in all their forms, "not sure",
numbers in words, descriptions, negation); then the content rules the loader enforces.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge import (
    EHC_QUESTION_FIELDS,
    Knowledge,
    clarifying_text,
    control_word,
    interpret_answer,
    load_knowledge,
    looks_like_a_question,
    question_buttons,
)
from knowledge.council import DEFAULT_COUNCIL_CONFIG
from knowledge.errors import ContentError
from knowledge.forms import answer_payload
from knowledge.loader import CONTENT_DIR
from knowledge.triage import ANSWERS, PROGRESS, REVIEW_CYCLES


def read(knowledge: Knowledge, slot: str, text: str) -> str | None:
    return interpret_answer(knowledge.forms.question(slot), text, knowledge.forms)


YES_NO_EVERYWHERE = [
    ("yes", "yes"),
    ("Yes.", "yes"),
    ("yeah", "yes"),
    ("yh", "yes"),
    ("yep", "yes"),
    ("i think so", "yes"),
    ("um yes i think", "yes"),
    ("no", "no"),
    ("nope", "no"),
    ("nah", "no"),
    ("not really", "no"),
    ("i don't think so", "no"),
    ("i dont think so", "no"),
    ("course not", "no"),
    ("not that I know of", "no"),
    ("not sure", "not_sure"),
    ("dunno", "not_sure"),
    ("idk", "not_sure"),
    ("I can't remember", "not_sure"),
    ("no idea", "not_sure"),
]


@pytest.mark.parametrize("slot", ["on_sen_support", "has_support_plan", "specialists_involved"])
@pytest.mark.parametrize(("text", "expected"), YES_NO_EVERYWHERE)
def test_yes_no_questions_understand_every_way_of_saying_yes_no_and_not_sure(
    knowledge: Knowledge, slot: str, text: str, expected: str
) -> None:
    assert read(knowledge, slot, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("he gets extra help in a small group", "yes"),
        ("she's on the SEN register", "yes"),
        ("he isn't on the register", "no"),
        ("they say she is fine so no support", "no"),
        ("the school refused", "no"),
    ],
)
def test_on_sen_support(knowledge: Knowledge, text: str, expected: str | None) -> None:
    assert read(knowledge, "on_sen_support", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("she has an IEP", "yes"),
        ("yes she has", "yes"),
        ("he has one", "yes"),
        ("there's a pupil passport", "yes"),
        ("she doesn't have an IEP", "no"),
        ("there's no plan", "no"),
        ("never seen one", "no"),
        ("nothing in writing", "no"),
        ("not sure if there is a plan", "not_sure"),
        ("she has autism", None),  # says something true, but not whether there is a plan
    ],
)
def test_has_support_plan(knowledge: Knowledge, text: str, expected: str | None) -> None:
    assert read(knowledge, "has_support_plan", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the EP has seen him", "yes"),
        ("an ed psych came in last term", "yes"),
        ("speech and language are involved", "yes"),
        ("he's been referred to camhs", "yes"),
        ("the EP hasn't seen him", "no"),
        ("nobody from outside school", "no"),
        ("they won't refer him", "no"),
        ("not sure if the EP has seen him", "not_sure"),
        ("yes the specalist came", "yes"),  # a typo
    ],
)
def test_specialists_involved(knowledge: Knowledge, text: str, expected: str | None) -> None:
    assert read(knowledge, "specialists_involved", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("twice", "two"),
        ("2", "two"),
        ("we've had 2 reviews", "two"),
        ("a couple of times", "two"),
        ("once", "one"),
        ("just the once", "one"),
        ("one", "one"),
        ("3 reviews this year", "three_or_more"),
        ("about 4 times", "three_or_more"),
        ("once a term for two years", "three_or_more"),
        ("every term for two years", "three_or_more"),
        ("loads", "three_or_more"),
        ("twice a year", "two"),
        ("none yet", "none"),
        ("never had one", "none"),
        ("not once", "none"),
        ("no reviews at all", "none"),
        ("they haven't reviewed it", "none"),
        ("no", "none"),
        ("zero", "none"),
        ("she's 9 and has had one review", "one"),
        ("in year 6 we had 2", "two"),
        ("can't remember", "not_sure"),
        ("not sure", "not_sure"),
        ("purple", None),
        ("i honestly couldn't tell you", "not_sure"),
    ],
)
def test_review_cycles(knowledge: Knowledge, text: str, expected: str | None) -> None:
    assert read(knowledge, "review_cycles", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no", "little_or_none"),
        ("not really", "little_or_none"),
        ("hardly any progress", "little_or_none"),
        ("he's gone backwards", "little_or_none"),
        ("not much", "little_or_none"),
        ("not great", "little_or_none"),
        ("she's falling further behind", "little_or_none"),
        ("a little bit", "some"),
        ("some progress", "some"),
        ("slow but steady", "some"),
        ("not bad", "some"),
        ("she's doing really well", "good"),
        ("brilliant, catching up fast", "good"),
        ("no idea", "not_sure"),
        ("school never tell me", "not_sure"),
    ],
)
def test_progress(knowledge: Knowledge, text: str, expected: str | None) -> None:
    assert read(knowledge, "progress", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no", "nothing_yet"),
        ("not that I know of", "nothing_yet"),
        ("not really", "nothing_yet"),
        ("nothing has happened yet", "nothing_yet"),
        ("we haven't told anyone", "nothing_yet"),
        ("i spoke to his teacher at parents evening", "teacher"),
        ("we haven't spoken to the SENCO yet but the teacher knows", "teacher"),
        ("the sendco knows about it", "senco"),
        ("she has an IEP", "support_plan"),
        ("the EP has seen him", "specialists"),
        ("teacher, senco and now the EP", "specialists"),  # the highest rung wins
        ("I'm not sure", "not_sure"),
        ("dunno", "not_sure"),
        ("nothing has changed", None),  # not "nothing tried": ask again
    ],
)
def test_concern_stage(knowledge: Knowledge, text: str, expected: str | None) -> None:
    assert read(knowledge, "concern_stage", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nothing yet", "nothing"),
        ("no", "nothing"),
        ("we haven't done anything yet", "nothing"),
        ("spoke to her teacher", "teacher"),
        ("the teacher hasn't done anything", "teacher"),  # told, but nothing came of it
        ("ive already talked to the senco and the teacher", "senco"),
        ("we haven't spoken to the SENCO yet but the teacher knows", "teacher"),
        ("we went to the governors", "formal_complaint"),
        ("we made a formal complaint to the governors", "formal_complaint"),
        (
            "we've been through the school's complaints procedure and nothing changed",
            "formal_complaint",
        ),
        ("we already went to the dfe", "dfe"),
        ("we did the whole complaints procedure and the governors said no", "formal_complaint"),
        ("yes, nothing changed", None),  # done something, but not what: ask again
        ("yes but nothing changed", None),
        ("nothing has changed", None),
        ("not sure", "not_sure"),
    ],
)
def test_complaint_tried(knowledge: Knowledge, text: str, expected: str | None) -> None:
    assert read(knowledge, "complaint_tried", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("he is moving up to secondary in september", "moving_to_secondary"),
        ("she's in year 6", "moving_to_secondary"),
        ("we're thinking about an ehcp", "ehc"),
        ("on sen support for a couple of years", "on_support"),
        ("it's early days, school only just noticed", "early"),
        ("not sure", "not_sure"),
        ("none of these really", "not_sure"),
    ],
)
def test_parent_stage(knowledge: Knowledge, text: str, expected: str | None) -> None:
    assert read(knowledge, "parent_stage", text) == expected


@pytest.mark.parametrize(
    ("slot", "text", "expected"),
    [
        # a negative answer stays negative whatever else is negated
        ("on_sen_support", "nope not yet", "no"),
        ("has_support_plan", "no, they don't do them at his school", "no"),
        ("on_sen_support", "they took her off the register in year 4", "no"),
        ("on_sen_support", "course she is", "yes"),
        ("has_support_plan", "she's got one", "yes"),
        # a hedge, or a question back, is not an answer
        ("has_support_plan", "perhaps, there's some kind of plan", "not_sure"),
        ("on_sen_support", "not sure what sen support means", "not_sure"),
        ("specialists_involved", "he might have seen someone", "not_sure"),
        ("specialists_involved", "what's a paediatrician", None),
        # not done yet, or done by the family rather than the school
        ("specialists_involved", "the EP is going to see him next term", "no"),
        ("specialists_involved", "we're still on the waiting list for camhs", "no"),
        ("specialists_involved", "we paid for a speech therapist, school never asked anyone", "no"),
        ("concern_stage", "the senco is going to call me", None),  # not done: which was?
        # occasions add up; alternatives take the larger; minutes and plans are not meetings
        ("review_cycles", "one in the autumn and one in the spring", "two"),
        ("review_cycles", "2 or 3 times", "three_or_more"),
        ("review_cycles", "the first review is booked for next month", "none"),
        ("review_cycles", "twice, each about 15 minutes", "two"),
        # a good answer with a "but not ..." is mixed
        ("progress", "good at spelling but not at maths", "some"),
        ("progress", "she hasn't moved on at all", "little_or_none"),
        # an option by its place among the buttons
        ("parent_stage", "the second one", "on_support"),
        ("parent_stage", "last option", "ehc"),
        ("concern_stage", "the first one", "nothing_yet"),
        ("parent_stage", "year 3", None),
        ("parent_stage", "we've asked the council for an assessment", "ehc"),
        ("parent_stage", "the school only raised it last week", "early"),
        # a longer word is not a typo of a shorter one ("passed" is not "pass")
        ("concern_stage", "her teacher passed it on to the senco", "senco"),
    ],
)
def test_kinds_of_answer_the_blind_set_taught_us_to_read(
    knowledge: Knowledge, slot: str, text: str, expected: str | None
) -> None:
    assert read(knowledge, slot, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("stop", "leave"),
        ("cancel", "leave"),
        ("can we talk about something else", "leave"),
        ("forget it", "leave"),
        ("start again", "restart"),
        ("can we start over please", "restart"),
        ("stop the school from excluding him next week please", None),
        ("twice", None),
    ],
)
def test_control_words(knowledge: Knowledge, text: str, expected: str | None) -> None:
    assert control_word(text, knowledge.forms) == expected


def test_a_question_is_not_taken_for_an_answer() -> None:
    assert looks_like_a_question("what is an IEP?")
    assert looks_like_a_question("what does the SENCO do")
    assert looks_like_a_question("sorry what is a senco")
    assert not looks_like_a_question("don't know")
    assert not looks_like_a_question("she has an IEP")


def test_buttons_send_the_same_payloads_as_ever(knowledge: Knowledge) -> None:
    question = knowledge.forms.question("progress")
    buttons = question_buttons(question)
    assert buttons[0] == {"title": "Good progress", "payload": '/inform{"progress":"good"}'}
    assert [b["payload"] for b in buttons] == [
        answer_payload("progress", value) for value in PROGRESS
    ]


def test_the_clarifying_question_restates_every_option_in_plain_words(
    knowledge: Knowledge,
) -> None:
    question = knowledge.forms.question("concern_stage")
    text = clarifying_text(question, knowledge.forms)
    assert question.clarify in text
    for option in question.options:
        assert f"**{option.title}**: {option.plain}" in text


def test_the_triage_form_asks_in_the_rules_order(knowledge: Knowledge) -> None:
    # The loader refuses a question whose values differ from the rules' (and one without "not
    # sure"); the order the parent sees them in is checked here.
    forms = knowledge.forms
    assert forms.forms["ehc_triage_form"].slots == EHC_QUESTION_FIELDS
    for slot in ("on_sen_support", "has_support_plan", "specialists_involved"):
        assert forms.question(slot).values == ANSWERS
    assert forms.question("review_cycles").values == REVIEW_CYCLES
    assert forms.question("progress").values == PROGRESS


def _content_copy(tmp_path: Path, change: object) -> Path:
    copy = tmp_path / "content"
    copy.mkdir()
    for path in CONTENT_DIR.rglob("*"):
        target = copy / path.relative_to(CONTENT_DIR)
        if path.is_dir():
            target.mkdir(exist_ok=True)
        else:
            target.write_bytes(path.read_bytes())
    data = yaml.safe_load((copy / "forms.yml").read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    (copy / "forms.yml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return copy


def _drop_not_sure(data: dict[str, object]) -> None:
    question = data["forms"]["complaint_form"]["questions"][0]  # type: ignore[index]
    question["options"] = [o for o in question["options"] if o["value"] != "not_sure"]


def _rename_a_triage_answer(data: dict[str, object]) -> None:
    question = data["forms"]["ehc_triage_form"]["questions"][4]  # type: ignore[index]
    question["options"][0]["value"] = "great"
    question["precedence"] = ["great" if v == "good" else v for v in question["precedence"]]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (_drop_not_sure, "every question needs a not_sure option"),
        (_rename_a_triage_answer, "question 'progress' must offer exactly"),
    ],
)
def test_the_loader_rejects_forms_that_would_strand_a_parent_or_drift(
    tmp_path: Path, change: object, problem: str
) -> None:
    content = _content_copy(tmp_path, change)
    with pytest.raises(ContentError, match=problem):
        load_knowledge(DEFAULT_COUNCIL_CONFIG, content_dir=content)


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("yeah i think so", "yes"),
        ("yes please", "yes"),
        ("nah", "no"),
        ("no thanks", "no"),
        ("dunno to be honest", "not_sure"),
        ("maybe", "not_sure"),
        ("what is sen support", None),
        ("hmm", None),
    ],
)
def test_a_reply_to_an_offer_is_read_with_the_forms_words(text: str, reply: str | None) -> None:
    from knowledge import reply_to_offer

    assert reply_to_offer(text, load_knowledge().forms) == reply
