"""Codes as plain rows, and the tree order every listing of the codebook uses."""

from __future__ import annotations

from annotator.ids import CodeId
from annotator.records import CodeRow
from db.models import Code


def code_row(code: Code) -> CodeRow:
    return CodeRow(
        id=CodeId(code.id), guid=code.guid, key=code.key, name=code.name, name_ja=code.name_ja,
        parent=CodeId(code.parent_id) if code.parent_id is not None else None,
        position=code.position, color=code.color, shortcut=code.shortcut,
        definition=code.definition, include_note=code.include_note,
        exclude_note=code.exclude_note, examples=code.examples, version=code.version,
        updated_by=code.updated_by, rules=code.rules or "",
        threshold=code.threshold if code.threshold is not None else 0.7,
    )


def tree_order(codes: list[CodeRow]) -> list[CodeRow]:
    """Each parent followed by its children, by position (iteratively: any depth)."""
    by_parent: dict[CodeId | None, list[CodeRow]] = {}
    for code in codes:
        by_parent.setdefault(code.parent, []).append(code)
    ordered: list[CodeRow] = []
    stack = list(reversed(by_parent.get(None, [])))
    while stack:
        code = stack.pop()
        ordered.append(code)
        stack.extend(reversed(by_parent.get(code.id, [])))
    return ordered
