"""Reading documents: their list, stored text, passages and the geometry of their pages."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.database import Database
from annotator.errors import NotFoundError
from annotator.ids import DocumentId, PassageId
from annotator.pdf.ocrmerge import low_confidence_ranges
from annotator.pdf.textbuild import Box, unpack_boxes
from annotator.queries import PageIndex
from annotator.records import DocumentInfo, PassageRow
from db.models import Blob, Document, Page, Passage


@dataclass(frozen=True)
class PageInfo:
    number: int
    width: float
    height: float
    start: int
    end: int
    needs_ocr: bool
    garbled: bool
    furniture: tuple[str, ...]


@dataclass(frozen=True)
class Rect:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class PageBoxes:
    """One page's character boxes, read once so a page with many codings is one query."""

    number: int
    start: int
    boxes: list[Box | None]

    def rects(self, start: int, end: int) -> list[Rect]:
        lo, hi = max(start - self.start, 0), max(min(end - self.start, len(self.boxes)), 0)
        return _merge_line_runs(self.number, self.boxes[lo:hi]) if lo < hi else []


class DocumentService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def all(self) -> list[DocumentInfo]:
        with self._db.read() as s:
            counts = dict(s.execute(
                select(Passage.document_id, func.count()).group_by(Passage.document_id)
            ).all())
            rows = s.execute(select(
                Document.id, Document.name, Document.sha256, Document.page_count,
                func.length(Document.text), Document.warnings, Document.extractor,
                Document.title, Document.imported_at, Document.kind,
            ).order_by(Document.id)).all()
        return [DocumentInfo(DocumentId(i), name, sha, pages, chars or 0, counts.get(i, 0),
                             tuple(json.loads(warnings)), extractor, title, imported, kind)
                for i, name, sha, pages, chars, warnings, extractor, title, imported, kind
                in rows]

    def get(self, document: DocumentId) -> DocumentInfo:
        for info in self.all():
            if info.id == document:
                return info
        raise NotFoundError(f"no document with id {document}")

    def kind(self, document: DocumentId) -> str:
        """"pdf", or "text" for a text-only document (no PDF, no pages)."""
        with self._db.read() as s:
            return _document(s, document).kind

    def text(self, document: DocumentId) -> str:
        with self._db.read() as s:
            return _document(s, document).text

    def pdf(self, document: DocumentId) -> bytes:
        with self._db.read() as s:
            blob = s.get(Blob, _document(s, document).sha256)
            assert blob is not None
            return blob.data

    def passages(self, document: DocumentId | None = None) -> list[PassageRow]:
        with self._db.read() as s:
            query = select(Passage).order_by(Passage.document_id, Passage.seq)
            if document is not None:
                _document(s, document)
                query = query.where(Passage.document_id == document)
            texts: dict[int, str] = {}
            rows = []
            for p in s.scalars(query):
                if p.document_id not in texts:  # one copy of each text, not one per passage
                    texts[p.document_id] = _document(s, DocumentId(p.document_id)).text
                rows.append(passage_row(p, texts[p.document_id]))
            return rows

    def passage(self, passage: PassageId) -> PassageRow:
        with self._db.read() as s:
            row = s.get(Passage, passage)
            if row is None:
                raise NotFoundError(f"no passage with id {passage}")
            return passage_row(row, _document(s, DocumentId(row.document_id)).text)

    def pages(self, document: DocumentId) -> list[PageInfo]:
        with self._db.read() as s:
            _document(s, document)
            rows = s.scalars(select(Page).where(Page.document_id == document)
                             .order_by(Page.number))
            return [PageInfo(p.number, p.width, p.height, p.start, p.end, p.needs_ocr,
                             p.garbled, tuple(json.loads(p.furniture))) for p in rows]

    def low_confidence(self, document: DocumentId) -> list[tuple[int, int]]:
        """Text ranges [start, end) that OCR read with low confidence, for the text pane."""
        with self._db.read() as s:
            rows = s.execute(select(Page.start, Page.confidence).where(
                Page.document_id == document, Page.confidence.is_not(None))
                .order_by(Page.start)).all()
        return [r for start, confidence in rows
                for r in low_confidence_ranges(start, confidence or b"")]

    def rects(self, document: DocumentId, start: int, end: int) -> list[Rect]:
        """Rectangles on the pages covering text[start:end], one per run of a line."""
        with self._db.read() as s:
            pages = s.scalars(select(Page).where(
                Page.document_id == document, Page.end > start, Page.start < end
            ).order_by(Page.number)).all()
            rects: list[Rect] = []
            for page in pages:
                lo, hi = max(start, page.start) - page.start, min(end, page.end) - page.start
                rects.extend(_merge_line_runs(page.number, unpack_boxes(page.boxes, lo, hi)))
            return rects

    def geometry(self, document: DocumentId, page: int) -> PageBoxes:
        with self._db.read() as s:
            row = s.scalar(select(Page).where(Page.document_id == document, Page.number == page))
            if row is None:
                raise NotFoundError(f"document {document} has no page {page + 1}")
            return PageBoxes(row.number, row.start, unpack_boxes(row.boxes))

    def offset_at(self, document: DocumentId, page: int, x: float, y: float) -> int | None:
        """The text offset of the character under (x, y) on a page, or the nearest one."""
        with self._db.read() as s:
            row = s.scalar(select(Page).where(Page.document_id == document, Page.number == page))
            if row is None:
                raise NotFoundError(f"document {document} has no page {page + 1}")
            best: tuple[float, int] | None = None
            for index, box in enumerate(unpack_boxes(row.boxes)):
                if box is None:
                    continue
                dx = max(box[0] - x, 0.0, x - box[2])
                dy = max(box[1] - y, 0.0, y - box[3])
                distance = dx * dx + dy * dy
                if best is None or distance < best[0]:
                    best = (distance, row.start + index)
            return None if best is None else best[1]

    def page_index(self, document: DocumentId) -> PageIndex:
        """Which page holds an offset, for a caller that asks many times (a list's rows)."""
        with self._db.read() as s:
            rows = s.execute(select(Page.start, Page.number)
                             .where(Page.document_id == document)).all()
        return PageIndex(rows)

    def page_of(self, document: DocumentId, offset: int) -> int:
        """The page (0-based) that holds the character at `offset`."""
        with self._db.read() as s:
            number = s.scalar(select(Page.number).where(
                Page.document_id == document, Page.start <= offset)
                .order_by(Page.start.desc(), Page.number.desc()).limit(1))
            if number is None:
                number = s.scalar(select(func.min(Page.number)).where(
                    Page.document_id == document))
        if number is None:
            raise NotFoundError(f"document {document} has no pages")
        return int(number)


def _merge_line_runs(page: int, boxes: list[Box | None]) -> list[Rect]:
    rects: list[Rect] = []
    for box in boxes:
        if box is None:
            continue
        x0, y0, x1, y1 = box
        if rects:
            last = rects[-1]
            same_line = abs(last.y0 - y0) < 0.5 * (y1 - y0) and x0 >= last.x0 - 1
            if same_line:
                rects[-1] = Rect(page, last.x0, min(last.y0, y0), max(last.x1, x1),
                                 max(last.y1, y1))
                continue
        rects.append(Rect(page, x0, y0, x1, y1))
    return rects


def _document(s: Session, document: DocumentId) -> Document:
    row = s.get(Document, document)
    if row is None:
        raise NotFoundError(f"no document with id {document}")
    return row


def passage_row(p: Passage, text: str) -> PassageRow:
    return PassageRow(PassageId(p.id), DocumentId(p.document_id), p.seq, p.page, p.page_end,
                      p.start, p.end, p.kind, p.speaker, text[p.start:p.end])
