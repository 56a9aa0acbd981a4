"""Where codings and the current target lie on a page, in PDF points.

The core answers "which rectangles cover text[start:end]" one range at a time, and
every answer reads the page's character boxes from the database. A page is shown far
more often than its text moves (only re-extraction moves it), so answers are kept per
document, clipped to one page so that a long coding costs only the page on screen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import count

from annotator.documents.service import DocumentService, PageBoxes, PageInfo, Rect
from annotator.ids import AnnotationId, CodeId, DocumentId
from annotator.records import AnnotationRow, CodeRow


@dataclass(frozen=True)
class Mark:
    """One line run of one coding on the shown page."""

    annotation: AnnotationRow
    rect: Rect
    color: str
    lane: int  # codings overlapping in the text get different lanes


def assign_lanes(annotations: Iterable[AnnotationRow]) -> dict[AnnotationId, int]:
    """Overlapping codings get different lanes, so two codes on one phrase both stay visible.

    Computed over the whole document, so a coding keeps its lane on every page it spans.
    """
    lanes: dict[AnnotationId, int] = {}
    active: list[tuple[int, int]] = []  # (end, lane) of codings still open
    for annotation in sorted(annotations, key=lambda a: (a.start, -a.end, a.id)):
        active = [(end, lane) for end, lane in active if end > annotation.start]
        used = {lane for _, lane in active}
        lane = next(n for n in count() if n not in used)
        lanes[annotation.id] = lane
        active.append((annotation.end, lane))
    return lanes


def describe(annotation: AnnotationRow, code: CodeRow | None) -> str:
    """Tooltip line: which code, who coded it, and their memo."""
    name = f"{code.name_ja} / {code.name}" if code else annotation.code
    memo = f"\n{annotation.memo}" if annotation.memo else ""
    return f"{name} — {annotation.coder}{memo}"


class PageGeometry:
    """Rectangles of text ranges on the current document's pages, asked once per range."""

    def __init__(self, documents: DocumentService) -> None:
        self._documents = documents
        self._document: DocumentId | None = None
        self._pages: dict[int, PageInfo] = {}
        self._cache: dict[tuple[int, int, int], list[Rect]] = {}
        self._geometry: dict[int, PageBoxes] = {}

    def reset(self, document: DocumentId | None, pages: Sequence[PageInfo]) -> None:
        self._document = document
        self._pages = {page.number: page for page in pages}
        self.clear()

    def clear(self) -> None:
        self._cache.clear()
        self._geometry.clear()

    def rects(self, page: int, start: int, end: int) -> list[Rect]:
        """Rectangles of text[start:end] on *page* only (empty if the range is elsewhere)."""
        info = self._pages.get(page)
        if info is None or self._document is None:
            return []
        low, high = max(start, info.start), min(end, info.end)
        if low >= high:
            return []
        key = (page, low, high)
        found = self._cache.get(key)
        if found is None:
            geometry = self._geometry.get(page)
            if geometry is None:
                geometry = self._geometry[page] = self._documents.geometry(self._document, page)
            found = geometry.rects(low, high)
            self._cache[key] = found
        return found

    def marks(
        self,
        page: int,
        annotations: Sequence[AnnotationRow],
        codes: Mapping[CodeId, CodeRow],
        lanes: Mapping[AnnotationId, int],
    ) -> list[Mark]:
        """Every run of every coding on *page* whose code is still in the codebook."""
        return [
            Mark(annotation, rect, codes[annotation.code_id].color, lanes.get(annotation.id, 0))
            for annotation in annotations
            if annotation.code_id in codes
            for rect in self.rects(page, annotation.start, annotation.end)
        ]
