"""The append-only history of annotations: who changed what, when, from what to what.

A deleted coding lives on here as its `before` snapshot, which is how undo restores
it with its id, and how review can show what a coding looked like when it was judged.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from annotator.errors import InvalidInputError
from annotator.ids import CoderId
from annotator.kinds import HistoryAction
from db.models import Annotation, Coder, History

FIELDS = ("id", "document_id", "passage_id", "start", "end", "code_id", "coder_id", "memo",
          "quote", "anchor", "created_at", "updated_at", "guid", "origin")
_TIMES = ("created_at", "updated_at")


def now() -> datetime:
    """UTC, without tzinfo: SQLite stores naive datetimes, and mixing the two breaks comparisons."""
    return datetime.now(UTC).replace(tzinfo=None)


def coder_id(s: Session, name: str) -> CoderId:
    """The coder called `name`, created on first use (coders are just names here)."""
    name = name.strip()
    if not name:
        raise InvalidInputError("a coder name is required")
    found = s.scalar(select(Coder.id).where(Coder.name == name))
    if found is not None:
        return CoderId(found)
    coder = Coder(name=name, created_at=now())
    try:
        with s.begin_nested():  # a colleague on the same server may add the same name now
            s.add(coder)
            s.flush()
    except IntegrityError:
        return CoderId(s.scalars(select(Coder.id).where(Coder.name == name)).one())
    return CoderId(coder.id)


def snapshot(annotation: Annotation) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(annotation, name) for name in FIELDS}
    for name in _TIMES:
        value = values[name]
        values[name] = value.isoformat() if isinstance(value, datetime) else value
    return values


def from_snapshot(values: dict[str, object]) -> Annotation:
    data = dict(values)
    for name in _TIMES:
        data[name] = datetime.fromisoformat(str(data[name]))
    return Annotation(**data)


def record(s: Session, action: HistoryAction | str, annotation: Annotation, actor: str,
           before: dict[str, object] | None = None) -> None:
    """Append one history row; `after` is the annotation as it now stands (none on delete)."""
    s.flush()
    after = None if action == "delete" else snapshot(annotation)
    s.add(History(
        at=now(), coder_id=coder_id(s, actor), action=action, annotation_id=annotation.id,
        before=json.dumps(before, ensure_ascii=False) if before is not None else None,
        after=json.dumps(after, ensure_ascii=False) if after is not None else None,
    ))


def last_state(s: Session, annotation_id: int) -> dict[str, object] | None:
    """The annotation as it was just before it was deleted (None if it never was)."""
    row = s.scalars(
        select(History).where(History.annotation_id == annotation_id, History.action == "delete")
        .order_by(History.id.desc())
    ).first()
    if row is None or row.before is None:
        return None
    value: dict[str, object] = json.loads(row.before)
    return value
