"""The API's few words of its own, built from `knowledge/` so contacts live in one place."""

from __future__ import annotations

from api.schemas import MessagePublic
from knowledge import (
    Knowledge,
    detect_risk,
    emergency_contacts,
    format_contact,
    safeguarding_message,
)

UNAVAILABLE_DETAIL = "The assistant is not available right now. Please contact a person instead."


def fallback_message(knowledge: Knowledge) -> MessagePublic:
    """What the parent reads when the assistant cannot answer: people who can help instead."""
    council = knowledge.council
    lines = [
        "Sorry, the assistant is not working at the moment. Please try again later.",
        "",
        "You can talk to a person instead:",
        f"- {format_contact(council.advice_service.contact)}",
        f"- {format_contact(council.children_social_care)}",
    ]
    urgent = next(iter(emergency_contacts(knowledge)), None)
    if urgent is not None:
        lines += ["", f"If a child is in danger right now: {format_contact(urgent)}"]
    return MessagePublic(text="\n".join(lines))


def safeguarding_reply(text: str, knowledge: Knowledge) -> MessagePublic | None:
    """The crisis contacts message if `text` suggests a child (or parent) may be at risk."""
    if detect_risk(text, knowledge) is None:
        return None
    return MessagePublic(text=safeguarding_message(knowledge))
