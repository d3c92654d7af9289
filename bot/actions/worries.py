"""Two worries in one message: find the second, so it can be offered after the first's answer.

The NLU reads a message as one intent. A parent who writes "he's two years behind in reading,
and also he has no friends at all" gets the reading answer; the friendships worry would be lost.
So the NLU also reads each part of the message on its own (sentences, and clauses joined by
"also", "and another thing"...: knowledge.worries.split_parts) and sends those readings with the
message (``worry_parts``). A part that reads clearly as another topic is the second worry, and
the worry the parent raised first is answered first.

A message without those readings (from a model trained before the NLU gave them) falls back to
comparing each part by meaning with the NLU training examples of every topic intent
(all-MiniLM-L6-v2 from `semantic`); their vectors are computed at first use, in the background,
and kept in ``var/cache``. Figures: bench/two_worries_eval.py, in README.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.clarify import MIN_GUESS_CONFIDENCE, NOT_A_TOPIC, likely_topic_intents
from actions.common import is_payload, knowledge, latest_text
from knowledge.worries import split_parts

logger = logging.getLogger(__name__)

BOT = Path(__file__).resolve().parents[1]
NLU_DATA = BOT / "data" / "nlu"
CACHE_DIR = Path(os.environ.get("SEN_GUIDE_CACHE_DIR") or BOT.parent / "var" / "cache")
_ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}")

# The NLU reads each part of the message on its own (bot/nlp/linear_intent_classifier.py, the
# message's ``worry_parts``): a part it reads as a topic at least this sure is a worry of its own.
# Chosen on the first two-worries file (the second was run once, after): at 0.5, 0.6 and 0.7
# the right pair was found for 18, 18 and 17 of its 32 messages, a wrong topic offered for 3, 2
# and 2; none of the 355 single-worry messages of the held-out and first messy sets got an offer.
PART_CONFIDENCE = 0.6

# A message whose parts the NLU did not read (a model trained before it did) is compared by
# meaning with the training examples instead, as below, chosen on the leave-one-out development
# set made from the training examples (bench/two_worries_eval.py --dev).
# A part's score for an intent: the mean similarity of its few nearest examples of that intent.
NEAREST = 3
# The part must read clearly as its topic ...
MIN_SIMILARITY = 0.50
# ... and clearly more as that topic than as the one already answered.
MIN_MARGIN = 0.12
# DIET's ranking is no veto: trained with sentence features it is sure of one intent and gives
# the second topic under 1% (measured: bench/two_worries_eval.py, README).
# Added after the first evaluation showed second topics whose part leaned only a little away
# from the first while DIET ranked them (README gives the figures before and after): DIET's
# confidence that earns a "did you mean" button (actions/clarify.py) ...
AGREED_DIET_CONFIDENCE = MIN_GUESS_CONFIDENCE
# ... lets a smaller margin do.
AGREED_MARGIN = 0.04


def topic_examples() -> dict[str, list[str]]:
    """Each topic intent's NLU training examples, as plain words (entity marks removed)."""
    kb = knowledge()
    examples: dict[str, list[str]] = {}
    for path in sorted(NLU_DATA.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu") or []:
            intent = block.get("intent") if isinstance(block, dict) else None
            text = block.get("examples") if intent else None
            if not isinstance(text, str) or intent in NOT_A_TOPIC:
                continue
            if kb.topic_for_intent(intent) is None:
                continue
            for line in text.splitlines():
                line = line.strip()
                if line.startswith("- "):
                    plain = _ANNOTATION.sub(lambda m: m.group(1) or m.group(2) or "", line[2:])
                    examples.setdefault(intent, []).append(plain.strip())
    return examples


@dataclass(frozen=True)
class ExampleIndex:
    """The topic intents' examples as unit vectors, one row each, with their intents."""

    intents: tuple[str, ...]
    labels: np.ndarray  # row -> index into intents
    vectors: np.ndarray  # (rows, 384) float32
    texts: tuple[str, ...]

    def scores(self, vectors: np.ndarray, leave_out: Iterable[int] = ()) -> np.ndarray:
        """(parts, intents): each part's mean similarity to its NEAREST examples per intent."""
        similarity = vectors @ self.vectors.T
        for row in leave_out:
            similarity[:, row] = -1.0
        out = np.full((len(vectors), len(self.intents)), -1.0, dtype=np.float32)
        for column in range(len(self.intents)):
            own = similarity[:, self.labels == column]
            k = min(NEAREST, own.shape[1])
            nearest = -np.sort(-own, axis=1)[:, :k]
            out[:, column] = nearest.mean(axis=1)
        return out


def _encode(texts: Sequence[str]) -> np.ndarray:
    from semantic import default_encoder  # loads the weights: only when first needed

    return default_encoder().encode(list(texts))


def cache_path(examples: dict[str, list[str]]) -> Path:
    """Where the vectors of exactly these examples are kept."""
    intents = sorted(examples)
    keyed = "\n".join(f"{intent}\t{text}" for intent in intents for text in examples[intent])
    digest = hashlib.sha256(keyed.encode())
    return CACHE_DIR / f"topic-examples-{digest.hexdigest()[:16]}.npy"


def cached_vectors_exist() -> bool:
    return cache_path(topic_examples()).exists()


def build_index(examples: dict[str, list[str]]) -> ExampleIndex:
    intents = tuple(sorted(examples))
    texts = tuple(text for intent in intents for text in examples[intent])
    labels = np.array([i for i, intent in enumerate(intents) for _ in examples[intent]])
    cache = cache_path(examples)
    try:
        vectors = np.load(cache)
        if vectors.shape[0] != len(texts):
            raise ValueError("stale cache")
    except (OSError, ValueError):
        vectors = _encode(texts)
        try:
            CACHE_DIR.mkdir(parents=True, exist_ok=True)
            partial = cache.with_suffix(f".{os.getpid()}.tmp.npy")
            np.save(partial, vectors)
            os.replace(partial, cache)
        except OSError as error:  # a read-only disk costs time at the next start, not answers
            logger.warning("could not keep the example vectors in %s: %s", CACHE_DIR, error)
    return ExampleIndex(intents=intents, labels=labels, vectors=vectors, texts=texts)


_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _cached_index() -> ExampleIndex:
    return build_index(topic_examples())


def example_index() -> ExampleIndex:
    """The index, built now if need be (the bench and tests wait for it)."""
    with _LOCK:  # two first messages at once build it once
        return _cached_index()


_warming: list[threading.Thread] = []


def ready_index() -> ExampleIndex | None:
    """The index if it is built; else None, and it starts building in the background.

    Encoding the ~1,000 examples takes 20 s or more when there is no cache (a fresh clone,
    or changed training data). The action server answers every conversation from one event
    loop, so the messages of that first minute are answered without the second-worry check
    rather than all waiting for it.
    """
    if _cached_index.cache_info().currsize or cached_vectors_exist():
        # kept vectors load in well under a second: the first parent need not miss the check
        return example_index()
    with _LOCK:
        if not _warming:
            thread = threading.Thread(target=example_index, name="topic-examples", daemon=True)
            _warming.append(thread)
            thread.start()
    return None


def diet_confidences(ranking: Iterable[dict[str, Any]]) -> dict[str, float]:
    return {
        str(r["name"]): float(r.get("confidence") or 0.0)
        for r in ranking
        if isinstance(r, dict) and r.get("name")
    }


def nearest_topics(text: str, index: ExampleIndex | None = None) -> list[tuple[str, float]]:
    """The topic intents nearest ``text`` by meaning, best first, with their scores; none
    while the index is still being built or for an empty message."""
    index = index or ready_index()
    if index is None or not text.strip():
        return []
    scores = index.scores(_encode([text]))[0]
    order = np.argsort(-scores)
    return [(index.intents[column], float(scores[column])) for column in order]


@dataclass(frozen=True)
class TwoWorries:
    """Two topics of one message in the order the parent raised them."""

    first: str
    second: str


def worries_in_order(
    text: str,
    answered: str | None,
    ranking: Iterable[dict[str, Any]] = (),
    index: ExampleIndex | None = None,
    leave_out: Iterable[int] = (),
    use_diet: bool = True,
) -> TwoWorries | None:
    """DIET's topic ``answered`` and a second topic of ``text``, first raised first; or None.

    ``ranking`` is DIET's intent_ranking for the whole message; ``leave_out`` (rows of the
    index) lets the development set score a training example without its own vector.
    DIET reads the whole message as one intent and often picks the later worry (the longer or
    more typical part); the parent raised the other first, so the order comes from where each
    topic's part stands in the message, not from DIET.
    """
    if answered is None:
        return None
    parts = split_parts(text)
    if len(parts) < 2:
        return None
    index = index or ready_index()
    if index is None:
        return None
    scores = index.scores(_encode(parts), leave_out)
    first_column = index.intents.index(answered) if answered in index.intents else None
    confidences = diet_confidences(ranking)
    best: tuple[float, str, int] | None = None
    for position, part_scores in enumerate(scores):
        column = int(np.argmax(part_scores))
        intent, similarity = index.intents[column], float(part_scores[column])
        if intent == answered or similarity < MIN_SIMILARITY:
            continue
        confidence = confidences.get(intent, 0.0)
        # When DIET, reading the whole message, also sees this topic, the part need only lean
        # towards it; on the sentences alone it must stand clearly apart from the first.
        agreed = use_diet and confidence >= AGREED_DIET_CONFIDENCE
        margin = AGREED_MARGIN if agreed else MIN_MARGIN
        if first_column is not None and similarity - part_scores[first_column] < margin:
            continue
        if best is None or similarity > best[0]:
            best = (similarity, intent, position)
    if best is None:
        return None
    _, other, other_position = best
    if first_column is None:
        return TwoWorries(answered, other)
    # The part that reads most as DIET's topic is where the parent raised it.
    answered_position = int(np.argmax(scores[:, first_column]))
    if other_position < answered_position:
        return TwoWorries(other, answered)
    return TwoWorries(answered, other)


def second_worry(
    text: str,
    first: str | None,
    ranking: Iterable[dict[str, Any]] = (),
    index: ExampleIndex | None = None,
    leave_out: Iterable[int] = (),
    use_diet: bool = True,
) -> str | None:
    """The intent of a second topic in ``text`` besides ``first``, or None."""
    both = worries_in_order(text, first, ranking, index, leave_out, use_diet)
    if both is None:
        return None
    return both.second if both.first == first else both.first


def two_worries_when_unsure(
    text: str, message: dict[str, Any], index: ExampleIndex | None = None
) -> tuple[str, str] | None:
    """Why the model was unsure, when it is because the parent raised two topics at once.

    The FallbackClassifier says "not sure" when DIET's top two intents are close, which is
    what two worries in one message look like. When two parts of the message each read
    clearly as a different one of DIET's likeliest topics, those are the two worries, in the
    order the parent wrote them; otherwise None (and the parent is asked "did you mean...?").
    """
    worry_parts = message.get("worry_parts")
    if isinstance(worry_parts, list):
        topics = topics_of_parts(worry_parts)
        return (topics[0], topics[1]) if len(topics) >= 2 else None
    parts = split_parts(text)
    likely = likely_topic_intents(message, knowledge())
    if len(parts) < 2 or len(likely) < 2:
        return None
    index = index or ready_index()
    if index is None:
        return None
    in_order: list[str] = []
    for part_scores in index.scores(_encode(parts)):
        column = int(np.argmax(part_scores))
        intent = index.intents[column]
        if part_scores[column] >= MIN_SIMILARITY and intent in likely and intent not in in_order:
            in_order.append(intent)
    return (in_order[0], in_order[1]) if len(in_order) >= 2 else None


def offer_topic(dispatcher: CollectingDispatcher, intent: str) -> bool:
    """ "You also mentioned ..." with the topic for ``intent`` as a button."""
    topic = knowledge().topic_for_intent(intent)
    if topic is None:
        return False
    dispatcher.utter_message(
        response="utter_also_mentioned",
        topic=topic.title,
        buttons=[{"title": topic.title, "payload": f"/{intent}"}],
    )
    return True


@lru_cache(maxsize=1)
def intents_answered_by_topic() -> frozenset[str]:
    """The intents whose rule is action_answer_topic: a plain answer, no form behind them."""
    rules = yaml.safe_load((BOT / "data" / "rules" / "topics.yml").read_text(encoding="utf-8"))
    return frozenset(
        rule["steps"][0]["intent"]
        for rule in rules.get("rules") or []
        if {"action": "action_answer_topic"} in rule.get("steps", [])
    )


def topics_of_parts(parts: Iterable[dict[str, Any]]) -> list[str]:
    """The topics the NLU read clearly in the message's parts, in the parent's order."""
    kb = knowledge()
    topics: list[str] = []
    for part in parts:
        intent = str(part.get("intent") or "")
        confidence = float(part.get("confidence") or 0.0)
        if (
            confidence >= PART_CONFIDENCE
            and intent not in NOT_A_TOPIC
            and kb.topic_for_intent(intent) is not None
            and intent not in topics
        ):
            topics.append(intent)
    return topics


def worries_from_parts(parts: Iterable[dict[str, Any]], answered: str | None) -> TwoWorries | None:
    """``answered`` (the whole message's reading) and another topic a part reads as, in the
    order the parent raised them; None when no part reads clearly as another topic."""
    topics = topics_of_parts(parts)
    others = [topic for topic in topics if topic != answered]
    if answered is None or not others:
        return None
    second = others[0]
    if answered in topics and topics.index(second) < topics.index(answered):
        return TwoWorries(second, answered)
    return TwoWorries(answered, second)


def two_worries_of(tracker: Tracker, answered: str | None) -> TwoWorries | None:
    """The parent's two worries, first raised first, when the NLU read the message as
    ``answered`` and the words raise another topic too."""
    text = latest_text(tracker)
    if not text or is_payload(text):
        return None
    parts = tracker.latest_message.get("worry_parts")
    if isinstance(parts, list):
        return worries_from_parts(parts, answered)
    ranking = tracker.latest_message.get("intent_ranking") or []
    return worries_in_order(text, answered, ranking)
