"""Reads the review rooms share: a coding by id, and codings as rows with code and coder."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from annotator.errors import NotFoundError
from annotator.ids import AnnotationId, CodeId, DocumentId, PassageId
from annotator.records import AnnotationRow
from db.models import (
    Annotation,
    Code,
    Coder,
    History,
)

ANNOTATION_COLUMNS = (
    Annotation.id, Annotation.document_id, Annotation.passage_id, Annotation.start,
    Annotation.end, Annotation.code_id, Code.key, Coder.name, Annotation.memo, Annotation.quote,
    Annotation.anchor, Annotation.created_at, Annotation.updated_at)


def coding_by_id(s: Session, annotation_id: AnnotationId) -> Annotation:
    annotation = s.get(Annotation, annotation_id)
    if annotation is None:
        raise NotFoundError(f"no annotation with id {annotation_id}")
    return annotation


def known(s: Session, annotation_id: AnnotationId) -> None:
    """Refuse ids that never were codings; a removed coding still has its history."""
    if s.get(Annotation, annotation_id) is None and s.scalar(
            select(History.id).where(History.annotation_id == annotation_id).limit(1)) is None:
        raise NotFoundError(f"no annotation with id {annotation_id}")


def listing(*extra: Any) -> Select[*tuple[Any, ...]]:
    """Plain columns, not ORM objects: a queue of 50,000 codings builds in a blink."""
    return (select(*ANNOTATION_COLUMNS, *extra)
            .join(Code, Code.id == Annotation.code_id)
            .join(Coder, Coder.id == Annotation.coder_id)
            .order_by(Annotation.document_id, Annotation.start, Annotation.end, Annotation.id))


def annotation_row(values: Sequence[Any]) -> AnnotationRow:
    (annotation_id, document, passage, start, end, code_id, code, coder, memo, quote, anchor,
     created, updated) = values[:len(ANNOTATION_COLUMNS)]
    return AnnotationRow(
        id=AnnotationId(annotation_id), document_id=DocumentId(document),
        passage_id=PassageId(passage) if passage is not None else None, start=start, end=end,
        code_id=CodeId(code_id), code=code, coder=coder, memo=memo, quote=quote, anchor=anchor,
        created=created, updated=updated)
