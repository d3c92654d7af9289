"""The API's few words of its own, built from `knowledge/` so contacts live in one place."""

from __future__ import annotations

from api.schemas import MessagePublic
from knowledge import (
    Knowledge,
    emergency_contacts,
    format_contact,
    not_understood_reply,
    safeguarding_message,
)
from semantic.crisis import find_risk

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
    urgent = next(iter(emergency_contacts(knowledge.safeguarding)), None)
    if urgent is not None:
        lines += ["", f"If a child is in danger right now: {format_contact(urgent)}"]
    return MessagePublic(text="\n".join(lines))


def dialogue_gap_message(knowledge: Knowledge) -> MessagePublic:
    """What the parent reads when Rasa had nothing to say: a kind not-understood reply, and a
    person to talk to (the council's advice service)."""
    return MessagePublic(text=not_understood_reply(knowledge.council))


def safeguarding_reply(text: str, knowledge: Knowledge) -> MessagePublic | None:
    """The crisis contacts message if `text` suggests a child (or parent) may be at risk.

    The same check as the bot's (phrases, then meaning), so it works with Rasa down. It takes
    a few tens of milliseconds of numpy: call it from a worker thread, not the event loop.
    """
    if find_risk(text, knowledge) is None:
        return None
    return MessagePublic(text=safeguarding_message(knowledge.safeguarding))
