"""Three-way merge of a coder's codebook into the lead's, against the codebook at the fork.

Codes are matched by GUID. Per field: changed only on their side, theirs is taken; only on
ours (or on both the same way), ours stays; changed on both sides differently, a conflict is
listed and the lead's value kept (`theirs=True`: the coder's). A code they added is added
(under its parent, matched by GUID); one they deleted is deleted only if the lead has not
changed it and no coding uses it, else kept and listed; one the lead deleted comes back if
their codings use it. Every rule looks only at base, ours and theirs, so merging copies of
different coders in any order gives the same codebook, and merging one twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from db.models import Annotation, Code

FIELDS = ("key", "name", "name_ja", "color", "shortcut", "definition", "include_note",
          "exclude_note", "examples", "parent")
Snapshot = dict[str, dict[str, Any]]  # guid -> fields (parent as a GUID)


@dataclass
class CodebookMerge:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # "key: field, field"
    deleted: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


def snapshot(s: Session) -> Snapshot:
    """The codebook as plain values keyed by GUID (what a fork stores as its base)."""
    codes = list(s.scalars(select(Code)))
    guids = {c.id: c.guid for c in codes}
    return {c.guid: {"key": c.key, "name": c.name, "name_ja": c.name_ja, "color": c.color,
                     "shortcut": c.shortcut, "definition": c.definition,
                     "include_note": c.include_note, "exclude_note": c.exclude_note,
                     "examples": c.examples, "position": c.position,
                     "parent": guids.get(c.parent_id) if c.parent_id is not None else None}
            for c in codes}


def merge_codebook(s: Session, base: Snapshot, theirs: Snapshot, used_theirs: set[str],
                   *, prefer_theirs: bool) -> CodebookMerge:
    """Apply the three-way merge on the lead's session `s`; `used_theirs`: GUIDs coded there."""
    report = CodebookMerge()
    ours = {c.guid: c for c in s.scalars(select(Code))}
    for guid in _parents_first(theirs):
        mine, was = ours.get(guid), base.get(guid)
        if mine is None and (was is None or guid in used_theirs):
            ours[guid] = _add(s, guid, theirs[guid], ours)
            report.added.append(theirs[guid]["key"])
        elif mine is not None and was is not None:
            _three_way(s, mine, was, theirs[guid], ours, prefer_theirs, report)
    for guid, was in base.items():
        mine = ours.get(guid)
        if guid in theirs or mine is None:
            continue
        unchanged = all(_value(mine, name, s) == was[name] for name in FIELDS)
        used = s.scalar(select(func.count()).where(Annotation.code_id == mine.id)) or 0
        children = s.scalar(select(func.count()).where(Code.parent_id == mine.id)) or 0
        if unchanged and not used:
            s.execute(update(Code).where(Code.parent_id == mine.id)
                      .values(parent_id=mine.parent_id))
            s.delete(mine)
            s.flush()
            report.deleted.append(mine.key)
        else:
            why = f"{used} coding(s)" if used else ("sub-codes" if children else "edited here")
            report.kept.append(f"{mine.key} (deleted in the copy, but {why})")
    return report


def _three_way(s: Session, mine: Code, was: Mapping[str, Any], their: Mapping[str, Any],
               ours: dict[str, Code], prefer_theirs: bool, report: CodebookMerge) -> None:
    taken: list[str] = []
    for name in FIELDS:
        now, then, new = _value(mine, name, s), was[name], their[name]
        if new in (then, now):
            continue
        if now != then:
            report.conflicts.append(
                f"{mine.key}.{name}: here {now!r}, in the copy {new!r} "
                f"(kept {'the copy' if prefer_theirs else 'this project'}'s)")
            if not prefer_theirs:
                continue
        if _assign(s, mine, name, new, ours, report):
            taken.append(name)
    if taken:
        mine.updated_by = "team merge"
        report.changed.append(f"{mine.key}: {', '.join(taken)}")


def _assign(s: Session, code: Code, name: str, value: Any, ours: dict[str, Code],
            report: CodebookMerge) -> bool:
    if name == "parent":
        parent = ours.get(value) if value is not None else None
        code.parent_id = parent.id if parent is not None else None
        return True
    if name in ("key", "shortcut") and value is not None and s.scalar(
            select(Code.id).where(getattr(Code, name) == value, Code.id != code.id)):
        report.conflicts.append(f"{code.key}.{name}: {value!r} is taken by another code here "
                                "(kept this project's)")
        return False
    setattr(code, name, value)
    return True


def _add(s: Session, guid: str, their: Mapping[str, Any], ours: dict[str, Code]) -> Code:
    key, number = their["key"], 2
    while s.scalar(select(Code.id).where(Code.key == key)) is not None:
        key, number = f"{their['key']}_{number}", number + 1
    shortcut = their["shortcut"]
    if shortcut is not None and s.scalar(select(Code.id).where(Code.shortcut == shortcut)):
        shortcut = None
    parent = ours.get(their["parent"]) if their["parent"] is not None else None
    code = Code(guid=guid, key=key, name=their["name"], name_ja=their["name_ja"],
                color=their["color"], shortcut=shortcut, definition=their["definition"],
                include_note=their["include_note"], exclude_note=their["exclude_note"],
                examples=their["examples"], position=their.get("position", 0),
                parent_id=parent.id if parent is not None else None, updated_by="team merge")
    s.add(code)
    s.flush()
    return code


def _value(code: Code, name: str, s: Session) -> Any:
    if name != "parent":
        return getattr(code, name)
    if code.parent_id is None:
        return None
    parent = s.get(Code, code.parent_id)
    return parent.guid if parent is not None else None


def _parents_first(codes: Snapshot) -> list[str]:
    ordered: list[str] = []
    seen: set[str] = set()

    def visit(guid: str, path: frozenset[str]) -> None:
        if guid in seen or guid in path:
            return
        parent = codes[guid]["parent"]
        if parent in codes:
            visit(parent, path | {guid})
        seen.add(guid)
        ordered.append(guid)

    for guid in sorted(codes):
        visit(guid, frozenset())
    return ordered
