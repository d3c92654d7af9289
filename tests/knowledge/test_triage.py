"""EHC triage: a next step for every combination of answers, always with reasons and sources.

The rule must never gatekeep: whatever the answers, the parent is told they can ask for an
assessment themselves, that the legal test is only s.36(8), and that local expectations such as
"three cycles first" are not legal requirements.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge import EhcAnswers, Knowledge, is_young_person, recommendation_reply, triage_ehc
from knowledge.triage import ANSWERS, PROGRESS, REVIEW_CYCLES, case_summary

ALL_ANSWERS = [
    EhcAnswers(support, plan, cycles, specialists, progress)
    for support, plan, cycles, specialists, progress in itertools.product(
        ANSWERS, ANSWERS, REVIEW_CYCLES, ANSWERS, PROGRESS
    )
]


def expected_code(a: EhcAnswers) -> str:
    """The decision table, written as a parent-facing rule rather than as the code's branches.

    - Little or no progress after at least one review, or after specialist advice:
      consider asking for an EHC needs assessment now. (No fixed number of cycles.)
    - Good progress, or no SEN support or plan in place yet: talk to the SENCO.
    - Otherwise support is in place but not clearly working: ask for a review and specialists.
    """
    tried_something = (
        a.review_cycles in {"one", "two", "three_or_more"} or a.specialists_involved == "yes"
    )
    if a.progress == "little_or_none" and tried_something:
        return "consider_ehc_request"
    if a.progress == "good" or "yes" not in {a.on_sen_support, a.has_support_plan}:
        return "talk_to_senco"
    return "review_and_specialists"


@pytest.mark.parametrize(
    "answers",
    ALL_ANSWERS,
    ids=lambda a: "-".join(
        (a.on_sen_support, a.has_support_plan, a.review_cycles, a.specialists_involved, a.progress)
    ),
)
def test_recommendation_for_every_combination(answers: EhcAnswers, knowledge: Knowledge) -> None:
    result = triage_ehc(answers, knowledge.triage)
    assert result.code == expected_code(answers)
    reason_ids = [reason.id for reason in result.reasons]
    # never gatekeeps: the right to ask is always the closing reason
    assert reason_ids[-1] == "right_to_request"
    assert all(reason.sources for reason in result.reasons)
    assert result.next_steps
    # each "not sure" is answered with what to ask, never ignored
    if answers.on_sen_support == "not_sure":
        assert "support_unsure" in reason_ids
    if answers.has_support_plan == "not_sure":
        assert "plan_unsure" in reason_ids
    if answers.review_cycles == "not_sure":
        assert "reviews_unsure" in reason_ids
    if answers.specialists_involved == "not_sure":
        assert "specialists_unsure" in reason_ids
    if answers.progress == "not_sure":
        assert "progress_unsure" in reason_ids
    # the time limits and the right of appeal come with every suggestion to request
    assert ("timescales" in reason_ids) == (result.code == "consider_ehc_request")
    assert ("refusal_rights" in reason_ids) == (result.code == "consider_ehc_request")


# Hand-written cases a parent might describe, with the step an adviser would expect.
STORIES = [
    (
        "just noticed, nothing in place yet",
        EhcAnswers("no", "no", "none", "no", "little_or_none"),
        "talk_to_senco",
    ),
    (
        "school says doing well on support",
        EhcAnswers("yes", "yes", "two", "no", "good"),
        "talk_to_senco",
    ),
    (
        "on support, some progress",
        EhcAnswers("yes", "yes", "one", "no", "some"),
        "review_and_specialists",
    ),
    (
        "on support, first plan not reviewed yet",
        EhcAnswers("yes", "yes", "none", "no", "little_or_none"),
        "review_and_specialists",
    ),
    (
        "one cycle, no progress, no EP: no three-cycle rule",
        EhcAnswers("yes", "yes", "one", "no", "little_or_none"),
        "consider_ehc_request",
    ),
    (
        "three cycles and specialists, still stuck",
        EhcAnswers("yes", "yes", "three_or_more", "yes", "little_or_none"),
        "consider_ehc_request",
    ),
    (
        "not on support but specialists saw her, no progress",
        EhcAnswers("no", "no", "none", "yes", "little_or_none"),
        "consider_ehc_request",
    ),
    (
        "parent unsure of everything",
        EhcAnswers("not_sure", "not_sure", "not_sure", "not_sure", "not_sure"),
        "talk_to_senco",
    ),
    (
        "plan in place, unsure about progress",
        EhcAnswers("yes", "yes", "two", "yes", "not_sure"),
        "review_and_specialists",
    ),
]


@pytest.mark.parametrize(("story", "answers", "code"), STORIES, ids=[s[0] for s in STORIES])
def test_stories_get_the_step_an_adviser_expects(
    story: str, answers: EhcAnswers, code: str, knowledge: Knowledge
) -> None:
    assert triage_ehc(answers, knowledge.triage).code == code


def test_the_right_to_request_names_the_legal_test_and_local_expectations(
    knowledge: Knowledge,
) -> None:
    result = triage_ehc(EhcAnswers("no", "no", "none", "no", "good"), knowledge.triage)
    right = result.reasons[-1]
    assert "at any time" in right.text
    assert "not legal rules" in right.text
    assert "three review cycles" in right.text
    assert "educational psychologist" in right.text
    assert any("36(8)" in source.label for source in right.sources)


def test_request_recommendation_gives_statutory_time_limits_and_appeal_rights(
    knowledge: Knowledge,
) -> None:
    result = triage_ehc(EhcAnswers("yes", "yes", "two", "yes", "little_or_none"), knowledge.triage)
    timescales = next(r for r in result.reasons if r.id == "timescales")
    for limit in ("6 weeks", "16 weeks", "20 weeks"):
        assert limit in timescales.text
    assert any("SEND Regulations 2014" in s.label for s in timescales.sources)
    appeal = next(r for r in result.reasons if r.id == "refusal_rights")
    assert "mediation" in appeal.text
    assert "SEND Tribunal" in appeal.text


# Children and Families Act 2014 s.83(2): a young person is over compulsory school age and
# under 25. The boundaries on both sides, and a child well below them.
AGE_REASONS = [
    (9, []),
    (15, []),
    (16, ["young_person_can_request"]),
    (24, ["young_person_can_request"]),
    (25, ["over_25"]),
    (None, []),
]


@pytest.mark.parametrize(("age", "reasons"), AGE_REASONS)
def test_age_adds_what_changes_for_young_people(
    age: int | None, reasons: list[str], knowledge: Knowledge
) -> None:
    result = triage_ehc(EhcAnswers("yes", "yes", "one", "no", "some", age=age), knowledge.triage)
    ids = [r.id for r in result.reasons]
    assert [r for r in ids if r in ("young_person_can_request", "over_25")] == reasons
    assert is_young_person(age) == (reasons == ["young_person_can_request"])


def test_the_age_reasons_cite_the_act_that_defines_a_young_person(knowledge: Knowledge) -> None:
    for reason_id in ("young_person_can_request", "over_25"):
        labels = [s.label for s in knowledge.triage.reasons[reason_id].sources]
        assert any("section 83(2)" in label for label in labels), reason_id


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"on_sen_support": "maybe"}, "on_sen_support must be one of yes, no, not_sure"),
        (
            {"review_cycles": 3},
            "review_cycles must be one of none, one, two, three_or_more, not_sure",
        ),
        ({"progress": "bad"}, "progress must be one of good, some, little_or_none, not_sure"),
        ({"age": -1}, "age must be between 0 and 120"),
    ],
)
def test_impossible_answers_are_refused_clearly(fields: dict[str, object], message: str) -> None:
    values: dict[str, object] = {
        "on_sen_support": "yes",
        "has_support_plan": "yes",
        "review_cycles": "one",
        "specialists_involved": "no",
        "progress": "some",
    }
    with pytest.raises(ValueError, match=message):
        EhcAnswers(**{**values, **fields})  # type: ignore[arg-type]


answers_strategy = st.builds(
    EhcAnswers,
    on_sen_support=st.sampled_from(ANSWERS),
    has_support_plan=st.sampled_from(ANSWERS),
    review_cycles=st.sampled_from(REVIEW_CYCLES),
    specialists_involved=st.sampled_from(ANSWERS),
    progress=st.sampled_from(PROGRESS),
    age=st.none() | st.integers(min_value=0, max_value=120),
)


@given(answers=answers_strategy)
def test_property_every_recommendation_has_a_reason_and_a_source(answers: EhcAnswers) -> None:
    from knowledge import load_knowledge

    result = triage_ehc(answers, load_knowledge().triage)
    assert len(result.reasons) >= 1
    assert len(result.sources) >= 1
    assert all(reason.text and reason.sources for reason in result.reasons)
    reply = recommendation_reply(result)
    assert reply.startswith(f"**{result.title}**")
    assert "Source: " in reply


@given(answers=answers_strategy)
def test_property_more_progress_never_makes_a_request_more_likely(answers: EhcAnswers) -> None:
    from dataclasses import replace

    from knowledge import load_knowledge

    knowledge = load_knowledge()
    if (
        triage_ehc(replace(answers, progress="good"), knowledge.triage).code
        == "consider_ehc_request"
    ):
        raise AssertionError("good progress led to a request recommendation")
    assert triage_ehc(answers, knowledge.triage).reasons[-1].id == "right_to_request"


def test_case_summary_gives_an_adviser_the_answers_step_and_reasons(knowledge: Knowledge) -> None:
    answers = EhcAnswers("yes", "not_sure", "two", "no", "little_or_none", age=9)
    result = triage_ehc(answers, knowledge.triage)
    summary = case_summary(answers, result, knowledge.triage)
    lines = summary.splitlines()
    assert lines[:7] == [
        "EHC triage summary",
        "- Is your child getting SEN support at school? Yes",
        "- Does your child have a written SEN support plan (IEP or ISP)? Not sure",
        "- How many times has the school reviewed the plan with you? Twice",
        "- Has the school asked specialists for advice? No",
        "- With the support in place, how much progress is your child making? Little or none",
        "- Age: 9",
    ]
    assert f"Suggested next step: {result.title}" in lines
    assert (
        "- Children and Families Act 2014, section 36(8) (when an assessment must be carried out)"
        in lines
    )
