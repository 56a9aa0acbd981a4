"""Intercoder agreement statistics: small numpy functions over a units × coders matrix.

A cell holds the category a coder gave a unit (for one code: 1 applied, 0 not applied)
or NaN where that coder gave none. The definitions are the published ones, so that the
figures can be set beside those of other tools (krippendorff, irr, irrCAC, statsmodels):

* percent agreement, Cohen's κ, Fleiss' κ, Gwet's AC1, Brennan–Prediger κ and positive
  agreement use only the units every coder rated (listwise deletion);
* Krippendorff's α uses every unit with at least two values (its missing-data form).

A coefficient that is 0/0 (κ or α when every value is one category) is None with the
reason, never NaN: NaN prints as a number, and a spreadsheet would average it.

Every function also takes `weights`, how many identical units a row stands for: the
reliability service collapses a million character units into a few dozen distinct rows
that way, and the statistics come out exactly as on the full matrix.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Generic, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]

STATISTICS = ("percent", "cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "gwet_ac1",
              "brennan_prediger", "positive_agreement")

NO_COMPLETE_UNITS = "no unit was rated by every coder"
NO_PAIRABLE_UNITS = "no unit has values from two or more coders"
NOBODY_APPLIED = "undefined (0/0): nobody applied the code, so there is no variation"
EVERYONE_APPLIED = ("undefined (0/0): every coder applied the code to every unit, "
                    "so there is no variation")
TWO_CODERS_ONLY = "Cohen's κ is for exactly two coders (see Fleiss' κ and Krippendorff's α)"
BINARY_ONLY = "positive agreement is for binary (applied / not applied) values only"


@dataclass(frozen=True)
class Stat:
    """One coefficient. `value` is None when it is undefined, and `note` then says why."""

    value: float | None
    n_units: int
    note: str | None = None


@dataclass(frozen=True)
class MacroStat:
    """A mean over codes; `codes` are the ones whose value was defined and went into it."""

    value: float | None
    codes: tuple[str, ...]
    note: str | None = None


S = TypeVar("S", Stat, MacroStat)


@dataclass(frozen=True)
class StatSet(Generic[S]):
    """Every statistic of one matrix (a code, the pooled codes, or the macro mean)."""

    percent: S
    cohen_kappa: S
    fleiss_kappa: S
    krippendorff_alpha: S
    gwet_ac1: S
    brennan_prediger: S
    positive_agreement: S

    def items(self) -> list[tuple[str, S]]:
        return [(name, getattr(self, name)) for name in STATISTICS]


class _Ratings:
    """The matrix as category indexes and per-unit category counts, shared by every statistic.

    `codes[u, c]` is the index into `categories` of coder c's value for unit u (-1 when
    missing); `table[u, k]` counts the coders who gave unit u category k.
    """

    def __init__(self, data: ArrayLike, weights: ArrayLike | None) -> None:
        matrix = np.asarray(data, dtype=np.float64)
        if matrix.ndim != 2 or matrix.shape[1] < 2:
            raise ValueError("expected a units × coders matrix with two or more coders")
        if np.isinf(matrix).any():
            raise ValueError("values must be category ids or NaN, not infinite")
        self.weights = _weights(weights, len(matrix))
        present = ~np.isnan(matrix)
        self.categories, index = _categories(matrix[present])
        self.codes: Ints = np.full(matrix.shape, -1, dtype=np.int64)
        self.codes[present] = index
        q = len(self.categories)
        rows = np.nonzero(present)[0]
        self.table: Ints = np.bincount(rows * q + index, minlength=len(matrix) * q
                                       ).reshape(len(matrix), q).astype(np.int64)
        self.coders = matrix.shape[1]
        self.binary = q == 2 and bool(np.all(self.categories == (0.0, 1.0)))

    @cached_property
    def complete(self) -> NDArray[np.bool_]:
        return np.asarray((self.codes >= 0).all(axis=1) & (self.weights > 0))

    @cached_property
    def n_complete(self) -> float:
        return float(self.weights[self.complete].sum())

    @cached_property
    def observed_agreement(self) -> float:
        """Mean share of agreeing coder pairs per complete unit (1 for two coders who agree)."""
        table, r = self.table[self.complete], self.coders
        per_unit = (table * (table - 1)).sum(axis=1) / (r * (r - 1))
        return float(per_unit @ self.weights[self.complete]) / self.n_complete

    @cached_property
    def shares(self) -> Floats:
        """Each category's share of all values in the complete units."""
        totals = self.weights[self.complete] @ self.table[self.complete]
        return np.asarray(totals / (self.n_complete * self.coders), dtype=np.float64)

    def only_category(self, rows: NDArray[np.bool_]) -> str | None:
        """Why κ and α are 0/0 over these rows (a single category), or None if they are not."""
        totals = self.weights[rows] @ self.table[rows]
        used = np.flatnonzero(totals > 0)
        if len(used) > 1:
            return None
        return _no_variation(float(self.categories[used[0]])) if len(used) else NOBODY_APPLIED


def _weights(weights: ArrayLike | None, units: int) -> Floats:
    if weights is None:
        return np.ones(units, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (units,) or not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ValueError("weights must be one finite, non-negative count per unit")
    return w


def _categories(values: Floats) -> tuple[Floats, Ints]:
    """Binary data always gets both categories, so a code nobody applied still has q = 2."""
    if np.all((values == 0) | (values == 1)):
        return np.array([0.0, 1.0]), values.astype(np.int64)
    categories, index = np.unique(values, return_inverse=True)
    return categories.astype(np.float64), index.astype(np.int64)


def _no_variation(category: float) -> str:
    if category == 0:
        return NOBODY_APPLIED
    if category == 1:
        return EVERYONE_APPLIED
    return f"undefined (0/0): every value is {category:g}, so there is no variation"


def _n(weight: float) -> int:
    return round(weight)


# the statistics, over prepared ratings ---------------------------------------------------------

def _percent(r: _Ratings) -> Stat:
    if r.n_complete == 0:
        return Stat(None, 0, NO_COMPLETE_UNITS)
    return Stat(r.observed_agreement, _n(r.n_complete))


def _chance_corrected(r: _Ratings, expected: float) -> Stat:
    observed = r.observed_agreement
    return Stat((observed - expected) / (1 - expected), _n(r.n_complete))


def _cohen(r: _Ratings) -> Stat:
    if r.coders != 2:
        return Stat(None, 0, TWO_CODERS_ONLY)
    if r.n_complete == 0:
        return Stat(None, 0, NO_COMPLETE_UNITS)
    if (why := r.only_category(r.complete)) is not None:
        return Stat(None, _n(r.n_complete), why)
    a, b = r.codes[r.complete].T
    w, q = r.weights[r.complete], len(r.categories)
    first = np.bincount(a, weights=w, minlength=q) / r.n_complete
    second = np.bincount(b, weights=w, minlength=q) / r.n_complete
    return _chance_corrected(r, float(first @ second))


def _fleiss(r: _Ratings) -> Stat:
    if r.n_complete == 0:
        return Stat(None, 0, NO_COMPLETE_UNITS)
    if (why := r.only_category(r.complete)) is not None:
        return Stat(None, _n(r.n_complete), why)
    return _chance_corrected(r, float(r.shares @ r.shares))


def _gwet(r: _Ratings, q: int) -> Stat:
    if r.n_complete == 0:
        return Stat(None, 0, NO_COMPLETE_UNITS)
    return _chance_corrected(r, float(r.shares @ (1 - r.shares)) / (q - 1))


def _brennan_prediger(r: _Ratings, q: int) -> Stat:
    if r.n_complete == 0:
        return Stat(None, 0, NO_COMPLETE_UNITS)
    return _chance_corrected(r, 1 / q)


def _alpha(r: _Ratings) -> Stat:
    """Nominal α from the coincidence matrix: only its diagonal and margins are needed."""
    pairable = ((r.codes >= 0).sum(axis=1) >= 2) & (r.weights > 0)
    units = float(r.weights[pairable].sum())
    if units == 0:
        return Stat(None, 0, NO_PAIRABLE_UNITS)
    if (why := r.only_category(pairable)) is not None:
        return Stat(None, _n(units), why)
    table, w = r.table[pairable], r.weights[pairable]
    values = table.sum(axis=1)
    n = float(w @ values)
    margins = w @ table
    agreeing = float(w @ ((table * (table - 1)).sum(axis=1) / (values - 1)))
    expected = n * n - float(margins @ margins)
    return Stat(1 - (n - 1) * (n - agreeing) / expected, _n(units))


def _positive(r: _Ratings) -> Stat:
    """Σ n(n−1) / Σ n(r−1) over units, n = coders who applied the code: Dice for two coders."""
    if not r.binary:
        return Stat(None, 0, BINARY_ONLY)
    if r.n_complete == 0:
        return Stat(None, 0, NO_COMPLETE_UNITS)
    applied, w = r.table[r.complete][:, 1], r.weights[r.complete]
    denominator = float(w @ (applied * (r.coders - 1)))
    if denominator == 0:
        return Stat(None, _n(r.n_complete), NOBODY_APPLIED)
    return Stat(float(w @ (applied * (applied - 1))) / denominator, _n(r.n_complete))


def _check_q(r: _Ratings, q: int) -> None:
    if q < 2 or q < len(r.categories):
        raise ValueError(f"q = {q}, but the data have {len(r.categories)} categories "
                         f"(q must be at least 2 and at least that many)")


# the public functions --------------------------------------------------------------------------

def percent_agreement(data: ArrayLike, weights: ArrayLike | None = None) -> Stat:
    """Proportion 0–1; with three or more coders, the mean share of agreeing coder pairs."""
    return _percent(_Ratings(data, weights))


def cohen_kappa(data: ArrayLike, weights: ArrayLike | None = None) -> Stat:
    """Cohen (1960): chance from each coder's own category shares; exactly two coders."""
    return _cohen(_Ratings(data, weights))


def fleiss_kappa(data: ArrayLike, weights: ArrayLike | None = None) -> Stat:
    """Fleiss (1971): chance from the pooled category shares; Scott's π for two coders."""
    return _fleiss(_Ratings(data, weights))


def krippendorff_alpha_nominal(data: ArrayLike, weights: ArrayLike | None = None) -> Stat:
    """Krippendorff's α, nominal metric, over every unit with two or more values."""
    return _alpha(_Ratings(data, weights))


def gwet_ac1(data: ArrayLike, weights: ArrayLike | None = None, *, q: int = 2) -> Stat:
    """Gwet (2008) AC1 over q categories (2 for a code: applied / not applied)."""
    ratings = _Ratings(data, weights)
    _check_q(ratings, q)
    return _gwet(ratings, q)


def brennan_prediger(data: ArrayLike, weights: ArrayLike | None = None, *, q: int = 2) -> Stat:
    """Brennan & Prediger (1981): chance agreement 1/q, q = 2 for a code."""
    ratings = _Ratings(data, weights)
    _check_q(ratings, q)
    return _brennan_prediger(ratings, q)


def positive_agreement(data: ArrayLike, weights: ArrayLike | None = None) -> Stat:
    """Specific agreement on "applied": the Dice overlap 2a / (2a + b + c) for two coders.

    κ says little about a rare code (the κ paradox); this says how much of what one coder
    coded the others coded too.
    """
    return _positive(_Ratings(data, weights))


def all_statistics(data: ArrayLike, weights: ArrayLike | None = None, *,
                   q: int = 2) -> StatSet[Stat]:
    """Every statistic at once, sharing the category counts (what the service calls)."""
    r = _Ratings(data, weights)
    _check_q(r, q)
    return StatSet(_percent(r), _cohen(r), _fleiss(r), _alpha(r), _gwet(r, q),
                   _brennan_prediger(r, q), _positive(r))


def confusion(a: ArrayLike, b: ArrayLike, weights: ArrayLike | None = None) -> Ints:
    """2×2 table of two coders' binary values: `table[value of a, value of b]`.

    Units where either value is missing are left out, as Cohen's κ leaves them out.
    """
    x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError("a and b must be two equally long rows of values")
    w = _weights(weights, len(x))
    both = ~np.isnan(x) & ~np.isnan(y)
    x, y, w = x[both], y[both], w[both]
    if not np.all(np.isin(x, (0.0, 1.0)) & np.isin(y, (0.0, 1.0))):
        raise ValueError("confusion is for binary values (0, 1) only")
    cells = np.bincount(x.astype(np.int64) * 2 + y.astype(np.int64), weights=w, minlength=4)
    return np.rint(cells).astype(np.int64).reshape(2, 2)


def macro_mean(per_code: Mapping[str, StatSet[Stat]]) -> StatSet[MacroStat]:
    """Unweighted mean over codes of each statistic, skipping codes where it is undefined."""
    def mean(name: str) -> MacroStat:
        used = [(key, stats) for key, stats in per_code.items()
                if getattr(stats, name).value is not None]
        if not used:
            why = "no codes" if not per_code else "undefined for every code"
            return MacroStat(None, (), why)
        values = [getattr(stats, name).value for _key, stats in used]
        return MacroStat(float(np.mean(values)), tuple(key for key, _stats in used))

    return StatSet(*(mean(name) for name in STATISTICS))
