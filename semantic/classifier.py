"""The safety net's classifier: how likely a clause is to describe a child (or parent) at risk.

Nearest examples alone do not separate crisis talk from the ordinary worried-parent talk that
shares its words ("he ran off at playtime" against "he has run away"); measured on units nobody
tuned on, they caught about two in three (README, safeguarding). A logistic regression learns
from every example at once which words, letter groups and meanings tell the two apart:
  - TF-IDF of the clause's words and word pairs: "pillow over her face", "asked for pictures";
  - TF-IDF of letter groups of 2 to 5 within words: misspellings ("kil", "suacide", "self harmin");
  - its all-MiniLM-L6-v2 sentence vector, weighted: risk described in words nobody listed.
scikit-learn, the standard for this; trained in a second or two when the process first checks a
message, from the content and the vectors kept in var/cache, so no model file is shipped or
loaded from elsewhere, and the API and the bot (two Python versions) each train their own from
the same words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse  # type: ignore[import-untyped]

from knowledge.safeguarding import ORDINARY, ClassifierSettings

# Letter groups seen in fewer units than this are one person's typo, not a pattern.
LETTERS_MIN_UNITS = 2
SEED = 2015


@dataclass(frozen=True)
class CrisisClassifier:
    words: Any  # sklearn TfidfVectorizer (scikit-learn ships no type hints)
    letters: Any
    model: Any  # sklearn LogisticRegression over the crisis categories and ORDINARY
    meaning_weight: float

    @classmethod
    def train(
        cls,
        texts: Sequence[str],
        labels: Sequence[str],
        vectors: np.ndarray,
        settings: ClassifierSettings,
    ) -> CrisisClassifier:
        from sklearn.feature_extraction.text import (  # type: ignore[import-untyped]
            TfidfVectorizer,
        )
        from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

        words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(texts)
        letters = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=LETTERS_MIN_UNITS
        ).fit(texts)
        untrained = cls(words, letters, None, settings.meaning_weight)
        model = LogisticRegression(C=settings.regularisation, max_iter=5000, random_state=SEED).fit(
            untrained.features(texts, vectors), list(labels)
        )
        return cls(words, letters, model, settings.meaning_weight)

    def features(self, texts: Sequence[str], vectors: np.ndarray) -> Any:
        return sparse.hstack(
            [
                self.words.transform(texts),
                self.letters.transform(texts),
                sparse.csr_matrix(np.asarray(vectors, dtype=np.float64) * self.meaning_weight),
            ]
        ).tocsr()

    def judge(self, texts: Sequence[str], vectors: np.ndarray) -> tuple[np.ndarray, list[str]]:
        """For each text, the chance it is a crisis, and its likeliest crisis category."""
        if not texts:
            return np.zeros(0), []
        chances = self.model.predict_proba(self.features(texts, vectors))
        classes = [str(name) for name in self.model.classes_]
        ordinary = classes.index(ORDINARY)
        crisis_columns = [i for i in range(len(classes)) if i != ordinary]
        likeliest = chances[:, crisis_columns].argmax(axis=1)
        return 1.0 - chances[:, ordinary], [classes[crisis_columns[i]] for i in likeliest]
