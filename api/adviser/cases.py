"""Scripted triage cases: run the script's rules, render the summary, store both."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.adviser.models import Adviser, AdviserCase
from api.adviser.schemas import (
    CaseCreate,
    CasePublic,
    ComplaintStepPublic,
    QuestionPublic,
    ReasonPublic,
    RecommendationPublic,
)
from api.adviser.script import CaseAnswers, CaseOutcome, check_answers, run_triage
from api.adviser.summary import CaseHeader, render_markdown, render_text
from api.core.privacy import clean_text, redact
from api.models import utcnow
from knowledge import Knowledge, Source


class InvalidAnswers(ValueError):
    """Some answers are not among their question's options."""

    def __init__(self, fields: list[str]) -> None:
        super().__init__(", ".join(fields))
        self.fields = fields


def _labels(sources: tuple[Source, ...]) -> list[str]:
    return [source.label for source in sources]


def outcome_json(outcome: CaseOutcome) -> dict[str, Any]:
    recommendation = outcome.recommendation
    step = outcome.complaint_step
    return {
        "recommendation": RecommendationPublic(
            code=recommendation.code,
            title=recommendation.title,
            summary=recommendation.summary,
            reasons=[
                ReasonPublic(text=r.text, sources=_labels(r.sources))
                for r in recommendation.reasons
            ],
            next_steps=list(recommendation.next_steps),
            sources=_labels(recommendation.sources),
        ).model_dump(),
        "questions": [
            QuestionPublic(text=q.text, sources=_labels(q.sources)).model_dump()
            for q in outcome.questions
        ],
        "complaint_step": None
        if step is None
        else ComplaintStepPublic(
            id=step.id,
            title=step.title,
            what_to_do=step.what_to_do,
            prepare=list(step.prepare),
            sources=_labels(step.sources),
            is_last=step.is_last,
        ).model_dump(),
        "notes": list(outcome.notes),
    }


def create_case(
    db: Session, body: CaseCreate, adviser: Adviser, knowledge: Knowledge
) -> AdviserCase:
    answers = CaseAnswers(
        stage=body.stage,
        on_sen_support=body.on_sen_support,
        has_support_plan=body.has_support_plan,
        review_cycles=body.review_cycles,
        specialists_involved=body.specialists_involved,
        progress=body.progress,
        complaint_tried=body.complaint_tried,
        unhappy_with_school=body.unhappy_with_school,
        concerns=tuple(dict.fromkeys(body.concerns)),
        age=body.age,
    )
    wrong = check_answers(answers, knowledge)
    if wrong:
        raise InvalidAnswers(wrong)
    outcome = run_triage(answers, knowledge)
    # The situation is the adviser's note of what the caller said: identifiers are redacted
    # before it is stored, exactly as parents' messages are.
    header = CaseHeader(
        reference=body.reference.strip(),
        adviser_name=adviser.name,
        created_at=utcnow(),
        situation=redact(clean_text(body.situation)).strip(),
    )
    stored_answers = body.model_dump(exclude={"reference", "situation"})
    stored_answers["concerns"] = list(answers.concerns)
    stored_answers["situation"] = header.situation
    case = AdviserCase(
        adviser_id=adviser.id,
        reference=header.reference,
        answers=stored_answers,
        recommendation=outcome.recommendation.code,
        complaint_step=outcome.complaint_step.id if outcome.complaint_step else None,
        outcome=outcome_json(outcome),
        summary_text=render_text(outcome, header, knowledge),
        summary_markdown=render_markdown(outcome, header, knowledge),
        created_at=header.created_at,
    )
    db.add(case)
    db.flush()
    return case


def case_public(case: AdviserCase, adviser_name: str) -> CasePublic:
    outcome = case.outcome
    return CasePublic(
        id=case.id,
        reference=case.reference,
        created_at=case.created_at,
        adviser_name=adviser_name,
        answers=case.answers,
        recommendation=RecommendationPublic.model_validate(outcome["recommendation"]),
        questions=[QuestionPublic.model_validate(q) for q in outcome["questions"]],
        complaint_step=None
        if outcome["complaint_step"] is None
        else ComplaintStepPublic.model_validate(outcome["complaint_step"]),
        notes=list(outcome["notes"]),
        summary_text=case.summary_text,
        summary_markdown=case.summary_markdown,
    )


def own_case(db: Session, case_id: int, adviser: Adviser) -> AdviserCase | None:
    case = db.get(AdviserCase, case_id)
    return case if case is not None and case.adviser_id == adviser.id else None


def own_cases(db: Session, adviser: Adviser, limit: int = 50) -> list[AdviserCase]:
    query = (
        select(AdviserCase)
        .where(AdviserCase.adviser_id == adviser.id)
        .order_by(AdviserCase.created_at.desc(), AdviserCase.id.desc())
        .limit(limit)
    )
    return list(db.scalars(query))
