"""Importing PDFs: validate, extract, and store each file in one transaction.

A bad file gets one clear line and leaves nothing behind; a batch goes on after it.
The PDF bytes go into the project (keyed by SHA-256) so the project file travels alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from annotator.changes import Changes, Op
from annotator.database import Database
from annotator.history import now
from annotator.ids import DocumentId
from annotator.kinds import Outcome
from annotator.pdf.extract import EXTRACTOR_VERSION, ExtractedDocument, extract
from annotator.pdf.reader import PageContent, PdfError, PdfFile, sha256
from db.models import TABLES, Blob, Document

IMPORTED, SKIPPED, FAILED = Outcome.IMPORTED, Outcome.SKIPPED, Outcome.FAILED
Progress = Callable[[str, int, int], None]  # file name, pages done, pages in all


@dataclass(frozen=True)
class BatchStep:
    """Where a batch is: `page` of `pages` in file `name`, or lemmas `page` of `pages`
    while `indexing`; `files_done` of `files` are finished."""

    name: str
    page: int
    pages: int
    files_done: int
    files: int
    indexing: bool = False
    outcome: ImportOutcome | None = None  # set once, when file `name` is finished


StepReport = Callable[[BatchStep], None]


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

    def run_batch(self, paths: Sequence[Path], *, step: StepReport | None = None,
                  cancelled: Callable[[], bool] = lambda: False,
                  index: Callable[[Callable[[int, int], None] | None], object] | None = None,
                  ) -> Op[ImportBatch]:
        """Import files and folders (a folder stands for the PDFs under it), one file per
        transaction so a bad file stops nothing, then index the new passages for search.

        The CLI and the GUI both call this, so both expand folders, skip duplicates and
        index the same way. `index` is the search service's `index_pending`.
        """
        files = expand(paths)
        outcomes: list[ImportOutcome] = []
        stopped: str | None = None

        def pages(name: str, page: int, total: int) -> None:
            if step is not None:
                step(BatchStep(name, page, total, len(outcomes), len(files)))

        for path in files:
            if cancelled():
                stopped = path.name
                break
            try:
                outcomes.append(self.import_file(path, pages, cancelled))
            except CancelledError:
                stopped = path.name
                break
            if step is not None:
                step(BatchStep(path.name, 0, 0, len(outcomes), len(files),
                               outcome=outcomes[-1]))
        if stopped is None and index is not None and outcomes:
            index(None if step is None else lambda done, total: step(
                BatchStep("", done, total, len(outcomes), len(files), indexing=True)))
        rest = tuple(p.name for p in files[len(outcomes) + 1:]) if stopped else ()
        added = frozenset(o.document_id for o in outcomes if o.document_id is not None)
        return Op(ImportBatch(tuple(outcomes), len(files), stopped, rest),
                  Changes(documents=added))

    def import_files(self, paths: Iterable[Path], progress: Progress | None = None,
                     cancelled: Callable[[], bool] = lambda: False) -> Op[list[ImportOutcome]]:
        """Import these files (no folders, no indexing); see `run_batch` for a user's batch."""
        outcomes = []
        for path in paths:
            if cancelled():
                break
            try:
                outcomes.append(self.import_file(Path(path), progress, cancelled))
            except CancelledError:
                break
        added = frozenset(o.document_id for o in outcomes if o.document_id is not None)
        return Op(outcomes, Changes(documents=added))

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


@dataclass(frozen=True)
class ImportBatch:
    """What a batch did: one outcome per file looked at, in order."""

    outcomes: tuple[ImportOutcome, ...]
    files: int  # PDF files the paths stood for (0: nothing to import there)
    cancelled: str | None = None  # the file being read when the user cancelled
    not_started: tuple[str, ...] = ()  # files after it, never looked at

    @property
    def imported(self) -> int:
        return sum(o.status == IMPORTED for o in self.outcomes)

    @property
    def failed(self) -> int:
        return sum(o.status == FAILED for o in self.outcomes)


def expand(paths: Sequence[Path]) -> list[Path]:
    """Folders stand for the PDFs in them (dropping a folder of minutes is the common case)."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*")
                                if p.is_file() and p.suffix.lower() == ".pdf"))
        else:
            found.append(path)
    return found


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
             "furniture": json.dumps(list(p.furniture), ensure_ascii=False)}
            for p in extracted.pages])
    if extracted.passages:
        connection.execute(insert(TABLES["passages"]), [
            {"document_id": document_id, "seq": seq, "start": p.start, "end": p.end,
             "page": p.page, "page_end": p.page_end, "kind": p.kind, "speaker": p.speaker,
             "indexed": False}
            for seq, p in enumerate(extracted.passages)])
