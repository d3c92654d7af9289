"""The review of parents' web conversations, by handle (never a session id), and the audit log
that every transcript read writes to."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, status
from fastapi import Path as PathParam

from api.adviser import review as conversations
from api.adviser.deps import UNAUTHORISED, CurrentAdviser
from api.adviser.schemas import (
    HANDLE_PATTERN,
    AuditEntryPublic,
    ConversationPublic,
    ConversationTranscriptPublic,
)
from api.deps import KnowledgeDep, SessionDep
from api.routes.sessions import UNKNOWN_SESSION
from api.schemas import ErrorResponse
from knowledge import Knowledge

router = APIRouter(prefix="/api/v1/adviser", tags=["adviser review"], responses=UNAUTHORISED)


@router.get("/conversations", response_model=list[ConversationPublic])
def list_conversations(
    _context: CurrentAdviser,
    db: SessionDep,
    knowledge: KnowledgeDep,
    outcome: Annotated[Literal["triage", "handoff"] | None, Query()] = None,
    since: Annotated[date | None, Query(description="First day, UTC")] = None,
    until: Annotated[date | None, Query(description="Last day, UTC")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[ConversationPublic]:
    """Parents' conversations that ended in a triage or a request for a person, newest first."""
    found = conversations.list_conversations(
        db, outcome=outcome, since=since, until=until, limit=limit, offset=offset
    )
    return [
        ConversationPublic(
            handle=c.handle,
            created_at=c.created_at,
            last_active_at=c.last_active_at,
            turns=c.turns,
            safeguarding=c.safeguarding,
            outcomes=list(c.outcomes),
            latest_recommendation=c.latest_recommendation,
            latest_recommendation_title=_recommendation_title(knowledge, c.latest_recommendation),
        )
        for c in found
    ]


def _recommendation_title(knowledge: Knowledge, code: str | None) -> str | None:
    text = knowledge.triage.recommendations.get(code) if code else None
    return text.title if text else code


@router.get(
    "/conversations/{handle}",
    response_model=ConversationTranscriptPublic,
    responses={404: {"model": ErrorResponse, "description": UNKNOWN_SESSION}},
)
def read_conversation(
    handle: Annotated[str, PathParam(pattern=HANDLE_PATTERN)],
    context: CurrentAdviser,
    db: SessionDep,
) -> ConversationTranscriptPublic:
    """The redacted transcript, by the conversation's handle, built as the parent's own is;
    reading it is recorded in the audit log."""
    chat = conversations.read_conversation(db, handle, context.adviser)
    if chat is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_SESSION)
    transcript = ConversationTranscriptPublic.from_chat(
        chat, handle=chat.handle, outcomes=list(conversations.conversation_outcomes(chat))
    )
    db.commit()
    return transcript


@router.get("/audit", response_model=list[AuditEntryPublic])
def audit_log(
    _context: CurrentAdviser,
    db: SessionDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[AuditEntryPublic]:
    """Who read which conversation and when, newest first. Read only: nothing edits it."""
    return [
        AuditEntryPublic(**record.__dict__) for record in conversations.audit_log(db, limit, offset)
    ]
