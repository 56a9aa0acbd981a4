"""A small classifier per code, trained on the project's own codings (scikit-learn).

Features, per passage: TF-IDF of its Sudachi lemmas (the very lemma set the search index
holds, so training never re-analyses the text), TF-IDF of character 2–3-grams (which catch
compounds and katakana words Sudachi splits oddly), and one 0/1 column per code rule that
fires (a rule is a researcher's knowledge; the model learns how far to trust it). Then one
logistic regression per code, classes balanced because most passages lack most codes.

The vectorizers are fitted on all passages that take part (no labels involved), so the
cross-validation in `evaluate.py` refits only the regressions: several times cheaper, and
what it measures is the part that learns from codings.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from annotator.suggest.rules import Passage, Rule

MIN_EXAMPLES = 3  # positives and negatives a code needs before a model is trained for it
CUTOFF = 0.5  # a model suggests a code when its probability reaches this
_C = 4.0
_WHY_WORDS = 3


def _identity(terms: Sequence[str]) -> Sequence[str]:
    return terms


@dataclass(frozen=True)
class Item:
    """One passage that takes part: its id, document and what rules and features read."""

    passage: int
    document: int
    view: Passage


class Features:
    """Turns passages into one sparse matrix: lemmas, character n-grams, rule hits."""

    def __init__(self, rules: Mapping[str, Rule]) -> None:
        self.rules = dict(rules)
        self._lemmas = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=2)
        self._chars = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True,
                                      min_df=2, max_features=60_000, dtype=np.float32)
        self.names: list[str] = []

    def fit(self, items: Sequence[Item]) -> sp.csr_matrix:
        lemmas = self._lemmas.fit_transform([sorted(i.view.terms) for i in items])
        chars = self._chars.fit_transform([i.view.flat for i in items])
        self.names = ([str(n) for n in self._lemmas.get_feature_names_out()]
                      + [f"「{n}」" for n in self._chars.get_feature_names_out()]
                      + [f"rule {key}" for key in self.rules])
        return self._stack(lemmas, chars, items)

    def transform(self, items: Sequence[Item]) -> sp.csr_matrix:
        lemmas = self._lemmas.transform([sorted(i.view.terms) for i in items])
        chars = self._chars.transform([i.view.flat for i in items])
        return self._stack(lemmas, chars, items)

    def _stack(self, lemmas: sp.spmatrix, chars: sp.spmatrix,
               items: Sequence[Item]) -> sp.csr_matrix:
        hits = sp.csr_matrix(self.rule_hits(items).astype(np.float32))
        return sp.csr_matrix(sp.hstack([lemmas, chars, hits], format="csr", dtype=np.float32))

    def rule_hits(self, items: Sequence[Item]) -> NDArray[Any]:
        """items × rules, 1 where the code's rule fires."""
        out = np.zeros((len(items), len(self.rules)), dtype=np.int8)
        for column, rule in enumerate(self.rules.values()):
            for row, item in enumerate(items):
                out[row, column] = rule.match(item.view) is not None
        return out


def fit_code(x: sp.csr_matrix, y: NDArray[Any]) -> LogisticRegression | None:
    """One code's regression, or None while it has too few examples of either kind."""
    positives = int(y.sum())
    if positives < MIN_EXAMPLES or len(y) - positives < MIN_EXAMPLES:
        return None
    model = LogisticRegression(C=_C, class_weight="balanced", solver="liblinear",
                               max_iter=200)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(x, y)
    return model


def scores(model: LogisticRegression, x: sp.csr_matrix) -> NDArray[Any]:
    return np.asarray(model.predict_proba(x)[:, 1])


class Model:
    """What training made: the fitted features and a regression per code that has one."""

    def __init__(self, features: Features, models: Mapping[str, LogisticRegression],
                 trained_on: int) -> None:
        self.features = features
        self.models = dict(models)
        self.trained_on = trained_on  # labelled passages

    def predict(self, items: Sequence[Item]) -> dict[str, NDArray[Any]]:
        """Per code with a model, the probability for each item."""
        if not items or not self.models:
            return {}
        x = self.features.transform(items)
        return {key: scores(model, x) for key, model in self.models.items()}

    def explain(self, key: str, item: Item) -> str:
        """The features of this passage that weighed most for the code."""
        model = self.models[key]
        row = self.features.transform([item])
        weights = row.multiply(model.coef_[0]).tocsr()
        order = np.argsort(-weights.data)[:_WHY_WORDS]
        words = [self.features.names[weights.indices[i]] for i in order if weights.data[i] > 0]
        return "words: " + ", ".join(words) if words else "model"

