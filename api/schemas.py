"""Request and response bodies, named as a family per resource."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from api.models import ChatSession

SESSION_ID_PATTERN = r"^[A-Za-z0-9_-]{32,64}$"


class ButtonPublic(BaseModel):
    title: str
    payload: str


class MessagePublic(BaseModel):
    text: str
    buttons: list[ButtonPublic] | None = None


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    message: str = Field(
        min_length=1,
        description="What the parent typed (up to the length limit, 1,000 characters by default).",
    )
    session_id: str | None = Field(
        default=None,
        pattern=SESSION_ID_PATTERN,
        description="Leave out to start a new conversation; the reply gives one to send back.",
    )


class ChatResponse(BaseModel):
    session_id: str
    messages: list[MessagePublic]
    turn_id: int | None = Field(
        default=None,
        description="Id of the assistant's answer, for feedback; null if it could not be stored.",
    )
    user_text: str | None = Field(
        default=None,
        description="The parent's message as stored, personal identifiers redacted: what the "
        "widget keeps in the browser instead of what was typed.",
    )


class ErrorResponse(BaseModel):
    detail: str
    errors: list[dict[str, Any]] | None = None


class UnavailableResponse(BaseModel):
    detail: str
    session_id: str | None = None
    messages: list[MessagePublic]
    user_text: str | None = None


class TurnPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    sender: Literal["user", "bot"]
    text: str
    buttons: list[ButtonPublic] | None = None
    intent: str | None = None
    confidence: float | None = None
    safeguarding: bool = False
    created_at: datetime


class TriageOutcomePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    kind: str
    answers: dict[str, Any]
    recommendation: str
    created_at: datetime


class TranscriptBase(BaseModel):
    """A stored conversation as its reader sees it. The parent's transcript and the adviser
    console's are this, each with its own name for the conversation, built by `from_chat` alone
    so the two cannot drift apart."""

    created_at: datetime
    last_active_at: datetime
    turns: list[TurnPublic]
    triage_outcomes: list[TriageOutcomePublic]

    @classmethod
    def from_chat(cls, chat: ChatSession, **naming: Any) -> Self:
        """The transcript of `chat` (its turns are stored redacted); `naming` fills the fields
        the subclass adds, such as the parent's session id or the adviser's handle."""
        return cls(
            created_at=chat.created_at,
            last_active_at=chat.last_active_at,
            turns=[TurnPublic.model_validate(turn) for turn in chat.turns],
            triage_outcomes=[TriageOutcomePublic.model_validate(o) for o in chat.triage_outcomes],
            **naming,
        )


class TranscriptPublic(TranscriptBase):
    """The parent's own transcript, by the session id they hold."""

    session_id: str


class FeedbackCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    turn_id: int | None = Field(default=None, ge=1, le=2**62)
    helpful: bool
    comment: str | None = Field(default=None, max_length=1000)


class FeedbackPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    turn_id: int | None
    helpful: bool
    created_at: datetime


class WidgetConfigPublic(BaseModel):
    """What the widget reads from the API when it loads."""

    max_message_chars: int


class HealthPublic(BaseModel):
    status: Literal["ok"]


class ReadinessPublic(BaseModel):
    status: Literal["ready", "not_ready"]
    checks: dict[str, Literal["up", "down"]]
    down: list[str]
    detail: str | None = None
