"""The glossary and what it feeds: spaCy EntityRuler patterns and Rasa NLU synonyms."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from knowledge._fields import Fields
from knowledge.errors import ContentError
from knowledge.model import GlossaryTerm

ENTITY_LABELS = ("area_of_need", "school_stage", "age", "professional", "support_level")

# Split a phrase the way spaCy's English tokenizer does for the words we use: "'s" on its own,
# hyphens and other punctuation as separate tokens ("7-year-old" -> 7 - year - old).
_TOKEN = re.compile(r"'s\b|\w+|[^\w\s]")


@dataclass(frozen=True)
class Glossary:
    """Every glossary term, plus token patterns for what a word list cannot cover."""

    terms: tuple[GlossaryTerm, ...]
    # such as "7 years old" or "year 7"
    raw_patterns: tuple[dict[str, object], ...]

    def term(self, term_id: str) -> GlossaryTerm | None:
        return next((t for t in self.terms if t.id == term_id), None)


def parse_glossary(root: Fields) -> Glossary:
    terms: list[GlossaryTerm] = []
    for entry in root.items("terms"):
        term = GlossaryTerm(
            id=entry.text("id"),
            canonical=entry.text("canonical"),
            definition=entry.text("definition"),
            label=entry.opt_text("label"),
            synonyms=entry.text_list("synonyms"),
            misspellings=entry.text_list("misspellings"),
            topic=entry.opt_text("topic"),
        )
        if term.label is not None and term.label not in ENTITY_LABELS:
            entry.fail("label", f"unknown entity label {term.label!r}")
        if any(t.id == term.id for t in terms):
            entry.fail("id", f"{term.id!r} is used by more than one term")
        terms.append(term)
    raw: list[dict[str, object]] = []
    for entry in root.items("token_patterns"):
        label = entry.text("label")
        if label not in ENTITY_LABELS:
            entry.fail("label", f"unknown entity label {label!r}")
        pattern = entry.raw("pattern")
        if not isinstance(pattern, list) or not all(isinstance(t, dict) for t in pattern):
            entry.fail("pattern", "expected a list of spaCy token attribute mappings")
        raw.append({"label": label, "id": entry.text("id"), "pattern": pattern})
    _check_spellings_unique(terms, root.file)
    return Glossary(terms=tuple(terms), raw_patterns=tuple(raw))


def _check_spellings_unique(terms: list[GlossaryTerm], file: str) -> None:
    owner: dict[str, str] = {}
    for term in terms:
        for spelling in term.spellings:
            key = spelling.lower()
            if key in owner and owner[key] != term.id:
                raise ContentError(
                    f"{file}: {spelling!r} is listed under both {owner[key]!r} and {term.id!r}"
                )
            owner[key] = term.id


def entity_patterns(glossary: Glossary) -> list[dict[str, object]]:
    """EntityRuler patterns: one case-insensitive token pattern per spelling of each term."""
    patterns: list[dict[str, object]] = []
    seen: set[tuple[str, ...]] = set()
    for term in glossary.terms:
        if term.label is None:
            continue
        for spelling in term.spellings:
            tokens = tuple(_TOKEN.findall(spelling.lower()))
            if tokens in seen:
                continue
            seen.add(tokens)
            patterns.append(
                {
                    "label": term.label,
                    "id": term.canonical,
                    "pattern": [{"LOWER": token} for token in tokens],
                }
            )
    # copies, so a caller changing its patterns cannot change the cached glossary
    patterns.extend(copy.deepcopy(p) for p in glossary.raw_patterns)
    return patterns


def nlu_synonyms(glossary: Glossary) -> dict[str, list[str]]:
    """Canonical value -> the other ways of writing it, for Rasa's EntitySynonymMapper."""
    synonyms: dict[str, list[str]] = {}
    for term in glossary.terms:
        if term.label is None:
            continue
        others = [s for s in term.spellings if s != term.canonical]
        if others:
            synonyms[term.canonical] = others
    return synonyms
