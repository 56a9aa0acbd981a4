"""Bringing one .qdpx source in as a document, and placing its selections on our text.

A `TextSource` becomes a text-only document (its plain text, line ends LF, one passage a
line, no pages). A `PDFSource` goes through the PDF import, so its text is what our
extractor makes of it; the producer's `Representation` text differs from that more often
than not, so each selection is re-anchored from the representation onto our text by its
quoted text (exact / moved / fuzzy / lost, as after a re-extraction): nothing is dropped.
A `PDFSelection` is placed by its own text, or else by the characters inside its box.
Each document is stored in a transaction of its own, as the PDF import does; a source that
is already in the project (same SHA-256) is reused, which makes a second import a no-op.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import insert, select

from annotator.database import Database
from annotator.documents.importing import FAILED, ImportService
from annotator.documents.reanchor import EXACT, LOST, Placer
from annotator.documents.service import DocumentService
from annotator.exchange.archive import Archive
from annotator.exchange.offsets import decode, normalize, place
from annotator.exchange.report import SourceLine
from annotator.formats.refi import PDF, TEXT, RefiSelection, RefiSource
from annotator.history import now
from annotator.ids import DocumentId
from db.models import TABLES, Blob, Document

TEXT_EXTRACTOR = "text"  # Document.extractor of a text-only document


@dataclass
class Placed:
    selection: RefiSelection
    start: int
    end: int
    status: str  # exact | moved | fuzzy | lost


@dataclass
class Prepared:
    source: RefiSource
    line: SourceLine
    document: DocumentId | None = None
    new: bool = False
    text: str = ""
    placed: list[Placed] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


class SourceImporter:
    def __init__(self, db: Database, documents: DocumentService, importer: ImportService,
                 archive: Archive, origin: str) -> None:
        self._db = db
        self._documents = documents
        self._importer = importer
        self._archive = archive
        self._origin = origin

    def prepare(self, source: RefiSource,
                cancelled: Callable[[], bool] = lambda: False) -> Prepared:
        if source.kind == TEXT:
            return self._text(source)
        if source.kind == PDF:
            return self._pdf(source, cancelled)
        prepared = Prepared(source, SourceLine(source.name, source.kind, "skipped",
                                               why="Annotator codes texts and PDFs only"))
        count = len(source.selections) + source.other_selections
        if count:
            prepared.skipped.append(f"{count} selection(s) on {source.kind} {source.name!r} "
                                    f"(Annotator codes texts and PDFs only)")
        return prepared

    # text sources ------------------------------------------------------------------------------

    def _plain(self, source: RefiSource, what: str) -> tuple[str | None, str]:
        if source.plain_text is not None and not source.plain_path:
            return source.plain_text, ""
        entry = self._archive.find(source.plain_path)
        if entry is None:
            where = source.plain_path or "no plainTextPath"
            return None, f"its {what} ({where}) is not in the archive"
        try:
            return decode(self._archive.read(entry)), ""
        except UnicodeDecodeError:
            return None, f"its {what} {entry} is neither UTF-8 nor UTF-16"

    def _text(self, source: RefiSource) -> Prepared:
        raw, problem = self._plain(source, "plain text")
        if raw is None:
            return _skip(source, problem)
        decoded = place(raw, [(s.start, s.end) for s in source.selections], self._origin,
                        [s.name for s in source.selections])
        prepared = Prepared(source, SourceLine(source.name, source.kind, "imported",
                                               decoded.unit, decoded.reason))
        if not decoded.text:
            return _skip(source, "its text is empty")
        prepared.text = decoded.text
        prepared.document, prepared.new = self._store_text(source, decoded.text)
        if not prepared.new:
            prepared.line.status = "existing"
        for selection, span in zip(source.selections, decoded.spans, strict=True):
            if span is None or span[1] > len(decoded.text):
                prepared.skipped.append(_off(source, selection))
            else:
                prepared.placed.append(Placed(selection, span[0], span[1], EXACT))
        return prepared

    def _store_text(self, source: RefiSource, text: str) -> tuple[DocumentId, bool]:
        data = text.encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        with self._db.write() as s:
            found = s.scalar(select(Document.id).where(Document.sha256 == digest))
            if found is not None:
                return DocumentId(found), False
            connection = s.connection()
            if s.scalar(select(Blob.sha256).where(Blob.sha256 == digest)) is None:
                connection.execute(insert(TABLES["blobs"]), {"sha256": digest, "data": data})
            made = connection.execute(insert(TABLES["documents"]), {
                "name": source.name or f"{source.guid}.txt", "sha256": digest, "title": "",
                "page_count": 0, "text": text, "extractor": TEXT_EXTRACTOR, "warnings": "[]",
                "imported_at": source.created or now(), "kind": "text"})
            key = made.inserted_primary_key
            assert key is not None
            document = int(key[0])
            rows = [{"document_id": document, "seq": seq, "start": start, "end": end,
                     "page": 0, "page_end": 0, "kind": "paragraph", "speaker": None,
                     "indexed": False} for seq, (start, end) in enumerate(lines(text))]
            if rows:
                connection.execute(insert(TABLES["passages"]), rows)
            return DocumentId(document), True

    # PDF sources -------------------------------------------------------------------------------

    def _pdf(self, source: RefiSource, cancelled: Callable[[], bool]) -> Prepared:
        entry = self._archive.find(source.path)
        if entry is None:
            prepared = _skip(source, f"its file ({source.path or 'no path'}) is not in the "
                                     f"archive")
            return prepared
        data = self._archive.read(entry)
        digest = hashlib.sha256(data).hexdigest()
        with self._db.read() as s:
            found = s.scalar(select(Document.id).where(Document.sha256 == digest))
        new = found is None
        if found is None:
            outcome = self._importer.import_bytes(source.name or entry, data,
                                                  cancelled=cancelled)
            if outcome.status == FAILED or outcome.document_id is None:
                return _skip(source, outcome.reason or "the PDF could not be imported")
            document = outcome.document_id
            if source.created is not None:
                with self._db.write() as s:
                    s.get_one(Document, document).imported_at = source.created
        else:
            document = DocumentId(found)
        ours = self._documents.text(document)
        prepared = Prepared(source, SourceLine(source.name, source.kind,
                                               "imported" if new else "existing"),
                            document, new, ours)
        self._representation(source, prepared)
        for selection in source.pdf_selections:
            if selection.mirror:
                continue  # ours: the PDF view of a text selection already placed
            self._pdf_selection(selection, prepared)
        return prepared

    def _representation(self, source: RefiSource, prepared: Prepared) -> None:
        if not source.selections:
            return
        raw, problem = self._plain(source, "text representation")
        if raw is None:
            prepared.skipped.append(f"{len(source.selections)} text selection(s) of "
                                    f"{source.name!r}: {problem}")
            return
        decoded = place(raw, [(s.start, s.end) for s in source.selections], self._origin,
                        [s.name for s in source.selections])
        prepared.line.unit, prepared.line.why = decoded.unit, decoded.reason
        theirs, ours = decoded.text, prepared.text
        placer = Placer(theirs, ours) if theirs != ours else None
        for selection, span in zip(source.selections, decoded.spans, strict=True):
            if span is None or span[1] > len(theirs):
                prepared.skipped.append(_off(source, selection))
                continue
            if placer is None:
                prepared.placed.append(Placed(selection, span[0], span[1], EXACT))
                continue
            spot = placer.place(span[0], span[1], theirs[span[0]:span[1]])
            if spot.end > spot.start:
                prepared.placed.append(Placed(selection, spot.start, spot.end, spot.status))

    def _pdf_selection(self, selection: RefiSelection, prepared: Prepared) -> None:
        text, document = prepared.text, prepared.document
        assert document is not None
        quote = normalize(selection.text or "").strip()
        if quote and text:
            spot = Placer(quote, text).place(0, len(quote), quote)
            if spot.status != LOST and spot.end > spot.start:
                prepared.placed.append(Placed(selection, spot.start, spot.end, spot.status))
                return
        span = self._inside(document, selection)
        if span is None:
            prepared.skipped.append(f"PDF selection on line {selection.line} of "
                                    f"{prepared.source.name!r}: no text inside its box on page "
                                    f"{(selection.page or 0) + 1}")
            return
        prepared.placed.append(Placed(selection, span[0], span[1], EXACT))

    def _inside(self, document: DocumentId, selection: RefiSelection) -> tuple[int, int] | None:
        """The characters whose centres lie inside a PDFSelection's box (bottom-left origin)."""
        pages = {p.number: p for p in self._documents.pages(document)}
        page = pages.get(selection.page or 0)
        if page is None or selection.box is None:
            return None
        x0, y0, x1, y1 = selection.box
        left, right = min(x0, x1), max(x0, x1)
        top, bottom = page.height - max(y0, y1), page.height - min(y0, y1)
        geometry = self._documents.geometry(document, page.number)
        inside = [geometry.start + i for i, box in enumerate(geometry.boxes)
                  if box is not None and left <= (box[0] + box[2]) / 2 <= right
                  and top <= (box[1] + box[3]) / 2 <= bottom]
        return (min(inside), max(inside) + 1) if inside else None


def lines(text: str) -> list[tuple[int, int]]:
    """The passages of a text-only document: one per non-blank line."""
    spans, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            spans.append((start, end))
        start = end + 1
    return spans


def _skip(source: RefiSource, why: str) -> Prepared:
    prepared = Prepared(source, SourceLine(source.name, source.kind, "skipped", why=why))
    count = len(source.selections) + len([s for s in source.pdf_selections if not s.mirror])
    if count:
        prepared.skipped.append(f"{count} selection(s) of {source.name!r}: {why}")
    return prepared


def _off(source: RefiSource, selection: RefiSelection) -> str:
    return (f"selection on line {selection.line} of {source.name!r}: positions "
            f"{selection.start}–{selection.end} are outside its text")

