"""What happened in a turn, as the bot tells it with its reply (SPEC.md, "Turn outcome").

The actions attach a `{"outcome": {...}}` payload (`custom` in Rasa's REST JSON) to the message
it concerns, and the REST channel adds one last message with the turn's intent and confidence.
Every part has the same shape, every field optional; `TurnOutcome.merge` makes one of them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

log = logging.getLogger(__name__)

OUTCOME_KEY = "outcome"


class TriageResult(BaseModel):
    """A structured triage the bot ran: the answers (facts the form gathered) and its result."""

    model_config = ConfigDict(frozen=True)

    kind: str
    answers: dict[str, Any]
    recommendation: str


class TurnOutcome(BaseModel):
    """The intent and confidence NLU gave the parent's message, whether the reply gave the
    crisis contacts, and the triages the bot ran in the turn."""

    model_config = ConfigDict(frozen=True)

    intent: str | None = None
    confidence: float | None = None
    safeguarding: bool = False
    triage: tuple[TriageResult, ...] = ()

    @classmethod
    def merge(cls, parts: Iterable[TurnOutcome]) -> TurnOutcome:
        """One outcome from a turn's parts: the last intent given, every triage, any flag."""
        intent = confidence = None
        safeguarding = False
        triage: list[TriageResult] = []
        for part in parts:
            if part.intent is not None:
                intent, confidence = part.intent, part.confidence
            safeguarding = safeguarding or part.safeguarding
            triage += part.triage
        return cls(
            intent=intent, confidence=confidence, safeguarding=safeguarding, triage=tuple(triage)
        )


def outcome_part(custom: Any) -> TurnOutcome | None:
    """The outcome in one message's `custom` payload, or None if it carries none.

    A malformed outcome is logged and left out: the parent still gets the answer.
    """
    if not isinstance(custom, dict) or OUTCOME_KEY not in custom:
        return None
    try:
        return TurnOutcome.model_validate(custom[OUTCOME_KEY])
    except ValidationError as error:
        log.warning("malformed turn outcome", extra={"error": f"{error.error_count()} error(s)"})
        return None
