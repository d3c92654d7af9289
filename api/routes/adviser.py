"""The adviser console's API: scripted EHC triage, and conversations to review.

Every route needs adviser credentials (401 otherwise). Advisers see only redacted text.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, status
from fastapi.responses import FileResponse

from api import crud
from api.deps import CurrentAdviser, KnowledgeDep, SessionDep
from api.routes.pages import static_file
from api.routes.sessions import UNKNOWN_SESSION, read_transcript
from api.schemas import (
    SESSION_ID_PATTERN,
    EhcTriageRequest,
    ErrorResponse,
    ReasonPublic,
    RecommendationPublic,
    SessionSummaryPublic,
    TranscriptPublic,
    TriageQuestionPublic,
)
from knowledge import EhcAnswers, case_summary, triage_ehc

UNAUTHORISED: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "Adviser credentials missing or wrong"},
    429: {"model": ErrorResponse, "description": "Too many failed sign-ins"},
}

router = APIRouter(prefix="/api/v1/adviser", tags=["adviser"], responses=UNAUTHORISED)
console = APIRouter(tags=["adviser"])


@console.get("/adviser", include_in_schema=False)
async def adviser_console(_adviser: CurrentAdviser) -> FileResponse:
    return static_file("adviser.html", "text/html; charset=utf-8")


@router.get("/triage/ehc/questions", response_model=list[TriageQuestionPublic])
async def ehc_triage_questions(
    _adviser: CurrentAdviser, knowledge: KnowledgeDep
) -> list[TriageQuestionPublic]:
    return [
        TriageQuestionPublic(field=field, text=question.text, answers=dict(question.answers))
        for field, question in knowledge.triage.questions.items()
    ]


@router.post("/triage/ehc", response_model=RecommendationPublic)
async def run_ehc_triage(
    body: EhcTriageRequest, _adviser: CurrentAdviser, knowledge: KnowledgeDep
) -> RecommendationPublic:
    answers = EhcAnswers(**body.model_dump())
    recommendation = triage_ehc(answers, knowledge)
    return RecommendationPublic(
        code=recommendation.code,
        title=recommendation.title,
        summary=recommendation.summary,
        reasons=[
            ReasonPublic(text=reason.text, sources=[s.label for s in reason.sources])
            for reason in recommendation.reasons
        ],
        next_steps=list(recommendation.next_steps),
        sources=[source.label for source in recommendation.sources],
        case_summary=case_summary(answers, recommendation, knowledge),
    )


@router.get("/sessions", response_model=list[SessionSummaryPublic])
def list_conversations(
    _adviser: CurrentAdviser,
    db: SessionDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[SessionSummaryPublic]:
    return [
        SessionSummaryPublic(**summary.__dict__)
        for summary in crud.list_sessions(db, limit=limit, offset=offset)
    ]


@router.get(
    "/sessions/{session_id}",
    response_model=TranscriptPublic,
    responses={404: {"model": ErrorResponse, "description": UNKNOWN_SESSION}},
)
def read_conversation(
    session_id: Annotated[str, Path(pattern=SESSION_ID_PATTERN)],
    _adviser: CurrentAdviser,
    db: SessionDep,
) -> TranscriptPublic:
    if crud.get_transcript(db, session_id) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_SESSION)
    return read_transcript(session_id, db)
