"""The scripted triage and the cases it makes: an adviser's own cases and their summaries."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Response, status
from fastapi import Path as PathParam
from fastapi.responses import PlainTextResponse

from api.adviser import cases as case_store
from api.adviser.deps import CSRF, UNAUTHORISED, CsrfCheckedAdviser, CurrentAdviser
from api.adviser.schemas import (
    CaseCreate,
    CaseListItem,
    CasePublic,
    OptionPublic,
    ScriptQuestionPublic,
)
from api.adviser.script import script
from api.deps import KnowledgeDep, SessionDep
from api.schemas import ErrorResponse

UNKNOWN_CASE = "Unknown case."

router = APIRouter(prefix="/api/v1/adviser", tags=["adviser cases"], responses=UNAUTHORISED)

CaseId = Annotated[int, PathParam(ge=1, le=2**62)]
NO_CASE: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": UNKNOWN_CASE}
}


@router.get("/triage/script", response_model=list[ScriptQuestionPublic])
def triage_script(_context: CurrentAdviser, knowledge: KnowledgeDep) -> list[ScriptQuestionPublic]:
    """The questions in the order to ask them; every one has a "Not sure" answer."""
    return [
        ScriptQuestionPublic(
            id=question.id,
            text=question.text,
            kind=question.kind,
            options=[OptionPublic(value=o.value, label=o.label) for o in question.options],
        )
        for question in script(knowledge)
    ]


@router.post(
    "/cases",
    response_model=CasePublic,
    status_code=status.HTTP_201_CREATED,
    responses={**CSRF, 422: {"model": ErrorResponse, "description": "Answers not in the script"}},
)
def create_case(
    body: CaseCreate, context: CsrfCheckedAdviser, db: SessionDep, knowledge: KnowledgeDep
) -> CasePublic:
    """Run the triage on the caller's answers and store the case with its summary."""
    try:
        case = case_store.create_case(db, body, context.adviser, knowledge)
    except case_store.InvalidAnswers as error:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, f"Invalid value for: {error}."
        ) from error
    db.commit()
    return case_store.case_public(case, context.adviser.name)


@router.get("/cases", response_model=list[CaseListItem])
def list_cases(
    context: CurrentAdviser,
    db: SessionDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[CaseListItem]:
    """This adviser's cases, newest first."""
    return [
        CaseListItem(
            id=c.id, reference=c.reference, created_at=c.created_at, recommendation=c.recommendation
        )
        for c in case_store.own_cases(db, context.adviser, limit)
    ]


@router.get("/cases/{case_id}", response_model=CasePublic, responses=NO_CASE)
def read_case(case_id: CaseId, context: CurrentAdviser, db: SessionDep) -> CasePublic:
    case = case_store.own_case(db, case_id, context.adviser)
    if case is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_CASE)
    return case_store.case_public(case, context.adviser.name)


@router.get(
    "/cases/{case_id}/summary.{extension}",
    response_class=PlainTextResponse,
    responses=NO_CASE,
)
def download_summary(
    case_id: CaseId,
    extension: Literal["txt", "md"],
    context: CurrentAdviser,
    db: SessionDep,
) -> Response:
    """The case summary as a file: plain text or Markdown."""
    case = case_store.own_case(db, case_id, context.adviser)
    if case is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_CASE)
    text, media_type = (
        (case.summary_markdown, "text/markdown")
        if extension == "md"
        else (case.summary_text, "text/plain")
    )
    return Response(
        text,
        media_type=f"{media_type}; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="case-{case.id}-summary.{extension}"'
        },
    )
