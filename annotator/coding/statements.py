"""A tag in Core statements: what a keystroke costs on top of the durable commit.

The ORM version spent 2.6 ms CPU on 5–6 SELECTs, unit-of-work flushes and a history row
(ten times a bare INSERT+COMMIT). Here the statements are built once, with bound
parameters, so SQLAlchemy compiles each once per process; the lookups a tag needs (the
request's GUID, the text's length and the quote, the code, the coder, the passage) are one
SELECT of scalar subqueries; the coding and its history row are two INSERTs. The commit
and its fsync (synchronous=FULL) are untouched: they are the floor, and they stay.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, bindparam, case, func, insert, or_, select

from annotator.history import FIELDS
from db.models import Annotation, Code, Coder, Document, History, Passage

_LOOKUP = select(
    select(Annotation.id).where(Annotation.guid == bindparam("guid"))
    .scalar_subquery().label("stored"),
    select(func.length(Document.text)).where(Document.id == bindparam("document"))
    .scalar_subquery().label("length"),
    select(func.substr(Document.text, bindparam("from"), bindparam("count")))
    .where(Document.id == bindparam("document")).scalar_subquery().label("quote"),
    select(Code.id).where(or_(Code.key == bindparam("ref"), Code.name_ja == bindparam("ref"),
                              Code.name == bindparam("ref"), Code.id == bindparam("ref_id")))
    .order_by(case((Code.key == bindparam("ref"), 0), (Code.name_ja == bindparam("ref"), 1),
                   (Code.name == bindparam("ref"), 2), else_=3), Code.id)
    .limit(1).scalar_subquery().label("code"),
    select(Coder.id).where(Coder.name == bindparam("coder")).scalar_subquery().label("coder"),
    select(Passage.id).where(Passage.document_id == bindparam("document"),
                             Passage.start <= bindparam("start"),
                             Passage.end >= bindparam("end"))
    .order_by(Passage.start.desc()).limit(1).scalar_subquery().label("passage"),
)
_EXISTING = select(Annotation.id).where(and_(
    Annotation.document_id == bindparam("document"), Annotation.start == bindparam("start"),
    Annotation.end == bindparam("end"), Annotation.code_id == bindparam("code"),
    Annotation.coder_id == bindparam("coder")))
_INSERT = insert(Annotation).returning(Annotation.id)
_HISTORY = insert(History)


@dataclass(frozen=True)
class Lookup:
    """What a tag needs to know before it writes, read in one round trip."""

    stored: int | None  # the coding an earlier attempt of this request committed
    length: int | None  # None: no such document
    quote: str
    code: int | None  # None: the reference names no code
    coder: int | None  # None: a coder not seen before
    passage: int | None


def lookup(c: Connection, *, guid: str, document: int, start: int, end: int,
           code: str | int, coder: str) -> Lookup:
    """One SELECT for the GUID, the document's length and quote, the code, coder, passage.

    A string code matches key, then Japanese name, then English name, then (digits) id:
    `find_code`'s order. An int code is an id only.
    """
    by_name = code if isinstance(code, str) else None
    by_id = code if isinstance(code, int) else (int(code) if code.isdigit() else None)
    row = c.execute(_LOOKUP, {
        "guid": guid, "document": document, "from": max(start, 0) + 1,
        "count": max(end - start, 0), "ref": by_name, "ref_id": by_id,
        "coder": coder.strip(), "start": start, "end": end}).one()
    return Lookup(row.stored, row.length, str(row.quote or ""), row.code, row.coder, row.passage)


def existing(c: Connection, *, document: int, start: int, end: int, code: int,
             coder: int) -> int | None:
    """The same coding by the same coder, if there is one (then a tag is a no-op)."""
    found = c.execute(_EXISTING, {"document": document, "start": start, "end": end,
                                  "code": code, "coder": coder}).scalar()
    return int(found) if found is not None else None


def insert_coding(c: Connection, values: dict[str, Any], actor: int, at: datetime) -> int:
    """The coding (created and updated `at`) and its "create" history row, with the
    snapshot `history.record` would write, so undo and review read it the same way."""
    annotation_id = int(c.execute(_INSERT, values).scalar_one())
    c.execute(_HISTORY, {"at": at, "coder_id": actor, "action": "create",
                         "annotation_id": annotation_id, "before": None,
                         "after": json.dumps(history_after(values, annotation_id, at),
                                             ensure_ascii=False)})
    return annotation_id


def history_after(values: dict[str, Any], annotation_id: int, at: datetime) -> dict[str, Any]:
    """The "create" snapshot of a coding inserted with `values` (what `history.record`
    writes), shared by the one-tag and the bulk path so undo and review read both alike."""
    return {name: values.get(name) for name in FIELDS} | {
        "id": annotation_id, "created_at": at.isoformat(), "updated_at": at.isoformat()}
