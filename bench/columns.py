"""columns: generated multi-column documents over 200 seeds, scored against the truth.

tests/support/random_columns.py draws 1–3 columns, widths, gutters, type sizes, page
counts, headings across and inside columns, figure captions and footnotes from a seed;
paragraphs run over column and page breaks. Floors (issue 11): character similarity
≥ 0.995 on every seed, paragraphs that are exactly one passage ≥ 97%, none out of order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.pdf.extract import extract
from annotator.pdf.reader import PdfFile
from bench.common import Context, Target
from tests.support.random_columns import random_columns, score

SEEDS = 200


@dataclass
class ColumnsResult:
    documents: int = 0
    similar: int = 0  # seeds with character similarity ≥ 0.995
    paragraphs: int = 0
    whole: int = 0
    out_of_order: int = 0
    skipped: int = 0  # seeds the generator could not typeset
    misses: list[str] = field(default_factory=list)

    def targets(self) -> list[Target]:
        share = 1 - self.whole / self.paragraphs if self.paragraphs else 0.0
        return [
            Target("columns: seeds below 0.995 character similarity",
                   self.documents - self.similar, 0, ""),
            Target("columns: paragraphs not exactly one passage", 100 * share, 3, "%"),
            Target("columns: paragraphs out of order", self.out_of_order, 0, ""),
        ]

    def render(self) -> str:
        return "\n".join([
            f"columns: {self.documents} generated documents ({self.skipped} seeds skipped), "
            f"{self.similar} at similarity ≥ 0.995; {self.whole} of {self.paragraphs} "
            f"paragraphs exactly one passage, {self.out_of_order} out of order",
            *self.misses[:10],
        ])


def run(ctx: Context) -> ColumnsResult:
    del ctx
    result = ColumnsResult()
    for number in range(SEEDS):
        try:
            data, truth = random_columns(number)
        except ValueError:
            result.skipped += 1
            continue
        with PdfFile(data) as pdf:
            doc = extract(pdf.pages())
        got = score(doc.text, [doc.text[p.start:p.end] for p in doc.passages], truth)
        result.documents += 1
        result.similar += got.similarity >= 0.995
        result.paragraphs += got.paragraphs
        result.whole += got.whole
        result.out_of_order += got.out_of_order
        if got.similarity < 0.995 or got.whole < got.paragraphs or got.out_of_order:
            result.misses.append(f"  seed {number}: similarity {got.similarity:.4f}, "
                                 f"{got.paragraphs - got.whole} paragraphs split or merged, "
                                 f"{got.out_of_order} out of order")
    return result
