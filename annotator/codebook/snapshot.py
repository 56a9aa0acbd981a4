"""The whole codebook as a value, and putting a codebook back to such a value.

A codebook import can add, rename, re-nest and prune many codes at once. Its undo (and
redo) must be one transaction that sets the codes table to exactly what it was, ids
included, so that later undo steps naming those ids still work; and must refuse, changing
nothing, if a code it would remove has codings by now.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.codebook.rows import code_row, tree_order
from annotator.errors import InvalidInputError
from annotator.records import CodeRow
from db.models import Annotation, Code


@dataclass(frozen=True)
class CodebookSnapshot:
    """Every code with every field, in tree order (parents before their children)."""

    codes: tuple[CodeRow, ...]


def take(s: Session) -> CodebookSnapshot:
    return CodebookSnapshot(tuple(tree_order(
        [code_row(c) for c in s.scalars(select(Code).order_by(Code.position, Code.id))])))


def put_back(s: Session, snapshot: CodebookSnapshot) -> None:
    """Make the codes table equal `snapshot` inside the caller's transaction."""
    wanted = {row.id: row for row in snapshot.codes}
    current = {code.id: code for code in s.scalars(select(Code))}
    extra = [code for code_id, code in current.items() if code_id not in wanted]
    used = s.execute(select(Code.key).join(Annotation, Annotation.code_id == Code.id)
                     .where(Code.id.in_([c.id for c in extra])).group_by(Code.key)
                     .having(func.count() > 0)).scalars().all()
    if used:
        raise InvalidInputError(f"codes {', '.join(sorted(used))} have codings by now, "
                                "so the codebook cannot go back")
    for code in extra:
        code.parent_id = None
    s.flush()
    for code in extra:
        s.delete(code)
    # Unique columns are checked per statement: free every key, GUID and shortcut first.
    # Both steps are in this one transaction, so nobody ever sees the stand-ins.
    for code_id, code in current.items():
        if code_id in wanted:
            code.key, code.guid, code.shortcut, code.parent_id = (
                f"\x01{code_id}", f"\x01{code_id}", None, None)
    s.flush()
    for row in snapshot.codes:
        if row.id not in current:
            current[row.id] = Code(id=row.id, key=f"\x01{row.id}", guid=f"\x01{row.id}",
                                   name=row.name, position=row.position)
            s.add(current[row.id])
    s.flush()
    for row in snapshot.codes:
        code = current[row.id]
        for field in fields(row):
            if field.name == "version":  # SQLAlchemy counts it on every write
                continue
            name = "parent_id" if field.name == "parent" else field.name
            setattr(code, name, getattr(row, field.name))
    s.flush()
