"""Review of codings: decisions, the review queue, coder comparison, adjudication, blind mode.

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
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NewType, cast

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from annotator.changes import Changes, Op
from annotator.codebook.service import find_code
from annotator.coding.service import Applied, containing_passage, length_and_slice
from annotator.database import Database
from annotator.documents.service import passage_row
from annotator.errors import InvalidInputError, NotFoundError
from annotator.history import coder_id, last_state, now, record, snapshot
from annotator.ids import AnnotationId, CodeId, CoderId, DocumentId, PassageId
from annotator.kinds import CONSENSUS as CONSENSUS  # re-exported: review is where it is used
from annotator.kinds import UNCODED, BlindMode, Decision, Verdict
from annotator.queries import SpanIndex
from annotator.records import AnnotationRow, PassageRow, Target
from db.models import (
    Annotation,
    AnnotationSource,
    Code,
    Coder,
    Document,
    History,
    Passage,
    Review,
    Setting,
)

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
BLIND_AUTO, BLIND_ON, BLIND_OFF = BlindMode.AUTO, BlindMode.ON, BlindMode.OFF
BLIND_MODES = (BLIND_AUTO, BLIND_ON, BLIND_OFF)
_BLIND = "blind"


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


@dataclass(frozen=True)
class Adjudicated:
    """The consensus coding a step stands for, and whether the step created it."""

    id: AnnotationId
    created: bool


class ReviewService:
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
            annotation = _annotation(s, annotation_id)
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
            _known(s, annotation_id)
            return _state(s, annotation_id)

    def decisions(self, annotation_id: AnnotationId) -> list[ReviewRow]:
        """Every standing decision on a coding, oldest first."""
        with self._db.read() as s:
            _known(s, annotation_id)
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

    # adjudication ------------------------------------------------------------------------------

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
                annotation = _annotation(s, annotation_id)
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
            _known(s, annotation_id)
            query = _listing().join(AnnotationSource,
                                    AnnotationSource.source_annotation_id == Annotation.id)
            rows = s.execute(query.where(AnnotationSource.annotation_id == annotation_id))
            return [_annotation_row(values) for values in rows]

    def derived(self, annotation_id: AnnotationId) -> list[AnnotationRow]:
        """The consensus codings taken from this coding: has it been adjudicated already?"""
        with self._db.read() as s:
            _known(s, annotation_id)
            query = _listing().join(AnnotationSource,
                                    AnnotationSource.annotation_id == Annotation.id)
            rows = s.execute(query.where(AnnotationSource.source_annotation_id == annotation_id))
            return [_annotation_row(values) for values in rows]

    # roles and blind mode ----------------------------------------------------------------------

    def set_reviewer(self, coder: str, is_reviewer: bool = True) -> Op[None]:
        with self._db.write() as s:
            row = s.get_one(Coder, coder_id(s, coder))
            row.is_reviewer = is_reviewer
        return Op(None, Changes(settings=True))

    def is_reviewer(self, coder: str) -> bool:
        with self._db.read() as s:
            return _is_reviewer(s, coder)

    def reviewers(self) -> list[str]:
        with self._db.read() as s:
            return list(s.scalars(select(Coder.name).where(Coder.is_reviewer.is_(True))
                                  .order_by(Coder.name)))

    def blind_mode(self) -> str:
        """The project's blind mode: "auto" (blind unless a reviewer), "on" or "off"."""
        with self._db.read() as s:
            return _blind_mode(s)

    def set_blind_mode(self, value: str) -> Op[None]:
        value = value.strip().lower()
        if value not in BLIND_MODES:
            raise InvalidInputError(f"blind mode {value!r} is not one of {', '.join(BLIND_MODES)}")
        with self._db.write() as s:
            s.merge(Setting(key=_BLIND, value=value))
        return Op(None, Changes(settings=True))

    def is_blind(self, coder: str) -> bool:
        """Whether `coder` should see only their own codings while coding."""
        with self._db.read() as s:
            mode = _blind_mode(s)
            return mode == BLIND_ON or (mode == BLIND_AUTO and not _is_reviewer(s, coder))


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


def _annotation(s: Session, annotation_id: AnnotationId) -> Annotation:
    annotation = s.get(Annotation, annotation_id)
    if annotation is None:
        raise NotFoundError(f"no annotation with id {annotation_id}")
    return annotation


def _known(s: Session, annotation_id: AnnotationId) -> None:
    """Refuse ids that never were codings; a removed coding still has its history."""
    if s.get(Annotation, annotation_id) is None and s.scalar(
            select(History.id).where(History.annotation_id == annotation_id).limit(1)) is None:
        raise NotFoundError(f"no annotation with id {annotation_id}")


def _document_of(s: Session, annotation_id: AnnotationId) -> DocumentId | None:
    annotation = s.get(Annotation, annotation_id)
    if annotation is not None:
        return DocumentId(annotation.document_id)
    state = last_state(s, annotation_id)
    value = state.get("document_id") if state else None
    return DocumentId(value) if isinstance(value, int) else None


# the queue -------------------------------------------------------------------------------------

_ANNOTATION_COLUMNS = (
    Annotation.id, Annotation.document_id, Annotation.passage_id, Annotation.start,
    Annotation.end, Annotation.code_id, Code.key, Coder.name, Annotation.memo, Annotation.quote,
    Annotation.anchor, Annotation.created_at, Annotation.updated_at)


def _listing(*extra: Any) -> Select[*tuple[Any, ...]]:
    """Plain columns, not ORM objects: a queue of 50,000 codings builds in a blink."""
    return (select(*_ANNOTATION_COLUMNS, *extra)
            .join(Code, Code.id == Annotation.code_id)
            .join(Coder, Coder.id == Annotation.coder_id)
            .order_by(Annotation.document_id, Annotation.start, Annotation.end, Annotation.id))


_LATEST = (select(Review.annotation_id, func.max(Review.id).label("review_id"),
                  func.count().label("decisions"))
           .group_by(Review.annotation_id).subquery("latest"))
_REVIEWER = aliased(Coder, name="reviewer")


def _queue_query() -> Select[*tuple[Any, ...]]:
    """Each coding with its latest decision, in one query."""
    return (_listing(Review.id, Review.decision, _REVIEWER.name, Review.comment, Review.at,
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


def _annotation_row(values: Sequence[Any]) -> AnnotationRow:
    (annotation_id, document, passage, start, end, code_id, code, coder, memo, quote, anchor,
     created, updated) = values[:len(_ANNOTATION_COLUMNS)]
    return AnnotationRow(
        id=AnnotationId(annotation_id), document_id=DocumentId(document),
        passage_id=PassageId(passage) if passage is not None else None, start=start, end=end,
        code_id=CodeId(code_id), code=code, coder=coder, memo=memo, quote=quote, anchor=anchor,
        created=created, updated=updated)


def _queue_item(values: Sequence[Any]) -> QueueItem:
    annotation = _annotation_row(values)
    review_id, decision, reviewer, comment, at, count = values[len(_ANNOTATION_COLUMNS):]
    if review_id is None:
        return QueueItem(annotation, ReviewState(annotation.id))
    return QueueItem(annotation, ReviewState(annotation.id, decision, ReviewId(review_id),
                                             reviewer, comment, at, count))


# comparison ------------------------------------------------------------------------------------

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


# adjudication ----------------------------------------------------------------------------------

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
    annotation = _annotation(s, annotation_id)
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


# settings --------------------------------------------------------------------------------------

def _blind_mode(s: Session) -> str:
    row = s.get(Setting, _BLIND)
    return row.value if row is not None and row.value in BLIND_MODES else BLIND_AUTO


def _is_reviewer(s: Session, coder: str) -> bool:
    """Coders are made on first use, so an unknown name is simply not a reviewer (yet)."""
    return bool(s.scalar(select(Coder.is_reviewer).where(Coder.name == coder.strip())))
