"""Safeguarding: spotting a child (or parent) at risk, and who to contact straight away.

The phrases live in content/safeguarding.yml as regular expressions over *normalised*
text: lower case, apostrophes dropped ("he's" -> "hes"), sentence ends kept as " . ",
other punctuation turned into spaces, repeated spaces squeezed and a few common typos
corrected ("kil" -> "kill").
Matching whole phrases rather than single words keeps ordinary worried-parent language
("this is killing me", "the cut-off date") from raising a false alarm.

Under the phrases sits a check by meaning (semantic/crisis.py, which needs numpy): the same file
holds its crisis examples, its ordinary look-alikes and its thresholds, parsed here, and
``meaning_units`` splits a message into the sentences and clauses it compares.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from knowledge._fields import Fields
from knowledge.contacts import format_contact
from knowledge.council import parse_contact
from knowledge.model import Contact

# The classifier's label for a unit that is not a risk (crisis units carry their category).
ORDINARY = "ordinary"

_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`´]")
_SENTENCE_END = re.compile(r"[.!?;\n]+")
_NOT_WORD = re.compile(r"[^a-z0-9.]+")
_MACRO = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class RiskPattern:
    category: str
    source: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class RiskMatch:
    """What was spotted: the risk category and the phrase that matched (normalised).

    For a match by meaning, ``phrase`` is the clause of the message, ``pattern`` the crisis
    example it was nearest to, ``group`` that example's group and ``similarity`` how near.
    """

    category: str
    phrase: str
    pattern: str
    group: str | None = None
    similarity: float | None = None


@dataclass(frozen=True)
class MeaningGroup:
    """Crisis examples of one kind, and how similar a clause must be to count as that kind."""

    name: str
    category: str
    threshold: float
    examples: tuple[str, ...]


@dataclass(frozen=True)
class ClassifierSettings:
    """The safety net's classifier (semantic/crisis.py) and what it learns from.

    ``training`` holds (category, unit) pairs, "ordinary" for the look-alikes, from the files
    named in safeguarding.yml; the meaning examples above are learnt from too.
    """

    threshold: float  # a clause this likely to be a crisis is one
    agree_threshold: float  # a clause near a crisis example is one only if this likely too
    regularisation: float  # the logistic regression's C
    meaning_weight: float  # the sentence vector's weight beside the words' TF-IDF
    training: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class MeaningContent:
    groups: tuple[MeaningGroup, ...]
    ordinary: tuple[str, ...]
    margin: float
    min_words: int
    min_clause_words: int
    clause_words: tuple[str, ...]
    classifier: ClassifierSettings


@dataclass(frozen=True)
class SafeguardingContent:
    categories: Mapping[str, str]
    patterns: tuple[RiskPattern, ...]
    typos: Mapping[str, str]
    national_contacts: tuple[Contact, ...]
    opening: str
    closing: str
    meaning: MeaningContent
    # The bot's model may read a message as safeguarding_risk on its own; at or above this
    # confidence its word is enough, below it the phrases or the meaning must agree.
    model_alone_confidence: float
    # Words that take a risk back: a denial ("she has never self-harmed") or a figure of speech
    # ("an overdose of homework"). A phrase inside one is no risk, nor is a clause holding one.
    reassurances: tuple[re.Pattern[str], ...] = ()


def normalise(text: str, typos: Mapping[str, str]) -> str:
    """Lower case, no apostrophes, sentence ends as " . ", other punctuation as spaces,
    single spaces, common typos fixed. Keeping sentence ends stops a phrase from being
    pieced together across two sentences."""
    lowered = _APOSTROPHES.sub("", text.lower())
    words = _NOT_WORD.sub(" ", _SENTENCE_END.sub(" . ", lowered)).split()
    return " ".join(typos.get(word, word) for word in words)


def parse_safeguarding(
    root: Fields, council_contact: Contact, content: Callable[[str], Fields]
) -> SafeguardingContent:
    """safeguarding.yml; ``content`` reads another content file (the classifier's training)."""
    macros = _text_mapping(root, "macros")
    categories = _text_mapping(root, "categories")
    patterns: list[RiskPattern] = []
    for entry in root.items("phrases"):
        category = entry.text("category")
        if category not in categories:
            entry.fail("category", f"unknown category {category!r}")
        for index, source in enumerate(entry.text_list("patterns", required=True)):
            patterns.append(
                RiskPattern(category, source, _compile(source, macros, entry, f"patterns[{index}]"))
            )
    typos = _text_mapping(root, "typos")
    reassurances = tuple(
        _compile(source, macros, root, f"reassurances[{index}]")
        for index, source in enumerate(root.text_list("reassurances"))
    )
    contacts = tuple(parse_contact(entry) for entry in root.items("national_contacts"))
    message = root.mapping("message")
    return SafeguardingContent(
        categories=MappingProxyType(categories),
        patterns=tuple(patterns),
        typos=MappingProxyType(typos),
        national_contacts=(*contacts, council_contact),
        opening=message.text("opening"),
        closing=message.text("closing"),
        meaning=_parse_meaning(root.mapping("meaning"), categories, content),
        model_alone_confidence=_fraction(root, "model_alone_confidence"),
        reassurances=reassurances,
    )


def _parse_meaning(
    section: Fields, categories: Mapping[str, str], content: Callable[[str], Fields]
) -> MeaningContent:
    groups: list[MeaningGroup] = []
    for entry in section.items("groups"):
        category = entry.text("category")
        if category not in categories:
            entry.fail("category", f"unknown category {category!r}")
        groups.append(
            MeaningGroup(
                name=entry.text("name"),
                category=category,
                threshold=_fraction(entry, "threshold"),
                examples=entry.text_list("examples", required=True),
            )
        )
    if not groups:
        section.fail("groups", "needs at least one group of crisis examples")
    names = [group.name for group in groups]
    if len(set(names)) != len(names):
        section.fail("groups", "two groups have the same name")
    return MeaningContent(
        groups=tuple(groups),
        ordinary=section.text_list("ordinary", required=True),
        margin=_fraction(section, "margin"),
        min_words=_count(section, "min_words"),
        min_clause_words=_count(section, "min_clause_words"),
        clause_words=tuple(word.lower() for word in section.text_list("clause_words")),
        classifier=_parse_classifier(section.mapping("classifier"), categories, content),
    )


def _parse_classifier(
    section: Fields, categories: Mapping[str, str], content: Callable[[str], Fields]
) -> ClassifierSettings:
    training: list[tuple[str, str]] = []
    for name in section.text_list("training", required=True):
        units = content(name)
        crisis = units.mapping("crisis")
        for category in crisis.data:
            if category not in categories:
                units.fail(f"crisis.{category}", f"unknown category {category!r}")
            training += [(category, text) for text in crisis.text_list(category, required=True)]
        training += [(ORDINARY, text) for text in units.text_list("ordinary", required=True)]
    regularisation = section.raw("regularisation")
    weight = section.raw("meaning_weight")
    for key, value in (("regularisation", regularisation), ("meaning_weight", weight)):
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            section.fail(key, f"expected a number above 0, got {value!r}")
    return ClassifierSettings(
        threshold=_fraction(section, "threshold"),
        agree_threshold=_fraction(section, "agree_threshold"),
        regularisation=float(regularisation),  # type: ignore[arg-type]
        meaning_weight=float(weight),  # type: ignore[arg-type]
        training=tuple(training),
    )


def _count(entry: Fields, key: str) -> int:
    value = entry.raw(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        entry.fail(key, f"expected a whole number of at least 1, got {value!r}")
    return value


def _fraction(entry: Fields, key: str) -> float:
    value = entry.raw(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        entry.fail(key, f"expected a number from 0 to 1, got {value!r}")
    return float(value)


def _text_mapping(root: Fields, key: str) -> dict[str, str]:
    section = root.mapping(key)
    return {name: section.text(name) for name in section.data}


def _compile(source: str, macros: Mapping[str, str], entry: Fields, key: str) -> re.Pattern[str]:
    def expand(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            entry.fail(key, f"unknown macro {{{name}}} in {source!r}")
        return f"(?:{macros[name]})"

    try:
        return re.compile(rf"\b(?:{_MACRO.sub(expand, source)})\b")
    except re.error as exc:
        entry.fail(key, f"not a valid regular expression {source!r} ({exc})")


def detect_risk(text: str, content: SafeguardingContent) -> RiskMatch | None:
    """The first safeguarding phrase found in ``text``, or None.

    The check is deliberately simple and errs towards answering with crisis contacts:
    it never tries to judge how serious the risk is.
    """
    normalised = normalise(text, content.typos)
    taken_back = [m.span() for r in content.reassurances for m in r.finditer(normalised)]
    for pattern in content.patterns:
        for found in pattern.regex.finditer(normalised):
            start, end = found.span()
            if not any(
                start < back_end and back_start < end for back_start, back_end in taken_back
            ):
                return RiskMatch(
                    category=pattern.category, phrase=found.group(0), pattern=pattern.source
                )
    return None


def is_reassurance(text: str, content: SafeguardingContent) -> bool:
    """Whether ``text`` takes a risk back ("he isn't suicidal or anything"): see reassurances."""
    normalised = normalise(text, content.typos)
    return any(pattern.search(normalised) for pattern in content.reassurances)


def meaning_units(text: str, content: SafeguardingContent) -> tuple[str, ...]:
    """The sentences of ``text``, then their clauses, that the meaning check compares.

    A crisis is often one sentence in a long message about something else, or one clause of a
    run-on sentence with no full stops, so each is checked on its own as well as the sentence
    it sits in. Typos are corrected as for the phrases; apostrophes and case are kept, since the
    sentence encoder knows "don't" better than "dont". Sentences shorter than ``min_words`` and
    clauses shorter than ``min_clause_words`` are left out (a few words cut from their sentence
    carry too little meaning to compare); so are button payloads ("/ask_ehc"), and sentences
    and clauses that take a risk back (``reassurances``: "she has never self-harmed").
    """
    meaning = content.meaning
    if text.lstrip().startswith("/"):
        return ()
    words_between = "|".join(re.escape(word) for word in meaning.clause_words)
    breaks = re.compile(rf",|\b(?:{words_between})\b" if words_between else ",", re.IGNORECASE)
    units: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        words = [_fix_typo(word, content.typos) for word in sentence.split()]
        whole = " ".join(words)
        if len(whole.split()) >= meaning.min_words and whole not in units:
            units.append(whole)
        for part in breaks.split(whole):
            clause = part.strip()
            if len(clause.split()) >= meaning.min_clause_words and clause not in units:
                units.append(clause)
    # a sentence or clause that takes a risk back is not one; the rest of the message still is
    return tuple(unit for unit in units if not is_reassurance(unit, content))


def _fix_typo(word: str, typos: Mapping[str, str]) -> str:
    key = _NOT_WORD.sub("", _APOSTROPHES.sub("", word.lower()))
    return typos.get(key, word)


def emergency_contacts(content: SafeguardingContent) -> tuple[Contact, ...]:
    """999, NHS 111, Samaritans, Childline, NSPCC, Shout, then the council's social care."""
    return content.national_contacts


def safeguarding_message(content: SafeguardingContent) -> str:
    """The reply to any safeguarding risk, used word for word by the bot and the API.

    Crisis contacts come first; the message is short and kind and never asks about the risk.
    """
    lines = [content.opening, ""]
    lines += [f"- {format_contact(contact)}" for contact in content.national_contacts]
    lines += ["", content.closing]
    return "\n".join(lines)
