"""OCR of a project's documents: scanned pages and garbled regions read, then re-extracted.

Each page read is stored at once in its own transaction (`ocr_pages`), so a run that is
killed or cancelled keeps the pages it finished and the next run goes on from there. When
a document's pages are read, it is re-extracted with the OCR text merged in — the same
step as `reextract`, so existing codings follow their quoted text and nothing is dropped.
Re-extraction later reuses the stored OCR; it never runs Tesseract.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field, replace

from sqlalchemy import delete, func, select

from annotator.changes import Changes
from annotator.database import Database
from annotator.documents.importing import IMPORTED, ImportOutcome, Progress
from annotator.documents.reextract import DocumentOutcome, ReextractService, stored_ocr
from annotator.errors import InvalidInputError, NotFoundError
from annotator.history import now
from annotator.ids import DocumentId
from annotator.pdf import ocr
from annotator.pdf.ocrmerge import guess_vertical, needs_ocr, ocr_clip
from annotator.pdf.reader import PdfError, PdfFile
from db.models import Blob, Document, OcrPage, Page, Passage

READ, UNCHANGED, CANCELLED, FAILED = "ocr", "unchanged", "cancelled", "error"


@dataclass(frozen=True)
class OcrOutcome:
    document_id: DocumentId
    name: str
    status: str  # ocr | unchanged | cancelled | error
    read: int = 0  # pages read in this run
    kept: int = 0  # pages read by an earlier run with the same settings
    failed: tuple[str, ...] = ()  # one line per page that could not be read
    seconds: float = 0.0  # CPU seconds of this run's pages
    reason: str = ""
    reextract: DocumentOutcome | None = None

    def line(self) -> str:
        """The one line a user reads for this document."""
        if self.status in (READ, CANCELLED):
            per_page = f", {self.seconds / self.read:.1f} s CPU a page" if self.read else ""
            line = (f"{self.status} {self.name}: {self.read} pages read{per_page}"
                    f"{f', {self.kept} kept from before' if self.kept else ''}")
            if self.reextract is not None:
                line += "; " + self.reextract.line().split(": ", 1)[-1]
            return line + ("; cancelled: run again to go on" if self.status == CANCELLED
                           else "")
        return f"{self.status} {self.name}: {self.reason}"

    def lines(self) -> list[str]:
        flagged = self.reextract.flagged if self.reextract is not None else ()
        return [self.line(), *(f"  {f}" for f in self.failed), *(f.line() for f in flagged)]


@dataclass(frozen=True)
class OcrReport:
    documents: tuple[OcrOutcome, ...] = field(default_factory=tuple)

    def lines(self) -> list[str]:
        return [line for outcome in self.documents for line in outcome.lines()]


def engine_name() -> str:
    return f"{ocr.tesseract_version() or 'tesseract'} jpn"


class OcrService:
    def __init__(self, db: Database, reextract: ReextractService) -> None:
        self._db = db
        self._reextract = reextract

    @staticmethod
    def available() -> bool:
        """Whether Tesseract with Japanese is installed (else `ocr.INSTALL_HINT` says how)."""
        return ocr.available()

    def pending(self, document: DocumentId) -> list[int]:
        """Pages (0-based) without a text layer or with garbled fonts that OCR has not read."""
        with self._db.read() as s:
            row = s.get(Document, document)
            if row is None:
                raise NotFoundError(f"no document with id {document}")
            flagged = s.scalars(select(Page.number).where(
                Page.document_id == document, Page.needs_ocr | Page.garbled)
                .order_by(Page.number))
            return list(flagged)

    def after_import(self, outcome: ImportOutcome, progress: Progress | None = None,
                     cancelled: Callable[[], bool] = lambda: False) -> ImportOutcome:
        """OCR a just-imported document's scanned and garbled pages (import's default).

        The outcome comes back with the document's warnings as they are now: which pages
        OCR read, or, without Tesseract, the one line that says how to install it.
        """
        document = outcome.document_id
        if outcome.status != IMPORTED or document is None or not self.pending(document):
            return outcome
        if not ocr.available():
            return replace(outcome, warnings=(*outcome.warnings, ocr.INSTALL_HINT))
        report, _ = self.run([document], progress=progress, cancelled=cancelled)
        with self._db.read() as s:
            row = s.get(Document, document)
            warnings = tuple(json.loads(row.warnings)) if row is not None else ()
            passages = s.scalar(select(func.count()).select_from(Passage).where(
                Passage.document_id == document)) or 0
        failed = tuple(line for o in report.documents for line in o.failed)
        return replace(outcome, passages=passages, warnings=warnings + failed)

    def run(self, documents: Collection[DocumentId] | None = None,
            pages: Collection[int] | None = None, dpi: int = ocr.DEFAULT_DPI, *,
            force: bool = False, actor: str = "ocr", progress: Progress | None = None,
            cancelled: Callable[[], bool] = lambda: False) -> tuple[OcrReport, Changes]:
        """OCR the pages that need it (of `pages`, 0-based, if given) and re-extract.

        Pages already read at the same settings are kept unless `force`; other settings
        (another dpi) read them again. Raises `ocr.OcrError` (the install line) without
        Tesseract.
        """
        if not ocr.available():
            raise ocr.OcrError(ocr.INSTALL_HINT)
        if dpi < ocr.MIN_DPI:
            raise InvalidInputError(f"--dpi must be at least {ocr.MIN_DPI} (below it "
                                    f"vertical pages read badly), got {dpi}")
        with self._db.read() as s:
            if documents is None:
                ids = [DocumentId(i) for i in s.scalars(select(Document.id).order_by(Document.id))]
            else:
                ids = list(documents)
                for document in ids:
                    if s.get(Document, document) is None:
                        raise NotFoundError(f"no document with id {document}")
        outcomes = []
        for document in ids:
            if cancelled():
                break
            outcomes.append(self._document(document, pages, dpi, force, actor, progress,
                                           cancelled))
        done = frozenset(o.document_id for o in outcomes if o.reextract is not None)
        return OcrReport(tuple(outcomes)), Changes(documents=done, annotations_in=done,
                                                   passages_in=done)

    def _document(self, document: DocumentId, pages: Collection[int] | None, dpi: int,
                  force: bool, actor: str, progress: Progress | None,
                  cancelled: Callable[[], bool]) -> OcrOutcome:
        with self._db.read() as s:
            row = s.get(Document, document)
            assert row is not None
            name = row.name
            blob = s.get(Blob, row.sha256)
            data = blob.data if blob is not None else None
        if data is None:
            return OcrOutcome(document, name, FAILED, reason="its PDF is not in the project")
        engine = engine_name()
        stored = stored_ocr(self._db, document)
        try:
            with PdfFile(data) as pdf:
                wanted = [n for n in range(pdf.page_count) if pages is None or n in pages]
                todo = [n for n in wanted if needs_ocr(pdf.page(n))]
                kept = [n for n in todo if not force and n in stored
                        and stored[n].engine == engine and stored[n].dpi == dpi]
                todo = [n for n in todo if n not in kept]
                reader = _Reader(self._db, document, name, engine, dpi, len(todo), progress)
                ocr.recognise_all(_images(pdf, todo, dpi), reader.done, cancelled)
        except PdfError as err:
            return OcrOutcome(document, name, FAILED, reason=err.reason)
        status = CANCELLED if cancelled() and reader.read < len(todo) else READ
        if not todo and not (force and kept):
            return OcrOutcome(document, name, UNCHANGED, kept=len(kept),
                              reason=f"no page needs OCR ({len(kept)} read before)" if kept
                              else "no page needs OCR")
        report = self._reextract.run(document, actor=actor).value
        return OcrOutcome(document, name, status, reader.read, len(kept),
                          tuple(reader.failed), reader.seconds, reextract=report.documents[0])


class _Reader:
    """Stores each page as Tesseract finishes it, in a transaction of its own."""

    def __init__(self, db: Database, document: DocumentId, name: str, engine: str, dpi: int,
                 total: int, progress: Progress | None) -> None:
        self._db, self._document, self._name = db, document, name
        self._engine, self._dpi, self._total, self._progress = engine, dpi, total, progress
        self.read = 0
        self.seconds = 0.0
        self.failed: list[str] = []

    def done(self, result: ocr.OcrResult | ocr.OcrError) -> None:
        if isinstance(result, ocr.OcrError):
            self.failed.append(str(result))
        else:
            with self._db.write() as s:
                s.execute(delete(OcrPage).where(OcrPage.document_id == self._document,
                                                OcrPage.number == result.number))
                s.add(OcrPage(document_id=self._document, number=result.number,
                              engine=self._engine, dpi=self._dpi, seconds=result.seconds,
                              lines=json.dumps([line.to_json() for line in result.lines],
                                               ensure_ascii=False), created_at=now()))
            self.read += 1
            self.seconds += result.seconds
        if self._progress is not None:
            self._progress(self._name, self.read + len(self.failed), self._total)


def _images(pdf: PdfFile, numbers: list[int], dpi: int) -> Iterator[ocr.PageImage]:
    """Each page to read as an image: the whole page, or the region of its garbled fonts."""
    for number in numbers:
        content = pdf.page(number)
        clip = ocr_clip(content)
        image = pdf.gray_image(number, dpi, clip)
        vertical = content.garbled_vertical if content.garbled else guess_vertical(image)
        origin = (clip[0], clip[1]) if clip is not None else (0.0, 0.0)
        yield ocr.PageImage(number, image.png, dpi, vertical, origin)


def parse_pages(spec: str) -> set[int]:
    """``3-5,8`` (1-based, as printed) as 0-based page numbers; InvalidInputError if bad."""
    numbers: set[int] = set()
    for part in spec.replace("–", "-").split(","):
        part = part.strip()
        first, dash, last = part.partition("-")
        if not first.isdigit() or (dash and not last.isdigit()) or int(first) < 1:
            raise InvalidInputError(f"--pages: expected pages like 3-5 or 2,4, got {spec!r}")
        low, high = int(first), int(last or first)
        if high < low:
            raise InvalidInputError(f"--pages: {part} runs backwards")
        numbers.update(range(low - 1, high))
    return numbers
