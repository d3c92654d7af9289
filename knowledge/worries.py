"""Where one worry ends and the next begins in a parent's message.

A parent who writes "he's two years behind in reading, and also he has no friends at all" has
two worries. The NLU reads each part on its own (bot/nlp/linear_intent_classifier.py), and the
actions answer the first and offer the second (bot/actions/worries.py): both cut the message
here, the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Sentence ends, and the words parents join two worries with when they do not punctuate
# ("...behind in maths also she has no friends").
_SENTENCE_END = re.compile(r"[.?!;\n]+|,\s*(?=(?:and|but|also|plus)\b)")
_JOINER = re.compile(
    # longest first: at one place in the text the first alternative that matches wins
    r"\b(?:and another thing|another thing|the other thing|and another|and i also|i also|"
    r"and also|but also|also|as well as that|on top of (?:that|this|all that)|plus|"
    r"separately|and what about|what about)\b",
    re.IGNORECASE,
)
# A part shorter than this says too little to be a worry of its own; it joins its neighbour.
MIN_PART_WORDS = 5


def split_parts(text: str) -> list[str]:
    """The message cut where one worry may end and another begin; short bits rejoin."""
    pieces: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        for clause in _JOINER.split(sentence):
            clause = clause.strip(" ,-")
            if clause:
                pieces.append(clause)
    return _rejoin_short(pieces)


def _rejoin_short(pieces: Iterable[str]) -> list[str]:
    parts: list[str] = []
    for piece in pieces:
        too_short = min(len(piece.split()), len(parts[-1].split()) if parts else 0)
        if parts and too_short < MIN_PART_WORDS:
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            parts.append(piece)
    return parts
