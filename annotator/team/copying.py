"""Copying a project's rows from one engine to another, ids kept: fork, push and pull.

Rows go table by table in foreign-key order (codes parents first), in batches, inside the
target's one transaction; the caller decides which codings a copy takes. Ids are kept, so
a copy's documents, passages and codes have the ids of the project it came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Connection, Table, select

from db.engine import reset_sequences
from db.models import TABLES

BATCH = 2000
#: Tables in an order that satisfies every foreign key.
ORDER = ("blobs", "documents", "pages", "passages", "terms", "passage_terms", "codes", "coders",
         "annotations", "document_status", "history", "reviews", "annotation_sources",
         "settings")

RowFilter = Callable[[str, dict[str, Any]], bool]


def copy_rows(source: Connection, target: Connection, keep: RowFilter | None = None,
              skip: Iterable[str] = ()) -> dict[str, int]:
    """Copy every table except `skip`; `keep(table, row)` may leave rows out. Counts per table."""
    counts: dict[str, int] = {}
    skipped = set(skip)
    for name in ORDER:
        if name in skipped:
            continue
        table = TABLES[name]
        rows = _rows(source, table)
        if name == "codes":
            rows = parents_first(rows)
        batch: list[dict[str, Any]] = []
        counts[name] = 0
        for row in rows:
            if keep is not None and not keep(name, row):
                continue
            batch.append(row)
            if len(batch) >= BATCH:
                target.execute(table.insert(), batch)
                counts[name] += len(batch)
                batch = []
        if batch:
            target.execute(table.insert(), batch)
            counts[name] += len(batch)
    reset_sequences(target, [TABLES[n] for n in ORDER])
    return counts


def _rows(connection: Connection, table: Table) -> list[dict[str, Any]]:
    order = list(table.primary_key.columns)
    return [dict(r._mapping) for r in connection.execute(select(table).order_by(*order))]


def parents_first(codes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Codes ordered so that each parent precedes its children (a child may have a lower id)."""
    by_id = {c["id"]: c for c in codes}
    done: set[int] = set()
    ordered: list[dict[str, Any]] = []

    def visit(code: dict[str, Any], seen: frozenset[int]) -> None:
        if code["id"] in done or code["id"] in seen:
            return
        parent = by_id.get(code["parent_id"]) if code["parent_id"] is not None else None
        if parent is not None:
            visit(parent, seen | {code["id"]})
        done.add(code["id"])
        ordered.append(code)

    for code in codes:
        visit(code, frozenset())
    return ordered
