"""Importing PDFs: validate, extract, and store each file in one transaction.

A bad file gets one clear line and leaves nothing behind; a batch goes on after it.
The PDF bytes go into the project (keyed by SHA-256) so the project file travels alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from annotator.changes import Changes
from annotator.database import Database
from annotator.history import now
from annotator.ids import DocumentId
from annotator.pdf.extract import EXTRACTOR_VERSION, ExtractedDocument, extract
from annotator.pdf.reader import PageContent, PdfError, PdfFile, sha256
from db.models import TABLES, Blob, Document

IMPORTED, SKIPPED, FAILED = "imported", "skipped", "error"
Progress = Callable[[str, int, int], None]  # file name, pages done, pages in all


class CancelledError(Exception):
    """The user cancelled an import; the file being read is not written."""


@dataclass(frozen=True)
class ImportOutcome:
    name: str
    status: str  # imported | skipped | error
    document_id: DocumentId | None = None
    pages: int = 0
    passages: int = 0
    reason: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def line(self) -> str:
        """The one line a user reads for this file."""
        if self.status == IMPORTED:
            line = f"imported {self.name}: {self.pages} pages, {self.passages} passages"
            return line + "".join(f" (warning: {w})" for w in self.warnings)
        if self.status == SKIPPED:
            return f"skipped {self.name}: {self.reason}"
        return f"error {self.name}: {self.reason}"


class ImportService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def import_files(self, paths: Iterable[Path], progress: Progress | None = None,
                     cancelled: Callable[[], bool] = lambda: False,
                     ) -> tuple[list[ImportOutcome], Changes]:
        outcomes = []
        for path in paths:
            if cancelled():
                break
            try:
                outcomes.append(self.import_file(Path(path), progress, cancelled))
            except CancelledError:
                break
        added = frozenset(o.document_id for o in outcomes if o.document_id is not None)
        return outcomes, Changes(documents=added)

    def import_file(self, path: Path, progress: Progress | None = None,
                    cancelled: Callable[[], bool] = lambda: False) -> ImportOutcome:
        name = path.name
        try:
            data = path.read_bytes()
        except OSError as err:
            return ImportOutcome(name, FAILED, reason=f"cannot read the file ({err.strerror})")
        return self.import_bytes(name, data, progress, cancelled)

    def import_bytes(self, name: str, data: bytes, progress: Progress | None = None,
                     cancelled: Callable[[], bool] = lambda: False) -> ImportOutcome:
        digest = sha256(data)
        with self._db.read() as s:
            existing = s.scalar(select(Document.name).where(Document.sha256 == digest))
        if existing is not None:
            reason = "already in project" + (f" (as {existing})" if existing != name else "")
            return ImportOutcome(name, SKIPPED, reason=reason)
        try:
            with PdfFile(data) as pdf:
                title, count = pdf.title, pdf.page_count
                extracted = extract(_pages(pdf, name, progress, cancelled))
        except PdfError as err:
            return ImportOutcome(name, FAILED, reason=err.reason)
        if cancelled():
            raise CancelledError(name)
        with self._db.write() as s:
            if s.scalar(select(Document.id).where(Document.sha256 == digest)) is not None:
                return ImportOutcome(name, SKIPPED, reason="already in project")
            document = _store(s, name, data, digest, title, count, extracted)
        return ImportOutcome(name, IMPORTED, DocumentId(document), count,
                             len(extracted.passages), warnings=tuple(extracted.warnings))


def _pages(pdf: PdfFile, name: str, progress: Progress | None,
           cancelled: Callable[[], bool]) -> Iterator[PageContent]:
    for page in pdf.pages():
        if cancelled():
            raise CancelledError(name)
        yield page
        if progress is not None:
            progress(name, page.number + 1, pdf.page_count)


def _store(s: Session, name: str, data: bytes, digest: str, title: str, count: int,
           extracted: ExtractedDocument) -> int:
    if s.get(Blob, digest) is None:
        s.add(Blob(sha256=digest, data=data))
    document = Document(name=name, sha256=digest, title=title, page_count=count,
                        text=extracted.text, extractor=EXTRACTOR_VERSION,
                        warnings=json.dumps(extracted.warnings, ensure_ascii=False),
                        imported_at=now())
    s.add(document)
    s.flush()
    store_extraction(s, document.id, extracted)
    return document.id


def store_extraction(s: Session, document_id: int, extracted: ExtractedDocument) -> None:
    """Pages and passages of one extraction (also used when re-extracting).

    Passages are written unindexed; `SearchService.index_pending` adds their lemmas as
    a step of its own, so a long import is not held up by morphological analysis.
    """
    connection = s.connection()
    if extracted.pages:
        connection.execute(insert(TABLES["pages"]), [
            {"document_id": document_id, "number": p.number, "width": p.width,
             "height": p.height, "start": p.start, "end": p.end, "boxes": p.boxes,
             "needs_ocr": p.needs_ocr, "garbled": p.garbled,
             "confidence": p.confidence if p.ocr else None,
             "furniture": json.dumps(list(p.furniture), ensure_ascii=False)}
            for p in extracted.pages])
    if extracted.passages:
        connection.execute(insert(TABLES["passages"]), [
            {"document_id": document_id, "seq": seq, "start": p.start, "end": p.end,
             "page": p.page, "page_end": p.page_end, "kind": p.kind, "speaker": p.speaker,
             "indexed": False}
            for seq, p in enumerate(extracted.passages)])
