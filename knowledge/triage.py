"""EHC triage: from what a parent knows about SEN support to a recommended next step.

The rule is impartial and never gatekeeps. Whatever the answers, the recommendation
carries the reason that a parent can ask for an EHC needs assessment at any time:
the legal test (Children and Families Act 2014, s.36(8)) is only that the child has or
may have SEN and may need provision through an EHC plan. The wording of every reason
lives in content/triage.yml; this module only decides which reasons apply.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal, get_args

from knowledge._fields import Fields
from knowledge.ages import is_past_young_person_age, is_young_person
from knowledge.errors import ContentError
from knowledge.model import Source
from knowledge.sources import resolve_sources

Answer = Literal["yes", "no", "not_sure"]
ReviewCycles = Literal["none", "one", "two", "three_or_more", "not_sure"]
Progress = Literal["good", "some", "little_or_none", "not_sure"]
RecommendationCode = Literal["talk_to_senco", "review_and_specialists", "consider_ehc_request"]

ANSWERS: tuple[Answer, ...] = get_args(Answer)
REVIEW_CYCLES: tuple[ReviewCycles, ...] = get_args(ReviewCycles)
PROGRESS: tuple[Progress, ...] = get_args(Progress)
# The triage questions in the order they are asked: the bot's form slots, the console's script
# and the stored outcomes all use these names.
EHC_QUESTION_FIELDS: tuple[str, ...] = (
    "on_sen_support",
    "has_support_plan",
    "review_cycles",
    "specialists_involved",
    "progress",
)
RECOMMENDATION_CODES: tuple[RecommendationCode, ...] = get_args(RecommendationCode)
EHC_CHOICES: dict[str, tuple[str, ...]] = {
    "on_sen_support": ANSWERS,
    "has_support_plan": ANSWERS,
    "review_cycles": REVIEW_CYCLES,
    "specialists_involved": ANSWERS,
    "progress": PROGRESS,
}

# The ids of every reason the rule can give; `python -m knowledge check` makes sure each has text.
REASON_IDS = (
    "not_on_support",
    "support_unsure",
    "on_support_no_plan",
    "plan_unsure",
    "no_reviews_yet",
    "reviews_unsure",
    "reviewed_once",
    "reviewed_several",
    "no_specialists",
    "specialists_unsure",
    "specialists_involved",
    "progress_good",
    "progress_some",
    "progress_little",
    "progress_unsure",
    "young_person_can_request",
    "over_25",
    "timescales",
    "refusal_rights",
    "right_to_request",
)


@dataclass(frozen=True)
class EhcAnswers:
    """A parent's answers to the EHC triage questions. Every question allows "not sure"."""

    on_sen_support: Answer
    has_support_plan: Answer
    review_cycles: ReviewCycles
    specialists_involved: Answer
    progress: Progress
    age: int | None = None

    def __post_init__(self) -> None:
        for name in ("on_sen_support", "has_support_plan", "specialists_involved"):
            _check_choice(name, getattr(self, name), ANSWERS)
        _check_choice("review_cycles", self.review_cycles, REVIEW_CYCLES)
        _check_choice("progress", self.progress, PROGRESS)
        if self.age is not None and not 0 <= self.age <= 120:
            raise ValueError(f"age must be between 0 and 120, got {self.age}")


@dataclass(frozen=True)
class Reason:
    """One reason behind a recommendation, with where it comes from."""

    id: str
    text: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Recommendation:
    """The recommended next step, every reason for it, and what to do next."""

    code: RecommendationCode
    title: str
    summary: str
    reasons: tuple[Reason, ...]
    next_steps: tuple[str, ...]

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source behind the reasons, once each, in order of first use."""
        seen: dict[Source, None] = {}
        for reason in self.reasons:
            for source in reason.sources:
                seen.setdefault(source, None)
        return tuple(seen)


@dataclass(frozen=True)
class RecommendationText:
    title: str
    summary: str
    next_steps: tuple[str, ...]


@dataclass(frozen=True)
class TriageQuestion:
    """One triage question and the words for each of its answers."""

    text: str
    answers: Mapping[str, str]


@dataclass(frozen=True)
class TriageContent:
    """The words of the triage (content/triage.yml)."""

    recommendations: Mapping[str, RecommendationText]
    reasons: Mapping[str, Reason]
    questions: Mapping[str, TriageQuestion]


def parse_triage(root: Fields, sources: Mapping[str, Source]) -> TriageContent:
    recommendations = {
        code: RecommendationText(
            title=entry.text("title"),
            summary=entry.text("summary"),
            next_steps=entry.text_list("next_steps", required=True),
        )
        for code, entry in root.entries("recommendations")
    }
    reasons = {
        reason_id: Reason(
            id=reason_id,
            text=entry.text("text"),
            sources=resolve_sources(entry, sources),
        )
        for reason_id, entry in root.entries("reasons")
    }
    questions = {field: _question(entry) for field, entry in root.entries("questions")}
    missing: list[str] = [c for c in RECOMMENDATION_CODES if c not in recommendations]
    missing += [r for r in REASON_IDS if r not in reasons]
    for field, choices in EHC_CHOICES.items():
        if field not in questions:
            missing.append(f"questions.{field}")
        else:
            missing += [
                f"questions.{field}.answers.{c}"
                for c in choices
                if c not in questions[field].answers
            ]
    if missing:
        raise ContentError(f"{root.file}: missing wording for {', '.join(missing)}")
    return TriageContent(
        recommendations=MappingProxyType(recommendations),
        reasons=MappingProxyType(reasons),
        questions=MappingProxyType(questions),
    )


def _question(entry: Fields) -> TriageQuestion:
    answers = entry.mapping("answers")
    return TriageQuestion(
        text=entry.text("text"),
        answers=MappingProxyType({key: answers.text(key) for key in answers.data}),
    )


def triage_ehc(answers: EhcAnswers, content: TriageContent) -> Recommendation:
    """Recommend a next step from the parent's answers, with every reason and its source.

    ``content`` is the triage's wording, ``Knowledge.triage``.
    """
    code = _decide(answers)
    text = content.recommendations[code]
    reason_ids = _reason_ids(answers, code)
    return Recommendation(
        code=code,
        title=text.title,
        summary=text.summary,
        reasons=tuple(content.reasons[r] for r in reason_ids),
        next_steps=text.next_steps,
    )


def case_summary(
    answers: EhcAnswers, recommendation: Recommendation, content: TriageContent
) -> str:
    """Plain text an adviser can copy into case notes: the answers, the step and why."""
    questions = content.questions
    lines = ["EHC triage summary"]
    for field in EHC_CHOICES:
        question = questions[field]
        lines.append(f"- {question.text} {question.answers[getattr(answers, field)]}")
    if answers.age is not None:
        lines.append(f"- Age: {answers.age}")
    lines += ["", f"Suggested next step: {recommendation.title}", "Reasons:"]
    lines += [f"- {reason.text}" for reason in recommendation.reasons]
    lines += ["Sources:"] + [f"- {source.label}" for source in recommendation.sources]
    return "\n".join(lines)


def _decide(answers: EhcAnswers) -> RecommendationCode:
    support_in_place = answers.on_sen_support == "yes" or answers.has_support_plan == "yes"
    reviewed = answers.review_cycles in ("one", "two", "three_or_more")
    specialists = answers.specialists_involved == "yes"
    # No fixed number of cycles is required: one review, or specialist advice, with little
    # or no progress is enough to say an assessment is worth considering now.
    if answers.progress == "little_or_none" and (reviewed or specialists):
        return "consider_ehc_request"
    if not support_in_place or answers.progress == "good":
        return "talk_to_senco"
    return "review_and_specialists"


def _reason_ids(answers: EhcAnswers, code: RecommendationCode) -> list[str]:
    ids: list[str] = []
    if answers.on_sen_support == "no":
        ids.append("not_on_support")
    elif answers.on_sen_support == "not_sure":
        ids.append("support_unsure")
    if answers.has_support_plan == "no" and answers.on_sen_support == "yes":
        ids.append("on_support_no_plan")
    elif answers.has_support_plan == "not_sure":
        ids.append("plan_unsure")
    ids.append(
        {
            "none": "no_reviews_yet",
            "not_sure": "reviews_unsure",
            "one": "reviewed_once",
            "two": "reviewed_several",
            "three_or_more": "reviewed_several",
        }[answers.review_cycles]
    )
    ids.append(
        {"no": "no_specialists", "not_sure": "specialists_unsure", "yes": "specialists_involved"}[
            answers.specialists_involved
        ]
    )
    ids.append(
        {
            "good": "progress_good",
            "some": "progress_some",
            "little_or_none": "progress_little",
            "not_sure": "progress_unsure",
        }[answers.progress]
    )
    if is_young_person(answers.age):
        ids.append("young_person_can_request")
    elif is_past_young_person_age(answers.age):
        ids.append("over_25")
    if code == "consider_ehc_request":
        ids += ["timescales", "refusal_rights"]
    ids.append("right_to_request")
    return ids


def _check_choice(name: str, value: object, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}; got {value!r}")
