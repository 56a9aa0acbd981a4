"""Agreement statistics: published worked examples, reference libraries, undefined cases.

The reference libraries (krippendorff, scikit-learn, statsmodels, irrCAC) are test
dependencies only; the app computes with its own numpy functions, which must agree with
them to 1e-9 on randomized data.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import krippendorff
import numpy as np
import pandas as pd
import pytest
from irrCAC.raw import CAC
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as statsmodels_fleiss

from annotator.agreement.statistics import (
    EVERYONE_APPLIED,
    NO_COMPLETE_UNITS,
    NO_PAIRABLE_UNITS,
    NOBODY_APPLIED,
    STATISTICS,
    TWO_CODERS_ONLY,
    Stat,
    StatSet,
    all_statistics,
    brennan_prediger,
    cohen_kappa,
    confusion,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha_nominal,
    macro_mean,
    percent_agreement,
    positive_agreement,
)

N = np.nan
TOLERANCE = 1e-9

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: nominal
# data, 4 observers, 12 units, missing values. Rows are observers A–D, as printed there.
KRIPPENDORFF_2011 = np.array([
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]).T

# Fleiss (1971) as in the common worked example (Wikipedia, "Fleiss' kappa"): 14 raters put
# each of 10 subjects into one of 5 categories; a row counts the raters per category.
FLEISS_COUNTS = np.array([
    [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
])


def ratings_from_counts(counts: np.ndarray) -> np.ndarray:
    """Subjects × raters: any assignment of raters to the counted categories will do."""
    return np.array([np.repeat(np.arange(1, counts.shape[1] + 1), row) for row in counts],
                    dtype=float)


def random_ratings(seed: int, *, categories: int, missing: float) -> np.ndarray:
    """Coders who mostly copy a true value, so the coefficients are neither 0 nor 1."""
    rng = np.random.default_rng(seed)
    units, coders = int(rng.integers(30, 300)), int(rng.integers(2, 7))
    truth = rng.integers(0, categories, units)
    guesses = rng.integers(0, categories, (units, coders))
    data = np.where(rng.random((units, coders)) < rng.uniform(0.3, 0.9), truth[:, None],
                    guesses).astype(float)
    data[rng.random((units, coders)) < missing] = np.nan
    if np.unique(data[~np.isnan(data)]).size < 2:
        data[0, :] = np.arange(coders) % 2  # at least two categories, so κ is defined
    return data


def complete(data: np.ndarray) -> np.ndarray:
    return data[~np.isnan(data).any(axis=1)]


def irrcac(data: np.ndarray, categories: int) -> CAC:
    rows = data[~np.isnan(data).all(axis=1)]  # irrCAC drops them itself, with a warning
    return CAC(pd.DataFrame(rows), categories=list(range(categories)), digits=15)


def irrcac_value(result: dict[str, dict[str, float]]) -> float:
    return float(result["est"]["coefficient_value"])


def pairwise_percent(data: np.ndarray) -> float:
    """The definition, spelled out: per unit, the share of coder pairs that agree."""
    shares = []
    for row in complete(data):
        pairs = list(combinations(row, 2))
        shares.append(sum(a == b for a, b in pairs) / len(pairs))
    return float(np.mean(shares))


def value(stat: Stat) -> float:
    assert stat.value is not None, stat.note
    return stat.value


CASES = [(seed, categories, missing) for seed in range(12) for categories in (2, 3, 5)
         for missing in (0.0, 0.15)]


# published worked examples --------------------------------------------------------------------

def test_krippendorff_2011_nominal_example_is_0_743() -> None:
    alpha = krippendorff_alpha_nominal(KRIPPENDORFF_2011)
    assert round(value(alpha), 3) == 0.743
    assert alpha.n_units == 11  # unit 12 has one value only: it is not pairable
    reference = krippendorff.alpha(reliability_data=KRIPPENDORFF_2011.T,
                                   level_of_measurement="nominal")
    assert value(alpha) == pytest.approx(reference, abs=TOLERANCE)


def test_fleiss_1971_ten_subject_example_is_0_210() -> None:
    data = ratings_from_counts(FLEISS_COUNTS)
    kappa = fleiss_kappa(data)
    assert (round(value(kappa), 3), kappa.n_units) == (0.210, 10)
    assert round(value(percent_agreement(data)), 3) == 0.378  # P̄ of the worked example
    assert value(kappa) == pytest.approx(statsmodels_fleiss(FLEISS_COUNTS, method="fleiss"),
                                         abs=TOLERANCE)


# randomized data against the reference libraries ---------------------------------------------

@pytest.mark.parametrize(("seed", "categories", "missing"), CASES)
def test_alpha_matches_krippendorff_and_irrcac_with_missing_data(seed: int, categories: int,
                                                                 missing: float) -> None:
    data = random_ratings(seed, categories=categories, missing=missing)
    ours = value(krippendorff_alpha_nominal(data))
    assert ours == pytest.approx(krippendorff.alpha(reliability_data=data.T,
                                                    level_of_measurement="nominal"),
                                 abs=TOLERANCE)
    assert ours == pytest.approx(irrcac_value(irrcac(data, categories).krippendorff()),
                                 abs=TOLERANCE)


@pytest.mark.parametrize(("seed", "categories", "missing"), CASES)
def test_cohen_matches_scikit_learn_on_the_units_both_coded(seed: int, categories: int,
                                                            missing: float) -> None:
    pair = random_ratings(seed, categories=categories, missing=missing)[:, :2]
    both = complete(pair)
    ours = cohen_kappa(pair)
    assert ours.n_units == len(both)
    assert value(ours) == pytest.approx(cohen_kappa_score(both[:, 0], both[:, 1]),
                                        abs=TOLERANCE)


@pytest.mark.parametrize(("seed", "categories", "missing"), CASES)
def test_fleiss_matches_statsmodels_and_irrcac_on_complete_units(seed: int, categories: int,
                                                                 missing: float) -> None:
    data = random_ratings(seed, categories=categories, missing=missing)
    rows = complete(data)
    table, _ = aggregate_raters(rows.astype(int))
    ours = fleiss_kappa(data)
    assert ours.n_units == len(rows)
    assert value(ours) == pytest.approx(statsmodels_fleiss(table, method="fleiss"),
                                        abs=TOLERANCE)
    assert value(ours) == pytest.approx(irrcac_value(irrcac(rows, categories).fleiss()),
                                        abs=TOLERANCE)


@pytest.mark.parametrize(("seed", "categories", "missing"), CASES)
def test_ac1_and_brennan_prediger_match_irrcac_on_complete_units(seed: int, categories: int,
                                                                 missing: float) -> None:
    data = random_ratings(seed, categories=categories, missing=missing)
    reference = irrcac(complete(data), categories)
    assert value(gwet_ac1(data, q=categories)) == pytest.approx(
        irrcac_value(reference.gwet()), abs=TOLERANCE)
    assert value(brennan_prediger(data, q=categories)) == pytest.approx(
        irrcac_value(reference.bp()), abs=TOLERANCE)


@pytest.mark.parametrize(("seed", "categories", "missing"), CASES)
def test_percent_is_the_mean_share_of_agreeing_pairs(seed: int, categories: int,
                                                     missing: float) -> None:
    data = random_ratings(seed, categories=categories, missing=missing)
    assert value(percent_agreement(data)) == pytest.approx(pairwise_percent(data),
                                                           abs=TOLERANCE)
    pa = float(irrcac(complete(data), categories).gwet()["est"]["pa"])
    assert value(percent_agreement(data)) == pytest.approx(pa, abs=TOLERANCE)


@pytest.mark.parametrize("seed", range(12))
def test_positive_agreement_is_the_mean_pairwise_dice_numerator_over_denominator(
        seed: int) -> None:
    data = complete(random_ratings(seed, categories=2, missing=0.0))
    both = sum(float(np.sum((data[:, i] == 1) & (data[:, j] == 1)))
               for i, j in combinations(range(data.shape[1]), 2))
    either = sum(float(np.sum(data[:, i] == 1) + np.sum(data[:, j] == 1))
                 for i, j in combinations(range(data.shape[1]), 2))
    assert value(positive_agreement(data)) == pytest.approx(2 * both / either, abs=TOLERANCE)


def test_all_statistics_equals_the_single_functions() -> None:
    data = random_ratings(3, categories=2, missing=0.1)
    stats = all_statistics(data)
    assert stats.fleiss_kappa == fleiss_kappa(data)
    assert stats.krippendorff_alpha == krippendorff_alpha_nominal(data)
    assert stats.gwet_ac1 == gwet_ac1(data)
    assert stats.brennan_prediger == brennan_prediger(data)
    assert stats.percent == percent_agreement(data)
    assert stats.positive_agreement == positive_agreement(data)
    assert stats.cohen_kappa == cohen_kappa(data)
    assert [name for name, _stat in stats.items()] == list(STATISTICS)


@pytest.mark.parametrize("seed", range(6))
def test_weights_are_repeated_rows(seed: int) -> None:
    rng = np.random.default_rng(seed)
    data = random_ratings(seed, categories=2, missing=0.2)
    rows, counts = np.unique(np.nan_to_num(data, nan=9), axis=0, return_counts=True)
    rows[rows == 9] = np.nan
    weights = counts + rng.integers(0, 3, len(counts))  # and some rows stand for several
    expanded = np.repeat(rows, weights, axis=0)
    weighted, plain = all_statistics(rows, weights), all_statistics(expanded)
    for (name, ours), (_name, full) in zip(weighted.items(), plain.items(), strict=True):
        assert ours.n_units == full.n_units, name
        assert ours.value == pytest.approx(full.value, abs=TOLERANCE), name


# the definitions: which units, and what is undefined ------------------------------------------

def test_percent_with_three_coders_is_the_mean_share_of_agreeing_pairs() -> None:
    data = np.array([[1, 1, 0], [1, 1, 1], [0, 1, 0], [0, N, 0]])
    stat = percent_agreement(data)
    assert stat.n_units == 3  # the unit one coder did not finish is left out
    assert stat.value == pytest.approx((1 / 3 + 1 + 1 / 3) / 3)


def test_kappas_use_complete_units_and_alpha_every_unit_with_two_values() -> None:
    data = np.array([[1, 1, 0], [0, 0, 0], [1, N, 1], [N, N, 0], [0, 1, N]])
    stats = all_statistics(data)
    assert {name: s.n_units for name, s in stats.items()} == {
        "percent": 2, "cohen_kappa": 0, "fleiss_kappa": 2, "krippendorff_alpha": 4,
        "gwet_ac1": 2, "brennan_prediger": 2, "positive_agreement": 2}
    assert stats.cohen_kappa == Stat(None, 0, TWO_CODERS_ONLY)


@pytest.mark.filterwarnings("ignore::UserWarning")  # scikit-learn's own 0/0 warning
def test_a_code_nobody_applied_leaves_kappa_and_alpha_undefined_and_the_rest_at_one() -> None:
    stats = all_statistics(np.array([[0, 0], [0, 0], [0, N], [0, 0]]))
    for name in ("cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "positive_agreement"):
        assert getattr(stats, name).value is None
        assert getattr(stats, name).note == NOBODY_APPLIED
    assert (stats.gwet_ac1.value, stats.brennan_prediger.value, stats.percent.value) == (1, 1, 1)
    assert stats.cohen_kappa.n_units == 3
    assert np.isnan(cohen_kappa_score([0, 0, 0], [0, 0, 0]))  # the reference agrees: 0/0


def test_a_code_everyone_applied_everywhere_is_undefined_too() -> None:
    stats = all_statistics(np.ones((4, 3)))
    assert stats.fleiss_kappa.note == stats.krippendorff_alpha.note == EVERYONE_APPLIED
    assert (stats.positive_agreement.value, stats.gwet_ac1.value) == (1, 1)


def test_no_usable_units_are_undefined_with_the_reason() -> None:
    stats = all_statistics(np.array([[1, N], [N, 0]]))
    assert stats.percent == Stat(None, 0, NO_COMPLETE_UNITS)
    assert stats.gwet_ac1 == Stat(None, 0, NO_COMPLETE_UNITS)
    assert stats.krippendorff_alpha == Stat(None, 0, NO_PAIRABLE_UNITS)
    empty = all_statistics(np.zeros((0, 2)))
    assert all(s.value is None and s.note for _name, s in empty.items())


def test_disagreeing_on_everything_is_defined_and_negative() -> None:
    stats = all_statistics(np.array([[0, 1], [1, 0], [0, 1]]))
    assert stats.percent.value == 0
    assert value(stats.cohen_kappa) < 0 and value(stats.krippendorff_alpha) < 0
    assert stats.positive_agreement.value == 0


def test_no_statistic_is_ever_nan() -> None:
    for data in (np.zeros((3, 2)), np.ones((3, 2)), np.full((3, 2), N), np.zeros((0, 3)),
                 np.array([[0, 1]]), np.array([[1, 1]])):
        for _name, stat in all_statistics(data).items():
            assert stat.value is None or np.isfinite(stat.value)
            assert (stat.value is None) == (stat.note is not None)


@pytest.mark.parametrize(("data", "kwargs", "message"), [
    (np.array([0, 1, 1]), {}, "units × coders"),
    (np.zeros((3, 1)), {}, "two or more coders"),
    (np.array([[0, np.inf]]), {}, "infinite"),
    (np.zeros((2, 2)), {"weights": [1, -1]}, "weights"),
    (np.zeros((2, 2)), {"weights": [1]}, "weights"),
    (np.array([[0, 1], [2, 2]]), {"q": 2}, "q = 2"),
])
def test_bad_input_is_refused(data: np.ndarray, kwargs: dict[str, Any],
                              message: str) -> None:
    with pytest.raises(ValueError, match=message):
        all_statistics(data, **kwargs)


def test_positive_agreement_is_binary_only() -> None:
    assert positive_agreement(np.array([[1, 2], [2, 3]])).value is None


# confusion table and macro mean ---------------------------------------------------------------

def test_confusion_counts_units_both_coded_by_value() -> None:
    table = confusion([1, 1, 0, 0, 1, N], [1, 0, 0, 0, N, 1])
    assert table.tolist() == [[2, 0], [1, 1]]  # [a's value][b's value]
    assert confusion([1, 0], [1, 1], weights=[3, 2]).tolist() == [[0, 2], [0, 3]]
    with pytest.raises(ValueError, match="binary"):
        confusion([2, 0], [1, 0])


def test_macro_mean_skips_undefined_codes_and_names_the_ones_used() -> None:
    defined = all_statistics(np.array([[1, 1], [0, 0], [1, 0]]))
    other = all_statistics(np.array([[1, 1], [0, 0], [0, 0]]))
    nobody = all_statistics(np.zeros((3, 2)))
    macro = macro_mean({"finance": defined, "authority": other, "personnel": nobody})
    assert macro.cohen_kappa.codes == ("finance", "authority")
    assert macro.cohen_kappa.value == pytest.approx(
        (value(defined.cohen_kappa) + value(other.cohen_kappa)) / 2)
    assert macro.percent.codes == ("finance", "authority", "personnel")
    only_nobody = macro_mean({"personnel": nobody})
    assert only_nobody.cohen_kappa.value is None and only_nobody.cohen_kappa.note
    assert isinstance(macro_mean({}), StatSet)
