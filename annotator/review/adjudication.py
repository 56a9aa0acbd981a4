"""Adjudication: the consensus coder's codings, each linked to the codings it came from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.changes import Changes, Op
from annotator.codebook.service import find_code
from annotator.coding.service import Applied, containing_passage, length_and_slice
from annotator.database import Database
from annotator.errors import InvalidInputError
from annotator.history import coder_id, now, record, snapshot
from annotator.ids import AnnotationId, CodeId, CoderId, DocumentId
from annotator.kinds import CONSENSUS
from annotator.records import AnnotationRow, Target
from annotator.review.rows import annotation_row, coding_by_id, known, listing
from db.models import (
    Annotation,
    AnnotationSource,
)


@dataclass(frozen=True)
class Adjudicated:
    """The consensus coding a step stands for, and whether the step created it."""

    id: AnnotationId
    created: bool


class AdjudicationMixin:
    """Adjudication: codings that stand are copied into the consensus coder, linked back."""

    _db: Database

    def adjudicate(self, document: DocumentId, picks: Sequence[AnnotationId], *,
                   consensus: str = CONSENSUS, actor: str) -> Op[list[AnnotationId]]:
        """Copy the codings that stand into the consensus coder, linked to where they came from.

        Returns the consensus coding of each pick, in order. Picking a coding again (or two
        coders' identical codings) gives the same consensus coding, not a duplicate.
        """
        op = self.apply_adjudication(document, picks, consensus=consensus, actor=actor)
        return Op(op.value.ids, op.changes)

    def apply_adjudication(self, document: DocumentId, picks: Sequence[AnnotationId], *,
                           consensus: str = CONSENSUS, actor: str,
                           ) -> Op[Applied]:
        """Like `adjudicate`, also saying which consensus codings are new (undo removes those)."""
        if not picks:
            raise InvalidInputError("pick at least one coding to adjudicate")
        ids: list[AnnotationId] = []
        created: list[AnnotationId] = []
        with self._db.write() as s:
            target = _consensus(s, consensus, actor)
            for pick in picks:
                source = _in_document(s, pick, document)
                if source.coder_id == target:
                    ids.append(pick)  # already a consensus coding: it stands as it is
                    continue
                coding, new = _consensus_coding(s, _Place.of(source), target, actor)
                _link(s, coding.id, source.id)
                ids.append(AnnotationId(coding.id))
                if new:
                    created.append(AnnotationId(coding.id))
        return Op(Applied(ids, created), Changes(annotations_in=frozenset({document}),
                                                 created=frozenset(created)))

    def adjudicate_code(self, target: Target, code: str | int, *, actor: str,
                        sources: Sequence[AnnotationId] = (), consensus: str = CONSENSUS,
                        memo: str = "") -> Op[Adjudicated]:
        """Apply a code as the consensus, e.g. one no coder chose, linked to `sources` if any.

        Says whether the consensus coding is new: undo must leave one that stood before.
        """
        with self._db.write() as s:
            who = _consensus(s, consensus, actor)
            code_id = CodeId(find_code(s, code).id)
            linked = [_in_document(s, source, target.document) for source in sources]
            place = _Place(target.document, target.start, target.end, code_id, memo, "exact")
            coding, new = _consensus_coding(s, place, who, actor)
            for source in linked:
                if source.id != coding.id:
                    _link(s, coding.id, source.id)
            made = AnnotationId(coding.id)
            return Op(Adjudicated(made, new),
                      Changes(annotations_in=frozenset({target.document}),
                              created=frozenset({made} if new else ())))

    def withdraw(self, consensus_ids: Sequence[AnnotationId], *, actor: str,
                 consensus: str = CONSENSUS) -> Op[None]:
        """Remove consensus codings (undo of adjudication). Their links stay, so that
        `CodingService.restore` brings a coding back still linked to its sources."""
        documents: set[DocumentId] = set()
        with self._db.write() as s:
            who = _consensus(s, consensus, actor)
            for annotation_id in consensus_ids:
                annotation = coding_by_id(s, annotation_id)
                if annotation.coder_id != who:
                    raise InvalidInputError(
                        f"annotation {annotation_id} is not a {consensus} coding; "
                        "coders remove their own codings")
                record(s, "delete", annotation, actor, before=snapshot(annotation))
                s.delete(annotation)
                documents.add(DocumentId(annotation.document_id))
        return Op(None, Changes(annotations_in=frozenset(documents),
                                removed=frozenset(consensus_ids)))

    def sources(self, annotation_id: AnnotationId) -> list[AnnotationRow]:
        """The codings a consensus coding was taken from (those that still exist)."""
        with self._db.read() as s:
            known(s, annotation_id)
            query = listing().join(AnnotationSource,
                                    AnnotationSource.source_annotation_id == Annotation.id)
            rows = s.execute(query.where(AnnotationSource.annotation_id == annotation_id))
            return [annotation_row(values) for values in rows]

    def derived(self, annotation_id: AnnotationId) -> list[AnnotationRow]:
        """The consensus codings taken from this coding: has it been adjudicated already?"""
        with self._db.read() as s:
            known(s, annotation_id)
            query = listing().join(AnnotationSource,
                                    AnnotationSource.annotation_id == Annotation.id)
            rows = s.execute(query.where(AnnotationSource.source_annotation_id == annotation_id))
            return [annotation_row(values) for values in rows]


@dataclass(frozen=True)
class _Place:
    document: DocumentId
    start: int
    end: int
    code_id: CodeId
    memo: str
    anchor: str

    @staticmethod
    def of(annotation: Annotation) -> _Place:
        """Where a picked coding is; its anchor flag (fuzzy, lost) travels with the copy."""
        return _Place(DocumentId(annotation.document_id), annotation.start, annotation.end,
                      CodeId(annotation.code_id), annotation.memo, annotation.anchor)


def _consensus(s: Session, consensus: str, actor: str) -> CoderId:
    coder_id(s, actor)  # an empty actor is refused before anything is written
    return coder_id(s, consensus)


def _in_document(s: Session, annotation_id: AnnotationId, document: DocumentId) -> Annotation:
    annotation = coding_by_id(s, annotation_id)
    if annotation.document_id != document:
        raise InvalidInputError(
            f"annotation {annotation_id} is in document {annotation.document_id}, "
            f"not in document {document}")
    return annotation


def _consensus_coding(s: Session, place: _Place, coder: CoderId,
                      actor: str) -> tuple[Annotation, bool]:
    """The consensus coder's coding at `place`, made if it is not there yet."""
    existing = s.scalars(select(Annotation).where(
        Annotation.document_id == place.document, Annotation.start == place.start,
        Annotation.end == place.end, Annotation.code_id == place.code_id,
        Annotation.coder_id == coder)).first()
    if existing is not None:
        return existing, False
    target = Target(place.document, place.start, place.end)
    length, quote = length_and_slice(s, target)
    if not 0 <= place.start < place.end <= length:
        raise InvalidInputError(
            f"range {place.start}–{place.end} is outside document {place.document} "
            f"(0–{length} characters)")
    stamp = now()
    annotation = Annotation(
        document_id=place.document, passage_id=containing_passage(s, target), start=place.start,
        end=place.end, code_id=place.code_id, coder_id=coder, memo=place.memo, quote=quote,
        anchor=place.anchor, created_at=stamp, updated_at=stamp)
    s.add(annotation)
    record(s, "create", annotation, actor)  # the adjudicator is who made it
    return annotation, True


def _link(s: Session, consensus_id: int, source_id: int) -> None:
    if s.get(AnnotationSource, (consensus_id, source_id)) is None:
        s.add(AnnotationSource(annotation_id=consensus_id, source_annotation_id=source_id))
