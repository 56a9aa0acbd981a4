"""search: lemma search over 10,000+ passages against a plain substring scan and SQL LIKE.

The project holds the generated 300-page report plus shuffled variants of it (distinct
bytes, so none is skipped as a duplicate) until it has at least 10,000 passages.  All
three methods search the very same passage texts:

* lemma: ``project.search.search(q)``, the app's search (index lookup, then loading the
  hit passages and re-analysing each with Sudachi for highlight spans and KWIC);
* lookup: only the index part of it (``query_terms`` + the term/passage SQL), to show
  where the lemma search's time goes;
* substring: ``[p for p in texts if q in p]`` in Python over the passage texts;
* LIKE: ``SELECT id FROM passages WHERE text LIKE '%q%'`` in a bare SQLite file.

Hit counts differ on purpose: a lemma search finds inflected forms (行い, 行った for 行う)
that a substring misses, and a substring finds the string inside other words (情報 in
a compound Sudachi keeps whole, 行う inside 執行う...) that the lemma index does not.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select

from annotator.project import Project
from annotator.records import PassageRow
from annotator.search.tokens import query_terms
from bench.common import Context, Target, clocked, median_of, ratio, table
from db.models import PassageTerm, Term

QUERIES = ("交付", "人材", "情報", "財源", "権限", "行う")
MIN_PASSAGES = 10_000
MIN_REPEATS = 5
QUERY_BUDGET_S = 2.5  # a slow query stops after 3 runs once it has taken this long
_EXAMPLE_WIDTH = 12


@dataclass
class QueryTiming:
    query: str
    lemma_ms: float
    lookup_ms: float
    substring_ms: float
    like_ms: float
    lemma_hits: int
    substring_hits: int
    like_hits: int
    lemma_only: int  # passages the lemma search finds and the substring scan does not
    substring_only: int  # and the other way round
    lemma_only_example: str = ""
    substring_only_example: str = ""
    vs_substring: float = field(init=False)  # lemma_ms / substring_ms
    vs_like: float = field(init=False)  # lemma_ms / like_ms

    def __post_init__(self) -> None:
        self.vs_substring = ratio(self.lemma_ms, self.substring_ms)
        self.vs_like = ratio(self.lemma_ms, self.like_ms)


@dataclass
class SearchResult:
    documents: int
    passages: int
    chars: int
    build_s: float
    repeats: int
    queries: list[QueryTiming] = field(default_factory=list)

    def targets(self) -> list[Target]:
        return []  # no target set for search yet; the ratios are reported

    def render(self) -> str:
        rows = [[q.query, f"{q.lemma_ms:.1f}", f"{q.lookup_ms:.1f}", f"{q.substring_ms:.1f}",
                 f"{q.like_ms:.1f}", f"{q.vs_substring:.1f}x", f"{q.vs_like:.1f}x",
                 q.lemma_hits, q.substring_hits, q.like_hits, q.lemma_only, q.substring_only]
                for q in self.queries]
        n = max(1, len(self.queries))
        lemma = sum(q.lemma_ms for q in self.queries) / n
        substring = sum(q.substring_ms for q in self.queries) / n
        like = sum(q.like_ms for q in self.queries) / n
        lookup = sum(q.lookup_ms for q in self.queries) / n
        footer = ["mean", f"{lemma:.1f}", f"{lookup:.1f}", f"{substring:.1f}", f"{like:.1f}",
                  f"{ratio(lemma, substring):.1f}x", f"{ratio(lemma, like):.1f}x",
                  "", "", "", "", ""]
        examples = []
        for q in self.queries:
            if q.lemma_only_example:
                examples.append(f"  {q.query}  lemma only:     {q.lemma_only_example}")
            if q.substring_only_example:
                examples.append(f"  {q.query}  substring only: {q.substring_only_example}")
        return "\n".join([
            f"search: {self.passages:,} passages, {self.chars:,} characters in "
            f"{self.documents} generated documents (built in {self.build_s:.1f} s, not timed); "
            f"ms per query, median of {self.repeats} runs (a lemma query stops after 3 or "
            f"more once {QUERY_BUDGET_S:g} s is spent)",
            table(["query", "lemma ms", "lookup ms", "substr ms", "LIKE ms", "lemma/substr",
                   "lemma/LIKE", "lemma hits", "substr hits", "LIKE hits", "lemma only",
                   "substr only"], rows, footer=footer),
            "lookup = query_terms + the index SQL only (the rest of 'lemma' loads the hit",
            "passages and re-analyses each one with Sudachi for spans and KWIC)",
            "examples of passages found by one method only:",
            *examples,
        ])


def _build(ctx: Context) -> tuple[Project, list[PassageRow], float]:
    project = Project(ctx.scratch("search") / "search.annot")

    def fill() -> None:
        variant = 0
        while sum(d.passages for d in project.documents.all()) < MIN_PASSAGES:
            outcome = project.importer.import_file(ctx.report(300, variant))
            if outcome.status != "imported":
                raise RuntimeError(f"search benchmark: {outcome.line()}")
            variant += 1

    try:
        _, build_s = clocked(fill)
        rows = [row for d in project.documents.all() for row in project.documents.passages(d.id)]
    except BaseException:
        project.close()
        raise
    return project, rows, build_s


def _like_db(ctx: Context, rows: Sequence[PassageRow]) -> sqlite3.Connection:
    connection = sqlite3.connect(ctx.scratch("like") / "like.sqlite")
    connection.execute("CREATE TABLE passages (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
    connection.executemany("INSERT INTO passages VALUES (?, ?)",
                           [(row.id, row.text) for row in rows])
    connection.commit()
    return connection


def _lookup(project: Project, query: str) -> list[int]:
    """The index part of `SearchService.search`: matching passage ids, nothing loaded."""
    terms = query_terms(query)
    with project.db.read() as s:
        term_ids = s.scalars(select(Term.id).where(Term.term.in_(terms))).all()
        if len(term_ids) < len(set(terms)):
            return []
        matching = (select(PassageTerm.passage_id).where(PassageTerm.term_id.in_(term_ids))
                    .group_by(PassageTerm.passage_id)
                    .having(func.count() == len(term_ids)))
        return list(s.scalars(matching))


def _around(text: str, start: int, end: int) -> str:
    left = text[max(0, start - _EXAMPLE_WIDTH):start]
    right = text[end:end + _EXAMPLE_WIDTH]
    return f"{left}【{text[start:end]}】{right}".replace("\n", " ")


def _time_query(project: Project, like: sqlite3.Connection, rows: Sequence[PassageRow],
                query: str, repeats: int) -> QueryTiming:
    texts = [row.text for row in rows]
    pattern = f"%{query}%"
    statement = "SELECT id FROM passages WHERE text LIKE ?"
    hits = project.search.search(query)  # warm (and the hit list for the counts)
    lemma_s = median_of(lambda: project.search.search(query), repeats, budget_s=QUERY_BUDGET_S)
    lookup_s = median_of(lambda: _lookup(project, query), repeats)
    substring_s = median_of(lambda: [p for p in texts if query in p], repeats)
    like_s = median_of(lambda: like.execute(statement, (pattern,)).fetchall(), repeats)

    lemma_ids = {hit.passage.id for hit in hits}
    substring_ids = {row.id for row in rows if query in row.text}
    like_ids = {row_id for (row_id,) in like.execute(statement, (pattern,))}
    lemma_only = [hit for hit in hits if hit.passage.id not in substring_ids]
    substring_only = [row for row in rows if row.id in substring_ids - lemma_ids]
    example_lemma = lemma_only[0].kwic_line().strip() if lemma_only else ""
    example_substring = ""
    if substring_only:
        text = substring_only[0].text
        start = text.index(query)
        example_substring = _around(text, start, start + len(query))
    return QueryTiming(query, lemma_s * 1000, lookup_s * 1000, substring_s * 1000,
                       like_s * 1000, len(lemma_ids), len(substring_ids), len(like_ids),
                       len(lemma_only), len(substring_only), example_lemma, example_substring)


def run(ctx: Context) -> SearchResult:
    project, rows, build_s = _build(ctx)
    repeats = max(MIN_REPEATS, ctx.repeats)
    like = _like_db(ctx, rows)
    try:
        result = SearchResult(len(project.documents.all()), len(rows),
                              sum(len(row.text) for row in rows), build_s, repeats)
        for query in QUERIES:
            result.queries.append(_time_query(project, like, rows, query, repeats))
    finally:
        like.close()
        project.close()
    return result

