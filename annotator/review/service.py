"""Review of codings: decisions and the review queue; `ReviewService` is the one façade.

Comparison (compare.py), adjudication (adjudication.py) and roles and blind mode (roles.py)
live in their own rooms and are mixed into the service, so callers keep one
`project.review`.

A decision is a new row, never an edit of an earlier one, and each decision (and each
withdrawal by undo) is also a history row: what a reviewer decided, on which version of the
coding, stays readable after the coding changes or is removed. Rejecting never deletes a
coding; it is a state that the team reports on. Adjudication copies codings into a
"consensus" coder and keeps links to the codings they came from, so a consolidated table can
be traced back to the coders who made it.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NewType, cast

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from annotator.changes import Changes, Op
from annotator.codebook.service import find_code
from annotator.database import Database
from annotator.errors import InvalidInputError, NotFoundError
from annotator.history import coder_id, last_state, now, snapshot
from annotator.ids import AnnotationId, CoderId, DocumentId
from annotator.kinds import CONSENSUS as CONSENSUS  # re-exported: review is where it is used
from annotator.kinds import Decision, Verdict
from annotator.records import AnnotationRow
from annotator.review.adjudication import Adjudicated, AdjudicationMixin
from annotator.review.compare import Comparison, ComparisonMixin, PassageComparison
from annotator.review.roles import BLIND_AUTO, BLIND_MODES, BLIND_OFF, BLIND_ON, RolesMixin
from annotator.review.rows import ANNOTATION_COLUMNS, annotation_row, coding_by_id, known, listing
from db.models import (
    Annotation,
    Code,
    Coder,
    History,
    Review,
)

__all__ = ["ACCEPTED", "BLIND_AUTO", "BLIND_MODES", "BLIND_OFF", "BLIND_ON", "CONSENSUS",
           "DISCUSSION", "REJECTED", "STATES", "UNREVIEWED", "Adjudicated", "Comparison",
           "PassageComparison", "QueueItem", "ReviewService", "ReviewState"]

ReviewId = NewType("ReviewId", int)


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic collector while tens of thousands of row tuples are made: they
    hold no cycles, yet each 700 of them triggers a collection pass over every object (a
    50,000-id queue took 60 ms or, with a full pass in the middle, 170 ms)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

UNREVIEWED, ACCEPTED, REJECTED, DISCUSSION = (
    Verdict.UNREVIEWED, Verdict.ACCEPTED, Verdict.REJECTED, Verdict.DISCUSSION)
STATES = (UNREVIEWED, ACCEPTED, REJECTED, DISCUSSION)
DECISIONS = {d.value: d.verdict for d in Decision}  # what a user types


@dataclass(frozen=True)
class ReviewRow:
    """One decision, as the reviewer made it."""

    id: ReviewId
    annotation_id: AnnotationId
    decision: str  # accepted | rejected | discussion
    reviewer: str
    comment: str
    at: datetime


@dataclass(frozen=True)
class ReviewState:
    """Where a coding stands: its latest decision, or unreviewed when it has none."""

    annotation_id: AnnotationId
    state: str = UNREVIEWED  # unreviewed | accepted | rejected | discussion
    review_id: ReviewId | None = None
    reviewer: str | None = None
    comment: str = ""
    at: datetime | None = None
    decisions: int = 0  # earlier decisions stay; the GUI can offer to show them

    @property
    def reviewed(self) -> bool:
        return self.review_id is not None


@dataclass(frozen=True)
class QueueItem:
    annotation: AnnotationRow
    review: ReviewState

    @property
    def id(self) -> AnnotationId:
        return self.annotation.id

    @property
    def document_id(self) -> DocumentId:
        return self.annotation.document_id

    @property
    def state(self) -> str:
        return self.review.state


class ReviewService(ComparisonMixin, AdjudicationMixin, RolesMixin):
    """Decisions and the review queue here; comparison, adjudication and roles from their rooms."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # decisions --------------------------------------------------------------------------------

    def decide(self, annotation_id: AnnotationId, decision: str, reviewer: str,
               comment: str = "") -> Op[ReviewId]:
        """Record a decision; earlier ones stay. A discussion needs a comment to discuss."""
        state = decision_state(decision)
        comment = comment.strip()
        if state == DISCUSSION and not comment:
            raise InvalidInputError("a decision to discuss needs a comment saying what to discuss")
        with self._db.write() as s:
            annotation = coding_by_id(s, annotation_id)
            before = _state(s, annotation_id)
            who = coder_id(s, reviewer)
            row = Review(annotation_id=annotation_id, coder_id=who, decision=state,
                         comment=comment, at=now())
            s.add(row)
            s.flush()
            after = {**_state_json(_state(s, annotation_id)), "annotation": snapshot(annotation)}
            _log(s, "review", annotation_id, who, _state_json(before), after)
            return Op(ReviewId(row.id), _reviews_in(annotation.document_id))

    def undo_decision(self, review_id: ReviewId, *, actor: str | None = None) -> Op[None]:
        """Withdraw a decision (undo). The history keeps both the decision and its withdrawal.

        `actor` defaults to the decision's own reviewer.
        """
        with self._db.write() as s:
            row = s.get(Review, review_id)
            if row is None:
                raise NotFoundError(f"no review decision with id {review_id}")
            annotation_id = AnnotationId(row.annotation_id)
            withdrawn = _state_json(_review_state(_review_row(s, row), 0))
            who = coder_id(s, actor) if actor is not None else CoderId(row.coder_id)
            s.delete(row)
            s.flush()
            now_standing = _state_json(_state(s, annotation_id))
            _log(s, "unreview", annotation_id, who, withdrawn, now_standing)
            document = _document_of(s, annotation_id)
        return Op(None, _reviews_in(document) if document is not None else Changes())

    def state(self, annotation_id: AnnotationId) -> ReviewState:
        """The latest decision, also for a removed coding (its decisions outlive it)."""
        with self._db.read() as s:
            known(s, annotation_id)
            return _state(s, annotation_id)

    def decisions(self, annotation_id: AnnotationId) -> list[ReviewRow]:
        """Every standing decision on a coding, oldest first."""
        with self._db.read() as s:
            known(s, annotation_id)
            return _decisions(s, annotation_id)

    def queue(self, *, coder: str | None = None, code: str | int | None = None,
              document: DocumentId | None = None,
              state: str | Collection[str] | None = None,
              include_consensus: bool = False) -> list[QueueItem]:
        """Codings to review with their state, by document and position; filters combine.

        `state` takes one state or several (e.g. ("unreviewed", "discussion")); the decision
        words accept / reject / discuss work too. The consensus coder's codings are what
        review leads to, not one more coder's work: they are listed only when asked for
        (`include_consensus`) or when `coder` names the consensus.
        """
        with self._db.read() as s:
            query = _filtered(s, _queue_query(), coder, code, document, state,
                              include_consensus)
            return [_queue_item(values) for values in s.execute(query)]

    def queue_ids(self, *, coder: str | None = None, code: str | int | None = None,
                  document: DocumentId | None = None,
                  state: str | Collection[str] | None = None,
                  include_consensus: bool = False) -> list[AnnotationId]:
        """The ids `queue` would list, in its order, without building its rows: a list
        of 50,000 codings opens at once and fetches rows for what is on screen."""
        with self._db.read() as s:
            query = _filtered(s, _queue_ids_query(state is not None), coder, code, document,
                              state, include_consensus)
            # Core, not ORM rows, and no per-id wrapping: half the time for 50,000 ids.
            with no_cyclic_gc():
                return cast(list[AnnotationId], s.connection().execute(query).scalars().all())

    def queue_items(self, ids: Sequence[AnnotationId]) -> list[QueueItem]:
        """The queue rows of `ids`, in that order (ids removed meanwhile are left out)."""
        found: dict[AnnotationId, QueueItem] = {}
        with self._db.read() as s:
            for start in range(0, len(ids), 500):
                chunk = list(ids[start:start + 500])
                query = _queue_query().where(Annotation.id.in_(chunk))
                found.update((item.id, item) for item in map(_queue_item, s.execute(query)))
        return [found[i] for i in ids if i in found]

    def states(self, document: DocumentId) -> dict[AnnotationId, ReviewState]:
        """Each coding's state in one document, for marking codings in the text and page."""
        return {item.id: item.review
                for item in self.queue(document=document, include_consensus=True)}

    # coder comparison --------------------------------------------------------------------------


    # adjudication ------------------------------------------------------------------------------


    # roles and blind mode ----------------------------------------------------------------------


def decision_state(decision: str) -> str:
    """The state a decision word leads to: accept → accepted, …; states are accepted as is."""
    word = decision.strip().lower()
    if word in DECISIONS:
        return DECISIONS[word]
    if word in DECISIONS.values():
        return word
    raise InvalidInputError(
        f"decision {decision!r} is not one of {', '.join(DECISIONS)}")


# decisions -------------------------------------------------------------------------------------

def _decisions(s: Session, annotation_id: AnnotationId) -> list[ReviewRow]:
    rows = s.scalars(select(Review).where(Review.annotation_id == annotation_id)
                     .order_by(Review.id))
    return [_review_row(s, row) for row in rows]


def _review_row(s: Session, row: Review) -> ReviewRow:
    reviewer = s.get_one(Coder, row.coder_id).name
    return ReviewRow(ReviewId(row.id), AnnotationId(row.annotation_id), row.decision, reviewer,
                     row.comment, row.at)


def _state(s: Session, annotation_id: AnnotationId) -> ReviewState:
    rows = _decisions(s, annotation_id)
    return _review_state(rows[-1], len(rows)) if rows else ReviewState(annotation_id)


def _review_state(row: ReviewRow, count: int) -> ReviewState:
    return ReviewState(row.annotation_id, row.decision, row.id, row.reviewer, row.comment,
                       row.at, count)


def _state_json(state: ReviewState) -> dict[str, object]:
    return {"state": state.state, "review_id": state.review_id, "reviewer": state.reviewer,
            "comment": state.comment, "at": state.at.isoformat() if state.at else None}


def _log(s: Session, action: str, annotation_id: AnnotationId, who: CoderId,
         before: dict[str, object], after: dict[str, object]) -> None:
    s.add(History(at=now(), coder_id=who, action=action, annotation_id=annotation_id,
                  before=json.dumps(before, ensure_ascii=False),
                  after=json.dumps(after, ensure_ascii=False)))


def _reviews_in(document: int) -> Changes:
    return Changes(reviews_in=frozenset({DocumentId(document)}))


def _document_of(s: Session, annotation_id: AnnotationId) -> DocumentId | None:
    annotation = s.get(Annotation, annotation_id)
    if annotation is not None:
        return DocumentId(annotation.document_id)
    state = last_state(s, annotation_id)
    value = state.get("document_id") if state else None
    return DocumentId(value) if isinstance(value, int) else None


# the queue -------------------------------------------------------------------------------------


_LATEST = (select(Review.annotation_id, func.max(Review.id).label("review_id"),
                  func.count().label("decisions"))
           .group_by(Review.annotation_id).subquery("latest"))
_REVIEWER = aliased(Coder, name="reviewer")


def _queue_query() -> Select[*tuple[Any, ...]]:
    """Each coding with its latest decision, in one query."""
    return (listing(Review.id, Review.decision, _REVIEWER.name, Review.comment, Review.at,
                     _LATEST.c.decisions)
            .outerjoin(_LATEST, _LATEST.c.annotation_id == Annotation.id)
            .outerjoin(Review, Review.id == _LATEST.c.review_id)
            .outerjoin(_REVIEWER, _REVIEWER.id == Review.coder_id))


def _queue_ids_query(states: bool = True) -> Select[int]:
    """`_queue_query`'s rows reduced to their ids, same order. The joins to the latest
    decision are there only to filter by `states`: they never add or drop a row (one
    latest decision at most per coding), and grouping every review costs half the query."""
    query = (select(Annotation.id).join(Code, Code.id == Annotation.code_id)
             .join(Coder, Coder.id == Annotation.coder_id))
    if states:
        query = (query.outerjoin(_LATEST, _LATEST.c.annotation_id == Annotation.id)
                 .outerjoin(Review, Review.id == _LATEST.c.review_id))
    return query.order_by(Annotation.document_id, Annotation.start, Annotation.end,
                          Annotation.id)


def _filtered(s: Session, query: Any, coder: str | None, code: str | int | None,
              document: DocumentId | None, state: str | Collection[str] | None,
              include_consensus: bool) -> Any:
    if coder is not None:
        query = query.where(Coder.name == coder.strip())
    elif not include_consensus:
        query = query.where(Coder.name != CONSENSUS)
    if document is not None:
        query = query.where(Annotation.document_id == document)
    if code is not None:
        query = query.where(Annotation.code_id == find_code(s, code).id)
    if state is not None:
        query = query.where(_state_filter(state))
    return query


def _state_filter(state: str | Collection[str]) -> Any:
    wanted = {_state_name(v) for v in ([state] if isinstance(state, str) else state)}
    conditions: list[Any] = [Review.decision.in_(wanted - {UNREVIEWED})]
    if UNREVIEWED in wanted:
        conditions.append(_LATEST.c.review_id.is_(None))
    return or_(*conditions)


def _state_name(value: str) -> str:
    word = value.strip().lower()
    if word in STATES:
        return word
    if word in DECISIONS:
        return DECISIONS[word]
    raise InvalidInputError(f"state {value!r} is not one of {', '.join(STATES)}")


def _queue_item(values: Sequence[Any]) -> QueueItem:
    annotation = annotation_row(values)
    review_id, decision, reviewer, comment, at, count = values[len(ANNOTATION_COLUMNS):]
    if review_id is None:
        return QueueItem(annotation, ReviewState(annotation.id))
    return QueueItem(annotation, ReviewState(annotation.id, decision, ReviewId(review_id),
                                             reviewer, comment, at, count))


# comparison ------------------------------------------------------------------------------------


# adjudication ----------------------------------------------------------------------------------


# settings --------------------------------------------------------------------------------------


