"""Changes made elsewhere: what other workbenches (or processes) wrote since we last looked.

One cheap poll on either engine: the history table's last id says which codings and review
decisions changed (every change to a coding or a decision appends a row there), and a few
aggregate fingerprints catch what has no history row (codebook edits: each bumps a code's
version; done marks; documents; settings and reviewer roles). The answer is a `Changes`, so
a front end sends it down the same Bus as its own edits; panes re-read through the services,
so blind mode hides what it hides for local edits too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.changes import Changes
from annotator.database import Database
from annotator.ids import DocumentId
from db.models import Annotation, Code, Coder, Document, DocumentStatus, History, Setting

REVIEW_ACTIONS = ("review", "unreview")


@dataclass(frozen=True)
class Mark:
    """Where the project stood at one poll; hand it back to the next."""

    history: int
    codebook: tuple[int, int, int]  # number of codes, sum of versions, largest id
    documents: tuple[int, int]  # number, largest id
    statuses: tuple[tuple[int, str], ...]  # per document: the latest done-mark change
    settings: str


class WatchService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def mark(self) -> Mark:
        with self._db.read() as s:
            return _mark(s)

    def changes_since(self, mark: Mark | None) -> tuple[Mark, Changes]:
        """The new mark and what changed after `mark` (None: only the mark, no changes)."""
        with self._db.read() as s:
            now = _mark(s)
            if mark is None or now == mark:
                return now, Changes()
            annotations, reviews = _history_documents(s, mark.history, now.history)
            documents = frozenset() if now.documents == mark.documents else frozenset(
                DocumentId(d) for d in s.scalars(select(Document.id)))
        before = dict(mark.statuses)
        statuses = frozenset(DocumentId(d) for d, at in now.statuses if before.get(d) != at)
        statuses |= frozenset(DocumentId(d) for d in before if d not in dict(now.statuses))
        return now, Changes(
            documents=documents or (frozenset({DocumentId(0)}) if now.documents != mark.documents
                                    else frozenset()),
            annotations_in=annotations, reviews_in=reviews, status_in=statuses,
            codebook=now.codebook != mark.codebook, settings=now.settings != mark.settings,
        )


def _mark(s: Session) -> Mark:
    history = s.scalar(select(func.max(History.id))) or 0
    count, versions, largest = s.execute(
        select(func.count(), func.coalesce(func.sum(Code.version), 0),
               func.coalesce(func.max(Code.id), 0))).one()
    documents = s.execute(select(func.count(), func.coalesce(func.max(Document.id), 0))).one()
    statuses = tuple((int(d), str(at)) for d, at in s.execute(
        select(DocumentStatus.document_id, func.max(DocumentStatus.updated_at))
        .group_by(DocumentStatus.document_id).order_by(DocumentStatus.document_id)))
    settings = json.dumps([
        sorted((k, v) for k, v in s.execute(select(Setting.key, Setting.value))),
        sorted(s.scalars(select(Coder.name).where(Coder.is_reviewer.is_(True)))),
    ], ensure_ascii=False)
    return Mark(int(history), (int(count), int(versions), int(largest)),
                (int(documents[0]), int(documents[1])), statuses, settings)


def _history_documents(s: Session, after: int, upto: int,
                       ) -> tuple[frozenset[DocumentId], frozenset[DocumentId]]:
    """Documents whose codings, and whose review decisions, the new history rows touched."""
    codings: set[int] = set()
    reviews: set[int] = set()
    unknown: dict[int, bool] = {}
    rows = s.execute(select(History.action, History.annotation_id, History.before, History.after)
                     .where(History.id > after, History.id <= upto))
    for action, annotation_id, before, state in rows:
        is_review = action in REVIEW_ACTIONS
        found = {_document_in(before), _document_in(state)} - {None}
        if not found:
            unknown[annotation_id] = unknown.get(annotation_id, False) or is_review
        for document in found:
            (reviews if is_review else codings).add(int(document))  # type: ignore[arg-type]
    if unknown:
        for annotation_id, document in s.execute(
                select(Annotation.id, Annotation.document_id)
                .where(Annotation.id.in_(list(unknown)))):
            (reviews if unknown[annotation_id] else codings).add(document)
    return (frozenset(DocumentId(d) for d in codings),
            frozenset(DocumentId(d) for d in reviews))


def _document_in(snapshot: str | None) -> int | None:
    if not snapshot:
        return None
    value = json.loads(snapshot).get("document_id")
    return int(value) if isinstance(value, int) else None
