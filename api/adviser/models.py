"""What the adviser console stores: accounts, sign-in attempts, sessions, cases, audit log.

Tables share the API's `Base`, so one Alembic history and one engine serve both.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.models import Base, utcnow


class Adviser(Base):
    __tablename__ = "advisers"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LoginAttempt(Base):
    """One sign-in attempt, kept for the lockout; the e-mail is stored as a keyed hash."""

    __tablename__ = "adviser_login_attempts"
    __table_args__ = (Index("ix_adviser_login_attempts_key_at", "email_key", "attempted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    email_key: Mapped[str] = mapped_column(String(64))
    # A keyed hash of the address it came from, for the per-address delays.
    client_key: Mapped[str | None] = mapped_column(String(64), default=None)
    succeeded: Mapped[bool]
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow)


class AdviserSession(Base):
    """A signed-in browser. The cookie holds a random token; only its keyed hash is stored,
    so a copy of the database cannot be used to sign in, and signing out revokes it."""

    __tablename__ = "adviser_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    adviser_id: Mapped[int] = mapped_column(
        ForeignKey("advisers.id", ondelete="CASCADE"), index=True
    )
    csrf_token: Mapped[str] = mapped_column(String(64))
    # Failed sign-ins to this account since its previous sign-in, told to the adviser.
    failed_sign_ins: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class AdviserCase(Base):
    """One scripted triage run on the phone, with its outcome and the summary given."""

    __tablename__ = "adviser_cases"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    adviser_id: Mapped[int] = mapped_column(ForeignKey("advisers.id"), index=True)
    reference: Mapped[str] = mapped_column(String(40), default="")
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    recommendation: Mapped[str] = mapped_column(String(100))
    complaint_step: Mapped[str | None] = mapped_column(String(40), default=None)
    # Everything the console showed (reasons, sources, questions, complaint step), as shown.
    outcome: Mapped[dict[str, Any]] = mapped_column(JSON)
    summary_text: Mapped[str] = mapped_column(Text)
    summary_markdown: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class AuditEntry(Base):
    """Who read which parent conversation, and when. Append-only: nothing updates or deletes
    these rows (the migration adds database triggers that refuse to)."""

    __tablename__ = "adviser_audit_log"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    adviser_id: Mapped[int] = mapped_column(ForeignKey("advisers.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    # The conversation's adviser handle (entries written before handles existed hold its id).
    # Not a foreign key: the entry must outlive the conversation's erasure.
    conversation: Mapped[str] = mapped_column("session_id", String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
