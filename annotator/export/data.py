"""What an export reads, one document at a time: its units (passages and coded free ranges)
with the codings in them and where each coding stands in review.

Everything is read in one read transaction, so the workbook is one consistent snapshot
even while others code, and through a handful of streamed queries merged by document:
memory stays flat on a project of any size, and 50,000 codings read in about a second
(asking the services once per document took six).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, func, select
from sqlalchemy.orm import aliased

from annotator.agreement.service import AgreementService
from annotator.codebook.service import CodebookService
from annotator.coding.service import DONE
from annotator.database import Database
from annotator.documents.service import DocumentService
from annotator.errors import NotFoundError
from annotator.ids import AnnotationId, DocumentId, PassageId
from annotator.kinds import UNCODED
from annotator.queries import PageIndex
from annotator.records import PassageRow
from annotator.review.service import ACCEPTED, CONSENSUS, UNREVIEWED, ReviewService
from db.models import Annotation, Code, Coder, Document, DocumentStatus, Page, Passage, Review

RANGE = "range"  # the kind of a unit that is a coded free range, not a passage



@dataclass(frozen=True)
class Sources:
    """The services an export reads, handed in by `Project` (export never imports it)."""

    db: Database
    documents: DocumentService
    codebook: CodebookService
    review: ReviewService
    agreement: AgreementService
    name: str  # the project file's name, for the About sheet


@dataclass(frozen=True)
class ExportOptions:
    """Whose codings go out: everyone's, one coder's, or the consensus; all or accepted."""

    coder: str | None = None  # None: every coder; CONSENSUS: the adjudicated codings
    accepted_only: bool = False

    @staticmethod
    def consensus(*, accepted_only: bool = False) -> ExportOptions:
        return ExportOptions(CONSENSUS, accepted_only)

    def describe(self) -> str:
        if self.coder is None:
            who = "all coders"
        elif self.coder == CONSENSUS:
            who = "consensus only (the adjudicated codings)"
        else:
            who = f"one coder: {self.coder}"
        return who + ("; accepted codings only" if self.accepted_only else "; every review state")


@dataclass(frozen=True)
class Coding:
    id: AnnotationId
    passage_id: PassageId | None
    start: int
    end: int
    code: str  # key
    coder: str
    memo: str
    quote: str
    anchor: str
    created: datetime
    state: str
    reviewer: str | None
    comment: str
    reviewed: datetime | None
    origin: str = "human"  # or "suggested": the coder accepted a suggestion

    @staticmethod
    def of(row: Sequence[Any]) -> Coding:
        """From a row of `_codings_query` (after its document id)."""
        (annotation, passage, start, end, code, coder, memo, quote, anchor, created, decision,
         reviewer, comment, at, origin) = row[1:]
        return Coding(AnnotationId(annotation), PassageId(passage) if passage is not None
                      else None, start, end, code, coder, memo, quote, anchor, created,
                      decision or UNREVIEWED, reviewer, comment or "", at, origin or "human")


@dataclass(frozen=True)
class Doc:
    id: DocumentId
    name: str
    extractor: str


@dataclass
class Unit:
    """A row of the Codings sheet: a passage, or a coded range that no passage holds."""

    start: int
    end: int
    page: int  # 1-based, as printed
    page_end: int
    passage: PassageId | None
    kind: str
    speaker: str | None
    text: str
    codings: list[Coding] = field(default_factory=list)


@dataclass(frozen=True)
class DocumentData:
    info: Doc
    units: list[Unit]
    codings: list[Coding]  # in reading order
    pages: PageIndex  # to find a coding's page
    done_by: tuple[str, ...]

    def page_of(self, offset: int) -> int:
        """1-based page holding `offset` (1 for a document without page geometry)."""
        return self.pages.page_of(offset) + 1


@dataclass(frozen=True)
class Totals:
    """Sizes known before writing, for progress and for checking coders."""

    documents: int
    units: int
    codings: int
    coders: tuple[str, ...]


def check_options(src: Sources, options: ExportOptions) -> None:
    """A misspelt coder would export an empty table that looks like "nothing coded"."""
    if options.coder is None:
        return
    coders = src.review.coders()
    if options.coder not in coders:
        known = ", ".join(coders) or "none yet"
        raise NotFoundError(f"no codings by coder {options.coder!r} (coders: {known})")


def totals(src: Sources, options: ExportOptions) -> Totals:
    with src.db.read() as s:
        units = s.scalar(select(func.count()).select_from(Passage)
                         .where(Passage.kind.not_in(UNCODED))) or 0
        query = select(func.count()).select_from(Annotation)
        if options.coder is not None:
            query = query.join(Coder, Coder.id == Annotation.coder_id).where(
                Coder.name == options.coder)
        codings = s.scalar(query) or 0
    documents = len(src.documents.all())
    return Totals(documents, units, codings, tuple(src.review.coders()))


def read_documents(src: Sources, options: ExportOptions,
                   ) -> Generator[DocumentData, None, None]:
    with src.db.read() as s:
        c = s.connection()
        done = _done_by(c)
        passages = _ByDocument(c.execute(_passages_query()))
        pages = _ByDocument(c.execute(select(Page.document_id, Page.number, Page.start)
                                      .order_by(Page.document_id, Page.number)))
        codings = _ByDocument(c.execute(_codings_query(options)))
        documents = c.execute(select(Document.id, Document.name, Document.extractor,
                                     Document.text).order_by(Document.id))
        for document, name, extractor, text in documents:  # one text in memory at a time
            rows = [_passage(p, text) for p in passages.take(document)]
            found = [Coding.of(row) for row in codings.take(document)]
            index = PageIndex([(start, number) for _d, number, start in pages.take(document)])
            yield DocumentData(Doc(DocumentId(document), name, extractor),
                               _units(rows, found, index), found, index,
                               done.get(DocumentId(document), ()))


def _passage(row: Sequence[Any], text: str) -> PassageRow:
    _document, passage, seq, page, page_end, start, end, kind, speaker = row
    return PassageRow(PassageId(passage), DocumentId(_document), seq, page, page_end, start, end,
                      kind, speaker, text[start:end])


class _ByDocument:
    """A query's rows, ordered by document id first, handed out one document at a time."""

    def __init__(self, rows: Any) -> None:
        self._rows = iter(rows)
        self._next = next(self._rows, None)

    def take(self, document: int) -> list[Any]:
        found = []
        while self._next is not None and self._next[0] <= document:
            if self._next[0] == document:
                found.append(self._next)
            self._next = next(self._rows, None)
        return found


def _passages_query() -> Select[*tuple[Any, ...]]:
    return (select(Passage.document_id, Passage.id, Passage.seq, Passage.page,
                   Passage.page_end, Passage.start, Passage.end, Passage.kind, Passage.speaker)
            .order_by(Passage.document_id, Passage.seq))


def _codings_query(options: ExportOptions) -> Select[*tuple[Any, ...]]:
    """Each coding with its standing review decision: the latest one, as the review
    service has it (`ReviewService.queue`; a test holds the two to the same states)."""
    latest = (select(Review.annotation_id, func.max(Review.id).label("review_id"))
              .group_by(Review.annotation_id).subquery("latest"))
    reviewer = aliased(Coder, name="reviewer")
    columns = (Annotation.document_id, Annotation.id, Annotation.passage_id, Annotation.start,
               Annotation.end, Code.key, Coder.name, Annotation.memo, Annotation.quote,
               Annotation.anchor, Annotation.created_at, Review.decision, reviewer.name,
               Review.comment, Review.at, Annotation.origin)
    query: Select[*tuple[Any, ...]] = (
        select(*columns)
        .join(Code, Code.id == Annotation.code_id)
        .join(Coder, Coder.id == Annotation.coder_id)
        .outerjoin(latest, latest.c.annotation_id == Annotation.id)
        .outerjoin(Review, Review.id == latest.c.review_id)
        .outerjoin(reviewer, reviewer.id == Review.coder_id)
        .order_by(Annotation.document_id, Annotation.start, Annotation.end, Annotation.id))
    if options.coder is not None:
        query = query.where(Coder.name == options.coder)
    if options.accepted_only:
        query = query.where(Review.decision == ACCEPTED)
    return query


def _done_by(c: Connection) -> dict[DocumentId, tuple[str, ...]]:
    rows = c.execute(select(DocumentStatus.document_id, Coder.name)
                     .join(Coder, Coder.id == DocumentStatus.coder_id)
                     .where(DocumentStatus.status == DONE).order_by(Coder.name)).all()
    found: dict[DocumentId, list[str]] = {}
    for document, name in rows:
        found.setdefault(DocumentId(document), []).append(name)
    return {document: tuple(names) for document, names in found.items()}


def _units(passages: Sequence[PassageRow], codings: Sequence[Coding],
           pages: PageIndex) -> list[Unit]:
    """Passages to code (and any other passage someone coded), then uncontained ranges.

    A coding inside a passage counts for that passage; one spanning several passages is
    a unit of its own, its text the quoted text.
    """
    known = {p.id for p in passages}
    in_passage: dict[PassageId, list[Coding]] = {}
    free: dict[tuple[int, int], list[Coding]] = {}
    for coding in codings:
        if coding.passage_id is not None and coding.passage_id in known:
            in_passage.setdefault(coding.passage_id, []).append(coding)
        else:
            free.setdefault((coding.start, coding.end), []).append(coding)
    units = [Unit(p.start, p.end, p.page + 1, p.page_end + 1, p.id, p.kind, p.speaker, p.text,
                  in_passage.get(p.id, []))
             for p in passages if p.kind not in UNCODED or p.id in in_passage]
    by_start = sorted(passages, key=lambda p: p.start)
    starts = [p.start for p in by_start]
    for (start, end), found in free.items():
        units.append(Unit(start, end, pages.page_of(start) + 1, pages.page_of(end - 1) + 1,
                          None, RANGE,
                          _speaker_at(by_start, starts, start), found[0].quote, found))
    units.sort(key=lambda u: (u.start, u.passage is None, u.end))
    return units


def _speaker_at(passages: Sequence[PassageRow], starts: list[int], offset: int) -> str | None:
    at = bisect_right(starts, offset) - 1
    return passages[at].speaker if at >= 0 else None
