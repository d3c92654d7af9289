"""The case summary an adviser pastes into case notes, as plain text and as Markdown.

Sections: situation, answers, recommendation (reasons and sources), questions for the school,
complaint step where relevant, next steps, contacts, sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from api.adviser.script import CaseOutcome, ScriptQuestion, script
from knowledge import Knowledge, Source, contact_line


@dataclass(frozen=True)
class CaseHeader:
    reference: str
    adviser_name: str
    created_at: datetime
    situation: str


@dataclass(frozen=True)
class Section:
    title: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    numbered: bool = False


def _answer_lines(outcome: CaseOutcome, knowledge: Knowledge) -> tuple[str, ...]:
    lines: list[str] = []
    questions: tuple[ScriptQuestion, ...] = script(knowledge)
    for question in questions:
        labels = {option.value: option.label for option in question.options}
        if question.kind == "multiple":
            chosen = [labels[c] for c in outcome.answers.concerns] or ["None given"]
            answer = ", ".join(chosen)
        elif question.kind == "age":
            age = outcome.answers.age
            answer = str(age) if age is not None else "Not given"
        else:
            answer = labels[getattr(outcome.answers, question.id)]
        lines.append(f"{_plain(question.text)} {answer}")
    return tuple(lines)


def _source_labels(sources: tuple[Source, ...]) -> str:
    return "; ".join(source.label for source in sources)


def sections(outcome: CaseOutcome, header: CaseHeader, knowledge: Knowledge) -> list[Section]:
    recommendation = outcome.recommendation
    stage_label = knowledge.questions.stages[outcome.stage_used]
    situation = (
        header.situation or "No notes given.",
        f"Stage used for the questions: {stage_label}.",
        *outcome.notes,
    )
    result = [
        Section("Situation", paragraphs=situation),
        Section("Answers", items=_answer_lines(outcome, knowledge)),
        Section(
            f"Recommendation: {recommendation.title}",
            paragraphs=(_plain(recommendation.summary), "Reasons:"),
            items=tuple(
                f"{_plain(reason.text)} (Sources: {_source_labels(reason.sources)})"
                for reason in recommendation.reasons
            ),
        ),
        Section(
            "Questions to ask the school",
            items=tuple(question.text for question in outcome.questions),
            numbered=True,
        ),
    ]
    next_steps = list(recommendation.next_steps)
    step = outcome.complaint_step
    if step is not None:
        result.append(
            Section(
                f"Complaint: next step: {step.title}",
                paragraphs=(_plain(step.what_to_do), "Take with you:"),
                items=step.prepare,
            )
        )
        next_steps.append(f"Complaint: {step.title}.")
    result.append(Section("Next steps", items=tuple(next_steps), numbered=True))
    result.append(
        Section(
            "Contacts",
            items=tuple(
                f"{service.name}: {_plain(contact_line(service.contact))}"
                for service in outcome.contacts
            ),
        )
    )
    sources = dict.fromkeys(
        [
            *recommendation.sources,
            *(s for q in outcome.questions for s in q.sources),
            *(step.sources if step else ()),
        ]
    )
    result.append(Section("Sources", items=tuple(_source_text(s) for s in sources)))
    return result


def _source_text(source: Source) -> str:
    return f"{source.label} ({source.url})" if source.url else source.label


def _title(header: CaseHeader, knowledge: Knowledge) -> tuple[str, str]:
    reference = f" {header.reference}" if header.reference else ""
    when = header.created_at.strftime("%d %B %Y, %H:%M UTC")
    return (
        f"Case summary{reference}",
        f"{knowledge.council.advice_service.short_name} adviser: {header.adviser_name}. {when}.",
    )


def render_text(outcome: CaseOutcome, header: CaseHeader, knowledge: Knowledge) -> str:
    title, byline = _title(header, knowledge)
    lines = [title.upper(), byline]
    for section in sections(outcome, header, knowledge):
        lines += ["", section.title.upper()]
        lines += list(section.paragraphs)
        lines += [
            f"{n}. {item}" if section.numbered else f"- {item}"
            for n, item in enumerate(section.items, start=1)
        ]
    return "\n".join(lines) + "\n"


def render_markdown(outcome: CaseOutcome, header: CaseHeader, knowledge: Knowledge) -> str:
    title, byline = _title(header, knowledge)
    lines = [f"# {_escape(title)}", "", _escape(byline)]
    for section in sections(outcome, header, knowledge):
        lines += ["", f"## {_escape(section.title)}", ""]
        for paragraph in section.paragraphs:
            lines += [_escape(paragraph), ""]
        lines += [
            f"{n}. {_escape(item)}" if section.numbered else f"- {_escape(item)}"
            for n, item in enumerate(section.items, start=1)
        ]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).rstrip() + "\n"


_BLANK_LINES = re.compile(r"\n{3,}")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _plain(text: str) -> str:
    """Content uses light Markdown (**bold** phone numbers); case notes want plain words."""
    return _BOLD.sub(r"\1", text).strip()


def _escape(text: str) -> str:
    # The caller's situation is free text: it must not turn into links, headings or HTML.
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
