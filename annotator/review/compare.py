"""Coder comparison: per codable passage, the codes each coder applied there."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.database import Database
from annotator.documents.service import passage_row
from annotator.errors import InvalidInputError, NotFoundError
from annotator.ids import AnnotationId, CoderId, DocumentId, PassageId
from annotator.kinds import UNCODED
from annotator.queries import SpanIndex
from annotator.records import PassageRow
from db.models import (
    Annotation,
    Code,
    Coder,
    Document,
    Passage,
)


@dataclass(frozen=True)
class PassageComparison:
    """One passage as each coder coded it: a coding counts here if it overlaps the passage."""

    passage: PassageRow
    codes: Mapping[str, frozenset[str]]  # coder → code keys
    annotations: Mapping[str, tuple[AnnotationId, ...]]  # coder → the codings counted, to pick

    @property
    def disagree(self) -> bool:
        return len(set(self.codes.values())) > 1

    @property
    def contested(self) -> frozenset[str]:
        """The codes some but not all coders applied: what to highlight."""
        sets = list(self.codes.values())
        if not sets:
            return frozenset()
        return frozenset[str]().union(*sets) - sets[0].intersection(*sets[1:])

    @property
    def by_code(self) -> dict[str, tuple[str, ...]]:
        """Code key → the coders who applied it, in the order the coders were asked for."""
        keys = sorted(frozenset().union(*self.codes.values()))
        return {key: tuple(c for c, applied in self.codes.items() if key in applied)
                for key in keys}


@dataclass(frozen=True)
class Comparison:
    document: DocumentId
    coders: tuple[str, ...]
    passages: tuple[PassageComparison, ...]  # codable passages in reading order
    # Every passage's place in the document, uncoded kinds too, so navigation can start
    # from wherever the reader is (a speaker heading, say).
    order: Mapping[PassageId, int] = field(repr=False, compare=False, default_factory=dict)

    @property
    def disagreements(self) -> tuple[PassageComparison, ...]:
        return tuple(p for p in self.passages if p.disagree)

    def get(self, passage: PassageId) -> PassageComparison:
        for row in self.passages:
            if row.passage.id == passage:
                return row
        raise NotFoundError(f"passage {passage} is not compared in document {self.document}")

    def next_disagreement(self, after: PassageId | None = None, *,
                          wrap: bool = False) -> PassageComparison | None:
        """The first disagreement after `after` (None: from the top); None when there is none."""
        found = [p for p in self.disagreements if p.passage.seq > self._seq(after, -1)]
        if not found and wrap:
            found = list(self.disagreements)
        return found[0] if found else None

    def previous_disagreement(self, before: PassageId | None = None, *,
                              wrap: bool = False) -> PassageComparison | None:
        """The last disagreement before `before` (None: from the bottom)."""
        found = [p for p in self.disagreements if p.passage.seq < self._seq(before, 1 << 62)]
        if not found and wrap:
            found = list(self.disagreements)
        return found[-1] if found else None

    def _seq(self, passage: PassageId | None, default: int) -> int:
        if passage is None:
            return default
        if passage not in self.order:
            raise NotFoundError(f"no passage {passage} in document {self.document}")
        return self.order[passage]


class ComparisonMixin:
    """Coder comparison: who applied which code to each codable passage."""

    _db: Database

    def compare(self, document: DocumentId, coders: Sequence[str]) -> Comparison:
        """Per codable passage, the codes each coder applied to it or to a range overlapping it."""
        names = _coder_names(coders)
        with self._db.read() as s:
            text = _document(s, document).text
            ids = _coder_ids(s, names)
            passages = list(s.scalars(select(Passage).where(Passage.document_id == document)
                                      .order_by(Passage.seq)))
            codings = s.execute(
                select(Annotation.id, Annotation.start, Annotation.end, Annotation.coder_id,
                       Code.key).join(Code, Code.id == Annotation.code_id)
                .where(Annotation.document_id == document, Annotation.coder_id.in_(ids.values()))
                .order_by(Annotation.start, Annotation.id)).all()
        names_by_id: dict[int, str] = {who: name for name, who in ids.items()}
        codable = [p for p in passages if p.kind not in UNCODED]
        found: list[dict[str, list[tuple[AnnotationId, str]]]] = [{} for _ in codable]
        overlaps = SpanIndex([(p.start, p.end, k) for k, p in enumerate(codable)])
        for annotation_id, start, end, who, key in codings:
            for k in overlaps.overlapping(start, end):
                found[k].setdefault(names_by_id[who], []).append((AnnotationId(annotation_id), key))
        rows = tuple(_compared(passage_row(p, text), names, hits)
                     for p, hits in zip(codable, found, strict=True))
        order = {PassageId(p.id): p.seq for p in passages}
        return Comparison(document, names, rows, order)

    def coders(self, document: DocumentId | None = None) -> list[str]:
        """Coders who have codings (in `document`, if given), by name: whom to compare."""
        with self._db.read() as s:
            query = select(Coder.name).join(Annotation, Annotation.coder_id == Coder.id)
            if document is not None:
                query = query.where(Annotation.document_id == document)
            return list(s.scalars(query.distinct().order_by(Coder.name)))


def _coder_names(coders: Sequence[str]) -> tuple[str, ...]:
    names = tuple(name.strip() for name in coders if name.strip())
    if len(names) < 2:
        raise InvalidInputError("name two or more coders to compare")
    if len(set(names)) != len(names):
        raise InvalidInputError("a coder is named twice in the comparison")
    return names


def _coder_ids(s: Session, names: Sequence[str]) -> dict[str, CoderId]:
    found = dict(s.execute(select(Coder.name, Coder.id).where(Coder.name.in_(names))).all())
    missing = [name for name in names if name not in found]
    if missing:
        raise NotFoundError(f"no coder named {', '.join(repr(m) for m in missing)}")
    return {name: CoderId(found[name]) for name in names}


def _document(s: Session, document: DocumentId) -> Document:
    row = s.get(Document, document)
    if row is None:
        raise NotFoundError(f"no document with id {document}")
    return row


def _compared(passage: PassageRow, names: Sequence[str],
              hits: Mapping[str, list[tuple[AnnotationId, str]]]) -> PassageComparison:
    codes = {name: frozenset(key for _id, key in hits.get(name, ())) for name in names}
    ids = {name: tuple(a for a, _key in hits.get(name, ())) for name in names}
    return PassageComparison(passage, codes, ids)
