"""OCR'd lines joined with a page's text layer, before layout and structure see the page.

A scanned page gets the OCR lines as its text; a page with garbled fonts keeps every
readable born-digital line and gets OCR lines only where no readable character is drawn,
so nothing readable is replaced and nothing is read twice. The result is an ordinary
PageContent: columns, vertical text, speakers and furniture are found as on any page, and
every character keeps a box on the page. Confidences are looked up afterwards by box.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from annotator.pdf.extract import ExtractedDocument, extract
from annotator.pdf.ocr import LOW_CONFIDENCE, OcrLine
from annotator.pdf.reader import GrayImage, PageContent, TextBlock, TextLine
from annotator.pdf.textbuild import PageText, unpack_boxes

Box = tuple[float, float, float, float]
NOT_OCR = 255  # confidence byte of a character that was not read by OCR
_MARGIN = 6.0  # points around a garbled region, so OCR sees whole glyphs
_WHOLE_PAGE = 0.35  # garbled regions covering more of the page than this: read it all
_INK = 128  # grey level below which a pixel is ink
_GAP = 0.02  # a profile row under this share of the fullest row is a gap between lines


@dataclass(frozen=True)
class StoredOcr:
    """What OCR read on one page, as kept in the project."""

    number: int
    lines: tuple[OcrLine, ...]
    engine: str
    dpi: int


def needs_ocr(page: PageContent) -> bool:
    return page.needs_ocr or page.garbled


def ocr_clip(page: PageContent) -> Box | None:
    """The part of the page to read: None for all of it (scans, mostly garbled pages)."""
    if page.needs_ocr or not page.garbled_regions:
        return None
    regions = page.garbled_regions
    x0 = max(0.0, min(b[0] for b in regions) - _MARGIN)
    y0 = max(0.0, min(b[1] for b in regions) - _MARGIN)
    x1 = min(page.width, max(b[2] for b in regions) + _MARGIN)
    y1 = min(page.height, max(b[3] for b in regions) + _MARGIN)
    if (x1 - x0) * (y1 - y0) > _WHOLE_PAGE * page.width * page.height:
        return None
    return (x0, y0, x1, y1)


def guess_vertical(image: GrayImage) -> bool:
    """縦書き or not, for a page without a text layer, from where the gaps run.

    Horizontal lines leave blank pixel rows between them across the text; vertical lines
    leave blank columns. The direction with the larger share of blank positions inside the
    inked area is the one lines are separated in.
    """
    if image.width == 0 or image.height == 0:
        return False
    ink = np.frombuffer(image.samples, dtype=np.uint8).reshape(image.height, image.width) < _INK
    return _gap_share(ink.sum(axis=0)) > _gap_share(ink.sum(axis=1))


def _gap_share(profile: np.ndarray[Any, np.dtype[Any]]) -> float:
    inked = np.nonzero(profile)[0]
    if len(inked) < 2:
        return 0.0
    inside = profile[inked[0]:inked[-1] + 1]
    return float(np.mean(inside <= _GAP * inside.max()))


def merge(page: PageContent, lines: Iterable[OcrLine]) -> PageContent:
    """The page with OCR lines in place of what its text layer lacks."""
    kept = [line.bbox for block in page.blocks for line in block.lines]
    blocks: dict[int, list[TextLine]] = {}
    for line in lines:
        for run in _runs(line, kept):
            blocks.setdefault(line.block, []).append(run)
    added = tuple(TextBlock(tuple(group), _union([line.bbox for line in group]))
                  for group in blocks.values())
    return replace(page, blocks=page.blocks + added, needs_ocr=False, garbled=False,
                   garbled_regions=())


def _runs(line: OcrLine, kept: list[Box]) -> Iterator[TextLine]:
    """The line's characters outside every readable line, as runs of neighbours."""
    start: int | None = None
    for index, box in enumerate([*line.boxes, None]):
        inside = box is None or _covered(box, kept)
        if not inside and start is None:
            start = index
        elif inside and start is not None:
            yield _text_line(line, start, index)
            start = None


def _covered(box: Box, kept: list[Box]) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return any(k[0] <= cx <= k[2] and k[1] <= cy <= k[3] for k in kept)


def _text_line(line: OcrLine, start: int, end: int) -> TextLine:
    boxes = line.boxes[start:end]
    bbox = _union(list(boxes))
    size = (bbox[2] - bbox[0]) if line.vertical else (bbox[3] - bbox[1])
    return TextLine(line.text[start:end], boxes, (size,) * (end - start), bbox, line.vertical)


def _union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def _key(box: Box) -> tuple[float, ...]:
    """A box as the text builder stores it (float32), so lookups match exactly."""
    return tuple(array("f", box).tolist())


def extract_with_ocr(pages: Iterable[PageContent], ocr: Mapping[int, StoredOcr],
                     extractor: Callable[[Iterable[PageContent]], ExtractedDocument] = extract,
                     ) -> ExtractedDocument:
    """Extract a document whose pages may have OCR results; OCR'd pages carry confidences."""
    confidence: dict[int, dict[tuple[float, ...], int]] = {}
    engines: dict[int, StoredOcr] = {}

    def merged() -> Iterator[PageContent]:
        for page in pages:
            stored = ocr.get(page.number)
            if stored is None or not needs_ocr(page):
                yield page
                continue
            engines[page.number] = stored
            table = confidence.setdefault(page.number, {})
            for line in stored.lines:
                for box, value in zip(line.boxes, line.confidences, strict=True):
                    table[_key(box)] = value
            yield merge(page, stored.lines)

    document = extractor(merged())
    document.pages = [_with_confidence(p, confidence.get(p.number)) for p in document.pages]
    warning = ocr_warning(document.pages, engines)
    if warning:
        document.warnings.append(warning)
    return document


def _with_confidence(page: PageText, table: dict[tuple[float, ...], int] | None) -> PageText:
    if table is None:
        return page
    values = bytearray()
    for box in unpack_boxes(page.boxes):
        values.append(NOT_OCR if box is None else table.get(_key(box), NOT_OCR))
    return replace(page, ocr=True, confidence=bytes(values))


def ocr_warning(pages: list[PageText], engines: Mapping[int, StoredOcr]) -> str:
    """One line: which pages were read by OCR, how surely, and how many characters are doubtful."""
    read = [p for p in pages if p.ocr]
    if not read:
        return ""
    values = [c for p in read for c in p.confidence if c != NOT_OCR]
    low = sum(1 for c in values if c < LOW_CONFIDENCE)
    mean = round(sum(values) / len(values)) if values else 0
    numbers = sorted(p.number + 1 for p in read)
    engine = sorted({f"{s.engine} at {s.dpi} dpi" for s in engines.values()})
    label = "page" if len(numbers) == 1 else "pages"
    return (f"OCR: {label} {_ranges(numbers)} read by {', '.join(engine)} (mean confidence "
            f"{mean}%, {low} characters below {LOW_CONFIDENCE}% underlined: check them)")


def _ranges(numbers: list[int]) -> str:
    parts: list[str] = []
    first = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(first) if first == prev else f"{first}–{prev}")
        if n is not None:
            first = prev = n
    return ", ".join(parts)


def low_confidence_ranges(start: int, confidence: bytes) -> list[tuple[int, int]]:
    """Document offsets [a, b) of a page's characters read with low confidence."""
    ranges: list[tuple[int, int]] = []
    for index, value in enumerate(confidence):
        if value < LOW_CONFIDENCE:
            at = start + index
            if ranges and ranges[-1][1] == at:
                ranges[-1] = (ranges[-1][0], at + 1)
            else:
                ranges.append((at, at + 1))
    return ranges
