"""tables: generated ruled tables over 200 seeds, each cell scored against the truth.

tests/support/random_tables.py draws column counts and widths (always a narrow column),
vertical header cells, type sizes and page positions from a seed. A table is exact when
every cell is one passage with exactly its text, in row order; cells lost or spliced
count the truth cells that are not found as a passage.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from annotator.pdf.extract import extract
from annotator.pdf.reader import PdfFile
from bench.common import Context, Target
from tests.support.random_tables import random_table

SEEDS = 200


@dataclass
class TablesResult:
    tables: int = 0
    exact: int = 0
    cells: int = 0
    cells_lost: int = 0
    skipped: int = 0  # seeds the generator could not typeset
    misses: list[str] = field(default_factory=list)

    def targets(self) -> list[Target]:
        return [Target("tables: generated table cells lost or spliced", self.cells_lost, 0, "")]

    def render(self) -> str:
        return "\n".join([
            f"tables: {self.tables} generated ruled tables ({self.skipped} seeds skipped), "
            f"{self.exact} read exactly; {self.cells_lost} of {self.cells} cells lost or spliced",
            *self.misses[:10],
        ])


def run(ctx: Context) -> TablesResult:
    del ctx
    result = TablesResult()
    for number in range(SEEDS):
        try:
            data, truth = random_table(number)
        except ValueError:
            result.skipped += 1
            continue
        with PdfFile(data) as pdf:
            doc = extract(pdf.pages())
        found = Counter(doc.text[p.start:p.end] for p in doc.passages)
        want = [text for _, _, text in truth.passages]
        lost = sum((Counter(want) - found).values())
        got = [doc.text[p.start:p.end] for p in doc.passages]
        result.tables += 1
        result.cells += len(want)
        result.cells_lost += lost
        if got == want:
            result.exact += 1
        else:
            result.misses.append(f"  seed {number}: {lost} cells lost")
    return result
