"""Suggested codes: rules and a model per code, measured on the project before anyone sees them.

Training reads the passages of documents coders marked done (every passage of such a
document is a yes or a no for each code, for that coder), plus passages coded elsewhere
(a yes) and suggestions a coder dismissed (a no). Suggestions are never a coder: they live
in memory and in the `suggest` output only; a suggestion becomes a coding when a human
accepts it, and then it is that human's coding with `origin = suggested`.

A source (a code's rule, or its model) is shown only when its F1 in document-level
cross-validation reaches the code's threshold. A rule nobody could measure yet (no
document marked done) is shown, marked as unmeasured: on a new project it is the only help
there is, and it is the researcher's own rule. A model is never shown unmeasured.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from annotator.changes import Changes, Op
from annotator.codebook.rows import code_row
from annotator.codebook.service import find_code
from annotator.coding.service import DONE
from annotator.database import Database
from annotator.errors import InvalidInputError, NotFoundError
from annotator.history import coder_id, now
from annotator.ids import DocumentId, PassageId
from annotator.kinds import UNCODED
from annotator.records import CodeRow
from annotator.suggest.evaluate import MODEL, RULE, Evaluation, evaluate
from annotator.suggest.model import CUTOFF, Features, Item, Model, fit_code
from annotator.suggest.rules import Passage as RuleView
from annotator.suggest.rules import Rule, parse
from db.models import (
    Annotation,
    Code,
    Coder,
    Document,
    DocumentStatus,
    History,
    Passage,
    PassageTerm,
    Setting,
    SuggestionDismissal,
    Term,
)

IN_BLIND = "suggest_in_blind"  # setting: "on" lets coders in blind mode see suggestions
RETRAIN_AFTER = 10  # new codings (or dismissals, done marks) before the GUI retrains


@dataclass(frozen=True)
class Suggestion:
    passage_id: PassageId
    document_id: DocumentId
    start: int
    end: int
    code: str  # key
    score: float  # model: probability; rule: its measured precision (1.0 unmeasured)
    source: str  # rule | model
    why: str

    def to_json(self) -> dict[str, Any]:
        return {"passage_id": self.passage_id, "code": self.code, "score": round(self.score, 4),
                "source": self.source, "why": self.why}


@dataclass
class _Labels:
    """Training and evaluation data read from the project, by item (passage) index."""

    items: list[Item]
    keys: list[str]
    sample_items: NDArray[Any]  # done samples: one per (passage, coder who marked it done)
    truth: NDArray[Any]  # samples × codes
    extra: dict[str, list[tuple[int, int]]]  # key -> (item index, 0/1) outside done documents


class Suggester:
    """A trained snapshot: the rules, the model and how good each source measured."""

    def __init__(self, codes: Sequence[CodeRow], rules: dict[str, Rule], model: Model | None,
                 evaluation: Evaluation, fingerprint: tuple[int, ...]) -> None:
        self.codes = {c.key: c for c in codes}
        self.rules = rules
        self.model = model
        self.evaluation = evaluation
        self.fingerprint = fingerprint

    def shown(self, key: str, source: str) -> bool:
        """Whether coders see this source for this code (its F1 reached the threshold)."""
        code = self.codes.get(key)
        if code is None:
            return False
        if source == RULE:
            if key not in self.rules:
                return False
            f1 = self.evaluation.f1(key, RULE)
            return f1 is None or f1 >= code.threshold  # unmeasured rules are shown
        if self.model is None or key not in self.model.models:
            return False
        f1 = self.evaluation.f1(key, MODEL)
        return f1 is not None and f1 >= code.threshold

    def suggest(self, items: Sequence[Item], skip: Collection[tuple[int, str]] = (),
                only: str | None = None) -> list[Suggestion]:
        """Suggestions for `items`, except the (passage, key) pairs in `skip`."""
        keys = [k for k in self.codes if only is None or k == only]
        shown = {k: [s for s in (RULE, MODEL) if self.shown(k, s)] for k in keys}
        probabilities = (self.model.predict(items) if self.model is not None and any(
            MODEL in s for s in shown.values()) else {})
        out: list[Suggestion] = []
        for row, item in enumerate(items):
            for key in keys:
                if (item.passage, key) in skip or not shown[key]:
                    continue
                found = self._one(item, key, shown[key], probabilities.get(key), row)
                if found is not None:
                    out.append(found)
        return out

    def _one(self, item: Item, key: str, sources: list[str], probability: NDArray[Any] | None,
             row: int) -> Suggestion | None:
        reasons: dict[str, tuple[float, str]] = {}
        if RULE in sources:
            rule = self.rules[key]
            hit = rule.match(item.view)
            if hit is not None:
                score = self.evaluation.codes.get(key, {}).get(RULE)
                precision = score.precision if score is not None else None
                why = rule.why(hit) + ("" if score is not None and score.f1 is not None
                                       else " (not yet measured)")
                reasons[RULE] = (precision if precision is not None else 1.0, why)
        if MODEL in sources and probability is not None and probability[row] >= CUTOFF:
            assert self.model is not None
            reasons[MODEL] = (float(probability[row]), self.model.explain(key, item))
        if not reasons:
            return None
        source = max(reasons, key=lambda s: self.evaluation.f1(key, s) or 0.0)
        why = "; ".join(reason for _score, reason in reasons.values())
        view = item.view
        start = getattr(view, "start", 0)
        return Suggestion(PassageId(item.passage), DocumentId(item.document), start,
                          start + len(view.text), key, reasons[source][0], source, why)


class _View(RuleView):
    """A passage for rules and features, with where it is in its document."""

    def __init__(self, text: str, start: int, terms: frozenset[str] | None) -> None:
        super().__init__(text, terms)
        self.start = start


class SuggestService:
    def __init__(self, db: Database) -> None:
        self._db = db

    # training and evaluation -------------------------------------------------------------------

    def train(self, *, coders: Sequence[str] | None = None, curve: bool = False) -> Suggester:
        """Read the codings, evaluate every source, fit the final models: one snapshot."""
        with self._db.read() as s:
            codes = _codes(s)
            fingerprint = _fingerprint(s)
            labels = _labels(s, [c.key for c in codes], coders)
        rules = _rules(codes)
        features = Features(rules)
        if not labels.items:
            return Suggester(codes, rules, None, Evaluation(), fingerprint)
        x = features.fit(labels.items)
        hits = features.rule_hits(labels.items)
        rows = labels.sample_items
        documents = np.array([labels.items[i].document for i in rows], dtype=np.int64)
        evaluation = evaluate(x[rows], hits[rows], labels.truth, documents, labels.keys,
                              {k: k in rules for k in labels.keys}, curve=curve)
        models = {}
        for column, key in enumerate(labels.keys):
            extra = labels.extra.get(key, [])
            train_rows = np.concatenate([rows, np.array([i for i, _ in extra], dtype=np.int64)])
            y = np.concatenate([labels.truth[:, column],
                                np.array([v for _, v in extra], dtype=np.int8)])
            fitted = fit_code(sp.csr_matrix(x[train_rows]), y) if len(train_rows) else None
            if fitted is not None:
                models[key] = fitted
        model = Model(features, models, len(set(rows.tolist())))
        return Suggester(codes, rules, model, evaluation, fingerprint)

    def evaluate(self, *, coders: Sequence[str] | None = None) -> Evaluation:
        return self.train(coders=coders, curve=True).evaluation

    def fingerprint(self) -> tuple[int, ...]:
        """Changes when codings, done marks, dismissals or the codebook do (to retrain)."""
        with self._db.read() as s:
            return _fingerprint(s)

    # suggestions -----------------------------------------------------------------------------

    def suggest(self, coder: str, *, document: DocumentId | None = None,
                code: str | None = None, suggester: Suggester | None = None,
                ) -> list[Suggestion]:
        """Suggestions for the passages `coder` has not coded (and not dismissed)."""
        suggester = suggester or self.train()
        with self._db.read() as s:
            key = find_code(s, code).key if code is not None else None
            if document is not None and s.get(Document, document) is None:
                raise NotFoundError(f"no document with id {document}")
            items = _items(s, [document] if document is not None else None)
            skip = _skipped(s, coder, [i.passage for i in items])
        return suggester.suggest(items, skip, key)

    def items(self, document: DocumentId) -> list[Item]:
        """The passages of a document as suggestions read them (for a trained Suggester)."""
        with self._db.read() as s:
            return _items(s, [document])

    def skipped(self, coder: str, document: DocumentId) -> set[tuple[int, str]]:
        """(passage, code) pairs not to suggest to `coder`: coded passages, dismissals."""
        with self._db.read() as s:
            ids = s.scalars(select(Passage.id).where(Passage.document_id == document)).all()
            return _skipped(s, coder, list(ids))

    # what coders and the lead decide ---------------------------------------------------------

    def dismiss(self, passage: PassageId, code: str | int, coder: str) -> Op[None]:
        """`coder` says the code does not fit the passage: no longer suggested to them."""
        with self._db.write() as s:
            row = s.get(Passage, passage)
            if row is None:
                raise NotFoundError(f"no passage with id {passage}")
            key = (passage, find_code(s, code).id, coder_id(s, coder))
            if s.get(SuggestionDismissal, key) is None:
                s.add(SuggestionDismissal(passage_id=key[0], code_id=key[1], coder_id=key[2],
                                          at=now()))
            return Op(None, Changes.annotations(DocumentId(row.document_id)))

    def undismiss(self, passage: PassageId, code: str | int, coder: str) -> Op[None]:
        with self._db.write() as s:
            row = s.get(Passage, passage)
            if row is None:
                raise NotFoundError(f"no passage with id {passage}")
            s.execute(delete(SuggestionDismissal).where(
                SuggestionDismissal.passage_id == passage,
                SuggestionDismissal.code_id == find_code(s, code).id,
                SuggestionDismissal.coder_id == coder_id(s, coder)))
            return Op(None, Changes.annotations(DocumentId(row.document_id)))

    def dismissals(self, coder: str | None = None) -> list[tuple[PassageId, str, str]]:
        with self._db.read() as s:
            query = (select(SuggestionDismissal.passage_id, Code.key, Coder.name)
                     .join(Code, Code.id == SuggestionDismissal.code_id)
                     .join(Coder, Coder.id == SuggestionDismissal.coder_id)
                     .order_by(SuggestionDismissal.passage_id, Code.key))
            if coder is not None:
                query = query.where(Coder.name == coder)
            return [(PassageId(p), k, c) for p, k, c in s.execute(query)]

    def set_threshold(self, code: str | int, threshold: float) -> Op[None]:
        """The F1 a source must reach before coders see its suggestions for this code."""
        if not 0.0 <= threshold <= 1.0:
            raise InvalidInputError(f"threshold {threshold} must be between 0 and 1")
        with self._db.write() as s:
            find_code(s, code).threshold = threshold
        return Op(None, Changes(codebook=True))

    def in_blind_mode(self) -> bool:
        """Whether coders who work blind see suggestions (off unless the lead turns it on)."""
        with self._db.read() as s:
            row = s.get(Setting, IN_BLIND)
            return row is not None and row.value == "on"

    def set_in_blind_mode(self, on: bool) -> Op[None]:
        with self._db.write() as s:
            s.merge(Setting(key=IN_BLIND, value="on" if on else "off"))
        return Op(None, Changes(settings=True))


# reading the project -------------------------------------------------------------------------

def _codes(s: Session) -> list[CodeRow]:
    return [code_row(c) for c in s.scalars(select(Code).order_by(Code.position, Code.id))]


def _rules(codes: Iterable[CodeRow]) -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for code in codes:
        rule = parse(code.rules) if code.rules else None
        if rule is not None:
            rules[code.key] = rule
    return rules


def _fingerprint(s: Session) -> tuple[int, ...]:
    """Counts and high-water marks that move whenever training data could have changed."""
    return (int(s.scalar(select(func.count()).select_from(Annotation)) or 0),
            int(s.scalar(select(func.max(History.id))) or 0),
            int(s.scalar(select(func.count()).select_from(DocumentStatus)
                         .where(DocumentStatus.status == DONE)) or 0),
            int(s.scalar(select(func.count()).select_from(SuggestionDismissal)) or 0))


def _items(s: Session, documents: Sequence[int] | None) -> list[Item]:
    """Codable passages with their text and (where indexed) their lemma set."""
    query = (select(Passage.id, Passage.document_id, Passage.start, Passage.end,
                    Passage.indexed)
             .where(Passage.kind.not_in(UNCODED)).order_by(Passage.document_id, Passage.seq))
    if documents is not None:
        query = query.where(Passage.document_id.in_(documents))
    rows = s.execute(query).all()
    terms = _terms(s, documents)
    texts: dict[int, str] = {}
    items: list[Item] = []
    for passage, document, start, end, indexed in rows:
        if document not in texts:
            texts = {document: s.get_one(Document, document).text}
        known = frozenset(terms.get(passage, ())) if indexed else None
        items.append(Item(passage, document, _View(texts[document][start:end], start, known)))
    return items


def _terms(s: Session, documents: Sequence[int] | None) -> dict[int, list[str]]:
    query = (select(PassageTerm.passage_id, Term.term)
             .join(Term, Term.id == PassageTerm.term_id))
    if documents is not None:
        query = query.join(Passage, Passage.id == PassageTerm.passage_id).where(
            Passage.document_id.in_(documents))
    found: dict[int, list[str]] = defaultdict(list)
    for passage, term in s.execute(query):
        found[passage].append(term)
    return found


def _skipped(s: Session, coder: str, passages: Sequence[int]) -> set[tuple[int, str]]:
    keys = list(s.scalars(select(Code.key)))
    coded = s.scalars(select(Annotation.passage_id).join(Coder, Coder.id == Annotation.coder_id)
                      .where(Coder.name == coder, Annotation.passage_id.is_not(None))).all()
    wanted = set(passages)
    skip = {(int(p), k) for p in set(coded) & wanted if p is not None for k in keys}
    dismissed = s.execute(select(SuggestionDismissal.passage_id, Code.key)
                          .join(Code, Code.id == SuggestionDismissal.code_id)
                          .join(Coder, Coder.id == SuggestionDismissal.coder_id)
                          .where(Coder.name == coder)).all()
    skip |= {(p, k) for p, k in dismissed if p in wanted}
    return skip


def _labels(s: Session, keys: list[str], coders: Sequence[str] | None) -> _Labels:
    """Who marked what done, who coded what, who dismissed what: as samples and labels."""
    names = dict(s.execute(select(Coder.id, Coder.name)).all())
    allowed = {i for i, n in names.items() if coders is None or n in coders}
    done = {(d, c) for d, c in s.execute(select(DocumentStatus.document_id,
                                                 DocumentStatus.coder_id)
                                          .where(DocumentStatus.status == DONE)) if c in allowed}
    coded = {(int(p or 0), c, k, d) for p, c, k, d in s.execute(
        select(Annotation.passage_id, Annotation.coder_id, Code.key, Annotation.document_id)
        .join(Code, Code.id == Annotation.code_id).where(Annotation.passage_id.is_not(None)))
        if c in allowed}
    dismissed = {(p, c, k) for p, c, k in s.execute(
        select(SuggestionDismissal.passage_id, SuggestionDismissal.coder_id, Code.key)
        .join(Code, Code.id == SuggestionDismissal.code_id)) if c in allowed}
    involved = {d for d, _c in done} | {d for *_x, d in coded}
    items = _items(s, sorted(involved)) if involved else []
    if dismissed:
        extra_docs = set(s.scalars(select(Passage.document_id).where(
            Passage.id.in_({p for p, _c, _k in dismissed})))) - involved
        items += _items(s, sorted(extra_docs)) if extra_docs else []
    index = {item.passage: n for n, item in enumerate(items)}
    column = {k: n for n, k in enumerate(keys)}
    samples: list[int] = []
    truth_rows: list[NDArray[Any]] = []
    by_coder: dict[tuple[int, int], set[str]] = defaultdict(set)
    for p, c, k, _d in coded:
        by_coder[(p, c)].add(k)
    done_by: dict[int, list[int]] = defaultdict(list)
    for d, c in sorted(done):
        done_by[d].append(c)
    for n, item in enumerate(items):
        for c in done_by.get(item.document, ()):
            row = np.zeros(len(keys), dtype=np.int8)
            for k in by_coder.get((item.passage, c), ()):
                row[column[k]] = 1
            samples.append(n)
            truth_rows.append(row)
    extra: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for p, c, k, d in coded:
        if (d, c) not in done and p in index:
            extra[k].append((index[p], 1))
    for p, c, k in dismissed:
        doc = items[index[p]].document if p in index else None
        if p in index and (doc, c) not in done:
            extra[k].append((index[p], 0))
    truth = np.array(truth_rows, dtype=np.int8).reshape(len(truth_rows), len(keys))
    return _Labels(items, keys, np.array(samples, dtype=np.int64), truth, dict(extra))
