"""The question suggester: a short ordered list of questions that fit the parent's stage."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge import Knowledge, load_knowledge, questions_reply, suggest_questions
from knowledge.questions import STAGES

CONCERNS = tuple(load_knowledge().questions.concerns)


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_gets_a_full_list_of_its_own_questions(stage: str, knowledge: Knowledge) -> None:
    questions = suggest_questions(knowledge.questions, stage)  # type: ignore[arg-type]
    assert len(questions) == 6
    assert all(stage in q.stages for q in questions)
    assert len({q.id for q in questions}) == 6
    assert all(q.sources for q in questions)


def test_without_concerns_the_bank_order_is_kept(knowledge: Knowledge) -> None:
    early = [q.id for q in suggest_questions(knowledge.questions, "early", limit=3)]
    assert early == ["progress_vs_peers", "age_related_expectations", "sen_register"]


def test_questions_matching_concerns_come_first(knowledge: Knowledge) -> None:
    questions = suggest_questions(knowledge.questions, "on_support", ["wellbeing", "home"], limit=4)
    assert questions[0].id == "masking"  # matches both concerns
    assert {"support_at_home", "coping_at_secondary"} <= {q.id for q in questions[1:]}


def test_the_seed_questions_are_in_the_bank(knowledge: Knowledge) -> None:
    texts = " ".join(q.text for q in knowledge.questions.questions)
    for phrase in (
        "age-related expectations",
        "SEN register",
        "friends",
        "How often will we meet",
        "outside agencies",
        "show me some of their work",
        "masking",
        "secondary",
        "Education, Health and Care plan",
    ):
        assert phrase in texts


def test_moving_to_secondary_is_about_the_move(knowledge: Knowledge) -> None:
    questions = suggest_questions(
        knowledge.questions, "moving_to_secondary", ["transition"], limit=4
    )
    assert all("transition" in q.concerns for q in questions)


def test_ehc_stage_asks_about_time_limits(knowledge: Knowledge) -> None:
    ids = [q.id for q in suggest_questions(knowledge.questions, "ehc", limit=8)]
    assert "timescales" in ids


@pytest.mark.parametrize(
    ("stage", "concerns", "limit", "message"),
    [
        ("later", (), 6, "unknown stage 'later'; expected one of early, on_support"),
        ("early", ("money",), 6, "unknown concern\\(s\\) money; expected any of progress"),
        ("early", (), 0, "limit must be at least 1"),
    ],
)
def test_bad_requests_are_refused_clearly(
    stage: str, concerns: tuple[str, ...], limit: int, message: str, knowledge: Knowledge
) -> None:
    with pytest.raises(ValueError, match=message):
        suggest_questions(knowledge.questions, stage, concerns, limit)  # type: ignore[arg-type]


def test_reply_lists_the_questions_with_their_source(knowledge: Knowledge) -> None:
    questions = suggest_questions(knowledge.questions, "early", limit=2)
    reply = questions_reply(questions)
    assert reply.splitlines()[1] == f"- {questions[0].text}"
    assert reply.endswith("Source: Council guide: reviewing SEN support")


@given(
    stage=st.sampled_from(STAGES),
    concerns=st.sets(st.sampled_from(CONCERNS)),
    limit=st.integers(min_value=1, max_value=12),
)
def test_property_suggestions_fit_and_are_ordered_by_concern(
    stage: str, concerns: set[str], limit: int
) -> None:
    knowledge = load_knowledge()
    questions = suggest_questions(knowledge.questions, stage, concerns, limit)  # type: ignore[arg-type]
    available = [q for q in knowledge.questions.questions if stage in q.stages]
    assert len(questions) == min(limit, len(available))
    assert all(stage in q.stages for q in questions)
    matches = [len(concerns.intersection(q.concerns)) for q in questions]
    assert matches == sorted(matches, reverse=True)
    # nothing left out matches more concerns than the weakest question chosen
    left_out = [q for q in available if q not in questions]
    if questions and left_out:
        assert max(len(concerns.intersection(q.concerns)) for q in left_out) <= matches[-1]
