"""Transcripts, erasure and feedback for one conversation."""

from __future__ import annotations

import logging
import math
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Response, status

from api import crud
from api.core.metrics import ERRORS
from api.core.privacy import clean_text, redact
from api.core.tracker import TrackerStoreError
from api.deps import SessionDep, SettingsDep, SpoolDep, TrackerStoreDep, limit_client
from api.schemas import (
    SESSION_ID_PATTERN,
    ErrorResponse,
    FeedbackCreate,
    FeedbackPublic,
    TranscriptPublic,
    TriageOutcomePublic,
    TurnPublic,
)

log = logging.getLogger(__name__)

router = APIRouter(
    prefix="/api/v1/sessions",
    tags=["sessions"],
    dependencies=[Depends(limit_client)],
    responses={429: {"model": ErrorResponse, "description": "Rate limit; see Retry-After"}},
)

UNKNOWN_SESSION = "Unknown or erased conversation."
UNKNOWN_TURN = "That answer is not part of this conversation."
STILL_SAVING = "Your latest messages are still being saved. Please try again in a minute."
ERASURE_INCOMPLETE = "The conversation could not be fully erased. Please try again."

SessionId = Annotated[str, Path(pattern=SESSION_ID_PATTERN)]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "Unknown or erased session"}
}


@router.get(
    "/{session_id}/transcript",
    response_model=TranscriptPublic,
    responses={
        **NOT_FOUND,
        503: {"model": ErrorResponse, "description": "Still being saved, or storage is down"},
    },
)
def read_transcript(
    session_id: SessionId, db: SessionDep, spool: SpoolDep, settings: SettingsDep
) -> TranscriptPublic:
    if spool.holds(session_id):
        # Some turns wait in the spool after a database outage; a transcript without them
        # would look like lost messages. The next replay is at most one interval away.
        retry_after = str(math.ceil(settings.spool_replay_seconds))
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE, STILL_SAVING, headers={"Retry-After": retry_after}
        )
    chat = crud.get_transcript(db, session_id)
    if chat is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_SESSION)
    return TranscriptPublic(
        session_id=chat.id,
        created_at=chat.created_at,
        last_active_at=chat.last_active_at,
        turns=[TurnPublic.model_validate(turn) for turn in chat.turns],
        triage_outcomes=[TriageOutcomePublic.model_validate(o) for o in chat.triage_outcomes],
    )


@router.delete(
    "/{session_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={**NOT_FOUND, 503: {"model": ErrorResponse, "description": "Erasure incomplete"}},
)
def erase_session(
    session_id: SessionId, db: SessionDep, tracker: TrackerStoreDep, spool: SpoolDep
) -> Response:
    held_in_spool = spool.holds(session_id)
    spool.forget(session_id)
    erased_here = crud.erase_session(db, session_id)
    db.commit()
    try:
        erased_in_rasa = tracker.delete_conversation(session_id) > 0
    except TrackerStoreError as error:
        ERRORS.labels("tracker").inc()
        log.error("tracker erasure failed", extra={"error": str(error)})
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, ERASURE_INCOMPLETE) from error
    if not (erased_here or erased_in_rasa or held_in_spool):
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_SESSION)
    log.info("conversation erased", extra={"deleted": True})
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{session_id}/feedback",
    response_model=FeedbackPublic,
    status_code=status.HTTP_201_CREATED,
    responses={**NOT_FOUND, 422: {"model": ErrorResponse, "description": "Invalid feedback"}},
)
def create_feedback(session_id: SessionId, body: FeedbackCreate, db: SessionDep) -> FeedbackPublic:
    comment = redact(clean_text(body.comment)) if body.comment else None
    try:
        feedback = crud.add_feedback(db, session_id, body.turn_id, body.helpful, comment or None)
    except crud.UnknownTurn as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, UNKNOWN_TURN) from error
    if feedback is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_SESSION)
    db.commit()
    return FeedbackPublic.model_validate(feedback)
