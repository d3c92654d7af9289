"""The sentence encoder gives all-MiniLM-L6-v2's own vectors, in the API's environment."""

from __future__ import annotations

import numpy as np
import pytest

from semantic import DIMENSIONS, default_encoder

# sentence-transformers' all-MiniLM-L6-v2 on "This is an example sentence" (its model card's
# example), first eight dimensions, as printed by model.encode() with PyTorch.
REFERENCE = [
    0.0676569,
    0.0634960,
    0.0487131,
    0.0793050,
    0.0374481,
    0.0026528,
    0.0393750,
    -0.0070984,
]


def test_the_vector_matches_the_reference_implementation() -> None:
    vector = default_encoder().encode(["This is an example sentence"])[0]

    assert vector.shape == (DIMENSIONS,)
    assert vector[:8] == pytest.approx(REFERENCE, abs=2e-5)
    assert float(np.linalg.norm(vector)) == pytest.approx(1.0, abs=1e-5)


def test_a_paraphrase_is_closer_than_a_different_worry() -> None:
    crisis, paraphrase, ordinary = default_encoder().encode(
        [
            "my son says he wants to die",
            "he told me he doesn't want to be alive any more",
            "how often should the school review his support plan",
        ]
    )

    assert float(crisis @ paraphrase) > float(crisis @ ordinary) + 0.3


def test_empty_and_very_long_texts_still_give_unit_vectors() -> None:
    empty, long = default_encoder().encode(["", "my daughter struggles at school " * 200])

    assert float(np.linalg.norm(empty)) == pytest.approx(1.0, abs=1e-5)
    assert float(np.linalg.norm(long)) == pytest.approx(1.0, abs=1e-5)
