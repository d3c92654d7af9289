"""One turn of a conversation as the API keeps it: plain data, already redacted.

Written by the chat route, waited on in the spool while the database is down, stored by
`api.crud`; so it lives in `api.core`, which imports neither of them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class BotTurn:
    text: str
    buttons: list[dict[str, str]] | None = None
    safeguarding: bool = False


@dataclass(frozen=True)
class TriageRecord:
    kind: str
    answers: dict[str, Any]
    recommendation: str


@dataclass(frozen=True)
class Exchange:
    """One parent message and everything the assistant said back, already redacted."""

    session_id: str
    user_text: str
    at: datetime
    intent: str | None = None
    confidence: float | None = None
    safeguarding: bool = False
    bot_turns: list[BotTurn] = field(default_factory=list)
    triage: list[TriageRecord] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["at"] = self.at.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Exchange:
        return cls(
            session_id=data["session_id"],
            user_text=data["user_text"],
            at=datetime.fromisoformat(data["at"]),
            intent=data.get("intent"),
            confidence=data.get("confidence"),
            safeguarding=bool(data.get("safeguarding")),
            bot_turns=[BotTurn(**turn) for turn in data.get("bot_turns", [])],
            triage=[TriageRecord(**record) for record in data.get("triage", [])],
        )
