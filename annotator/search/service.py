"""Lemma search: passages are indexed by the normalized forms of their words.

A researcher searching 交付 expects 交付する, 交付し and 交付金; string search finds some of
these and also false hits, so passages are indexed by Sudachi's normalized forms.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from annotator.database import Database
from annotator.documents.service import passage_row
from annotator.errors import InvalidInputError
from annotator.ids import DocumentId
from annotator.records import PassageRow
from annotator.search.tokens import find_hits, index_terms, kwic, query_terms
from db.engine import insert_ignoring
from db.models import TABLES, Document, Passage, PassageTerm, Term


@dataclass(frozen=True)
class SearchHit:
    passage: PassageRow
    spans: tuple[tuple[int, int], ...]  # code points in the document text
    contexts: tuple[tuple[str, str, str], ...]  # (left, keyword, right) per span

    def kwic_line(self) -> str:
        left, keyword, right = self.contexts[0] if self.contexts else ("", "", "")
        return f"{left}【{keyword}】{right}"


class SearchService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def search(self, query: str, *, document: DocumentId | None = None,
               limit: int | None = None) -> list[SearchHit]:
        terms = query_terms(query)
        if not terms:
            raise InvalidInputError(f"nothing to search for in {query!r}")
        self.index_pending()
        with self._db.read() as s:
            term_ids = s.scalars(select(Term.id).where(Term.term.in_(terms))).all()
            if len(term_ids) < len(set(terms)):
                return []
            matching = (select(PassageTerm.passage_id).where(PassageTerm.term_id.in_(term_ids))
                        .group_by(PassageTerm.passage_id)
                        .having(func.count() == len(term_ids)))
            query_rows = select(Passage).where(Passage.id.in_(matching))
            if document is not None:
                query_rows = query_rows.where(Passage.document_id == document)
            query_rows = query_rows.order_by(Passage.document_id, Passage.seq).limit(limit)
            texts: dict[int, str] = {}
            hits = []
            for passage in s.scalars(query_rows):
                if passage.document_id not in texts:
                    texts[passage.document_id] = s.get_one(Document, passage.document_id).text
                hits.append(_hit(passage_row(passage, texts[passage.document_id]), terms))
            return hits

    def index_pending(self, progress: Callable[[int, int], None] | None = None,
                      batch: int = 500) -> int:
        """Index passages that have no lemmas yet; returns how many it indexed.

        Runs in batches: the analysis happens outside any transaction and each batch
        is written in a short one, so other writers (a coder tagging) never wait long.
        """
        with self._db.read() as s:
            pending = list(s.execute(select(Passage.id, Passage.document_id, Passage.start,
                                            Passage.end).where(Passage.indexed.is_(False))
                                     .order_by(Passage.document_id, Passage.id)).all())
        texts: dict[int, str] = {}
        for done in range(0, len(pending), batch):
            rows = pending[done:done + batch]
            items = []
            with self._db.read() as s:
                for passage_id, document_id, start, end in rows:
                    if document_id not in texts:
                        texts = {document_id: s.get_one(Document, document_id).text}
                    items.append((passage_id, index_terms(texts[document_id][start:end])))
            with self._db.write() as s:
                store_terms(s, items)
            if progress is not None:
                progress(done + len(rows), len(pending))
        return len(pending)


def index_passages(s: Session, passages: Sequence[tuple[int, str]]) -> None:
    """Analyse and store the lemmas of passages inside the caller's transaction."""
    store_terms(s, [(passage_id, index_terms(text)) for passage_id, text in passages])


def store_terms(s: Session, per_passage: Sequence[tuple[int, set[str]]]) -> None:
    """Link passages to their terms; term ids are shared across the project."""
    if not per_passage:
        return
    ids = _term_ids(s, set().union(*(terms for _, terms in per_passage)))
    links = [{"term_id": ids[t], "passage_id": p} for p, terms in per_passage for t in terms]
    connection = s.connection()
    if links:
        connection.execute(insert_ignoring(connection, TABLES["passage_terms"]), links)
    passages = TABLES["passages"]
    connection.execute(update(passages).where(passages.c.id.in_([p for p, _ in per_passage]))
                       .values(indexed=True))


def _term_ids(s: Session, terms: set[str]) -> dict[str, int]:
    ids = _known_terms(s, sorted(terms))
    missing = sorted(t for t in terms if t not in ids)
    if missing:
        connection = s.connection()  # a colleague's import may add the same term meanwhile
        connection.execute(insert_ignoring(connection, TABLES["terms"]),
                           [{"term": t} for t in missing])
        ids.update(_known_terms(s, missing))
    return ids


def _known_terms(s: Session, terms: list[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for i in range(0, len(terms), 500):  # SQLite caps the number of bound parameters
        query = select(Term.term, Term.id).where(Term.term.in_(terms[i:i + 500]))
        ids.update(s.execute(query).all())
    return ids


def _hit(passage: PassageRow, terms: list[str]) -> SearchHit:
    spans = _literal_spans(passage.text, terms) or find_hits(passage.text, terms)
    return SearchHit(
        passage=passage,
        spans=tuple((passage.start + a, passage.start + b) for a, b in spans),
        contexts=tuple(kwic(passage.text, span) for span in spans),
    )


def _literal_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where every term is written as is, find it by string search: re-analysing each hit
    with Sudachi cost most of a search. Inflected forms (行っ for 行う) fall through."""
    if not all(term in text for term in terms):
        return []
    spans = sorted(m.span() for term in terms for m in re.finditer(re.escape(term), text))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
