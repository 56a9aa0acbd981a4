"""How good each source of suggestions is on this project: document-level cross-validation.

Whole documents are held out, never single passages: passages of one document share
speakers, topics and phrasing, so a model tested on passages of documents it was trained on
would look far better than it will on the next document a coder opens. Each fold trains the
per-code regressions on the other documents and predicts the held-out ones; the rules need
no training and are scored on the same passages. Precision, recall and F1 are pooled over
the folds. The learning curve repeats this on random subsets of the training passages, so
a team sees whether coding more would still help.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.model_selection import GroupKFold

from annotator.suggest.model import fit_code, scores

MAX_FOLDS = 5
RULE, MODEL = "rule", "model"
SOURCES = (RULE, MODEL)
_CURVE = (25, 50, 100, 200, 400, 800, 1600, 3200, 6400)
_SEED = 18


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def n(self) -> int:
        """Passages that have the code (in the held-out documents)."""
        return self.tp + self.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.n if self.n else None

    @property
    def f1(self) -> float | None:
        if not self.n:
            return None
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)

    @staticmethod
    def of(truth: NDArray[Any], predicted: NDArray[Any]) -> Score:
        truth, predicted = truth.astype(bool), predicted.astype(bool)
        return Score(int((truth & predicted).sum()), int((~truth & predicted).sum()),
                     int((truth & ~predicted).sum()))

    def to_json(self) -> dict[str, Any]:
        return {"precision": _round(self.precision), "recall": _round(self.recall),
                "f1": _round(self.f1), "n": self.n}


@dataclass(frozen=True)
class Evaluation:
    """Per code and source, the pooled scores; `folds` 0 means too few documents to tell."""

    codes: dict[str, dict[str, Score]] = field(default_factory=dict)
    folds: int = 0
    curve: tuple[tuple[int, float | None], ...] = ()
    passages: int = 0
    documents: int = 0

    def f1(self, key: str, source: str) -> float | None:
        found = self.codes.get(key, {}).get(source)
        return found.f1 if found is not None else None

    def best(self, key: str) -> tuple[str, Score] | None:
        ranked = [(s, score) for s, score in self.codes.get(key, {}).items()
                  if score.f1 is not None]
        return max(ranked, key=lambda pair: pair[1].f1 or 0.0) if ranked else None

    def to_json(self) -> dict[str, Any]:
        codes: dict[str, Any] = {}
        for key, by_source in self.codes.items():
            best = self.best(key)
            top = best[1].to_json() if best else {"precision": None, "recall": None,
                                                  "f1": None, "n": 0}
            codes[key] = {**top, "source": best[0] if best else None,
                          **{source: score.to_json() for source, score in by_source.items()}}
        return {"codes": codes, "folds": self.folds, "passages": self.passages,
                "documents": self.documents,
                "curve": [{"n_train": n, "f1_macro": _round(f1)} for n, f1 in self.curve]}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def evaluate(x: sp.csr_matrix, rule_hits: NDArray[Any], truth: NDArray[Any],
             documents: NDArray[Any], keys: Sequence[str], has_rule: Mapping[str, bool], *,
             curve: bool = True) -> Evaluation:
    """Cross-validate over `documents` (one group per sample).

    `x` and `rule_hits` have a row per sample, `truth` is samples × codes (0/1),
    `keys` names the columns of `truth`, `has_rule` which codes have a rule column
    (`rule_hits` has one column per True, in `keys` order).
    """
    groups = np.unique(documents)
    folds = min(MAX_FOLDS, len(groups))
    if folds < 2 or not len(truth):
        return Evaluation(passages=len(truth), documents=len(groups))
    splits = list(GroupKFold(n_splits=folds).split(x, groups=documents))
    predicted = _cross_predict(x, truth, splits, len(keys))
    rule_columns = {key: n for n, key in enumerate(k for k in keys if has_rule.get(k))}
    codes: dict[str, dict[str, Score]] = {}
    for column, key in enumerate(keys):
        by_source: dict[str, Score] = {}
        if key in rule_columns:
            by_source[RULE] = Score.of(truth[:, column], rule_hits[:, rule_columns[key]])
        held_out = predicted[column]
        if held_out is not None:
            by_source[MODEL] = Score.of(truth[:, column], held_out)
        codes[key] = by_source
    points = _curve(x, truth, splits) if curve else ()
    return Evaluation(codes, folds, points, len(truth), len(groups))


def _cross_predict(x: sp.csr_matrix, truth: NDArray[Any],
                   splits: Sequence[tuple[NDArray[Any], NDArray[Any]]],
                   codes: int) -> list[NDArray[Any] | None]:
    """Held-out predictions per code (None: the code never had enough examples to train)."""
    out: list[NDArray[Any] | None] = []
    for column in range(codes):
        predicted = np.zeros(len(truth), dtype=bool)
        trained = False
        for train, test in splits:
            model = fit_code(x[train], truth[train, column])
            if model is not None:
                trained = True
                predicted[test] = scores(model, x[test]) >= 0.5
        out.append(predicted if trained else None)
    return out


Split = tuple[NDArray[Any], NDArray[Any]]


def _curve(x: sp.csr_matrix, truth: NDArray[Any], splits: Sequence[Split],
           ) -> tuple[tuple[int, float | None], ...]:
    """Macro F1 (over codes that occur) when training on n passages of the other documents."""
    rng = np.random.default_rng(_SEED)
    smallest = min(len(train) for train, _test in splits)
    sizes = [n for n in _CURVE if n < smallest] + [smallest]
    points: list[tuple[int, float | None]] = []
    for size in sizes:
        predicted = np.zeros_like(truth, dtype=bool)
        for train, test in splits:
            chosen = rng.choice(train, size=size, replace=False)
            for column in range(truth.shape[1]):
                model = fit_code(x[chosen], truth[chosen, column])
                if model is not None:
                    predicted[test, column] = scores(model, x[test]) >= 0.5
        f1s = [Score.of(truth[:, c], predicted[:, c]).f1 for c in range(truth.shape[1])]
        known = [f for f in f1s if f is not None]
        points.append((size, sum(known) / len(known) if known else None))
    return tuple(points)
