"""Turning content into chat text, so the bot and the API never word it twice."""

from __future__ import annotations

from collections.abc import Iterable

from knowledge.contacts import contact_line
from knowledge.model import ComplaintStep, CouncilConfig, Question, Source, Topic
from knowledge.triage import Recommendation


def source_line(sources: Iterable[Source]) -> str:
    """``Source: A; B`` with each label once, in order."""
    labels = list(dict.fromkeys(source.label for source in sources))
    return f"Source: {'; '.join(labels)}" if labels else ""


def topic_reply(topic: Topic, with_detail: bool = False) -> str:
    """A topic as a chat message: the short answer, optional detail, then its sources."""
    parts = [topic.short]
    if with_detail and topic.detail:
        parts.append(topic.detail)
    parts.append(source_line(topic.sources))
    return "\n\n".join(parts)


def recommendation_reply(recommendation: Recommendation) -> str:
    """The triage result as a chat message: the step, why, what to do next, and sources."""
    reasons = "\n".join(f"- {reason.text}" for reason in recommendation.reasons)
    steps = "\n".join(f"- {step}" for step in recommendation.next_steps)
    return (
        f"**{recommendation.title}**\n\n{recommendation.summary}\n\n"
        f"**Why**\n{reasons}\n\n**What you can do next**\n{steps}\n\n"
        f"{source_line(recommendation.sources)}"
    )


def complaint_step_reply(step: ComplaintStep) -> str:
    """A complaint step as a chat message, with what to prepare and who can help."""
    prepare = "\n".join(f"- {item}" for item in step.prepare)
    text = f"**{step.title}**\n\n{step.what_to_do}\n\n**What to prepare**\n{prepare}"
    if step.help_from is not None:
        text += (
            f"\n\n**{step.help_from.short_name}** can help you at any step. "
            f"{contact_line(step.help_from.contact)}"
        )
    return f"{text}\n\n{source_line(step.sources)}"


def questions_reply(questions: Iterable[Question]) -> str:
    """Suggested questions as a bulleted chat message with their sources."""
    chosen = list(questions)
    listed = "\n".join(f"- {q.text}" for q in chosen)
    sources = source_line(s for q in chosen for s in q.sources)
    return f"You could ask the school:\n{listed}\n\n{sources}"


def local_services_reply(topic: Topic, council: CouncilConfig) -> str:
    """The local-support topic followed by the council's own services and how to reach them."""
    services = "\n".join(
        f"- **{service.short_name}**: {service.what_they_do} {contact_line(service.contact)}"
        for service in council.services
    )
    sources = source_line((*topic.sources, *(s for sv in council.services for s in sv.sources)))
    return f"{topic.short}\n\n**In {council.name}**\n{services}\n\n{sources}"


def not_understood_reply(council: CouncilConfig) -> str:
    """The kind reply to a message the assistant had nothing to say to, with a person to ask.

    The API sends it when Rasa answers nothing at all (a dialogue gap), so it is worded here once.
    """
    advice = council.advice_service
    parts = [
        "Sorry, I didn't understand that. Could you say it another way, in a few words, "
        "or choose one of the options?",
        f"You can also talk to a person at **{advice.short_name}**. {advice.what_they_do} "
        f"{contact_line(advice.contact)}",
        source_line(advice.sources),
    ]
    return "\n\n".join(part for part in parts if part)
