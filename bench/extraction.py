"""extraction: our extractor against plain ``page.get_text()`` on layouts with a known truth.

The layouts are the generated PDFs of ``tests/layouts.py`` (single column with running
header and footer, minutes with speakers, two and three columns, 縦書き, slides, a ruled
table, 𠮷 outside the BMP), built once per run and not timed.  Both methods read the very
same files:

* ours: ``annotator.pdf.extract.extract(PdfFile(data).pages())``;
* plain: ``page.get_text()`` of every page, joined with line breaks.

Columns:

* sim: difflib similarity ratio of the text to the truth with all whitespace removed (are
  the characters right, in the right order?);
* paragraphs: lines of the truth text (paragraphs, headings, cells...) found as whole
  lines of the text (are wrapped lines re-joined, and paragraphs kept apart?);
* leaks: header, footer and page-number strings found in the text beyond the truth's own
  occurrences (``tests.support.layouts.furniture_leaks``), out of the number drawn;
* bullets: truth bullets and items (kinds bullet/item) found as passages with exactly
  their text;
* passages: truth passages found exactly, with kind and speaker (text only in brackets);
* ms: extraction time, median of the run's repeats.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

import pymupdf as _pymupdf

from annotator.pdf.extract import ExtractedDocument, extract
from annotator.pdf.reader import PdfFile
from bench.common import Context, Target, median_of, table
from tests.support.layouts import LAYOUTS
from tests.support.typeset import BULLET_KINDS, Truth, furniture_leaks

pymupdf: Any = _pymupdf  # PyMuPDF is only partly typed


@dataclass
class LayoutScore:
    layout: str
    pages: int
    chars: int  # of the truth, whitespace excluded
    furniture: int  # header/footer/page-number strings drawn
    similarity: float
    plain_similarity: float
    paragraphs: int
    paragraphs_found: int
    plain_paragraphs_found: int
    leaks: int
    plain_leaks: int
    bullets: int
    bullets_found: int
    passages: int
    passages_exact: int
    passages_text: int
    ms: float
    plain_ms: float
    first_miss: str = ""  # the first truth passage not found exactly


@dataclass
class ExtractionResult:
    repeats: int
    layouts: list[LayoutScore] = field(default_factory=list)

    def targets(self) -> list[Target]:
        leaks = sum(score.leaks for score in self.layouts)
        return [Target("extraction: header/footer leaks in generated layouts", leaks, 0, "")]

    def render(self) -> str:
        rows = [_row(score) for score in self.layouts]
        footer = _row(_total(self.layouts))
        misses = [f"  {score.layout}: {score.first_miss}" for score in self.layouts
                  if score.first_miss]
        return "\n".join([
            f"extraction: {len(self.layouts)} generated layouts, "
            f"{sum(s.chars for s in self.layouts):,} characters of truth; ours vs plain "
            f"page.get_text() on the same files; ms median of {self.repeats}",
            table(["layout", "pages", "chars", "sim", "plain sim", "paragraphs",
                   "plain paragraphs", "leaks", "plain leaks", "bullets", "passages (text)",
                   "ms", "plain ms"], rows, footer=footer),
            "sim: similarity to the truth, whitespace removed; paragraphs: truth lines found "
            "as whole lines;",
            "leaks: furniture strings in the text / drawn; bullets and passages: found "
            "exactly (kind and speaker too; text only in brackets)",
            "first truth passage not found exactly:" if misses else "all passages exact",
            *misses,
        ])


def _row(score: LayoutScore) -> list[object]:
    return [
        score.layout, score.pages, f"{score.chars:,}",
        f"{score.similarity:.3f}", f"{score.plain_similarity:.3f}",
        f"{score.paragraphs_found}/{score.paragraphs}",
        f"{score.plain_paragraphs_found}/{score.paragraphs}",
        f"{score.leaks}/{score.furniture}", f"{score.plain_leaks}/{score.furniture}",
        f"{score.bullets_found}/{score.bullets}",
        f"{score.passages_exact}/{score.passages} ({score.passages_text})",
        f"{score.ms:.1f}", f"{score.plain_ms:.1f}",
    ]


def _total(scores: list[LayoutScore]) -> LayoutScore:
    chars = sum(s.chars for s in scores)

    def weighted(values: Iterable[tuple[float, int]]) -> float:
        return sum(value * weight for value, weight in values) / max(chars, 1)

    def total(name: str) -> int:
        return sum(int(getattr(s, name)) for s in scores)

    return LayoutScore(
        "total", total("pages"), chars, total("furniture"),
        weighted((s.similarity, s.chars) for s in scores),
        weighted((s.plain_similarity, s.chars) for s in scores),
        total("paragraphs"), total("paragraphs_found"), total("plain_paragraphs_found"),
        total("leaks"), total("plain_leaks"), total("bullets"), total("bullets_found"),
        total("passages"), total("passages_exact"), total("passages_text"),
        sum(s.ms for s in scores), sum(s.plain_ms for s in scores))


def run(ctx: Context) -> ExtractionResult:
    result = ExtractionResult(ctx.repeats)
    for name, generate in LAYOUTS.items():
        data, truth = generate()
        result.layouts.append(_score(name, data, truth, ctx.repeats))
    return result


def _ours(data: bytes) -> ExtractedDocument:
    with PdfFile(data) as pdf:
        return extract(pdf.pages())


def _plain(data: bytes) -> tuple[str, int]:
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return "\n".join(page.get_text() for page in doc), int(doc.page_count)


def _score(name: str, data: bytes, truth: Truth, repeats: int) -> LayoutScore:
    doc = _ours(data)
    plain, pages = _plain(data)
    ms = median_of(lambda: _ours(data), repeats) * 1000
    plain_ms = median_of(lambda: _plain(data), repeats) * 1000
    found = [(p.kind, p.speaker, doc.text[p.start:p.end]) for p in doc.passages]
    exact, texts = _matches(truth.passages, found)
    bullets = [passage for passage in truth.passages if passage[0] in BULLET_KINDS]
    _, bullets_found = _matches(bullets, found)
    miss = next((passage for passage in truth.passages if passage not in found), None)
    return LayoutScore(
        name, pages, len(_squeeze(truth.text)), sum(len(page) for page in truth.page_furniture),
        _similarity(_squeeze(doc.text), _squeeze(truth.text)),
        _similarity(_squeeze(plain), _squeeze(truth.text)),
        truth.text.count("\n") + 1, _lines_found(doc.text, truth.text),
        _lines_found(plain, truth.text),
        sum(furniture_leaks(doc.text, truth).values()),
        sum(furniture_leaks(plain, truth).values()),
        len(bullets), bullets_found, len(truth.passages), exact, texts, ms, plain_ms,
        _describe(miss) if miss else "")


def _matches(expected: list[tuple[str, str | None, str]],
             found: list[tuple[str, str | None, str]]) -> tuple[int, int]:
    """How many expected passages are found exactly, and how many by their text alone
    (each found passage counts once)."""
    whole = Counter(found)
    text = Counter(passage[2] for passage in found)
    exact = by_text = 0
    for passage in expected:
        if whole[passage] > 0:
            whole[passage] -= 1
            exact += 1
        if text[passage[2]] > 0:
            text[passage[2]] -= 1
            by_text += 1
    return exact, by_text


def _describe(passage: tuple[str, str | None, str]) -> str:
    kind, speaker, text = passage
    shown = text if len(text) <= 36 else text[:35] + "…"
    return f"{kind} ({speaker}) {shown}" if speaker else f"{kind} {shown}"


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _lines_found(text: str, truth: str) -> int:
    """Lines of *truth* that are whole lines of *text* (each line of *text* counts once)."""
    have = Counter(line.strip() for line in text.splitlines())
    return sum(min(count, have[line]) for line, count in Counter(truth.splitlines()).items())


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()
