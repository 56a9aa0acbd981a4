"""Benchmark inputs: the real PDFs of ../shared/corpus and generated report PDFs.

The generated report is built from the real council text in ``seeds/*.txt``: A4 pages,
40 lines of at most 40 characters in the built-in CJK font, paragraphs separated by a
blank line (so MuPDF makes one block, hence one passage, per paragraph), a running
header and a page-number footer.  Generation is not timed; a file is built once per run
and cached in the run's temporary folder.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pymupdf as _pymupdf

pymupdf: Any = _pymupdf  # PyMuPDF is only partly typed

SHARED: Final = Path(__file__).resolve().parents[2] / "shared"
PDFS: Final = SHARED / "corpus" / "pdfs"
SEEDS: Final = Path(__file__).resolve().parents[1] / "resources" / "seeds"

PAGE_WIDTH, PAGE_HEIGHT = 595.0, 842.0  # A4 in points
LINES_PER_PAGE: Final = 40
CHARS_PER_LINE: Final = 40
FONT: Final = "japan"
BODY_SIZE: Final = 10.5
LINE_HEIGHT: Final = 1.4  # times the font size
BODY_TOP: Final = 92.0
LEFT: Final = (PAGE_WIDTH - CHARS_PER_LINE * BODY_SIZE) / 2

# A line starting with one of these begins a new paragraph in the seed text.
_PARAGRAPH_MARKS: Final = "○◯〇●・･-－※■□◆◇【（(①②③④⑤⑥⑦⑧⑨⑩第"
_HEADING_MAX: Final = 24  # a line this short stands alone (title, heading, list item)


@dataclass(frozen=True)
class RealPdf:
    name: str
    path: Path
    kind: str
    pages: int


def real_pdfs() -> list[RealPdf]:
    """The corpus files SOURCES.tsv expects to import as text (``expected == text``)."""
    sources = PDFS / "SOURCES.tsv"
    if not sources.exists():
        return []
    with sources.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    found = []
    for row in rows:
        path = PDFS / row["file"]
        if row.get("expected") == "text" and path.exists():
            found.append(RealPdf(row["file"], path, row.get("kind", ""), int(row["pages"] or 0)))
    return found


def _usable(char: str) -> bool:
    """Characters the non-embedded CJK font maps back to Unicode (BMP, printable)."""
    code = ord(char)
    return char.isprintable() and code < 0x10000 and not 0xE000 <= code <= 0xF8FF


def seed_paragraphs() -> list[str]:
    """The seed texts re-joined into paragraphs (the seeds are hard-wrapped PDF text)."""
    paragraphs: list[str] = []
    for seed in sorted(SEEDS.glob("*.txt")):
        current = ""
        for raw in seed.read_text(encoding="utf-8").splitlines():
            line = "".join(ch for ch in raw.strip() if _usable(ch))
            if not line:
                continue
            # A short line is the tail of a wrapped paragraph; a short *paragraph* so far
            # (no 。 and no 、 at its end) is a heading or a list item and stands alone.
            heading = len(current) <= _HEADING_MAX and not current.endswith("、")
            if current and (line[0] in _PARAGRAPH_MARKS or current.endswith("。") or heading):
                paragraphs.append(current)
                current = ""
            current += line
        if current:
            paragraphs.append(current)
    if not paragraphs:
        raise FileNotFoundError(f"no seed text in {SEEDS}")
    return paragraphs


def _wrap(paragraph: str) -> list[str]:
    return [paragraph[i:i + CHARS_PER_LINE] for i in range(0, len(paragraph), CHARS_PER_LINE)]


def _paragraph_stream(paragraphs: list[str], rng: random.Random | None) -> Iterator[str]:
    """The paragraphs over and over; each round reshuffled when *rng* is given."""
    while True:
        order = list(paragraphs)
        if rng is not None:
            rng.shuffle(order)
        yield from order


def _page_lines(paragraphs: list[str], pages: int, rng: random.Random | None) -> list[list[str]]:
    """Body lines per page ('' = paragraph gap); paragraphs may run over a page break."""
    stream = _paragraph_stream(paragraphs, rng)
    pending: list[str] = []
    result: list[list[str]] = []
    while len(result) < pages:
        lines: list[str] = []
        while len(lines) < LINES_PER_PAGE:
            if not pending:
                pending = [*_wrap(next(stream)), ""]
            lines.append(pending.pop(0))
        while lines and not lines[-1]:
            lines.pop()
        result.append(lines)
    return result


def make_report(path: Path, pages: int = 300, variant: int = 0) -> Path:
    """Write a report PDF; variant 0 keeps the seed order, others shuffle paragraphs."""
    rng = random.Random(variant) if variant else None
    title = "デジタル行財政改革に関する調査報告書"
    if variant:
        title += f"（別冊{variant}）"
    doc = pymupdf.open()
    try:
        for number, lines in enumerate(_page_lines(seed_paragraphs(), pages, rng), start=1):
            page = doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
            page.insert_text((LEFT, 48), title, fontname=FONT, fontsize=9)
            page.insert_text((PAGE_WIDTH - LEFT - 63, 48), "令和６年度", fontname=FONT,
                             fontsize=9)
            page.insert_text((LEFT, BODY_TOP), "\n".join(lines), fontname=FONT,
                             fontsize=BODY_SIZE, lineheight=LINE_HEIGHT)
            page.insert_text((PAGE_WIDTH / 2 - 14, PAGE_HEIGHT - 36), f"－{number}－",
                             fontname=FONT, fontsize=9)
        doc.set_metadata({"title": title, "producer": "annotator bench"})
        path.parent.mkdir(parents=True, exist_ok=True)
        doc.save(path, deflate=True)
    finally:
        doc.close()
    return path


def report_pdf(workdir: Path, pages: int = 300, variant: int = 0) -> Path:
    """The generated report for this run, built on first use."""
    path = workdir / "pdfs" / f"report_{pages}p_v{variant}.pdf"
    if not path.exists():
        make_report(path, pages, variant)
    return path
