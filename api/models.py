"""What the API stores: conversations, their turns, triage outcomes and feedback.

Text is always stored after redaction; nothing here ever holds a raw message.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, DateTime, Dialect, ForeignKey, Index, String, Text, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps stored and returned in UTC (SQLite forgets the zone; PostgreSQL keeps it)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None:
            value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime}


def new_handle() -> str:
    """What advisers see instead of the session id (the parent's only credential): random,
    unrelated to the id, and too short to pass for one (ids are 32-64 characters)."""
    return "c-" + secrets.token_hex(8)


class ChatSession(Base):
    __tablename__ = "chat_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    handle: Mapped[str] = mapped_column(String(24), default=new_handle, unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_active_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    turns: Mapped[list[Turn]] = relationship(
        back_populates="session",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Turn.id",
    )
    triage_outcomes: Mapped[list[TriageOutcome]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="TriageOutcome.id"
    )
    feedback: Mapped[list[Feedback]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Feedback.id"
    )


class Turn(Base):
    """One message in a conversation, from the parent ("user") or the assistant ("bot")."""

    __tablename__ = "turns"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(
        ForeignKey("chat_sessions.id", ondelete="CASCADE"), index=True
    )
    sender: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    buttons: Mapped[list[dict[str, str]] | None] = mapped_column(JSON, default=None)
    intent: Mapped[str | None] = mapped_column(String(100), default=None)
    confidence: Mapped[float | None] = mapped_column(default=None)
    safeguarding: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    session: Mapped[ChatSession] = relationship(back_populates="turns")


class TriageOutcome(Base):
    """A structured triage the assistant ran, e.g. "should we request an EHC assessment?"."""

    __tablename__ = "triage_outcomes"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(
        ForeignKey("chat_sessions.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    recommendation: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Feedback(Base):
    """A parent's verdict on one answer."""

    __tablename__ = "feedback"
    __table_args__ = (Index("ix_feedback_session_turn", "session_id", "turn_id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("chat_sessions.id", ondelete="CASCADE"))
    turn_id: Mapped[int | None] = mapped_column(
        ForeignKey("turns.id", ondelete="CASCADE"), default=None
    )
    helpful: Mapped[bool]
    comment: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ErasedSession(Base):
    """A conversation the parent erased, kept as a keyed hash of its id (never the id) for the
    retention period, so that nothing can write it again: see api/core/erasure.py."""

    __tablename__ = "erased_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    erased_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
