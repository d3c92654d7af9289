"""The complaint ladder: the next step after what a parent has tried, with what to prepare."""

from __future__ import annotations

import itertools

import pytest

from knowledge import Knowledge, complaint_step_reply, next_complaint_step

LADDER = [
    ((), "teacher"),
    (("teacher",), "senco"),
    (("senco",), "formal_complaint"),  # skipping the teacher is fine: no need to go back
    (("teacher", "senco"), "formal_complaint"),
    (("senco", "teacher"), "formal_complaint"),
    (("formal_complaint",), "dfe"),
    (("teacher", "senco", "formal_complaint"), "dfe"),
    (("dfe",), "dfe"),
    (("teacher", "senco", "formal_complaint", "dfe"), "dfe"),
]


@pytest.mark.parametrize(("tried", "expected"), LADDER)
def test_next_step_is_the_rung_above_the_highest_tried(
    tried: tuple[str, ...], expected: str, knowledge: Knowledge
) -> None:
    step = next_complaint_step(tried, knowledge.complaint_ladder)
    assert step.id == expected
    assert step.is_last == (expected == "dfe")


STEP_IDS = ("teacher", "senco", "formal_complaint", "dfe")
ALL_TRIED = [
    combo for size in range(len(STEP_IDS) + 1) for combo in itertools.combinations(STEP_IDS, size)
]


@pytest.mark.parametrize("tried", ALL_TRIED, ids=lambda t: "+".join(t) or "nothing")
def test_every_combination_of_tried_steps_moves_up_the_ladder(
    tried: tuple[str, ...], knowledge: Knowledge
) -> None:
    step = next_complaint_step(tried, knowledge.complaint_ladder)
    highest = max((STEP_IDS.index(t) for t in tried), default=-1)
    assert step.id == STEP_IDS[min(highest + 1, len(STEP_IDS) - 1)]
    assert step.prepare


def test_every_step_says_what_to_prepare_and_who_can_help(knowledge: Knowledge) -> None:
    for step in knowledge.complaint_ladder:
        assert len(step.prepare) >= 2
        assert step.sources
        assert step.help_from is knowledge.council.advice_service
        reply = complaint_step_reply(step)
        assert "**What to prepare**" in reply
        assert "**IASK** can help you at any step. Call **01632 960001**, email" in reply
        assert "Source: " in reply


def test_dfe_step_says_what_the_dfe_can_and_cannot_do(knowledge: Knowledge) -> None:
    dfe = next_complaint_step(["formal_complaint"], knowledge.complaint_ladder)
    assert "cannot normally change the decision" in dfe.what_to_do
    assert "how" in dfe.what_to_do
    assert any("GOV.UK" in s.label for s in dfe.sources)


def test_an_unknown_step_is_refused_with_the_valid_ids(knowledge: Knowledge) -> None:
    with pytest.raises(
        ValueError, match="unknown complaint step 'ombudsman'; expected one of teacher, senco"
    ):
        next_complaint_step(["ombudsman"], knowledge.complaint_ladder)
