"""The bot's environment (Python 3.10, numpy 1.x) gets the same sentence vectors as the API's."""

from __future__ import annotations

import pytest

from semantic import default_encoder

# The same reference as tests/semantic/test_encoder.py: sentence-transformers' own output.
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

    assert list(vector[:8]) == pytest.approx(REFERENCE, abs=2e-5)
