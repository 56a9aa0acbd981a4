"""Importing PDFs: validate, extract, and store each file in one transaction.

A bad file gets one clear line and leaves nothing behind; a batch goes on after it.
The PDF bytes go into the project (keyed by SHA-256) so the project file travels alone.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from annotator.changes import Changes, Op
from annotator.database import Database
from annotator.errors import DiskFullError
from annotator.history import now
from annotator.ids import DocumentId
from annotator.kinds import Outcome
from annotator.pdf.extract import EXTRACTOR_VERSION, ExtractedDocument, PassageSpan, extract
from annotator.pdf.reader import MAX_PAGE_CHARS, PageContent, PdfError, PdfFile, sha256
from db.models import TABLES, Blob, Document

IMPORTED, SKIPPED, FAILED = Outcome.IMPORTED, Outcome.SKIPPED, Outcome.FAILED
#: Longer passages are cut at a sentence end (one paragraph of a bomb, a table read as
#: one run): the text pane and search stay responsive, and no character is lost.
MAX_PASSAGE_CHARS = 5_000
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


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.isdigit() and int(value) > 0 else default


@dataclass(frozen=True)
class ImportLimits:
    """Bounds on what one file may cost, so no input hangs or exhausts memory.

    The defaults are far above any real government PDF (the largest in the corpus is
    2.5 MB and 200,000 characters); the environment variables raise them for a user
    who has a genuine giant.
    """

    max_file_bytes: int = 512 * 1024 * 1024  # SQLite's blob limit is 1 GB
    max_page_chars: int = MAX_PAGE_CHARS
    max_document_chars: int = 5_000_000

    @classmethod
    def from_environment(cls) -> ImportLimits:
        """ANNOTATOR_MAX_PDF_MB, ANNOTATOR_MAX_PAGE_CHARS, ANNOTATOR_MAX_DOCUMENT_CHARS."""
        return cls(_env_int("ANNOTATOR_MAX_PDF_MB", cls.max_file_bytes // 2**20) * 2**20,
                   _env_int("ANNOTATOR_MAX_PAGE_CHARS", cls.max_page_chars),
                   _env_int("ANNOTATOR_MAX_DOCUMENT_CHARS", cls.max_document_chars))


class _TooLargeError(PdfError):
    """The document's text passes the limit (raised while its pages are read)."""


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
    def __init__(self, db: Database, limits: ImportLimits | None = None) -> None:
        self._db = db
        self.limits = limits or ImportLimits.from_environment()

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
            except DiskFullError as err:  # nothing more fits: the report says what did
                outcomes.append(ImportOutcome(Path(path).name, FAILED, reason=str(err)))
                break
        added = frozenset(o.document_id for o in outcomes if o.document_id is not None)
        return Op(outcomes, Changes(documents=added))

    def import_file(self, path: Path, progress: Progress | None = None,
                    cancelled: Callable[[], bool] = lambda: False) -> ImportOutcome:
        # A name that is not UTF-8 (surrogate-escaped by Python) keeps its odd bytes as
        # visible \xNN escapes: SQLite stores only valid text.
        name = path.name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        try:
            data = read_pdf_file(path, self.limits.max_file_bytes)
        except PdfError as err:
            return ImportOutcome(name, FAILED, reason=err.reason)
        return self.import_bytes(name, data, progress, cancelled)

    def import_bytes(self, name: str, data: bytes, progress: Progress | None = None,
                     cancelled: Callable[[], bool] = lambda: False) -> ImportOutcome:
        digest = sha256(data)
        with self._db.read() as s:
            existing = s.scalar(select(Document.name).where(Document.sha256 == digest))
        if existing is not None:
            reason = "already in project" + (f" (as {existing})" if existing != name else "")
            return ImportOutcome(name, SKIPPED, reason=reason)
        if len(data) > self.limits.max_file_bytes:
            return ImportOutcome(name, FAILED, reason=_too_big(len(data), self.limits))
        damaged: dict[int, str] = {}
        try:
            with PdfFile(data, max_page_chars=self.limits.max_page_chars) as pdf:
                title, count = pdf.title, pdf.page_count
                pages = _pages(pdf, name, progress, cancelled, self.limits, damaged)
                extracted = extract(pages)
        except PdfError as err:
            return ImportOutcome(name, FAILED, reason=err.reason)
        if cancelled():
            raise CancelledError(name)
        extracted.warnings.extend(damage_warnings(damaged))
        try:
            with self._db.write() as s:
                if s.scalar(select(Document.id).where(Document.sha256 == digest)) is not None:
                    return ImportOutcome(name, SKIPPED, reason="already in project")
                document = _store(s, name, data, digest, title, count, extracted)
        except DiskFullError as err:
            raise DiskFullError(f"not stored: {err}") from err
        except OperationalError as err:
            return _storage_failure(name, err)
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


def _storage_failure(name: str, err: OperationalError) -> ImportOutcome:
    """One line for a file SQLite could not store; the transaction was rolled back."""
    message = str(err.orig)
    if "too big" in message:
        return ImportOutcome(name, FAILED, reason="too large to store in a project "
                                                  "(SQLite holds at most 1 GB a file)")
    raise err


def _too_big(size: int, limits: ImportLimits) -> str:
    return (f"too large ({size / 2**20:,.0f} MB; the limit is "
            f"{limits.max_file_bytes // 2**20:,} MB, set ANNOTATOR_MAX_PDF_MB to raise it)")


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def read_pdf_file(path: Path, limit: int) -> bytes:
    """The file's bytes, refusing what is not a regular file or is larger than `limit`.

    Opened without blocking and checked on the open descriptor, so a FIFO cannot hang
    the import and /dev/zero cannot fill memory; at most `limit` + 1 bytes are read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        if err.errno == errno.EISDIR:
            raise PdfError("not a PDF (a folder)") from err
        raise PdfError(f"cannot read the file ({err.strerror})") from err
    try:
        mode, size = os.fstat(fd).st_mode, os.fstat(fd).st_size
        kind = next((k for test, k in _KINDS if test(mode)), None)
    except OSError:
        os.close(fd)
        raise
    if kind is not None:
        os.close(fd)
        raise PdfError(f"not a PDF ({kind}, not a regular file)")
    with os.fdopen(fd, "rb") as stream:
        if size > limit:
            raise PdfError(_too_big(size, ImportLimits(max_file_bytes=limit)))
        try:
            data = stream.read(limit + 1)
        except OSError as err:
            raise PdfError(f"cannot read the file ({err.strerror})") from err
    if len(data) > limit:
        raise PdfError(_too_big(len(data), ImportLimits(max_file_bytes=limit)))
    return data


def damage_warnings(damaged: dict[int, str]) -> list[str]:
    """One warning per kind of damage, naming its pages: what MuPDF could not read."""
    by_reason: dict[str, list[int]] = {}
    for number, reason in sorted(damaged.items()):
        by_reason.setdefault(reason, []).append(number + 1)
    warnings = []
    for reason, numbers in by_reason.items():
        label = "page" if len(numbers) == 1 else "pages"
        shown = ", ".join(str(n) for n in numbers[:10]) + (", …" if len(numbers) > 10 else "")
        warnings.append(f"damaged: {label} {shown} could not be read whole ({reason}); "
                        f"their text may be incomplete")
    return warnings


def _pages(pdf: PdfFile, name: str, progress: Progress | None,
           cancelled: Callable[[], bool], limits: ImportLimits,
           damaged: dict[int, str]) -> Iterator[PageContent]:
    chars = 0
    for page in pdf.pages():
        if cancelled():
            raise CancelledError(name)
        chars += sum(len(line.text) for block in page.blocks for line in block.lines)
        if chars > limits.max_document_chars:
            raise _TooLargeError(f"more than {limits.max_document_chars:,} characters of text (by "
                            f"page {page.number + 1}); set ANNOTATOR_MAX_DOCUMENT_CHARS to "
                            f"raise the limit")
        if page.damage:
            damaged[page.number] = page.damage
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
        passages = bounded_passages(extracted.text, extracted.passages, MAX_PASSAGE_CHARS)
        connection.execute(insert(TABLES["passages"]), [
            {"document_id": document_id, "seq": seq, "start": p.start, "end": p.end,
             "page": p.page, "page_end": p.page_end, "kind": p.kind, "speaker": p.speaker,
             "indexed": False}
            for seq, p in enumerate(passages)])


def bounded_passages(text: str, passages: Iterable[PassageSpan],
                     limit: int) -> Iterator[PassageSpan]:
    """Passages no longer than `limit`, a longer one cut after its last 。 or line break
    in the second half of each window (or at the limit when it has none)."""
    for passage in passages:
        start = passage.start
        while passage.end - start > limit:
            window = text[start:start + limit]
            cut = max(window.rfind("。"), window.rfind("\n"), window.rfind(". "))
            end = start + (cut + 1 if cut >= limit // 2 else limit)
            yield replace(passage, start=start, end=end)
            start = end
        yield passage if start == passage.start else replace(passage, start=start)
