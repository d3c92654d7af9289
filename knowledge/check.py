"""Content checks behind ``python -m knowledge check``.

Loading already rejects malformed files and dangling references; these checks add what a
reviewer would look for across files: every informational intent has a topic, every topic is
sourced and dated, and every glossary or related link points somewhere real.
"""

from __future__ import annotations

import datetime as dt

from knowledge.loader import Knowledge

# Informational intents from SPEC's intent contract: each needs a topic to answer it.
# (Small talk, safeguarding_risk and out_of_scope are answered by the bot, not by a topic.)
CONTENT_INTENTS = (
    "concern_progress",
    "ask_what_is_sen",
    "ask_sen_support",
    "ask_sen_register",
    "ask_support_plan",
    "ask_graduated_approach",
    "ask_areas_of_need",
    "ask_senco",
    "ask_meeting_frequency",
    "ask_extra_support",
    "ask_outside_agencies",
    "ask_support_at_home",
    "ask_progress_check",
    "ask_no_progress",
    "ask_ehc_assessment",
    "ask_ehc_who_can_request",
    "ask_ehc_should_request",
    "ask_ehc_timeline",
    "ask_questions_to_ask",
    "complain",
    "ask_complaint_dfe",
    "ask_friendships",
    "ask_masking",
    "ask_transition_secondary",
    "ask_sen_funding",
    "ask_local_support",
)

# Token attributes our glossary patterns may use (a subset of spaCy's Matcher attributes), so a
# typo such as "LOWR" is caught here rather than silently matching nothing in the bot.
TOKEN_ATTRIBUTES = frozenset({"LOWER", "ORTH", "TEXT", "LIKE_NUM", "IS_DIGIT", "OP", "REGEX", "IN"})

REVIEW_EVERY_DAYS = 365
MAX_SHORT_WORDS = 120


def find_problems(knowledge: Knowledge, today: dt.date | None = None) -> list[str]:
    """Every content problem found; an empty list means the content is ready to ship."""
    today = today or dt.date.today()
    problems: list[str] = []
    intents: dict[str, str] = {}
    for topic in knowledge.topics.values():
        where = f"topic {topic.id!r}"
        if not topic.sources:
            problems.append(f"{where}: has no sources")
        if topic.last_reviewed > today:
            problems.append(f"{where}: last_reviewed {topic.last_reviewed} is in the future")
        words = len(topic.short.split())
        if words > MAX_SHORT_WORDS:
            problems.append(f"{where}: short answer has {words} words (at most {MAX_SHORT_WORDS})")
        if topic.intent is not None:
            if topic.intent in intents:
                problems.append(
                    f"{where}: intent {topic.intent!r} is already answered by "
                    f"topic {intents[topic.intent]!r}"
                )
            intents[topic.intent] = topic.id
    for intent in CONTENT_INTENTS:
        if intent not in intents:
            problems.append(f"intent {intent!r}: no topic answers it")
    for term in knowledge.glossary.terms:
        if term.topic is not None and term.topic not in knowledge.topics:
            problems.append(f"glossary term {term.id!r}: topic {term.topic!r} does not exist")
    problems += _pattern_problems(knowledge)
    return problems


def _pattern_problems(knowledge: Knowledge) -> list[str]:
    problems = []
    for pattern in knowledge.entity_patterns():
        tokens = pattern["pattern"]
        if not isinstance(tokens, list) or not tokens:
            problems.append(f"entity pattern {pattern['id']!r}: has no tokens")
            continue
        for token in tokens:
            unknown = _attribute_names(token) - TOKEN_ATTRIBUTES
            if unknown:
                problems.append(
                    f"entity pattern {pattern['id']!r}: unknown token attribute(s) "
                    f"{', '.join(sorted(unknown))}"
                )
    return problems


def _attribute_names(token: object) -> set[str]:
    if not isinstance(token, dict):
        return set()
    names = {str(key) for key in token}
    for value in token.values():
        names |= _attribute_names(value)
    return names


def overdue_reviews(knowledge: Knowledge, today: dt.date | None = None) -> list[str]:
    """Topics not reviewed for a year: reported as a reminder, not a failure."""
    today = today or dt.date.today()
    limit = dt.timedelta(days=REVIEW_EVERY_DAYS)
    return [
        f"topic {t.id!r}: last reviewed {t.last_reviewed}, due for review"
        for t in knowledge.topics.values()
        if today - t.last_reviewed > limit
    ]
