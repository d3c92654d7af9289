"""The adviser's triage script: the same questions and rules the assistant uses, in order.

Every rule comes from `knowledge/` (`triage_ehc`, `suggest_questions`, `next_complaint_step`);
this module only orders the questions for a phone call and gathers the outcome. The EHC answer
values are the same strings the assistant's buttons send as slot values, so the same answers
always give the same recommendation in both places.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from knowledge import (
    EHC_QUESTION_FIELDS,
    ComplaintStep,
    EhcAnswers,
    Knowledge,
    Question,
    Recommendation,
    Service,
    Stage,
    next_complaint_step,
    suggest_questions,
    triage_ehc,
)

NOT_SURE = "not_sure"
NOT_SURE_LABEL = "Not sure"

# Questions only the console asks (the assistant learns these from the parent's own words).
STAGE_QUESTION = "Which of these is closest to where you are now?"
COMPLAINT_QUESTION = "What have you already done about your worries?"
UNHAPPY_QUESTION = "Are you unhappy with how the school has answered your worries?"
CONCERNS_QUESTION = "What are your main worries? Choose any that fit."
AGE_QUESTION = "How old is your child? (optional)"


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class ScriptQuestion:
    """One step of the script, read out to the caller."""

    id: str
    text: str
    options: tuple[Option, ...]
    kind: Literal["single", "multiple", "age"] = "single"


@dataclass(frozen=True)
class CaseAnswers:
    stage: str
    on_sen_support: str
    has_support_plan: str
    review_cycles: str
    specialists_involved: str
    progress: str
    complaint_tried: str
    unhappy_with_school: str
    concerns: tuple[str, ...] = ()
    age: int | None = None

    def ehc_answers(self) -> EhcAnswers:
        # The values pass through untouched: the assistant's slots hold exactly these strings.
        return EhcAnswers(
            on_sen_support=self.on_sen_support,  # type: ignore[arg-type]
            has_support_plan=self.has_support_plan,  # type: ignore[arg-type]
            review_cycles=self.review_cycles,  # type: ignore[arg-type]
            specialists_involved=self.specialists_involved,  # type: ignore[arg-type]
            progress=self.progress,  # type: ignore[arg-type]
            age=self.age,
        )


@dataclass(frozen=True)
class CaseOutcome:
    answers: CaseAnswers
    recommendation: Recommendation
    stage_used: Stage
    questions: tuple[Question, ...]
    complaint_step: ComplaintStep | None
    contacts: tuple[Service, ...]
    notes: tuple[str, ...] = field(default=())


def script(knowledge: Knowledge) -> tuple[ScriptQuestion, ...]:
    """The questions in the order an adviser asks them, with "Not sure" on every one."""
    not_sure = Option(NOT_SURE, NOT_SURE_LABEL)
    bank = knowledge.questions
    stage = ScriptQuestion(
        "stage",
        STAGE_QUESTION,
        (*(Option(s, label) for s, label in bank.stages.items()), not_sure),
    )
    ehc = tuple(
        ScriptQuestion(
            name,
            knowledge.triage.questions[name].text,
            tuple(
                Option(v, label) for v, label in knowledge.triage.questions[name].answers.items()
            ),
        )
        for name in EHC_QUESTION_FIELDS
    )
    steps = {step.id: step.title for step in knowledge.complaint_ladder}
    complaint = ScriptQuestion(
        "complaint_tried",
        COMPLAINT_QUESTION,
        (
            Option("nothing", "Nothing yet"),
            *(Option(step_id, f"Tried: {title}") for step_id, title in steps.items()),
            not_sure,
        ),
    )
    unhappy = ScriptQuestion(
        "unhappy_with_school",
        UNHAPPY_QUESTION,
        (Option("yes", "Yes"), Option("no", "No"), not_sure),
    )
    concerns = ScriptQuestion(
        "concerns",
        CONCERNS_QUESTION,
        (*(Option(c, label) for c, label in bank.concerns.items()), not_sure),
        kind="multiple",
    )
    age = ScriptQuestion("age", AGE_QUESTION, (not_sure,), kind="age")
    return (stage, *ehc, concerns, complaint, unhappy, age)


def check_answers(answers: CaseAnswers, knowledge: Knowledge) -> list[str]:
    """The names of answers that are not among their question's options."""
    wrong: list[str] = []
    for question in script(knowledge):
        allowed = {option.value for option in question.options}
        if question.kind == "single" and getattr(answers, question.id) not in allowed:
            wrong.append(question.id)
        if question.kind == "multiple" and not set(answers.concerns) <= allowed:
            wrong.append(question.id)
    return wrong


def run_triage(answers: CaseAnswers, knowledge: Knowledge) -> CaseOutcome:
    """The recommendation, questions for the school, and the complaint step where relevant."""
    recommendation = triage_ehc(answers.ehc_answers(), knowledge.triage)
    notes: list[str] = []
    stage = _stage(answers, notes)
    concerns = [c for c in answers.concerns if c != NOT_SURE]
    questions = tuple(suggest_questions(knowledge.questions, stage, concerns))
    step: ComplaintStep | None = None
    if answers.unhappy_with_school in ("yes", NOT_SURE):
        tried: Sequence[str] = ()
        if answers.complaint_tried not in ("nothing", NOT_SURE):
            tried = (answers.complaint_tried,)
        elif answers.complaint_tried == NOT_SURE:
            notes.append(
                "The caller was not sure what they have tried, so the complaint steps start "
                "at the beginning."
            )
        step = next_complaint_step(tried, knowledge.complaint_ladder)
    return CaseOutcome(
        answers=answers,
        recommendation=recommendation,
        stage_used=stage,
        questions=questions,
        complaint_step=step,
        contacts=knowledge.council.services,
        notes=tuple(notes),
    )


def _stage(answers: CaseAnswers, notes: list[str]) -> Stage:
    if answers.stage != NOT_SURE:
        return answers.stage  # type: ignore[return-value]
    # "Not sure" of the stage: the answers about support say which questions fit best.
    supported = "yes" in (answers.on_sen_support, answers.has_support_plan)
    known: Stage = "on_support" if supported else "early"
    notes.append(
        "The caller was not sure of their stage, so the questions fit what they said about support."
    )
    return known
