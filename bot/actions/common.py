"""Helpers shared by the actions: where the knowledge comes from and how a reply is shaped."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rasa_sdk import Tracker

from knowledge import (
    EHC_PLAN_TOPIC,
    WHERE_GUIDE_APPLIES_TOPIC,
    Knowledge,
    Topic,
    load_knowledge,
    places_outside_england,
    says_child_has_ehc_plan,
    topic_reply,
)

Button = dict[str, str]

_AGE = re.compile(r"\d{1,2}")
_WORD_AGES = {
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
}


def knowledge() -> Knowledge:
    """The knowledge for this deployment's council (cached by `load_knowledge`)."""
    return load_knowledge()  # the file named by COUNCIL_CONFIG (knowledge.council_config_path)


def latest_text(tracker: Tracker) -> str:
    """What the user last typed, or the payload of the button they pressed."""
    return str(tracker.latest_message.get("text") or "")


def latest_intent(tracker: Tracker) -> str | None:
    intent = tracker.latest_message.get("intent") or {}
    name = intent.get("name")
    return str(name) if name else None


def latest_entities(tracker: Tracker) -> list[dict[str, Any]]:
    """The latest message's entities, each with the words the parent typed as ``text``."""
    text = latest_text(tracker)
    found: list[dict[str, Any]] = []
    for entity in tracker.latest_message.get("entities") or []:
        start, end = entity.get("start"), entity.get("end")
        typed = text[start:end] if isinstance(start, int) and isinstance(end, int) else None
        found.append({**entity, "text": typed or entity.get("value")})
    return found


def session_events(tracker: Tracker) -> list[dict[str, Any]]:
    """The events of the current conversation session (Rasa keeps earlier ones too)."""
    events = list(tracker.events)
    starts = [i for i, event in enumerate(events) if event.get("event") == "session_started"]
    return events[starts[-1] + 1 :] if starts else events


def ehc_plan_note(kb: Knowledge, tracker: Tracker, whole_session: bool = False) -> str | None:
    """What fits a child who already has an EHC plan, when the parent has said so (in their
    latest message, or at any point this session) and it has not been said yet."""
    events = session_events(tracker)
    if whole_session:
        said = [str(e.get("text") or "") for e in events if e.get("event") == "user"]
    else:
        said = [latest_text(tracker)]
    if not any(says_child_has_ehc_plan(t, kb.glossary) for t in said if not is_payload(t)):
        return None
    return _once_a_session(kb, EHC_PLAN_TOPIC, events)


def outside_england_note(kb: Knowledge, tracker: Tracker) -> str | None:
    """Where the guide applies, when the latest message names a place outside England and the
    family has not been told this session."""
    text = latest_text(tracker)
    if is_payload(text) or not places_outside_england(text, kb.glossary):
        return None
    return _once_a_session(kb, WHERE_GUIDE_APPLIES_TOPIC, session_events(tracker))


def _once_a_session(kb: Knowledge, topic_id: str, events: list[dict[str, Any]]) -> str | None:
    topic = kb.topics.get(topic_id)
    if topic is None:
        return None
    note = topic_reply(topic)
    if any(e.get("event") == "bot" and e.get("text") == note for e in events):
        return None
    return note


def is_payload(text: str) -> bool:
    """Button presses arrive as `/intent{...}` payloads rather than words."""
    return text.startswith("/")


def parse_age(value: Any) -> int | None:
    """The child's age from the `age` slot ("17", "17 year old", "aged seventeen")."""
    if value is None:
        return None
    text = str(value).lower()
    found = _AGE.search(text)
    if found:
        return int(found.group())
    for word, age in _WORD_AGES.items():
        if word in text:
            return age
    return None


_AGE_IN_WORDS = re.compile(
    r"\b(?:is|aged?|turned|turning|now)\s+(\d{1,2})\b(?!\s*(?:times|reviews?|%))"
)


def age_from_text(text: str) -> int | None:
    """An age the glossary's patterns miss: "my son is 17", "she's aged 16"."""
    found = _AGE_IN_WORDS.search(text.lower())
    return int(found.group(1)) if found else None


def child_age(tracker: Tracker) -> int | None:
    """The age from the `age` slot (glossary entity), else from the latest words."""
    return parse_age(tracker.get_slot("age")) or age_from_text(latest_text(tracker))


def topic_buttons(kb: Knowledge, topics: Iterable[str], limit: int = 3) -> list[Button]:
    """Buttons that ask about related topics, for topics an intent can reach."""
    buttons: list[Button] = []
    for topic_id in topics:
        topic = kb.topics.get(topic_id)
        if topic is not None and topic.intent:
            buttons.append({"title": topic.title, "payload": f"/{topic.intent}"})
        if len(buttons) == limit:
            break
    return buttons


def related_buttons(kb: Knowledge, topic: Topic, limit: int = 3) -> list[Button]:
    return topic_buttons(kb, topic.related, limit)


def advice_service_button(kb: Knowledge) -> Button:
    return {
        "title": f"Talk to {kb.council.advice_service.short_name}",
        "payload": "/ask_local_support",
    }
