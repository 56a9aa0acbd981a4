"""agreement: 3 coders × 20,000 passages × 4 codes, against the reference libraries.

Random binary codings (coders who mostly follow a hidden truth) with some values missing:

* ours: `all_statistics` for each code and for the pooled (passage, code) pairs, plus the
  macro mean: percent, Cohen (null: three coders), Fleiss, α, AC1, Brennan–Prediger and
  positive agreement;
* reference: the same figures from the libraries the tests check against — α from
  krippendorff, Fleiss from statsmodels, AC1 (whose `pa` is percent agreement) and
  Brennan–Prediger from irrCAC, macro by numpy; positive agreement has no reference
  library and is left out of that side, so the ratio flatters the libraries a little;
* service: `project.agreement.compute` end to end (SQL, building the units, every
  statistic per code, pooled, macro and per document) on a project of the same shape,
  its rows bulk-inserted (not timed). Its per-code figures are checked against `ours`.

The reference libraries are test dependencies; without them the benchmark reports ours only.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from annotator.agreement.statistics import Stat, StatSet, all_statistics, macro_mean
from annotator.project import Project
from bench.common import Context, Target, median_of, ratio, table
from db.models import TABLES

CODERS, PASSAGES, CODES, DOCUMENTS = 3, 20_000, 4, 40
MISSING = 0.05  # share of (document, coder) pairs not marked done
TARGET_MS = 500.0  # "well under a second", end to end
SEED = 20_240_601
Matrices = dict[str, np.ndarray[Any, np.dtype[np.float64]]]


@dataclass
class AgreementResult:
    coders: int = CODERS
    passages: int = PASSAGES
    codes: int = CODES
    repeats: int = 0
    ours_ms: float = 0.0
    reference_ms: float | None = None
    service_ms: float = 0.0
    max_difference: float | None = None  # ours vs reference, over every figure compared
    service_matches: bool = False
    reference_parts_ms: dict[str, float] = field(default_factory=dict)

    def targets(self) -> list[Target]:
        return [Target(f"agreement, {self.coders} coders × {self.passages:,} passages × "
                       f"{self.codes} codes, end to end", self.service_ms, TARGET_MS, " ms")]

    def render(self) -> str:
        rows = [["ours: all statistics, per code + pooled + macro", f"{self.ours_ms:.1f}", ""]]
        if self.reference_ms is not None:
            rows.append(["reference libraries, the same figures", f"{self.reference_ms:.1f}",
                         f"{ratio(self.ours_ms, self.reference_ms):.4f}x"])
            rows += [[f"  of which {name}", f"{value:.1f}", ""]
                     for name, value in self.reference_parts_ms.items()]
        rows.append(["service end to end (SQL + units + statistics)", f"{self.service_ms:.1f}",
                     ""])
        checks = [f"service figures equal ours: {'yes' if self.service_matches else 'NO'}"]
        if self.max_difference is not None:
            checks.append(f"largest |ours − reference| over every figure: "
                          f"{self.max_difference:.2e}")
        else:
            checks.append("reference libraries not installed: ours only")
        return "\n".join([
            f"agreement: {self.coders} coders × {self.passages:,} passages × {self.codes} codes, "
            f"random binary codings, {MISSING:.0%} of documents unfinished per coder; "
            f"median of {self.repeats} runs",
            table(["computation", "ms", "ours / reference"], rows),
            *checks,
        ])


# the data -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Codings:
    """Who applied which code to which passage, and who finished which document."""

    applied: np.ndarray[Any, np.dtype[np.bool_]]  # codes × passages × coders
    done: np.ndarray[Any, np.dtype[np.bool_]]  # documents × coders

    def matrices(self) -> Matrices:
        per_passage = np.repeat(self.done, PASSAGES // DOCUMENTS, axis=0)
        values = np.where(per_passage, self.applied.astype(np.float64), np.nan)
        return {f"code{k + 1}": values[k] for k in range(CODES)}


def codings(seed: int = SEED) -> Codings:
    rng = np.random.default_rng(seed)
    truth = rng.random((CODES, PASSAGES, 1)) < rng.uniform(0.1, 0.4, (CODES, 1, 1))
    noise = rng.random((CODES, PASSAGES, CODERS)) < 0.1
    done = rng.random((DOCUMENTS, CODERS)) >= MISSING
    return Codings(truth ^ noise, done)


# ours and the references ----------------------------------------------------------------------

def ours(matrices: Matrices) -> tuple[dict[str, StatSet[Stat]], StatSet[Stat]]:
    per_code = {key: all_statistics(m) for key, m in matrices.items()}
    pooled = all_statistics(np.vstack(list(matrices.values())))
    macro_mean(per_code)
    return per_code, pooled


def _libraries() -> dict[str, ModuleType] | None:
    names = {"krippendorff": "krippendorff", "statsmodels": "statsmodels.stats.inter_rater",
             "irrcac": "irrCAC.raw", "pandas": "pandas"}
    try:
        return {key: importlib.import_module(name) for key, name in names.items()}
    except ImportError:
        return None


def reference(libs: dict[str, ModuleType], matrix: np.ndarray[Any, np.dtype[np.float64]],
              ) -> dict[str, float]:
    """The figures of one matrix from the reference libraries, as the tests compute them."""
    complete = matrix[~np.isnan(matrix).any(axis=1)]
    table_, _ = libs["statsmodels"].aggregate_raters(complete.astype(int))
    cac = libs["irrcac"].CAC(libs["pandas"].DataFrame(complete), categories=[0, 1], digits=15)
    gwet = cac.gwet()["est"]
    return {
        "krippendorff_alpha": float(libs["krippendorff"].alpha(
            reliability_data=matrix.T, level_of_measurement="nominal")),
        "fleiss_kappa": float(libs["statsmodels"].fleiss_kappa(table_, method="fleiss")),
        "gwet_ac1": float(gwet["coefficient_value"]),
        "percent": float(gwet["pa"]),
        "brennan_prediger": float(cac.bp()["est"]["coefficient_value"]),
    }


def _reference_all(libs: dict[str, ModuleType], matrices: Matrices) -> list[dict[str, float]]:
    figures = [reference(libs, m) for m in matrices.values()]
    figures.append(reference(libs, np.vstack(list(matrices.values()))))
    for name in figures[0]:
        float(np.mean([f[name] for f in figures[:-1]]))  # the macro mean
    return figures


def _difference(matrices: Matrices, libs: dict[str, ModuleType]) -> float:
    per_code, pooled = ours(matrices)
    worst = 0.0
    for stats, figures in zip([*per_code.values(), pooled], _reference_all(libs, matrices),
                              strict=True):
        for name, expected in figures.items():
            got = getattr(stats, name).value
            worst = max(worst, abs(got - expected) if got is not None else float("inf"))
    return worst


def _reference_parts(libs: dict[str, ModuleType], matrices: Matrices,
                     repeats: int) -> dict[str, float]:
    stacked = [*matrices.values(), np.vstack(list(matrices.values()))]
    pd, irrcac = libs["pandas"], libs["irrcac"]

    def complete(m: np.ndarray[Any, np.dtype[np.float64]]) -> Any:
        return m[~np.isnan(m).any(axis=1)]

    parts = {
        "krippendorff (α)": lambda: [libs["krippendorff"].alpha(
            reliability_data=m.T, level_of_measurement="nominal") for m in stacked],
        "statsmodels (Fleiss)": lambda: [libs["statsmodels"].fleiss_kappa(
            libs["statsmodels"].aggregate_raters(complete(m).astype(int))[0], method="fleiss")
            for m in stacked],
        "irrCAC (AC1, percent, B–P)": lambda: [
            (lambda c: (c.gwet(), c.bp()))(irrcac.CAC(pd.DataFrame(complete(m)),
                                                      categories=[0, 1], digits=15))
            for m in stacked],
    }
    return {name: median_of(fn, repeats) * 1000 for name, fn in parts.items()}


# the service, on a project of the same shape --------------------------------------------------

def _project(path: Path, data: Codings) -> Project:
    """Rows straight into the tables: importing 20,000 passages of PDFs is not what is timed."""
    per_doc, length = PASSAGES // DOCUMENTS, 20
    stamp = datetime(2026, 1, 1)
    project = Project(path)
    code_ids = [c.id for c in project.codebook.all()][:CODES]
    with project.db.write() as s:
        c = s.connection()
        c.execute(TABLES["blobs"].insert(), [{"sha256": f"{n:064x}", "data": b"%PDF-1.7"}
                                             for n in range(DOCUMENTS)])
        c.execute(TABLES["documents"].insert(), [
            {"id": d + 1, "name": f"文書{d + 1:02d}.pdf", "sha256": f"{d:064x}", "title": "",
             "page_count": 1, "text": ("あ" * (length - 1) + "\n") * per_doc, "extractor": "2",
             "warnings": "[]", "imported_at": stamp} for d in range(DOCUMENTS)])
        c.execute(TABLES["passages"].insert(), [
            {"document_id": p // per_doc + 1, "seq": p % per_doc,
             "start": p % per_doc * length, "end": p % per_doc * length + length - 1,
             "page": 0, "page_end": 0, "kind": "paragraph", "speaker": None, "indexed": True}
            for p in range(PASSAGES)])
        c.execute(TABLES["coders"].insert(), [{"id": j + 1, "name": f"coder{j + 1}",
                                               "created_at": stamp} for j in range(CODERS)])
        k, p, j = np.nonzero(data.applied)
        c.execute(TABLES["annotations"].insert(), [
            {"document_id": int(pp) // per_doc + 1, "passage_id": int(pp) + 1,
             "start": int(pp) % per_doc * length, "end": int(pp) % per_doc * length + 5,
             "code_id": code_ids[kk], "coder_id": int(jj) + 1, "memo": "", "quote": "あ" * 5,
             "anchor": "exact", "created_at": stamp, "updated_at": stamp}
            for kk, pp, jj in zip(k, p, j, strict=True)])
        d, j = np.nonzero(data.done)
        c.execute(TABLES["document_status"].insert(), [
            {"document_id": int(dd) + 1, "coder_id": int(jj) + 1, "status": "done",
             "updated_at": stamp} for dd, jj in zip(d, j, strict=True)])
    return project


def _service_matches(project: Project, matrices: Matrices) -> bool:
    """Same n and notes, values equal to rounding (the service sums weighted patterns)."""
    report = project.agreement.compute([f"coder{j + 1}" for j in range(CODERS)])
    expected, pooled = ours(matrices)
    pairs = zip([*report.codes.values(), report.pooled], [*expected.values(), pooled],
                strict=True)
    return all(_close(a, b) for got, want in pairs
               for (_n, a), (_m, b) in zip(got.items(), want.items(), strict=True))


def _close(a: Stat, b: Stat) -> bool:
    if (a.n_units, a.note) != (b.n_units, b.note) or (a.value is None) != (b.value is None):
        return False
    return a.value is None or b.value is None or abs(a.value - b.value) < 1e-12


def run(ctx: Context) -> AgreementResult:
    data = codings()
    matrices = data.matrices()
    repeats = max(5, ctx.repeats)
    result = AgreementResult(repeats=repeats)
    result.ours_ms = median_of(lambda: ours(matrices), repeats) * 1000
    libs = _libraries()
    if libs is not None:
        result.reference_ms = median_of(lambda: _reference_all(libs, matrices), repeats) * 1000
        result.reference_parts_ms = _reference_parts(libs, matrices, repeats)
        result.max_difference = _difference(matrices, libs)
    coders = [f"coder{j + 1}" for j in range(CODERS)]
    with _project(ctx.scratch("agreement") / "agreement.annot", data) as project:
        result.service_matches = _service_matches(project, matrices)
        result.service_ms = median_of(lambda: project.agreement.compute(coders), repeats) * 1000
    return result
