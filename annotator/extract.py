"""From the characters on PDF pages to a document's text, pages and passages.

Version 1: text blocks in MuPDF's order, lines joined by line breaks, one passage per
block. The version string is stored per document so a better extractor can re-extract
and re-anchor codings later.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from annotator.pdf import PageContent, TextBlock
from annotator.textbuild import PageText, TextBuilder

EXTRACTOR_VERSION = "1"


@dataclass(frozen=True)
class PassageSpan:
    start: int
    end: int
    page: int
    page_end: int
    kind: str = "paragraph"
    speaker: str | None = None


@dataclass
class ExtractedDocument:
    text: str
    pages: list[PageText]
    passages: list[PassageSpan]
    warnings: list[str] = field(default_factory=list)


def extract(pages: Iterable[PageContent]) -> ExtractedDocument:
    builder = TextBuilder()
    passages: list[PassageSpan] = []
    for page in pages:
        for block in page.blocks:
            span = _block(builder, block, page.number)
            if span is not None:
                passages.append(span)
        builder.end_page(page.number, page.width, page.height,
                         needs_ocr=page.needs_ocr, garbled=page.garbled)
    return ExtractedDocument(builder.text(), builder.pages, passages, page_warnings(builder.pages))


def _block(builder: TextBuilder, block: TextBlock, page: int) -> PassageSpan | None:
    texts = ["".join(c.char for c in line.chars) for line in block.lines]
    joined = "\n".join(texts)
    if not joined.strip():
        return None
    if builder.length:
        builder.gap("\n\n")
    start = builder.length
    for number, (line, text) in enumerate(zip(block.lines, texts, strict=True)):
        if number:
            builder.gap("\n")
        builder.chars(text, [(c.x0, c.y0, c.x1, c.y1) for c in line.chars])
    lead = len(joined) - len(joined.lstrip())
    trail = len(joined) - len(joined.rstrip())
    return PassageSpan(start + lead, builder.length - trail, page, page)


def page_warnings(pages: list[PageText]) -> list[str]:
    """Plain-words warnings shown to the user; the document is imported all the same."""
    warnings = []
    ocr = [p.number + 1 for p in pages if p.needs_ocr]
    garbled = [p.number + 1 for p in pages if p.garbled]
    if ocr:
        warnings.append(f"needs OCR: {_pages(ocr)} {'has' if len(ocr) == 1 else 'have'} no text "
                        f"layer (scanned image)")
    if garbled:
        warnings.append(f"garbled: the text of {_pages(garbled)} is unreadable "
                        f"(broken font encoding)")
    return warnings


def _pages(numbers: list[int]) -> str:
    ranges: list[str] = []
    first = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        ranges.append(str(first) if first == prev else f"{first}–{prev}")
        if n is not None:
            first = prev = n
    label = "page" if len(numbers) == 1 else "pages"
    return f"{label} {', '.join(ranges)}"
