"""Words a parent used, explained: the glossary meaning of a professional, a kind of support
or a need they named, so an answer speaks to what they said and decodes the jargon in it; and
whether they say their child already has an EHC plan, which changes what help fits."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from knowledge.glossary import Glossary
from knowledge.model import GlossaryTerm, Source, Topic
from knowledge.render import source_line

# Ages and school stages change what the assistant advises (see the actions); these three are
# words a parent may not know the meaning of, so they are explained where they come up.
EXPLAINED_LABELS = ("professional", "support_level", "area_of_need")
AREAS_OF_NEED_TOPIC = "areas_of_need"
MAX_EXPLAINED = 3
EHC_PLAN_TERM = "ehc_plan"
EHC_PLAN_TOPIC = "ehc_plan_in_place"
WHERE_GUIDE_APPLIES_TOPIC = "where_guide_applies"


@dataclass(frozen=True)
class Mention:
    """A glossary term, and how the parent wrote it."""

    term: GlossaryTerm
    as_written: str  # the glossary's spelling of what they wrote; the term's name if misspelt
    misspelt: bool = False


def find_mentions(glossary: Glossary, entities: Iterable[Mapping[str, object]]) -> list[Mention]:
    """Glossary terms behind NLU entities ({"entity", "value", and the typed "text"}), in order,
    each once. Values are matched against every spelling, ignoring case, so both the raw span
    and a synonym-mapped canonical value find their term."""
    # Each spelling maps to its term and to how the glossary writes it ("ehcp" -> "EHCP");
    # a misspelling is shown back as the term's own name, never repeated to the parent.
    by_spelling: dict[str, tuple[GlossaryTerm, str, bool]] = {}
    for term in glossary.terms:
        if term.label not in EXPLAINED_LABELS:
            continue
        for misspelling in term.misspellings:
            by_spelling.setdefault(misspelling.lower(), (term, term.canonical, True))
        for spelling in (term.canonical, *term.synonyms):
            by_spelling[spelling.lower()] = (term, spelling, False)
    mentions: list[Mention] = []
    for entity in entities:
        written = str(entity.get("text") or "").strip().lower()
        value = str(entity.get("value") or "").strip().lower()
        found = by_spelling.get(written) or by_spelling.get(value)
        if found is None or found[0].label != entity.get("entity"):
            continue
        term, spelling, misspelt = found
        if all(m.term.id != term.id for m in mentions):
            mentions.append(Mention(term=term, as_written=spelling, misspelt=misspelt))
    return mentions


def explain_mentions(
    mentions: Iterable[Mention], topics: Mapping[str, Topic], answering: str | None
) -> str | None:
    """One short "words you used" message, or None when nothing needs explaining.

    A term is explained only where a topic backs it (so the words trace to a source), and not
    when the answer being given is that term's own topic. A named condition or need is placed in
    its broad area of need, because the Code of Practice plans support by area, not diagnosis.
    """
    lines: list[str] = []
    sources: list[Source] = []
    placed_in_an_area = False
    for mention in mentions:
        term = mention.term
        if term.topic is None or term.topic not in topics:
            continue
        meaning = _lower_first(term.definition).rstrip(".")
        if term.label == "area_of_need":
            if mention.misspelt:
                lines.append(
                    f"- What you describe fits the broad area of need **{term.canonical}** "
                    f"({meaning})."
                )
            elif mention.as_written.lower() == term.canonical.lower():
                continue  # the parent named the area itself
            else:
                lines.append(
                    f"- **{mention.as_written}**: schools usually plan help for this under the "
                    f"broad area of need **{term.canonical}** ({meaning})."
                )
            placed_in_an_area = True
        else:
            if term.topic == answering:
                continue
            lines.append(f"- {_name(mention)}: {meaning}.")
        sources.extend(topics[term.topic].sources)
        if len(lines) == MAX_EXPLAINED:
            break
    if not lines:
        return None
    parts = ["Words you used:\n" + "\n".join(lines)]
    if placed_in_an_area:
        parts.append("The help should fit your child's needs, not only a diagnosis or a label.")
    parts.append(source_line(sources))
    return "\n\n".join(parts)


def _name(mention: Mention) -> str:
    term = mention.term
    if mention.as_written.lower() == term.canonical.lower():
        return f"**{term.canonical}**"
    return f"**{mention.as_written}** ({term.canonical})"


def _lower_first(text: str) -> str:
    """A definition continuing a sentence; acronyms ("EHC", "SEN") keep their capitals."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[1:2].isupper():
        return text
    return text[:1].lower() + text[1:]


# Names that mean the plan itself; bare "EHC" or "statement" say too little on their own.
_TOO_VAGUE_FOR_A_PLAN = frozenset({"ehc", "statement"})
_NOT_THE_PLAN_ITSELF = r"(?!\s+(?:needs\s+)?(?:assessment|assesment|asessment|request|application))"


def _plan_pattern(glossary: Glossary) -> re.Pattern[str]:
    term = glossary.term(EHC_PLAN_TERM)
    if term is None:
        raise LookupError(f"the glossary has no {EHC_PLAN_TERM!r} term")
    names = sorted(
        (re.escape(s.lower()) for s in term.spellings if s.lower() not in _TOO_VAGUE_FOR_A_PLAN),
        key=len,
        reverse=True,
    )
    plan = rf"(?:{'|'.join(names)})\b{_NOT_THE_PLAN_ITSELF}"
    owner = r"(?:an?|the|his|her|their|my|our)\s+"
    return re.compile(
        rf"(?:(?<![\w'])|(?='))(?:"  # a whole word, or a contraction such as "she's"
        rf"(?:has|have|'ve|had)\s+(?:got\s+)?(?:{owner})?{plan}"  # has an EHCP, 've got an EHCP
        rf"|(?:got|with)\s+an?\s+{plan}"  # got an EHCP, a child with an EHCP
        rf"|(?:is|are|'s|'re)\s+on\s+(?:an?\s+|the\s+)?{plan}"  # he's on an EHCP
        rf"|(?:{owner}){plan}\s+(?:says|said|states|is not|isn't|is being|names)"  # his EHCP says
        rf")"
    )


# "do we have to have an EHCP", "he doesn't have an EHCP": wanting or lacking one, not having it.
_NOT_HAVING = re.compile(
    r"(?:\bto|\bneed|\bwant|\bwants|\bnot|n't|\bno|\bnever|\bwithout|\bif|\bwhether)\s+"
    r"(?:\w+\s+){0,2}$"
)


def says_child_has_ehc_plan(text: str, glossary: Glossary) -> bool:
    """Whether the parent says their child already has an EHC plan ("my son has an EHCP",
    "she's on an EHC plan"), as opposed to asking about getting one."""
    lowered = text.lower().replace("\u2019", "'")
    for found in _plan_pattern(glossary).finditer(lowered):
        if not _NOT_HAVING.search(lowered[: found.start()]):
            return True
    return False


def places_outside_england(text: str, glossary: Glossary) -> list[GlossaryTerm]:
    """The nations outside England a message names, directly or by a town ("we live in Cardiff")."""
    lowered = text.lower()
    found: list[GlossaryTerm] = []
    for term in glossary.terms:
        if term.topic != WHERE_GUIDE_APPLIES_TOPIC or term.label is not None:
            continue
        names = "|".join(re.escape(s.lower()) for s in term.spellings)
        if re.search(rf"(?<!\w)(?<!new south )(?:{names})(?!\w)", lowered):
            found.append(term)
    return found
