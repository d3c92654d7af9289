"""Typed answers to the forms' questions are understood the way a parent means them."""

from __future__ import annotations

import pytest

from actions.answers import (
    complaint_tried_answer,
    concern_stage_answer,
    parent_stage_answer,
    progress_answer,
    review_cycles_answer,
    yes_no_answer,
)


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        ("yes", "affirm", "yes"),
        ("yeah she has one", "inform", "yes"),
        ("no", "deny", "no"),
        ("not yet", "inform", "no"),
        ("not sure", "inform", "not_sure"),
        ("i dont know to be honest", "inform", "not_sure"),
        ("dunno", "inform", "not_sure"),
        ("what is an iep", "ask_support_plan", None),
    ],
)
def test_yes_no_answers(text: str, intent: str, expected: str | None) -> None:
    assert yes_no_answer(text, intent) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("twice", "two"),
        ("we've had 2 reviews", "two"),
        ("just the once", "one"),
        ("none yet", "none"),
        ("no reviews at all", "none"),
        ("about 4 times", "three_or_more"),
        ("every term for two years", "three_or_more"),
        ("can't remember", "not_sure"),
        ("what is a review", None),
    ],
)
def test_review_cycles_answers(text: str, expected: str | None) -> None:
    assert review_cycles_answer(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hardly any progress", "little_or_none"),
        ("very little", "little_or_none"),
        ("he's gone backwards", "little_or_none"),
        ("a little bit", "some"),
        ("some progress", "some"),
        ("she's doing really well", "good"),
        ("no idea", "not_sure"),
    ],
)
def test_progress_answers(text: str, expected: str) -> None:
    assert progress_answer(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ive already talked to the senco and the teacher", "senco"),
        ("spoke to her teacher", "teacher"),
        ("we made a formal complaint to the governors", "formal_complaint"),
        ("we already went to the dfe", "dfe"),
        ("nothing yet", "nothing"),
    ],
)
def test_complaint_ladder_answers_take_the_highest_rung(text: str, expected: str) -> None:
    assert complaint_tried_answer(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("i spoke to his teacher at parents evening", "teacher"),
        ("the sendco knows about it", "senco"),
        ("she has an iep", "support_plan"),
        ("an ed psych came in last term", "specialists"),
        ("nothing has happened yet", "nothing_yet"),
        ("i'm not sure", "not_sure"),
    ],
)
def test_concern_stage_answers(text: str, expected: str) -> None:
    assert concern_stage_answer(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("he is moving up to secondary in september", "moving_to_secondary"),
        ("she's in year 6", "moving_to_secondary"),
        ("we're thinking about an ehcp", "ehc"),
        ("on sen support for a couple of years", "on_support"),
        ("it's early days, school only just noticed", "early"),
    ],
)
def test_parent_stage_answers(text: str, expected: str) -> None:
    assert parent_stage_answer(text) == expected
