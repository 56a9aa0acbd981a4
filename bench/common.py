"""Shared pieces of the benchmarks: run context, timing, targets and table rendering."""

from __future__ import annotations

import statistics
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from bench import corpus

REPO: Path = Path(__file__).resolve().parents[1]

T = TypeVar("T")


@dataclass(frozen=True)
class Context:
    """What every benchmark gets: the run's scratch folder and the repeat count."""

    workdir: Path
    repeats: int = 3

    def report(self, pages: int = 300, variant: int = 0) -> Path:
        """The generated report PDF, built once per run (not timed)."""
        return corpus.report_pdf(self.workdir, pages, variant)

    def scratch(self, name: str) -> Path:
        """A fresh, empty sub-folder of the run's folder."""
        folder = self.workdir / name
        counter = 0
        while folder.exists():
            counter += 1
            folder = self.workdir / f"{name}-{counter}"
        folder.mkdir(parents=True)
        return folder


@dataclass(frozen=True)
class Target:
    """One target of the project, checked against this run's numbers."""

    name: str
    value: float
    limit: float
    unit: str

    @property
    def met(self) -> bool:
        return self.value <= self.limit

    def line(self) -> str:
        verdict = "MET" if self.met else "MISSED"
        value, limit = f"{self.value:.2f}{self.unit}", f"{self.limit:g}{self.unit}"
        return f"{verdict:<6}  {self.name}: {value} (target ≤ {limit})"


class Result(Protocol):
    """What a benchmark returns: a dataclass that renders itself and lists its targets."""

    def render(self) -> str: ...

    def targets(self) -> list[Target]: ...


def timed(fn: Callable[[], object]) -> float:
    """Seconds taken by one call."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def clocked(fn: Callable[[], T]) -> tuple[T, float]:
    """The value of one call and the seconds it took."""
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def median_of(fn: Callable[[], object], repeats: int, *, budget_s: float | None = None,
              at_least: int = 3) -> float:
    """Median of *repeats* calls; with *budget_s*, stop early once that much time is spent
    (but not before *at_least* calls), so slow calls do not blow the run time."""
    samples: list[float] = []
    while len(samples) < max(1, repeats):
        samples.append(timed(fn))
        if budget_s is not None and len(samples) >= at_least and sum(samples) > budget_s:
            break
    return statistics.median(samples)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def ratio(value: float, base: float) -> float:
    return value / base if base > 0 else float("inf")


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], *,
          footer: Sequence[object] | None = None, left: int = 1) -> str:
    """A plain-text table; the first *left* columns are left-aligned, the others right-aligned.

    Widths count East Asian wide characters as two columns so Japanese lines up.
    """
    body = [[str(cell) for cell in row] for row in rows]
    foot = [str(cell) for cell in footer] if footer is not None else None
    every = [list(headers), *body, *([foot] if foot else [])]
    widths = [max(_width(row[i]) for row in every) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        parts = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - _width(cell))
            parts.append(cell + pad if i < left else pad + cell)
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    lines = [line(headers), rule, *(line(row) for row in body)]
    if foot:
        lines += [rule, line(foot)]
    return "\n".join(lines)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
