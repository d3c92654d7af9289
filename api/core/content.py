"""The API's few words of its own, built from `knowledge/` so contacts live in one place."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from api.schemas import MessagePublic
from knowledge import (
    EHC_QUESTION_FIELDS,
    EhcAnswers,
    Knowledge,
    emergency_contacts,
    format_contact,
    not_understood_reply,
    safeguarding_message,
    triage_ehc,
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


# The bot's action that gives the EHC triage result; the form's slots are EhcAnswers' fields.
EHC_TRIAGE_ACTION = "action_ehc_recommendation"


def ehc_triage_outcome(
    slots: Mapping[str, Any], knowledge: Knowledge
) -> tuple[dict[str, Any], str] | None:
    """The answers and recommendation code of an EHC triage the bot just ran, if valid."""
    answers: dict[str, Any] = {field: slots.get(field) for field in EHC_QUESTION_FIELDS}
    age = slots.get("age")
    try:
        if isinstance(age, int | float | str) and str(age).strip().isdigit():
            answers["age"] = int(str(age).strip())
        recommendation = triage_ehc(EhcAnswers(**answers), knowledge.triage)
    except (TypeError, ValueError):
        return None
    return answers, recommendation.code
