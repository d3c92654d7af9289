"""Recognising typed answers to the forms' questions ("twice", "a bit", "dunno", "yes").

Buttons send exact values; these patterns let a parent type instead. Each recogniser returns
a value the knowledge engine accepts, or None when the words do not answer the question, so
the form can step aside and let another rule answer (a digression, or safeguarding).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_NOT_SURE = re.compile(
    r"\b(not sure|unsure|dunno|don'?t know|do not know|no idea|not certain|no clue|idk"
    r"|can'?t remember|cannot remember|not a clue)\b"
)
_YES = re.compile(
    r"^(yes|yeah|yep|yup|yh|ye|ya|yea|i think so|they (are|have|do)|she (is|has|does)"
    r"|he (is|has|does)|we (do|have)|correct|definitely|absolutely)\b"
)
_NO = re.compile(
    r"^(no|nope|nah|not yet|not really|never|none|they (are|have|do)n'?t|she (is|has|does)n'?t"
    r"|he (is|has|does)n'?t|we (do|have)n'?t)\b"
)

# (value, pattern) pairs, tried in order: the first match wins.
_REVIEW_CYCLES: Sequence[tuple[str, re.Pattern[str]]] = (
    (
        "none",
        re.compile(
            r"^(no|nope|nah)$|\b(none|no reviews?|not (yet|had one|once|ever)|never|zero|0)\b"
        ),
    ),
    (
        "three_or_more",
        re.compile(
            r"\b(three|four|five|six|[3-9]|1\d|several|lots|loads|many|more than (two|2)"
            r"|every term|termly)\b"
        ),
    ),
    ("two", re.compile(r"\b(two|twice|2|couple)\b")),
    ("one", re.compile(r"\b(one|once|1|a single|just the one)\b")),
)
_PROGRESS: Sequence[tuple[str, re.Pattern[str]]] = (
    (
        "little_or_none",
        re.compile(
            r"\b(very little|(?<!a )little|none|no progress|not much|hardly|barely|nothing"
            r"|backwards|worse|not at all|no better|no change|no difference|not progressing)\b"
        ),
    ),
    ("some", re.compile(r"\b(some|a little|a bit|bit of|slowly|slow|ok|okay|patchy|mixed)\b")),
    ("good", re.compile(r"\b(good|well|great|lots|loads|brilliant|improv\w*|catching up)\b")),
)
# Complaint ladder: the highest rung mentioned is what has been tried.
_COMPLAINT_TRIED: Sequence[tuple[str, re.Pattern[str]]] = (
    ("dfe", re.compile(r"\b(dfe|department for education|government)\b")),
    (
        "formal_complaint",
        re.compile(r"\b(formal|complain\w*|governors?|head ?teacher|head|principal)\b"),
    ),
    ("senco", re.compile(r"\b(senco|sendco|sen co|send co|senc[o0]|inclusion)\b")),
    ("teacher", re.compile(r"\b(teachers?|tutor|parents'? evening)\b")),
    ("nothing", re.compile(r"\b(nothing|not yet|haven'?t|no one|nobody|none)\b")),
)
_CONCERN_STAGE: Sequence[tuple[str, re.Pattern[str]]] = (
    (
        "specialists",
        re.compile(
            r"\b(specialists?|ed psych|educational psychologist|ep|speech|salt|therapist"
            r"|paediatrician|camhs|ot|lift|stls)\b"
        ),
    ),
    ("support_plan", re.compile(r"\b(plan|iep|isp|sen support|send support|register)\b")),
    ("senco", re.compile(r"\b(senco|sendco|sen co|send co|inclusion)\b")),
    ("teacher", re.compile(r"\b(teachers?|tutor|parents'? evening)\b")),
    ("nothing_yet", re.compile(r"\b(nothing|not yet|haven'?t|no one|nobody|none)\b")),
)
_PARENT_STAGE: Sequence[tuple[str, re.Pattern[str]]] = (
    (
        "moving_to_secondary",
        re.compile(
            r"\b(secondary|year (6|six|7|seven)|high school|big school|moving up|transition)"
        ),
    ),
    ("ehc", re.compile(r"\b(ehc\w*|education,? health|needs assessment)\b")),
    ("on_support", re.compile(r"\b(a while|ages|years?|months|on (sen |send )?support)\b")),
    ("early", re.compile(r"\b(early|just|new|started|noticed|recently|beginning)\b")),
)


def _clean(text: str) -> str:
    return text.lower().replace("’", "'").strip()


def _first_match(text: str, table: Sequence[tuple[str, re.Pattern[str]]]) -> str | None:
    return next((value for value, pattern in table if pattern.search(text)), None)


def is_not_sure(text: str) -> bool:
    return bool(_NOT_SURE.search(_clean(text)))


def yes_no_answer(text: str, intent: str | None) -> str | None:
    """'yes', 'no' or 'not_sure' for a yes/no question, from the intent or the words."""
    cleaned = _clean(text)
    if is_not_sure(cleaned):
        return "not_sure"
    if intent == "affirm" or _YES.search(cleaned):
        return "yes"
    if intent == "deny" or _NO.search(cleaned):
        return "no"
    return None


def review_cycles_answer(text: str) -> str | None:
    cleaned = _clean(text)
    return "not_sure" if is_not_sure(cleaned) else _first_match(cleaned, _REVIEW_CYCLES)


def progress_answer(text: str) -> str | None:
    cleaned = _clean(text)
    return "not_sure" if is_not_sure(cleaned) else _first_match(cleaned, _PROGRESS)


def complaint_tried_answer(text: str) -> str | None:
    return _first_match(_clean(text), _COMPLAINT_TRIED)


def concern_stage_answer(text: str) -> str | None:
    cleaned = _clean(text)
    return "not_sure" if is_not_sure(cleaned) else _first_match(cleaned, _CONCERN_STAGE)


def parent_stage_answer(text: str) -> str | None:
    return _first_match(_clean(text), _PARENT_STAGE)
