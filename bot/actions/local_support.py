"""Hand-off to people: the council's configured local services and how to reach them."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import knowledge
from knowledge import Knowledge, format_contact, source_line


def local_support_text(kb: Knowledge) -> str:
    council = kb.council
    advice = council.advice_service
    lines = [
        f"You can talk to a person. {advice.name} gives free advice: {advice.what_they_do}",
        f"- {format_contact(advice.contact)}",
        "",
        f"Other {council.name} services:",
    ]
    for service in council.services:
        if service.id == advice.id:
            continue
        lines.append(f"- **{service.short_name}**: {service.what_they_do}")
        lines.append(f"  {format_contact(service.contact)}")
    sources = source_line(s for service in council.services for s in service.sources)
    if sources:
        lines += ["", sources]
    return "\n".join(lines)


class ActionLocalSupport(Action):
    def name(self) -> str:
        return "action_local_support"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=local_support_text(knowledge()))
        return []
