"""Loading the knowledge base: content YAML plus one council configuration, cached per path."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from knowledge._fields import Fields, read_yaml
from knowledge.clock import WorkingDays, parse_working_days
from knowledge.complaints import COMPLAINT_TRIED, parse_ladder
from knowledge.council import council_config_path, parse_council
from knowledge.errors import ContentError
from knowledge.forms import FormsContent, parse_forms
from knowledge.glossary import Glossary, entity_patterns, nlu_synonyms, parse_glossary
from knowledge.model import ComplaintStep, CouncilConfig, Source, Topic
from knowledge.questions import STAGES, QuestionBank, parse_questions
from knowledge.safeguarding import SafeguardingContent, parse_safeguarding
from knowledge.sources import parse_sources, resolve_sources
from knowledge.triage import EHC_CHOICES, TriageContent, parse_triage

CONTENT_DIR = Path(__file__).parent / "content"


@dataclass(frozen=True, eq=False)
class Knowledge:
    """Everything the assistant knows: read-only, shared by the bot and the API."""

    topics: Mapping[str, Topic]
    sources: Mapping[str, Source]
    glossary: Glossary
    council: CouncilConfig
    safeguarding: SafeguardingContent
    questions: QuestionBank
    complaint_ladder: tuple[ComplaintStep, ...]
    triage: TriageContent
    forms: FormsContent
    working_days: WorkingDays

    def topic_for_intent(self, intent: str) -> Topic | None:
        """The topic that answers ``intent``, or None if the intent has no content."""
        return next((t for t in self.topics.values() if t.intent == intent), None)

    def entity_patterns(self) -> list[dict[str, object]]:
        """spaCy EntityRuler patterns built from the glossary."""
        return entity_patterns(self.glossary)

    def nlu_synonyms(self) -> dict[str, list[str]]:
        """Canonical entity value -> synonyms and misspellings, from the glossary."""
        return nlu_synonyms(self.glossary)


def load_knowledge(
    council_config: str | Path | None = None, *, content_dir: str | Path | None = None
) -> Knowledge:
    """Load (once per council file) the content and the council configuration.

    ``council_config`` defaults to the ``COUNCIL_CONFIG`` environment variable, then to
    the example council shipped in knowledge/councils/example.yml. ``content_dir`` is for
    checking a changed copy of the content; it defaults to knowledge/content.
    """
    return _load(council_config_path(council_config), Path(content_dir or CONTENT_DIR).resolve())


@functools.lru_cache(maxsize=8)
def _load(council_path: Path, content_dir: Path) -> Knowledge:
    def content(name: str) -> Fields:
        path = content_dir / name
        return Fields(read_yaml(path, ContentError), path, "", ContentError)

    sources = parse_sources(content("sources.yml"))
    council = parse_council(council_path, sources)
    return Knowledge(
        topics=MappingProxyType(_parse_topics(content_dir / "topics", sources)),
        sources=MappingProxyType(sources),
        glossary=parse_glossary(content("glossary.yml")),
        council=council,
        safeguarding=parse_safeguarding(
            content("safeguarding.yml"), council.children_social_care, content
        ),
        questions=parse_questions(content("questions.yml"), sources),
        complaint_ladder=parse_ladder(content("complaints.yml"), sources, council.advice_service),
        triage=parse_triage(content("triage.yml"), sources),
        forms=parse_forms(content("forms.yml"), form_answer_values()),
        working_days=parse_working_days(content("bank_holidays.yml"), sources),
    )


def form_answer_values() -> dict[str, tuple[str, ...]]:
    """What the rest of the knowledge decides on, per form question: the options must match."""
    return {
        **EHC_CHOICES,
        "complaint_tried": COMPLAINT_TRIED,
        "parent_stage": (*STAGES, "not_sure"),
    }


def _parse_topics(topics_dir: Path, sources: Mapping[str, Source]) -> dict[str, Topic]:
    topics: dict[str, Topic] = {}
    files = sorted(topics_dir.glob("*.yml"))
    if not files:
        raise ContentError(f"{topics_dir}: no topic files (*.yml) found")
    for path in files:
        root = Fields(read_yaml(path, ContentError), path, "", ContentError)
        for entry in root.items("topics"):
            topic = Topic(
                id=entry.text("id"),
                intent=entry.opt_text("intent"),
                title=entry.text("title"),
                short=entry.text("short"),
                detail=entry.opt_text("detail"),
                sources=resolve_sources(entry, sources),
                last_reviewed=entry.date("last_reviewed"),
                related=entry.text_list("related"),
            )
            if topic.id in topics:
                entry.fail("id", f"{topic.id!r} is already used by another topic")
            topics[topic.id] = topic
    for topic in topics.values():
        for related in topic.related:
            if related not in topics:
                raise ContentError(
                    f"{topics_dir}: topic {topic.id!r}: related topic {related!r} does not exist"
                )
    return topics
