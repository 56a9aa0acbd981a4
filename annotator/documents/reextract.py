"""Re-extraction: the current extractor runs again on the stored PDFs; no coding is lost.

Each document is one transaction: its text, pages and passages are replaced, every coding
is moved to its new offsets by its quoted text (see `annotator.documents.reanchor`), re-linked to
the new passage that holds it, and a `reanchor` history row records what it was before.
A failure leaves the document exactly as it was.

Codings are never dropped. One that cannot be placed is `lost`: it keeps its old offsets
(clamped to the new text) and no passage, its quote becomes the text those offsets now
cover — so that `text[start:end] == quote` holds for every coding, as everything else
relies on — and the quote the coder made stays in the history row's `before` snapshot and
in the report, for a person to re-code. A later re-extraction looks for that original
quote again.

An anchor flag is never cleared by a re-extraction: a coding's anchor becomes the worse
of what it was and what this run found (exact < moved < fuzzy < lost), so running again
does not hide codings that still need a look. A lost coding whose original quote turns
up again is `moved` (or `fuzzy`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from annotator.changes import Changes, Op
from annotator.database import Database
from annotator.documents.importing import Progress, store_extraction
from annotator.documents.reanchor import EXACT, FUZZY, LOST, MOVED, Placement, reanchor, worst
from annotator.errors import InvalidInputError, NotFoundError
from annotator.history import now, record, snapshot
from annotator.ids import AnnotationId, DocumentId
from annotator.kinds import Outcome
from annotator.pdf.extract import EXTRACTOR_VERSION, ExtractedDocument, extract
from annotator.pdf.ocr import OcrLine
from annotator.pdf.ocrmerge import StoredOcr, extract_with_ocr
from annotator.pdf.reader import PageContent, PdfError, PdfFile
from annotator.queries import SpanIndex
from db.models import Annotation, Blob, Code, Coder, Document, History, OcrPage, Page, Passage

REEXTRACTED, SKIPPED, FAILED = Outcome.REEXTRACTED, Outcome.SKIPPED, Outcome.FAILED
FLAGGED = (FUZZY, LOST)  # the anchors a person should look at


@dataclass(frozen=True)
class FlaggedCoding:
    """A coding re-anchored only approximately (fuzzy) or not at all (lost)."""

    id: AnnotationId
    code: str  # the code's key
    coder: str
    anchor: str  # fuzzy | lost
    start: int
    end: int
    old_quote: str  # what the coder coded
    new_quote: str  # what the coding covers now

    def line(self) -> str:
        return (f"  {self.anchor} #{self.id} {self.code} ({self.coder}) "
                f"[{self.start}:{self.end}]: was {_short(self.old_quote)}, "
                f"now {_short(self.new_quote)}")


@dataclass(frozen=True)
class DocumentOutcome:
    document_id: DocumentId
    name: str
    status: str  # reextracted | skipped | error
    reason: str = ""
    extractor_before: str = ""
    extractor: str = ""
    passages: int = 0
    exact: int = 0
    moved: int = 0
    fuzzy: int = 0
    lost: int = 0
    flagged: tuple[FlaggedCoding, ...] = field(default_factory=tuple)

    def line(self) -> str:
        """The one line a user reads for this document."""
        if self.status == REEXTRACTED:
            return (f"reextracted {self.name}: {self.passages} passages; codings: "
                    f"{self.exact} exact, {self.moved} moved, {self.fuzzy} fuzzy, "
                    f"{self.lost} lost")
        return f"{self.status} {self.name}: {self.reason}"

    def lines(self) -> list[str]:
        """Its line, then one line per coding to look at."""
        return [self.line(), *(f.line() for f in self.flagged)]


@dataclass(frozen=True)
class ReextractReport:
    documents: tuple[DocumentOutcome, ...]

    def lines(self) -> list[str]:
        return [line for outcome in self.documents for line in outcome.lines()]

    @property
    def flagged(self) -> tuple[FlaggedCoding, ...]:
        return tuple(f for outcome in self.documents for f in outcome.flagged)


class _RefusedError(Exception):
    """A re-extraction that must not be stored; the transaction is rolled back."""


class ReextractService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def run(self, document: DocumentId | None = None, *, force: bool = False,
            actor: str = "reextract", progress: Progress | None = None,
            ) -> Op[ReextractReport]:
        """Re-extract one document or all. Those already current are skipped unless
        `force` is given or the document is named; those extracted by a newer extractor
        (a newer Annotator) unless `force` is given."""
        if not actor.strip():
            raise InvalidInputError("a coder name is required")
        with self._db.read() as s:
            if document is not None:
                if s.get(Document, document) is None:
                    raise NotFoundError(f"no document with id {document}")
                ids = [document]
            else:
                ids = [DocumentId(i) for i in s.scalars(select(Document.id).order_by(Document.id))]
        outcomes = tuple(self._document(i, force, document is not None, actor, progress)
                         for i in ids)
        done = frozenset(o.document_id for o in outcomes if o.status == REEXTRACTED)
        return Op(ReextractReport(outcomes), Changes(documents=done, annotations_in=done,
                                                     passages_in=done))

    def _document(self, document: DocumentId, force: bool, named: bool, actor: str,
                  progress: Progress | None) -> DocumentOutcome:
        with self._db.read() as s:
            row = s.get(Document, document)
            if row is None:
                return DocumentOutcome(document, f"document {document}", FAILED,
                                       "removed meanwhile")
            name, version = row.name, row.extractor
            if row.kind != "pdf":
                return DocumentOutcome(document, name, SKIPPED,
                                       "a text-only document (nothing to extract)",
                                       version, version)
            blob = s.get(Blob, row.sha256)
            data = blob.data if blob is not None else None
        if not (force or named) and version == EXTRACTOR_VERSION:
            return DocumentOutcome(document, name, SKIPPED,
                                   f"already current (extractor {version})", version, version)
        if not force and _newer(version):
            return DocumentOutcome(document, name, SKIPPED,
                                   f"extracted by a newer extractor ({version}) than this "
                                   f"one ({EXTRACTOR_VERSION}); --force to redo it",
                                   version, version)
        if data is None:
            return DocumentOutcome(document, name, FAILED, "its PDF is not in the project",
                                   version, version)
        try:
            with PdfFile(data) as pdf:
                count = pdf.page_count
                extracted = extract_with_ocr(_pages(pdf, name, progress),
                                             stored_ocr(self._db, document), extract)
        except PdfError as err:
            return DocumentOutcome(document, name, FAILED, err.reason, version, version)
        try:
            with self._db.write() as s:
                return _replace(s, document, extracted, count, actor)
        except _RefusedError as err:
            return DocumentOutcome(document, name, FAILED, str(err), version, version)


def _pages(pdf: PdfFile, name: str, progress: Progress | None) -> Iterator[PageContent]:
    for page in pdf.pages():
        yield page
        if progress is not None:
            progress(name, page.number + 1, pdf.page_count)


def stored_ocr(db: Database, document: DocumentId) -> dict[int, StoredOcr]:
    """What OCR read on the document's pages, by page number (re-extraction never re-OCRs)."""
    with db.read() as s:
        rows = s.scalars(select(OcrPage).where(OcrPage.document_id == document)).all()
        return {r.number: StoredOcr(r.number, tuple(OcrLine.from_json(line)
                                                    for line in json.loads(r.lines)),
                                    r.engine, r.dpi) for r in rows}


def _newer(version: str) -> bool:
    """Whether `version` is a later extractor than this one (when both are numbers)."""
    return version.isdigit() and EXTRACTOR_VERSION.isdigit() and int(version) > int(
        EXTRACTOR_VERSION)


def _replace(s: Session, document_id: DocumentId, extracted: ExtractedDocument, count: int,
             actor: str) -> DocumentOutcome:
    """Inside one write transaction: new text, pages, passages; every coding re-anchored."""
    document = s.get(Document, document_id)
    if document is None:
        raise _RefusedError("the document was removed meanwhile")
    old_text, new_text, before_version = document.text, extracted.text, document.extractor
    annotations = list(s.scalars(select(Annotation).where(Annotation.document_id == document_id)
                                 .order_by(Annotation.id)))
    if annotations and not new_text:
        raise _RefusedError(f"the new extraction has no text; {len(annotations)} codings "
                            f"would have nowhere to go (kept the old extraction)")
    originals = {a.id: _original_quote(s, a) if a.anchor == LOST else a.quote
                 for a in annotations}
    furniture = {piece for page in extracted.pages for piece in page.furniture}
    placed = reanchor(old_text, new_text,
                      [(a.id, a.start, a.end, originals[a.id]) for a in annotations], furniture)
    before = {a.id: snapshot(a) for a in annotations}

    s.execute(delete(Page).where(Page.document_id == document_id))
    s.execute(delete(Passage).where(Passage.document_id == document_id))
    for annotation in annotations:  # SQLite set passage_id to NULL; new ids may reuse old ones
        s.expire(annotation, ["passage_id"])
    document.text = new_text
    document.extractor = EXTRACTOR_VERSION
    document.page_count = count
    document.warnings = json.dumps(extracted.warnings, ensure_ascii=False)
    store_extraction(s, document_id, extracted)
    containing = SpanIndex(s.execute(select(Passage.start, Passage.end, Passage.id)
                                     .where(Passage.document_id == document_id)).all())

    counts: dict[str, int] = dict.fromkeys((EXACT, MOVED, FUZZY, LOST), 0)
    changed = []
    for annotation in annotations:
        place = placed[annotation.id]
        anchor = _anchor(annotation.anchor, place)
        annotation.start, annotation.end = place.start, place.end
        annotation.quote = new_text[place.start:place.end]
        annotation.anchor = anchor
        # A lost coding is parked, not coding the passage it happens to sit in.
        annotation.passage_id = None if anchor == LOST else containing.containing(place.start,
                                                                            place.end)
        old = before[annotation.id]
        if any(old[k] != getattr(annotation, k)
               for k in ("start", "end", "quote", "anchor", "passage_id")):
            annotation.updated_at = now()
            changed.append(annotation)
        counts[anchor] += 1
    s.flush()  # all updates at once; each history row then flushes only itself
    for annotation in changed:
        record(s, "reanchor", annotation, actor, before=before[annotation.id])
    codes = dict(s.execute(select(Code.id, Code.key)).all())
    coders = dict(s.execute(select(Coder.id, Coder.name)).all())
    flagged = tuple(
        FlaggedCoding(AnnotationId(a.id), codes[a.code_id], coders[a.coder_id], a.anchor,
                      a.start, a.end, originals[a.id], a.quote)
        for a in annotations if a.anchor in FLAGGED)
    return DocumentOutcome(
        document_id, document.name, REEXTRACTED, "", before_version, EXTRACTOR_VERSION,
        len(extracted.passages), counts[EXACT], counts[MOVED], counts[FUZZY], counts[LOST],
        flagged)


def _anchor(previous: str, place: Placement) -> str:
    """This run's status, never better than the flag the coding already had."""
    if previous == LOST:  # placed by its original quote, not by where it was parked
        return LOST if place.status == LOST else worst(place.status, MOVED)
    return worst(previous if previous in (EXACT, MOVED, FUZZY) else EXACT, place.status)


def _original_quote(s: Session, annotation: Annotation) -> str:
    """The quote a lost coding had before it was lost (its current quote is a placeholder)."""
    states = s.scalars(select(History.before).where(
        History.annotation_id == annotation.id, History.action == "reanchor",
        History.before.is_not(None)).order_by(History.id.desc()))
    for state in states:
        values = json.loads(state or "{}")
        if values.get("anchor") != LOST and isinstance(values.get("quote"), str):
            quote: str = values["quote"]
            return quote
    return annotation.quote


def _short(text: str, size: int = 40) -> str:
    return repr(text if len(text) <= size else text[:size - 1] + "…")
