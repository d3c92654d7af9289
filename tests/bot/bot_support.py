"""Helpers for the action and NLU data tests (imported by name: pytest puts tests/bot on sys.path).

The fixtures are in conftest.py; everything a test imports is here: the bot folder (also put on
sys.path, as the action server runs from it), reading a dispatcher's output, and reading the
NLU YAML for the data-quality tests.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

BOT = Path(__file__).resolve().parents[2] / "bot"
# The action server runs from bot/ with `--actions actions`; tests import the same package.
if str(BOT) not in sys.path:
    sys.path.insert(0, str(BOT))

TrackerFactory = Callable[..., Tracker]


def texts(dispatcher: CollectingDispatcher) -> list[str]:
    return [m["text"] for m in dispatcher.messages if m.get("text")]


def responses(dispatcher: CollectingDispatcher) -> list[str]:
    return [m["response"] for m in dispatcher.messages if m.get("response")]


# --- the NLU data ---------------------------------------------------------------------------

TRAINING_FILES = sorted((BOT / "data" / "nlu").glob("*.yml"))
TEST_FILE = BOT / "tests" / "nlu_test.yml"
# Long, messy parent messages written blind, before any errors were looked at (issue 10)
MESSY_TEST_FILE = BOT / "tests" / "nlu_messy_test.yml"
# Every blind set of long messages (A, B and C, each by an engineer who never saw the training
# data): none of them may leak into training (the two-worry files repeat texts of A and B).
BLIND_TEST_FILES = sorted((BOT / "tests").glob("nlu_messy_test*.yml"))
# The long training examples written for issue 10
LONG_TRAINING_FILES = sorted((BOT / "data" / "nlu").glob("long_messages*.yml"))
_ENTITY_MARKUP = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}")
_NOT_WORD = re.compile(r"[^a-z0-9' ]+")


def examples_by_intent(paths: Iterable[Path]) -> dict[str, list[str]]:
    """Intent -> its example texts (entity markup removed)."""
    found: dict[str, list[str]] = {}
    for path in paths:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for block in document.get("nlu", []):
            if "intent" not in block:
                continue
            for line in block["examples"].splitlines():
                if line.startswith("- "):
                    text = _ENTITY_MARKUP.sub(lambda m: m.group(1) or m.group(2), line[2:])
                    found.setdefault(block["intent"], []).append(text.strip())
    return found


def words(text: str) -> list[str]:
    return _NOT_WORD.sub(" ", text.lower()).split()


def word_edit_distance(a: list[str], b: list[str]) -> int:
    """Levenshtein distance counted in whole words."""
    previous = list(range(len(b) + 1))
    for i, word_a in enumerate(a, start=1):
        current = [i]
        for j, word_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word_a != word_b))
            )
        previous = current
    return previous[-1]
