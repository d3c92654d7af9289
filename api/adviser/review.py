"""Parents' web conversations that ended in a triage or a request to talk to a person.

Advisers never see a conversation's session id, which is the parent's only credential: they see
its handle, an unrelated random name, and read transcripts only through the console's own
endpoint, which writes the audit log.

The API stores no explicit "handoff" marker, so a request to talk to a person is read from the
turns: a parent's message the assistant understood as `ask_local_support` (local services and
advisers, talking to a person). A triage is a row in `triage_outcomes`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import Exists

from api.adviser.models import Adviser, AuditEntry
from api.models import ChatSession, TriageOutcome, Turn

Outcome = Literal["triage", "handoff"]
HANDOFF_INTENTS = ("ask_local_support",)
READ_TRANSCRIPT = "read_transcript"


@dataclass(frozen=True)
class ConversationSummary:
    handle: str
    created_at: datetime
    last_active_at: datetime
    turns: int
    safeguarding: bool
    outcomes: tuple[Outcome, ...]
    latest_recommendation: str | None


@dataclass(frozen=True)
class AuditRecord:
    id: int
    at: datetime
    adviser_name: str
    adviser_email: str
    action: str
    conversation: str


def _had_triage() -> Exists:
    return exists().where(TriageOutcome.session_id == ChatSession.id)


def _asked_for_person() -> Exists:
    return exists().where(
        Turn.session_id == ChatSession.id,
        Turn.sender == "user",
        Turn.intent.in_(HANDOFF_INTENTS),
    )


def list_conversations(
    db: Session,
    *,
    outcome: Outcome | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[ConversationSummary]:
    """Newest activity first. `since` and `until` are whole days (UTC), both included."""
    triage = _had_triage()
    handoff = _asked_for_person()
    turn_count = (
        select(func.count(Turn.id)).where(Turn.session_id == ChatSession.id).scalar_subquery()
    )
    flagged = exists().where(Turn.session_id == ChatSession.id, Turn.safeguarding.is_(True))
    latest = (
        select(TriageOutcome.recommendation)
        .where(TriageOutcome.session_id == ChatSession.id)
        .order_by(TriageOutcome.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    query = select(ChatSession, turn_count, flagged, triage, handoff, latest)
    if outcome == "triage":
        query = query.where(triage)
    elif outcome == "handoff":
        query = query.where(handoff)
    else:
        query = query.where(or_(triage, handoff))
    if since is not None:
        query = query.where(ChatSession.last_active_at >= datetime.combine(since, time(), UTC))
    if until is not None:
        end = datetime.combine(until + timedelta(days=1), time(), UTC)
        query = query.where(ChatSession.last_active_at < end)
    query = query.order_by(ChatSession.last_active_at.desc(), ChatSession.id)
    rows = db.execute(query.limit(limit).offset(offset))
    return [
        ConversationSummary(
            handle=chat.handle,
            created_at=chat.created_at,
            last_active_at=chat.last_active_at,
            turns=int(turns),
            safeguarding=bool(flags),
            outcomes=_outcomes(bool(had_triage), bool(had_handoff)),
            latest_recommendation=recommendation,
        )
        for chat, turns, flags, had_triage, had_handoff, recommendation in rows
    ]


def _outcomes(had_triage: bool, had_handoff: bool) -> tuple[Outcome, ...]:
    found: list[Outcome] = []
    if had_triage:
        found.append("triage")
    if had_handoff:
        found.append("handoff")
    return tuple(found)


def conversation_outcomes(chat: ChatSession) -> tuple[Outcome, ...]:
    handoff = any(t.sender == "user" and t.intent in HANDOFF_INTENTS for t in chat.turns)
    return _outcomes(bool(chat.triage_outcomes), handoff)


def read_conversation(db: Session, handle: str, adviser: Adviser) -> ChatSession | None:
    """The conversation, after recording in the audit log that this adviser read it."""
    chat = db.scalars(select(ChatSession).where(ChatSession.handle == handle)).first()
    if chat is None:
        return None
    db.add(AuditEntry(adviser_id=adviser.id, action=READ_TRANSCRIPT, conversation=chat.handle))
    db.flush()
    return chat


def audit_log(db: Session, limit: int = 100, offset: int = 0) -> list[AuditRecord]:
    query = (
        select(AuditEntry, Adviser.name, Adviser.email)
        .join(Adviser, Adviser.id == AuditEntry.adviser_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
        .offset(offset)
    )
    entries = list(db.execute(query))
    # Entries written before handles existed hold the session id: show its handle instead, or
    # that it is erased, never the id.
    legacy = {entry.conversation for entry, _, _ in entries if not is_handle(entry.conversation)}
    found = db.execute(select(ChatSession.id, ChatSession.handle).where(ChatSession.id.in_(legacy)))
    handles = {session_id: handle for session_id, handle in found}
    return [
        AuditRecord(
            id=entry.id,
            at=entry.at,
            adviser_name=name,
            adviser_email=email,
            action=entry.action,
            conversation=entry.conversation
            if is_handle(entry.conversation)
            else handles.get(entry.conversation, ERASED_CONVERSATION),
        )
        for entry, name, email in entries
    ]


ERASED_CONVERSATION = "(erased or expired)"


def is_handle(value: str) -> bool:
    return value.startswith("c-") and len(value) == 18
