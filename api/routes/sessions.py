"""Transcripts, erasure and feedback for one conversation."""

from __future__ import annotations

import logging
import math
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Response, status
from fastapi.concurrency import run_in_threadpool
from tenacity import AsyncRetrying, retry_if_result, stop_after_delay, wait_fixed

from api import crud
from api.core.db import Database
from api.core.erasure import SessionMemory, erasure_key
from api.core.limits import RateLimiter
from api.core.metrics import ERRORS, REJECTED
from api.core.privacy import clean_text, redact
from api.core.spool import Spool
from api.core.tracker import TrackerStore, TrackerStoreError
from api.deps import (
    DatabaseDep,
    RateLimiterDep,
    SessionDep,
    SessionMemoryDep,
    SettingsDep,
    SpoolDep,
    TrackerStoreDep,
    limit_client,
)
from api.models import utcnow
from api.schemas import (
    SESSION_ID_PATTERN,
    ErrorResponse,
    FeedbackCreate,
    FeedbackPublic,
    TranscriptPublic,
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
STILL_ANSWERING = (
    "Your last message is still being answered, so the conversation cannot be deleted yet. "
    "Please wait a moment and press Delete again."
)
# Erasure waits this long for a turn in flight to finish before it answers 409 and asks the
# parent to try again: a reply normally takes a second or two, but on a busy machine it can take
# ten; the API itself gives up on Rasa after RASA_READ_TIMEOUT (30 s by default).
ERASE_WAIT_SECONDS = 35.0
ERASE_POLL_SECONDS = 0.02

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
    return TranscriptPublic.from_chat(chat, session_id=chat.id)


@router.delete(
    "/{session_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={
        **NOT_FOUND,
        409: {"model": ErrorResponse, "description": "A reply is still on its way; try again"},
        503: {"model": ErrorResponse, "description": "Erasure incomplete"},
    },
)
async def erase_session(
    session_id: SessionId,
    database: DatabaseDep,
    tracker: TrackerStoreDep,
    spool: SpoolDep,
    limiter: RateLimiterDep,
    settings: SettingsDep,
    memory: SessionMemoryDep,
) -> Response:
    """Erase the conversation everywhere, for good.

    It waits for a turn in flight to finish (holding the conversation's one-request lock, so
    no new turn can start), records the id as erased (a keyed hash) so that no later write for
    it is accepted by the API or by Rasa's tracker store, then deletes it from every store.
    """
    token = await _wait_for_turn(limiter, session_id)
    if token is None:
        REJECTED.labels("busy").inc()
        raise HTTPException(status.HTTP_409_CONFLICT, STILL_ANSWERING)
    try:
        erased = await run_in_threadpool(
            _erase, database, tracker, spool, memory, settings.secret_key, session_id
        )
    finally:
        await limiter.release(session_id, token)
    if not erased:
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_SESSION)
    log.info("conversation erased", extra={"deleted": True})
    return Response(status_code=status.HTTP_204_NO_CONTENT)


async def _wait_for_turn(limiter: RateLimiter, session_id: str) -> str | None:
    """The conversation's lock once its turn in flight is over; None after ERASE_WAIT_SECONDS."""
    waiting = AsyncRetrying(
        stop=stop_after_delay(ERASE_WAIT_SECONDS),
        wait=wait_fixed(ERASE_POLL_SECONDS),
        retry=retry_if_result(lambda token: token is None),
        retry_error_callback=lambda _: None,
    )
    token: str | None = await waiting(limiter.acquire, session_id)
    return token


def _erase(
    database: Database,
    tracker: TrackerStore,
    spool: Spool,
    memory: SessionMemory,
    secret: str,
    session_id: str,
) -> bool:
    """True if there was anything to erase (a first erasure, or rows found in any store)."""
    key = erasure_key(secret, session_id)
    try:
        in_rasa = tracker.count_events(session_id) > 0
    except TrackerStoreError as error:
        ERRORS.labels("tracker").inc()
        log.error("tracker erasure failed", extra={"error": str(error)})
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, ERASURE_INCOMPLETE) from error
    held_in_spool = spool.holds(session_id)
    with database.session() as db:
        already_erased = crud.is_erased(db, key)
        in_database = crud.session_exists(db, session_id)
        if not (already_erased or in_database or in_rasa or held_in_spool):
            return False
        # First the record that refuses every later write, then the deletions.
        crud.record_erasure(db, key, utcnow())
    memory.erased(session_id)
    spool.forget(session_id)
    with database.session() as db:
        deleted_here = crud.erase_session(db, session_id)
    try:
        deleted_in_rasa = tracker.delete_conversation(session_id) > 0
    except TrackerStoreError as error:
        ERRORS.labels("tracker").inc()
        log.error("tracker erasure failed", extra={"error": str(error)})
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, ERASURE_INCOMPLETE) from error
    return not already_erased or deleted_here or deleted_in_rasa or held_in_spool


@router.post(
    "/{session_id}/feedback",
    response_model=FeedbackPublic,
    status_code=status.HTTP_201_CREATED,
    responses={**NOT_FOUND, 422: {"model": ErrorResponse, "description": "Invalid feedback"}},
)
def create_feedback(
    session_id: SessionId, body: FeedbackCreate, db: SessionDep, settings: SettingsDep
) -> FeedbackPublic:
    if crud.is_erased(db, erasure_key(settings.secret_key, session_id)):
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_SESSION)
    comment = redact(clean_text(body.comment)) if body.comment else None
    try:
        feedback = crud.add_feedback(db, session_id, body.turn_id, body.helpful, comment or None)
    except crud.UnknownTurn as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, UNKNOWN_TURN) from error
    if feedback is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_SESSION)
    db.commit()
    return FeedbackPublic.model_validate(feedback)
