"""Codings: tag, untag, restore, memo, and a coder's done mark on a document.

Every method is one transaction: when it returns, the coding is on disk. A batch is
all or nothing. Offsets are code points of the stored text; the quote is stored too.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, distinct, func, select
from sqlalchemy.orm import Session

from annotator.changes import Changes, Op
from annotator.codebook.service import find_code
from annotator.coding import statements
from annotator.coding.batch import Batch, BatchLine, BatchOutcome
from annotator.database import Database
from annotator.documents.reanchor import Placer, worst
from annotator.errors import InvalidInputError, NotFoundError
from annotator.history import coder_id, from_snapshot, last_state, now, record, snapshot
from annotator.ids import AnnotationId, CodeId, DocumentId, PassageId
from annotator.kinds import UNCODED, DocumentState, Origin
from annotator.records import AnnotationRow, Target
from db.models import Annotation, Code, Coder, Document, DocumentStatus, Passage, new_guid

DONE, IN_PROGRESS = DocumentState.DONE, DocumentState.IN_PROGRESS
HUMAN, SUGGESTED = Origin.HUMAN, Origin.SUGGESTED
ORIGINS = tuple(Origin)  # where a coding came from: typed, or an accepted suggestion


@dataclass(frozen=True)
class Progress:
    coded: int
    total: int
    done: bool

    @property
    def share(self) -> float:
        return self.coded / self.total if self.total else 0.0


@dataclass(frozen=True)
class Applied:
    """Codings a tag step stands for (`ids`, one per request) and those it created."""

    ids: list[AnnotationId]
    created: list[AnnotationId]


@dataclass(frozen=True)
class TagRequest:
    target: Target
    code: str | int  # id, key or name
    coder: str
    memo: str = ""
    # Decided before the first attempt: a write retried after a dropped connection finds the
    # coding it already stored instead of storing it twice.
    guid: str = field(default_factory=new_guid)
    origin: str = "human"  # "suggested" when a coder accepts a suggestion (annotator/suggest)


class CodingService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def tag(self, target: Target, code: str | int, coder: str,
            memo: str = "") -> Op[AnnotationId]:
        """Code one range; the same coding twice is one coding (its id comes back)."""
        op = self.apply([TagRequest(target, code, coder, memo)])
        return Op(op.value.ids[0], op.changes)

    def tag_many(self, requests: Sequence[TagRequest]) -> Op[list[AnnotationId]]:
        """All requests in one transaction: one bad request and none is written."""
        op = self.apply(requests)
        return Op(op.value.ids, op.changes)

    def apply(self, requests: Sequence[TagRequest]) -> Op[Applied]:
        """Like `tag_many`, also saying which codings are new (undo removes only those)."""
        def work(s: Session) -> tuple[list[AnnotationId], list[AnnotationId]]:
            ids: list[AnnotationId] = []
            created: list[AnnotationId] = []
            for number, request in enumerate(requests, start=1):
                try:
                    annotation_id, new = _tag(s, request)
                except (InvalidInputError, NotFoundError) as err:
                    prefix = f"item {number}: " if len(requests) > 1 else ""
                    raise type(err)(f"{prefix}{err}") from err
                ids.append(annotation_id)
                if new:
                    created.append(annotation_id)
            return ids, created

        ids, created = self._db.retrying(work)
        documents = frozenset(r.target.document for r in requests)
        return Op(Applied(ids, created),
                  Changes(annotations_in=documents, created=frozenset(created)))

    def tag_lines(self, lines: Iterable[BatchLine]) -> Op[BatchOutcome]:
        """A batch of any size in one transaction, in bulk (annotator/coding/batch.py).

        All or nothing: a bad line raises `BatchRejectedError` naming every bad line, and
        nothing is written. The lines are read once, so unlike `apply` a dropped server
        connection is not retried; a batch run again repeats no coding (the same coding
        twice is one coding).
        """
        with self._db.write() as s:
            outcome = Batch(s).run(lines)
        return Op(outcome, Changes(annotations_in=frozenset(outcome.documents)))

    def untag(self, annotation_id: AnnotationId, coder: str) -> Op[AnnotationRow]:
        """Remove a coding; only its own coder may (reviewers reject instead of deleting)."""
        op = self.untag_many([annotation_id], coder)
        return Op(op.value[0], op.changes)

    def untag_many(self, annotation_ids: Sequence[AnnotationId],
                   coder: str) -> Op[list[AnnotationRow]]:
        """Remove several codings in one transaction: if one is gone or not the coder's,
        none is removed, so an undo step never leaves half its codings behind."""
        rows: list[AnnotationRow] = []
        with self._db.write() as s:
            for annotation_id in annotation_ids:
                annotation = _annotation(s, annotation_id)
                owner = s.get(Coder, annotation.coder_id)
                if owner is None or owner.name != coder.strip():
                    raise InvalidInputError(
                        f"annotation {annotation_id} was made by "
                        f"{owner.name if owner else '?'}; only that coder can remove it"
                    )
                rows.append(_row(s, annotation))
                record(s, "delete", annotation, coder, before=snapshot(annotation))
                s.delete(annotation)
        return Op(rows, Changes(annotations_in=frozenset(r.document_id for r in rows),
                                removed=frozenset(r.id for r in rows)))

    def restore(self, annotation_id: AnnotationId, coder: str) -> Op[None]:
        """Bring back a removed coding exactly as it was, id included (undo of untag)."""
        return self.restore_many([annotation_id], coder)

    def restore_many(self, annotation_ids: Sequence[AnnotationId], coder: str) -> Op[None]:
        """Bring back removed codings, all or none, ids included (undo of a removal)."""
        documents: set[DocumentId] = set()
        with self._db.write() as s:
            for annotation_id in annotation_ids:
                documents.add(restore_annotation(s, annotation_id, coder))
        return Op(None, Changes(annotations_in=frozenset(documents),
                                created=frozenset(annotation_ids)))

    def set_memo(self, annotation_id: AnnotationId, memo: str, coder: str) -> Op[None]:
        with self._db.write() as s:
            annotation = _annotation(s, annotation_id)
            before = snapshot(annotation)
            annotation.memo = memo
            annotation.updated_at = now()
            record(s, "update", annotation, coder, before=before)
            return Op(None, Changes.annotations(DocumentId(annotation.document_id)))

    def set_done(self, document: DocumentId, coder: str, done: bool = True) -> Op[None]:
        """A coder's own mark that they finished a document; agreement counts on it."""
        with self._db.write() as s:
            if s.get(Document, document) is None:
                raise NotFoundError(f"no document with id {document}")
            who = coder_id(s, coder)
            status = s.get(DocumentStatus, (document, who))
            value = DocumentState.DONE if done else DocumentState.IN_PROGRESS
            if status is None:
                s.add(DocumentStatus(document_id=document, coder_id=who, status=value,
                                     updated_at=now()))
            else:
                status.status, status.updated_at = value, now()
        return Op(None, Changes(status_in=frozenset({document})))

    def status(self, document: DocumentId, coder: str) -> str:
        with self._db.read() as s:
            row = s.execute(
                select(DocumentStatus.status).join(Coder, Coder.id == DocumentStatus.coder_id)
                .where(DocumentStatus.document_id == document, Coder.name == coder)
            ).scalar()
        return row or IN_PROGRESS

    def progress(self, coder: str, documents: Collection[DocumentId] | None = None,
                 ) -> dict[DocumentId, Progress]:
        """Per document: passages this coder has coded, passages to code, and the done mark.

        Speaker headings and figure labels are not counted: nobody codes them. Pass
        `documents` to refresh just those (after a keystroke, one document changed).
        """
        def only(column: Any) -> Any:
            return column.in_(documents) if documents is not None else True

        with self._db.read() as s:
            c = s.connection()  # Core rows: a keystroke refreshes one document's progress
            total = dict(c.execute(
                select(Passage.document_id, func.count())
                .where(Passage.kind.not_in(UNCODED), only(Passage.document_id))
                .group_by(Passage.document_id)).all())
            coded = dict(c.execute(
                select(Annotation.document_id, func.count(distinct(Annotation.passage_id)))
                .join(Coder, Coder.id == Annotation.coder_id)
                .join(Passage, Passage.id == Annotation.passage_id)
                .where(Coder.name == coder, Passage.kind.not_in(UNCODED),
                       only(Annotation.document_id))
                .group_by(Annotation.document_id)).all())
            done = set(c.execute(
                select(DocumentStatus.document_id).join(Coder, Coder.id == DocumentStatus.coder_id)
                .where(Coder.name == coder, DocumentStatus.status == DONE,
                       only(DocumentStatus.document_id))).scalars())
            ids = c.execute(select(Document.id).where(only(Document.id))).scalars().all()
        return {DocumentId(d): Progress(coded.get(d, 0), total.get(d, 0), d in done)
                for d in ids}

    def get(self, annotation_id: AnnotationId) -> AnnotationRow:
        with self._db.read() as s:
            return _row(s, _annotation(s, annotation_id))

    def annotations(self, *, coder: str | None = None, document: DocumentId | None = None,
                    code: str | int | None = None) -> list[AnnotationRow]:
        with self._db.read() as s:
            query = _core_listing()
            if coder is not None:
                query = query.where(Coder.name == coder)
            if document is not None:
                query = query.where(Annotation.document_id == document)
            if code is not None:
                query = query.where(Annotation.code_id == find_code(s, code).id)
            # Core rows, not ORM objects: every pane reads a document's codings after a tag.
            return [_from_tuple(row, row.code_key, row.coder_name)
                    for row in s.connection().execute(query)]


def _tag(s: Session, request: TagRequest) -> tuple[AnnotationId, bool]:
    """One coding in Core statements: a lookup, the duplicate check, two INSERTs."""
    target, c = request.target, s.connection()
    found = statements.lookup(c, guid=request.guid, document=target.document,
                              start=target.start, end=target.end, code=request.code,
                              coder=request.coder)
    if found.stored is not None:
        return AnnotationId(found.stored), True  # an earlier attempt of this request committed
    if found.length is None:
        raise NotFoundError(f"no document with id {target.document}")
    if not 0 <= target.start < target.end <= found.length:
        raise InvalidInputError(
            f"range {target.start}–{target.end} is outside document {target.document} "
            f"(0–{found.length} characters)"
        )
    if request.origin not in ORIGINS:
        raise InvalidInputError(f"origin {request.origin!r} is not one of {', '.join(ORIGINS)}")
    code = found.code if found.code is not None else find_code(s, request.code).id  # raises
    who = found.coder if found.coder is not None else coder_id(s, request.coder)
    same = statements.existing(c, document=target.document, start=target.start,
                               end=target.end, code=code, coder=who)
    if same is not None:
        return AnnotationId(same), False  # the same coding twice is one coding
    stamp = now()
    values = {"document_id": target.document, "passage_id": found.passage,
              "start": target.start, "end": target.end, "code_id": code, "coder_id": who,
              "memo": request.memo, "quote": found.quote, "anchor": "exact",
              "created_at": stamp, "updated_at": stamp, "guid": request.guid,
              "origin": request.origin}
    return AnnotationId(statements.insert_coding(c, values, who, stamp)), True


def length_and_slice(s: Session, target: Target) -> tuple[int, str]:
    """The text's length and the quoted slice, without reading a long text into Python.

    SQLite's length() and substr() count characters (code points), as Python does.
    """
    row = s.execute(select(func.length(Document.text), func.substr(
        Document.text, max(target.start, 0) + 1, max(target.end - target.start, 0)))
        .where(Document.id == target.document)).first()
    if row is None:
        raise NotFoundError(f"no document with id {target.document}")
    return int(row[0]), str(row[1] or "")


def restore_annotation(s: Session, annotation_id: AnnotationId, actor: str) -> DocumentId:
    """Re-insert a removed coding from its last history snapshot, placed on today's text."""
    if s.get(Annotation, annotation_id) is not None:
        raise InvalidInputError(f"annotation {annotation_id} is not removed")
    state = last_state(s, annotation_id)
    if state is None:
        raise NotFoundError(f"no removed annotation {annotation_id}")
    annotation = from_snapshot(state)
    _reanchor(s, annotation)
    s.add(annotation)
    record(s, "restore", annotation, actor)
    return DocumentId(annotation.document_id)


def _reanchor(s: Session, annotation: Annotation) -> None:
    """Place a restored coding on today's text: a re-extraction may have moved it."""
    text = s.get_one(Document, annotation.document_id).text
    if text[annotation.start:annotation.end] != annotation.quote:
        placed = Placer(text, text).place(annotation.start, annotation.end, annotation.quote)
        annotation.start, annotation.end = placed.start, placed.end
        annotation.anchor = worst(annotation.anchor, placed.status)
        annotation.quote = text[placed.start:placed.end]
    target = Target(DocumentId(annotation.document_id), annotation.start, annotation.end)
    annotation.passage_id = containing_passage(s, target)  # ids do not survive re-extraction


def containing_passage(s: Session, target: Target) -> PassageId | None:
    """The passage that holds the whole range, if one does (free ranges may span several)."""
    found = s.scalar(select(Passage.id).where(
        Passage.document_id == target.document, Passage.start <= target.start,
        Passage.end >= target.end).order_by(Passage.start.desc()).limit(1))
    return PassageId(found) if found is not None else None


def _annotation(s: Session, annotation_id: AnnotationId) -> Annotation:
    annotation = s.get(Annotation, annotation_id)
    if annotation is None:
        raise NotFoundError(f"no annotation with id {annotation_id}")
    return annotation


def _core_listing() -> Select[*tuple[Any, ...]]:
    """Plain rows, in reading order: the annotation's columns, its code's key, its coder."""
    return (select(*Annotation.__table__.c, Code.key.label("code_key"),
                   Coder.name.label("coder_name"))
            .join(Code, Code.id == Annotation.code_id)
            .join(Coder, Coder.id == Annotation.coder_id)
            .order_by(Annotation.document_id, Annotation.start, Annotation.end, Annotation.id))


def _row(s: Session, annotation: Annotation) -> AnnotationRow:
    code = s.get(Code, annotation.code_id)
    coder = s.get(Coder, annotation.coder_id)
    assert code is not None
    assert coder is not None
    return _from_tuple(annotation, code.key, coder.name)


def _from_tuple(a: Any, code: str, coder: str) -> AnnotationRow:
    """From an Annotation or a Core row with the same column names."""
    return AnnotationRow(
        id=AnnotationId(a.id), document_id=DocumentId(a.document_id),
        passage_id=PassageId(a.passage_id) if a.passage_id is not None else None,
        start=a.start, end=a.end, code_id=CodeId(a.code_id), code=code, coder=coder,
        memo=a.memo, quote=a.quote, anchor=a.anchor, created=a.created_at, updated=a.updated_at,
        origin=a.origin or HUMAN,
    )
