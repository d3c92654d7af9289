"""Reading and writing the API's records. Functions take a SQLAlchemy Session and return
model objects or None; they never see unredacted text."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

# Re-exported: the chat route builds turns as crud.Exchange, crud.BotTurn, crud.TriageRecord.
from api.core.exchange import BotTurn as BotTurn
from api.core.exchange import Exchange as Exchange
from api.core.exchange import TriageRecord as TriageRecord
from api.models import ChatSession, ErasedSession, Feedback, TriageOutcome, Turn


class ErasedConversation(Exception):
    """A write for a conversation the parent erased: refused, whatever the caller."""


def is_erased(db: Session, erasure_key: str) -> bool:
    return db.get(ErasedSession, erasure_key) is not None


def record_erasure(db: Session, erasure_key: str, at: datetime) -> None:
    """Remember (as its keyed hash) that a conversation was erased; before deleting anything,
    so that no write in flight can bring it back."""
    if db.get(ErasedSession, erasure_key) is None:
        db.add(ErasedSession(id_hash=erasure_key, erased_at=at))
        db.flush()


def forget_erasures_before(db: Session, cutoff: datetime) -> int:
    """After the retention period nothing of an erased conversation can be left to refuse."""
    result = db.execute(delete(ErasedSession).where(ErasedSession.erased_at < cutoff))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def session_exists(db: Session, session_id: str) -> bool:
    query = select(ChatSession.id).where(ChatSession.id == session_id)
    return db.execute(query).first() is not None


def record_exchange(db: Session, exchange: Exchange, erasure_key: str) -> int | None:
    """Store the exchange; return the id of the assistant's first answer (for feedback).

    Raises ErasedConversation, storing nothing, if the conversation was erased.
    """
    if is_erased(db, erasure_key):
        raise ErasedConversation
    chat = db.get(ChatSession, exchange.session_id)
    if chat is None:
        chat = ChatSession(id=exchange.session_id, created_at=exchange.at)
        db.add(chat)
    chat.last_active_at = max(exchange.at, chat.last_active_at or exchange.at)
    db.add(
        Turn(
            session_id=exchange.session_id,
            sender="user",
            text=exchange.user_text,
            intent=exchange.intent,
            confidence=exchange.confidence,
            safeguarding=exchange.safeguarding,
            created_at=exchange.at,
        )
    )
    answers = [
        Turn(
            session_id=exchange.session_id,
            sender="bot",
            text=turn.text,
            buttons=turn.buttons,
            safeguarding=turn.safeguarding,
            created_at=exchange.at,
        )
        for turn in exchange.bot_turns
    ]
    db.add_all(answers)
    db.add_all(
        TriageOutcome(
            session_id=exchange.session_id,
            kind=record.kind,
            answers=record.answers,
            recommendation=record.recommendation,
            created_at=exchange.at,
        )
        for record in exchange.triage
    )
    db.flush()
    return answers[0].id if answers else None


def get_transcript(db: Session, session_id: str) -> ChatSession | None:
    query = (
        select(ChatSession)
        .where(ChatSession.id == session_id)
        .options(selectinload(ChatSession.turns), selectinload(ChatSession.triage_outcomes))
    )
    return db.scalars(query).first()


def erase_session(db: Session, session_id: str) -> bool:
    """Delete a conversation and everything attached to it; False if there was none."""
    for model in (Feedback, TriageOutcome, Turn):
        db.execute(delete(model).where(model.session_id == session_id))
    result = db.execute(delete(ChatSession).where(ChatSession.id == session_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]


class UnknownTurn(Exception):
    """Feedback named a turn that is not an answer in this conversation."""


def add_feedback(
    db: Session, session_id: str, turn_id: int | None, helpful: bool, comment: str | None
) -> Feedback | None:
    """Store feedback; None if the session is unknown; UnknownTurn if the turn is not its answer."""
    if db.get(ChatSession, session_id) is None:
        return None
    if turn_id is not None:
        turn = db.get(Turn, turn_id)
        if turn is None or turn.session_id != session_id or turn.sender != "bot":
            raise UnknownTurn(str(turn_id))
    feedback = Feedback(session_id=session_id, turn_id=turn_id, helpful=helpful, comment=comment)
    db.add(feedback)
    db.flush()
    return feedback


def expired_session_ids(db: Session, cutoff: datetime) -> list[str]:
    query = select(ChatSession.id).where(ChatSession.last_active_at < cutoff)
    return list(db.scalars(query))
