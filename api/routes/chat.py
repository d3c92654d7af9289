"""POST /api/v1/chat: one parent message in, the assistant's answer out."""

from __future__ import annotations

import logging
import secrets
import time
from typing import Any

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from api import crud
from api.core.config import Settings
from api.core.content import (
    UNAVAILABLE_DETAIL,
    dialogue_gap_message,
    fallback_message,
    safeguarding_reply,
)
from api.core.db import Database
from api.core.erasure import SessionMemory, erasure_key
from api.core.limits import RateLimiter
from api.core.metrics import (
    CHAT_LATENCY,
    CHAT_TURNS,
    DIALOGUE_GAPS,
    ERRORS,
    FALLBACKS,
    RASA_LATENCY,
    REJECTED,
)
from api.core.outcome import TurnOutcome
from api.core.privacy import clean_text, redact
from api.core.rasa import RasaMessage, RasaReply, RasaSaidNothing, RasaUnavailable
from api.core.security import client_key
from api.core.spool import Spool
from api.deps import (
    DatabaseDep,
    KnowledgeDep,
    QuickRepliesDep,
    RasaClientDep,
    RateLimiterDep,
    SessionMemoryDep,
    SettingsDep,
    SpoolDep,
)
from api.models import utcnow
from api.schemas import (
    ButtonPublic,
    ChatRequest,
    ChatResponse,
    ErrorResponse,
    MessagePublic,
    UnavailableResponse,
)

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api/v1", tags=["chat"])

EMPTY_MESSAGE = "Type a message before sending."
UNKNOWN_SESSION = "Unknown or expired conversation. Leave out session_id to start a new one."
BUSY = "Still answering your last message. Please wait for the answer before sending another."
TOO_MANY = "Too many messages. Please wait a moment and try again."
FALLBACK_INTENTS = frozenset({"nlu_fallback", "out_of_scope"})


def new_session_id() -> str:
    """A random, unguessable conversation id (256 bits)."""
    return secrets.token_urlsafe(32)


@router.post(
    "/chat",
    response_model=ChatResponse,
    response_model_exclude_none=True,
    responses={
        404: {"model": ErrorResponse, "description": "Unknown or erased session_id"},
        409: {"model": ErrorResponse, "description": "A message in this session is in flight"},
        413: {"model": ErrorResponse, "description": "Request body too large"},
        422: {"model": ErrorResponse, "description": "Empty, too long or malformed message"},
        429: {"model": ErrorResponse, "description": "Rate limit; see Retry-After"},
        503: {"model": UnavailableResponse, "description": "Assistant unavailable"},
    },
)
async def chat(
    body: ChatRequest,
    request: Request,
    settings: SettingsDep,
    rasa: RasaClientDep,
    database: DatabaseDep,
    limiter: RateLimiterDep,
    spool: SpoolDep,
    knowledge: KnowledgeDep,
    quick_replies: QuickRepliesDep,
    memory: SessionMemoryDep,
) -> Any:
    started = time.perf_counter()
    text = quick_replies.for_rasa(clean_text(body.message))
    if not text:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, EMPTY_MESSAGE)
    if len(text) > settings.max_message_chars:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"Messages can be up to {settings.max_message_chars:,} characters. "
            "Please make it shorter.",
        )
    client = client_key(request, settings.secret_key, settings.trusted_proxy_hops)
    await _limit(limiter, f"client:{client}", settings.rate_limit_client_per_minute)

    session_id = body.session_id
    if session_id is None:
        session_id = new_session_id()
    elif not await _known_session(database, spool, memory, settings.secret_key, session_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_SESSION)
    await _limit(limiter, f"session:{session_id}", settings.rate_limit_session_per_minute)

    token = await limiter.acquire(session_id)
    if token is None:
        REJECTED.labels("busy").inc()
        raise HTTPException(status.HTTP_409_CONFLICT, BUSY)
    if memory.was_erased(session_id):
        # Erased between the check above and taking the lock (the erasure held it).
        await limiter.release(session_id, token)
        raise HTTPException(status.HTTP_404_NOT_FOUND, UNKNOWN_SESSION)
    try:
        answer = await _answer(
            session_id, text, settings, rasa, database, spool, knowledge, started, memory
        )
        memory.answered(session_id)
        return answer
    finally:
        await limiter.release(session_id, token)


async def _answer(
    session_id: str,
    text: str,
    settings: Settings,
    rasa: RasaClientDep,
    database: Database,
    spool: Spool,
    knowledge: KnowledgeDep,
    started: float,
    memory: SessionMemory,
) -> Any:
    redacted = redact(text)
    # The meaning check is numpy work (tens of ms): off the event loop, like the database.
    crisis = await run_in_threadpool(safeguarding_reply, text, knowledge)
    messages: list[MessagePublic] = [crisis] if crisis else []
    reply: RasaReply | None = None
    said_nothing = False  # Rasa answered, with no message: a dialogue gap, unless actions are down
    turn = TurnOutcome()  # what the bot says happened in the turn, from its reply
    rasa_started = time.perf_counter()
    try:
        reply = await rasa.send(session_id, redacted)
        turn = reply.outcome
    except RasaSaidNothing as nothing:
        said_nothing = True
        turn = nothing.outcome
    except RasaUnavailable as error:
        ERRORS.labels("rasa_unavailable").inc()
        FALLBACKS.labels("rasa_unavailable").inc()
        log.warning("rasa unavailable", extra={"reason": error.reason})
    finally:
        RASA_LATENCY.observe(time.perf_counter() - rasa_started)
    # Rasa also answers `[]` when a custom action could not run; with the action server down
    # that is an outage (503 with contacts), not something the parent could say differently.
    gap = said_nothing and await rasa.probe_action_server()
    if said_nothing and not gap:
        ERRORS.labels("rasa_unavailable").inc()
        FALLBACKS.labels("rasa_unavailable").inc()
        log.warning("rasa unavailable", extra={"reason": "empty answer, action server down"})

    if reply is not None:
        answers = [_public(message) for message in reply.messages]
        # The crisis contacts message the bot marked as such in its outcome, if it sent one.
        marked = next(
            (a for a, m in zip(answers, reply.messages, strict=True) if m.safeguarding), None
        )
        if crisis is not None and marked is not None:
            # The bot sends the same crisis message when it recognises the risk too: show it
            # once, first, keeping the bot's version (it may carry a button).
            answers = [answer for answer in answers if answer is not marked]
            crisis = messages[0] = marked
        elif marked is not None:
            crisis = marked  # the bot recognised a risk the API's check did not
        messages += answers
    elif gap:
        messages.append(dialogue_gap_message(knowledge))
    else:
        messages.append(fallback_message(knowledge))

    answered = reply is not None or gap
    exchange = crud.Exchange(
        session_id=session_id,
        user_text=redacted,
        at=utcnow(),
        intent=turn.intent,
        confidence=turn.confidence,
        safeguarding=crisis is not None,
        bot_turns=[
            crud.BotTurn(
                text=message.text,
                buttons=[b.model_dump() for b in message.buttons] if message.buttons else None,
                safeguarding=message is crisis,
            )
            for message in messages
        ],
        triage=[
            crud.TriageRecord(result.kind, result.answers, result.recommendation)
            for result in turn.triage
        ],
    )
    turn_id = await run_in_threadpool(
        _store, database, spool, exchange, erasure_key(settings.secret_key, session_id), memory
    )
    intent, confidence = exchange.intent, exchange.confidence
    if intent in FALLBACK_INTENTS:
        FALLBACKS.labels(intent or "unknown").inc()
    if gap:
        # The intent says where the dialogue has no next step; the parent's words stay out.
        DIALOGUE_GAPS.labels(intent or "unknown").inc()
        FALLBACKS.labels("dialogue_gap").inc()
        log.warning("dialogue gap", extra={"reason": "empty answer", "intent": intent})

    outcome = "answered" if reply else "dialogue_gap" if gap else "unavailable"
    if crisis:
        outcome = "safeguarding"
    CHAT_TURNS.labels(outcome).inc()
    CHAT_LATENCY.observe(time.perf_counter() - started)
    log.info(
        "chat turn",
        extra={"outcome": outcome, "intent": intent, "confidence": confidence},
    )
    if not answered:
        unavailable = UnavailableResponse(
            detail=UNAVAILABLE_DETAIL, session_id=session_id, messages=messages, user_text=redacted
        )
        return JSONResponse(
            unavailable.model_dump(exclude_none=True), status.HTTP_503_SERVICE_UNAVAILABLE
        )
    return ChatResponse(
        session_id=session_id, messages=messages, turn_id=turn_id, user_text=redacted
    )


async def _limit(limiter: RateLimiter, key: str, per_minute: int) -> None:
    retry_after = await limiter.hit(key, per_minute)
    if retry_after is not None:  # counted in REJECTED by the limiter
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS, TOO_MANY, headers={"Retry-After": str(retry_after)}
        )


async def _known_session(
    database: Database, spool: Spool, memory: SessionMemory, secret: str, session_id: str
) -> bool:
    """Whether to answer a message for an existing conversation id: never an erased one."""
    if memory.was_erased(session_id):
        return False

    def lookup() -> bool:
        with database.session() as db:
            if crud.is_erased(db, erasure_key(secret, session_id)):
                return False
            return spool.holds(session_id) or crud.session_exists(db, session_id)

    try:
        return await run_in_threadpool(lookup)
    except SQLAlchemyError:
        # With the database down an unknown id cannot be told from a known or erased one:
        # answer only ids this process answered recently or whose turns wait in the spool
        # (erasure forgets both), never a guess.
        ERRORS.labels("storage").inc()
        return spool.holds(session_id) or memory.vouches_for(session_id)


def _store(
    database: Database,
    spool: Spool,
    exchange: crud.Exchange,
    erased_key: str,
    memory: SessionMemory,
) -> int | None:
    if memory.was_erased(exchange.session_id):
        return None  # erased while this turn was on its way: nothing is kept
    if spool.holds(exchange.session_id):
        # Earlier turns of this conversation are still waiting to be stored; storing this one
        # first would put the transcript out of order, so it waits behind them.
        spool.append(exchange)
        return None
    try:
        with database.session() as db:
            return crud.record_exchange(db, exchange, erased_key)
    except crud.ErasedConversation:
        # Erased while this turn was on its way: the parent's erasure wins, nothing is stored.
        log.info("turn for an erased conversation dropped")
        return None
    except SQLAlchemyError as error:
        ERRORS.labels("storage").inc()
        if memory.was_erased(exchange.session_id):
            return None
        log.error("database unavailable; turn spooled", extra={"error": type(error).__name__})
        spool.append(exchange)
        return None


def _public(message: RasaMessage) -> MessagePublic:
    buttons = [ButtonPublic(title=b.title, payload=b.payload) for b in message.buttons]
    return MessagePublic(text=message.text, buttons=buttons or None)
