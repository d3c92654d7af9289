"""Telling a keyboard slip ("kdkdkd", "asdfgh") from a short answer ("yep", "no ta").

Character n-grams give any string of letters some intent, often "affirm" with high confidence.
A message is taken as nonsense when none of its words is one the assistant was taught (its NLU
training examples, leaving out the out-of-scope ones, which include keyboard mashes) or one the
glossary knows.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from actions.common import is_payload, knowledge

OUT_OF_SCOPE = "out_of_scope"
NLU_DATA = Path(__file__).resolve().parents[1] / "data" / "nlu"
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
# "[ASD](area_of_need)" in training data: keep the words, drop the entity name
_ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """Every word in the NLU training examples and the glossary."""
    vocabulary: set[str] = set()
    for path in sorted(NLU_DATA.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu") or []:
            if not isinstance(block, dict) or block.get("intent") == OUT_OF_SCOPE:
                continue
            examples = block.get("examples")
            if isinstance(examples, str):
                plain = _ANNOTATION.sub(lambda m: m.group(1) or m.group(2) or "", examples)
                vocabulary.update(words(plain))
    for term in knowledge().glossary.terms:
        for spelling in term.spellings:
            vocabulary.update(words(spelling))
    return frozenset(vocabulary)


def looks_like_nonsense(text: str) -> bool:
    """No word the assistant knows: letters at random, or only digits and symbols."""
    if not text.strip() or is_payload(text):
        return False  # nothing typed, or a button's payload
    found = words(text)
    return not found or not any(word in known_words() for word in found)
