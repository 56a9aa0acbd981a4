"""The two data tables, Codings (one row per unit) and Long (one row per coding), for any sink.

The Excel workbook and the CSV files write the very same rows, so a figure computed from
one matches the other. Headers are short snake_case names: R, Stata and SPSS take them
as variable names without renaming. Codings is the table people read, so its texts wrap;
Long is the table programs read, one line per coding, so only its (rare) memos and
review comments wrap: 50,000 wrapped quotes would make it a wall to scroll.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from typing import Protocol

from annotator.errors import AnnotatorError
from annotator.export.data import (
    Coding,
    DocumentData,
    ExportOptions,
    Sources,
    Unit,
    read_documents,
    totals,
)
from annotator.formats.cells import DATE, INT, TEXT, WRAP, Column, Value
from annotator.ids import DocumentId
from annotator.review.service import STATES

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
_TICK = 500  # rows between progress reports and cancel checks


class ExportCancelledError(AnnotatorError):
    """The user cancelled; the partly written file is thrown away."""


class Sink(Protocol):
    def append(self, values: Sequence[Value]) -> None: ...


@dataclass
class TableStats:
    """What writing the tables saw: for the Matrix, Codebook and About sheets."""

    documents: list[tuple[DocumentId, str]] = field(default_factory=list)
    counts: dict[DocumentId, Counter[str]] = field(default_factory=dict)  # per document, code
    units: int = 0
    free_ranges: int = 0
    codings: int = 0
    coders: set[str] = field(default_factory=set)
    extractors: Counter[str] = field(default_factory=Counter)

    def code_totals(self) -> Counter[str]:
        return sum(self.counts.values(), Counter())


def codings_columns(keys: Sequence[str]) -> list[Column]:
    return [
        Column("doc_id", INT, 7), Column("document", TEXT, 24), Column("page", INT, 6),
        Column("page_end", INT, 9), Column("passage_id", INT, 10), Column("kind", TEXT, 10),
        Column("start", INT, 8), Column("end", INT, 8), Column("speaker", TEXT, 14),
        Column("text", WRAP, 70),
        *(Column(key, INT, max(6.0, len(key) * 1.2 + 2)) for key in keys),
        *(Column(f"{key}_coders", TEXT, 14) for key in keys),
        Column("memos", WRAP, 36), Column("review", TEXT, 14), Column("done_by", TEXT, 14),
        Column("suggested", TEXT, 14),
    ]


def long_columns() -> list[Column]:
    return [
        Column("id", INT, 8), Column("doc_id", INT, 7), Column("document", TEXT, 24),
        Column("page", INT, 6), Column("passage_id", INT, 10), Column("start", INT, 8),
        Column("end", INT, 8), Column("code", TEXT, 16), Column("coder", TEXT, 12),
        Column("memo", WRAP, 30), Column("quote", TEXT, 50), Column("created_utc", DATE, 19),
        Column("review", TEXT, 12), Column("reviewer", TEXT, 12),
        Column("review_comment", WRAP, 30), Column("reviewed_utc", DATE, 19),
        Column("anchor", TEXT, 8), Column("origin", TEXT, 10),
    ]


def codings_row(doc: DocumentData, unit: Unit, keys: Sequence[str]) -> list[Value]:
    coders: dict[str, set[str]] = {}
    for coding in unit.codings:
        coders.setdefault(coding.code, set()).add(coding.coder)
    memos = "\n".join(f"[{c.coder} · {c.code}] {c.memo}" for c in unit.codings if c.memo)
    return [
        doc.info.id, doc.info.name, unit.page, unit.page_end, unit.passage, unit.kind,
        unit.start, unit.end, unit.speaker, unit.text,
        *(1 if key in coders else 0 for key in keys),
        *(", ".join(sorted(coders[key])) if key in coders else None for key in keys),
        memos, review_summary(unit.codings), ", ".join(doc.done_by),
        suggested_summary(unit.codings),
    ]


def long_row(doc: DocumentData, c: Coding) -> list[Value]:
    return [c.id, doc.info.id, doc.info.name, doc.page_of(c.start), c.passage_id, c.start,
            c.end, c.code, c.coder, c.memo, c.quote, c.created, c.state, c.reviewer,
            c.comment, c.reviewed, c.anchor, c.origin]


def suggested_summary(codings: Sequence[Coding]) -> str | None:
    """The codes of the unit whose coding began as an accepted suggestion (`origin`)."""
    keys = sorted({c.code for c in codings if c.origin == "suggested"})
    return ", ".join(keys) or None


def review_summary(codings: Sequence[Coding]) -> str | None:
    """One state when the unit's codings agree on it, else how many are in which."""
    states = Counter(c.state for c in codings)
    if not states:
        return None
    if len(states) == 1:
        return next(iter(states))
    return ", ".join(f"{s} {states[s]}" for s in STATES if s in states)


def write_tables(src: Sources, options: ExportOptions, keys: Sequence[str],
                 codings: Sink, long: Sink, *, progress: Progress | None = None,
                 cancelled: Cancelled | None = None) -> TableStats:
    """Stream every document's units into `codings` and its codings into `long`."""
    sizes = totals(src, options)
    total = max(sizes.units + sizes.codings, 1)
    stats = TableStats()
    done = 0

    def tick(rows: int) -> None:
        nonlocal done
        before, done = done, done + rows
        if before // _TICK != done // _TICK:
            if cancelled is not None and cancelled():
                raise ExportCancelledError("export cancelled")
            if progress is not None:
                progress(min(done, total), total)

    with closing(read_documents(src, options)) as documents:  # ends its read transaction
        for doc in documents:
            _document(doc, keys, codings, long, stats, tick)
    if progress is not None:
        progress(total, total)
    return stats


def _document(doc: DocumentData, keys: Sequence[str], codings: Sink, long: Sink,
              stats: TableStats, tick: Callable[[int], None]) -> None:
    stats.documents.append((doc.info.id, doc.info.name))
    stats.extractors[doc.info.extractor] += 1
    for unit in doc.units:
        codings.append(codings_row(doc, unit, keys))
        stats.free_ranges += unit.passage is None
        tick(1)
    stats.units += len(doc.units)
    count: Counter[str] = Counter()
    for coding in doc.codings:
        long.append(long_row(doc, coding))
        count[coding.code] += 1
        stats.coders.add(coding.coder)
        tick(1)
    stats.counts[doc.info.id] = count
    stats.codings += len(doc.codings)
