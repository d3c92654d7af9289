"""Request and response bodies for the adviser console's JSON API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from api.schemas import TranscriptBase


class AdviserPublic(BaseModel):
    name: str
    email: str
    csrf_token: str = Field(description="Send back in the X-CSRF-Token header on every POST.")
    failed_sign_ins: int = Field(
        default=0, description="Failed sign-ins to this account since its previous sign-in."
    )


class OptionPublic(BaseModel):
    value: str
    label: str


class ScriptQuestionPublic(BaseModel):
    id: str
    text: str
    kind: Literal["single", "multiple", "age"]
    options: list[OptionPublic]


class CaseCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reference: str = Field(default="", max_length=40, pattern=r"^[A-Za-z0-9 ./_-]*$")
    situation: str = Field(default="", max_length=2000)
    stage: str = Field(max_length=40)
    on_sen_support: str = Field(max_length=40)
    has_support_plan: str = Field(max_length=40)
    review_cycles: str = Field(max_length=40)
    specialists_involved: str = Field(max_length=40)
    progress: str = Field(max_length=40)
    concerns: list[str] = Field(default_factory=list, max_length=20)
    complaint_tried: str = Field(max_length=40)
    unhappy_with_school: str = Field(max_length=40)
    age: int | None = Field(default=None, ge=0, le=25)


class ReasonPublic(BaseModel):
    text: str
    sources: list[str]


class RecommendationPublic(BaseModel):
    code: str
    title: str
    summary: str
    reasons: list[ReasonPublic]
    next_steps: list[str]
    sources: list[str]


class QuestionPublic(BaseModel):
    text: str
    sources: list[str]


class ComplaintStepPublic(BaseModel):
    id: str
    title: str
    what_to_do: str
    prepare: list[str]
    sources: list[str]
    is_last: bool


class CasePublic(BaseModel):
    id: int
    reference: str
    created_at: datetime
    adviser_name: str
    answers: dict[str, object]
    recommendation: RecommendationPublic
    questions: list[QuestionPublic]
    complaint_step: ComplaintStepPublic | None
    notes: list[str]
    summary_text: str
    summary_markdown: str


class CaseListItem(BaseModel):
    id: int
    reference: str
    created_at: datetime
    recommendation: str


HANDLE_PATTERN = r"^c-[0-9a-f]{16}$"


class ConversationPublic(BaseModel):
    handle: str = Field(description="The conversation's name for advisers (never its session id)")
    created_at: datetime
    last_active_at: datetime
    turns: int
    safeguarding: bool
    outcomes: list[Literal["triage", "handoff"]]
    latest_recommendation: str | None
    latest_recommendation_title: str | None


class ConversationTranscriptPublic(TranscriptBase):
    """A parent's transcript as the console shows it: by its handle, never its session id."""

    handle: str
    outcomes: list[Literal["triage", "handoff"]]


class AuditEntryPublic(BaseModel):
    id: int
    at: datetime
    adviser_name: str
    adviser_email: str
    action: str
    conversation: str = Field(description="The conversation's handle")
