"""Merging an imported codebook into a project's: matching, then a plan, then one transaction.

A file's code is the project's code with the same GUID, else with the same key, else the
one code with the same name; otherwise it is new. The plan is worked out on plain values
first, so a conflict is found before anything is written and the report says exactly
what will change. Codes the file does not mention are left alone; with `prune` those
without codings (and without sub-codes left) are removed, the others kept and listed.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.formats.codebook_sheet import CodebookFileError, CodeEntry
from annotator.ids import CodeId
from annotator.records import CodeRow
from db.models import Code

Ref = int  # an existing code's id, or -(n + 1) for the file's n-th entry when it is new
SCALARS = ("key", "name", "name_ja", "color", "shortcut", "definition", "include_note",
           "exclude_note", "examples", "rules")
_NEW_DEFAULTS: dict[str, Any] = {"name": "", "name_ja": "", "color": "#888888",
                                 "shortcut": None, "definition": "", "include_note": "",
                                 "exclude_note": "", "examples": "", "rules": ""}


@dataclass
class ImportReport:
    """What an import changed (or, in a dry run, would change), one line each."""

    added: list[str] = field(default_factory=list)
    updated: list[tuple[str, list[str]]] = field(default_factory=list)  # key, fields
    reordered: list[str] = field(default_factory=list)  # parents whose children moved
    removed: list[str] = field(default_factory=list)
    kept: list[tuple[str, int]] = field(default_factory=list)  # not in the file, has codings
    notes: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.reordered or self.removed)

    def lines(self) -> list[str]:
        lines = [f"added {key}" for key in self.added]
        lines += [f"updated {key}: {', '.join(fields)}" for key, fields in self.updated]
        lines += [f"reordered the codes under {where}" for where in self.reordered]
        lines += [f"removed {key} (not in the file, no codings)" for key in self.removed]
        lines += [f"kept {key}: not in the file, but it has {n} coding(s)" for key, n in self.kept]
        lines += [f"note: {note}" for note in self.notes]
        lines.append(f"{self.unchanged} code(s) unchanged" if self.changed or self.unchanged
                     else "nothing to change")
        return lines


@dataclass
class _Plan:
    refs: list[Ref]
    finals: dict[Ref, dict[str, Any]]
    parents: dict[Ref, Ref | None]
    orders: dict[Ref | None, list[Ref]]
    removed: list[CodeId]
    guids: dict[Ref, str]


def merge(s: Session, entries: Sequence[CodeEntry], existing: Sequence[CodeRow],
          usage: Mapping[CodeId, int], *, prune: bool) -> ImportReport:
    """Plan the merge of `entries` into `existing`, then apply it on `s`."""
    plan, report = _plan(entries, existing, usage, prune)
    _apply(s, plan, existing)
    return report


def _plan(entries: Sequence[CodeEntry], existing: Sequence[CodeRow],
          usage: Mapping[CodeId, int], prune: bool) -> tuple[_Plan, ImportReport]:
    rows = {c.id: c for c in existing}
    refs = _match(entries, existing)
    report = ImportReport()
    parents = _parents(entries, refs, existing)
    removed = _pruned(refs, existing, parents, usage, report) if prune else []
    finals = {ref: _final(entry, rows.get(CodeId(ref))) for ref, entry in zip(refs, entries,
                                                                               strict=True)}
    for ref, entry in zip(refs, entries, strict=True):
        if not (finals[ref]["name"] or finals[ref]["name_ja"]).strip():
            raise CodebookFileError(f"{entry.where}: the code has no name")
    fixed = [c for c in existing if c.id not in set(refs)]
    _unique_keys(entries, refs, finals, rows, fixed, report)
    _unique_shortcuts(entries, refs, finals, rows, fixed, report)
    orders = _orders(entries, refs, existing, parents, set(removed))
    guids = {ref: _guid(entry) for ref, entry in zip(refs, entries, strict=True) if ref < 0}
    plan = _Plan(refs, finals, parents, orders, removed, guids)
    _describe(plan, rows, finals, report)
    return plan, report


# matching --------------------------------------------------------------------------------------

def match(entries: Sequence[CodeEntry], existing: Sequence[CodeRow]) -> list[Ref]:
    """Which project code each entry is (its id), or -(n + 1) for a new n-th entry."""
    return _match(entries, existing)


def _match(entries: Sequence[CodeEntry], existing: Sequence[CodeRow]) -> list[Ref]:
    by_guid = {c.guid.lower(): c.id for c in existing}
    by_key = {c.key: c.id for c in existing}
    claimed: dict[Ref, int] = {}
    refs: list[Ref] = []
    for number, entry in enumerate(entries):
        found = (by_guid.get((entry.guid or "").lower()) or by_key.get(entry.key or "")
                 or _by_name(entry, existing, claimed))
        ref: Ref = -(number + 1) if found is None else found
        if ref in claimed:
            other = entries[claimed[ref]]
            raise CodebookFileError(f"{entry.where} and {other.where} are both the project's "
                                    f"code {_key_of(existing, ref)!r}")
        claimed[ref] = number
        refs.append(ref)
    return refs


def _by_name(entry: CodeEntry, existing: Sequence[CodeRow],
             claimed: Mapping[Ref, int]) -> CodeId | None:
    found = [c.id for c in existing if c.id not in claimed and (
        (entry.name and c.name == entry.name) or (entry.name_ja and c.name_ja == entry.name_ja))]
    if len(found) > 1:
        raise CodebookFileError(f"{entry.where}: the name {entry.name or entry.name_ja!r} fits "
                                f"{len(found)} codes of the project; give it a key or guid")
    return found[0] if found else None


def _key_of(existing: Sequence[CodeRow], ref: Ref) -> str:
    return next(c.key for c in existing if c.id == ref)


# the new values --------------------------------------------------------------------------------

def _final(entry: CodeEntry, row: CodeRow | None) -> dict[str, Any]:
    base = {name: getattr(row, name) for name in SCALARS} if row else {**_NEW_DEFAULTS,
                                                                       "key": None}
    wanted = {name: getattr(entry, name) for name in SCALARS if getattr(entry, name) is not None}
    if "shortcut" in wanted:
        wanted["shortcut"] = wanted["shortcut"] or None
    return base | wanted


def _guid(entry: CodeEntry) -> str:
    return entry.guid or str(uuid.uuid4())


def _unique_keys(entries: Sequence[CodeEntry], refs: Sequence[Ref],
                 finals: dict[Ref, dict[str, Any]], rows: Mapping[CodeId, CodeRow],
                 fixed: Sequence[CodeRow], report: ImportReport) -> None:
    """Keys the file gives come first; one taken by a code outside the file yields."""
    taken = {c.key for c in fixed}
    for number in _explicit_first(entries, "key"):
        ref, entry = refs[number], entries[number]
        current = rows[CodeId(ref)].key if ref > 0 else None
        key = _free(finals[ref]["key"], current, taken)
        if key is None:
            key = _unique_key(finals[ref]["name"] or finals[ref]["name_ja"], taken)
        if key != (entry.key or current) and (entry.key or current) is not None:
            report.notes.append(f"{entry.where}: key {entry.key or current!r} is taken by a "
                                f"code not in the file; it is {key!r}")
        finals[ref]["key"] = key
        taken.add(key)


def _unique_shortcuts(entries: Sequence[CodeEntry], refs: Sequence[Ref],
                      finals: dict[Ref, dict[str, Any]], rows: Mapping[CodeId, CodeRow],
                      fixed: Sequence[CodeRow], report: ImportReport) -> None:
    """A shortcut a code outside the file has stays with it; the file's code keeps its own."""
    taken = {c.shortcut for c in fixed if c.shortcut}
    for number in _explicit_first(entries, "shortcut"):
        ref = refs[number]
        wanted = finals[ref]["shortcut"]
        current = rows[CodeId(ref)].shortcut if ref > 0 else None
        shortcut = _free(wanted, current, taken) if wanted else None
        if wanted and shortcut != wanted:
            report.notes.append(f"{entries[number].where}: shortcut {wanted} belongs to a code "
                                f"not in the file; {finals[ref]['key']!r} keeps "
                                f"{shortcut or 'none'}")
        finals[ref]["shortcut"] = shortcut
        if shortcut:
            taken.add(shortcut)


def _explicit_first(entries: Sequence[CodeEntry], name: str) -> list[int]:
    return sorted(range(len(entries)), key=lambda n: getattr(entries[n], name) is None)


def _free(wanted: str | None, current: str | None, taken: set[str]) -> str | None:
    """`wanted` if free, else the code's `current` value if free, else None."""
    for value in (wanted, current):
        if value is not None and value not in taken:
            return value
    return None


def _unique_key(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^0-9a-z]+", "_", name.strip().lower()).strip("_") or "code"
    key, number = base, 2
    while key in taken:
        key, number = f"{base}_{number}", number + 1
    return key


# the tree --------------------------------------------------------------------------------------

def _parents(entries: Sequence[CodeEntry], refs: Sequence[Ref],
             existing: Sequence[CodeRow]) -> dict[Ref, Ref | None]:
    parents: dict[Ref, Ref | None] = {c.id: c.parent for c in existing}
    file_keys = {e.key: refs[n] for n, e in enumerate(entries) if e.key}
    project_keys = {c.key: c.id for c in existing}
    for number, entry in enumerate(entries):
        ref = refs[number]
        if isinstance(entry.parent, int):
            parents[ref] = refs[entry.parent]
        elif isinstance(entry.parent, str):
            parent = file_keys.get(entry.parent, project_keys.get(entry.parent))
            if parent is None:
                raise CodebookFileError(f"{entry.where}: parent {entry.parent!r} is neither in "
                                        f"the file nor in the project")
            parents[ref] = parent
        elif entry.parent_known or ref < 0:
            parents[ref] = None
    _no_cycles(parents, entries, refs)
    return parents


def _no_cycles(parents: Mapping[Ref, Ref | None], entries: Sequence[CodeEntry],
               refs: Sequence[Ref]) -> None:
    for number, ref in enumerate(refs):
        seen = {ref}
        parent = parents.get(ref)
        while parent is not None:
            if parent in seen:
                raise CodebookFileError(f"{entries[number].where}: {entries[number].label!r} "
                                        f"would be nested inside itself")
            seen.add(parent)
            parent = parents.get(parent)


def _pruned(refs: Sequence[Ref], existing: Sequence[CodeRow], parents: Mapping[Ref, Ref | None],
            usage: Mapping[CodeId, int], report: ImportReport) -> list[CodeId]:
    """Codes not in the file, without codings and without sub-codes that stay."""
    outside = [c for c in existing if c.id not in set(refs)]
    report.kept = [(c.key, usage[c.id]) for c in outside if usage.get(c.id)]
    removed: set[CodeId] = set()
    changed = True
    while changed:
        changed = False
        staying_parents = {p for child, p in parents.items() if child not in removed}
        for code in outside:
            if code.id not in removed and not usage.get(code.id) and (
                    code.id not in staying_parents):
                removed.add(code.id)
                changed = True
    return [c.id for c in outside if c.id in removed]


def _orders(entries: Sequence[CodeEntry], refs: Sequence[Ref], existing: Sequence[CodeRow],
            parents: Mapping[Ref, Ref | None], removed: set[CodeId]) -> dict[Ref | None, list[Ref]]:
    """Siblings in the file's order; codes the file does not mention keep their places."""
    old: dict[Ref | None, list[Ref]] = {}
    for code in sorted(existing, key=lambda c: (c.position, c.id)):
        if parents[code.id] == code.parent and code.id not in removed:
            old.setdefault(code.parent, []).append(code.id)
    listed: dict[Ref | None, list[Ref]] = {}
    for number, ref in enumerate(refs):
        if entries[number].parent_known or ref < 0:  # else it keeps its place in `old`
            listed.setdefault(parents[ref], []).append(ref)
    return {group: _merged(old.get(group, []), listed.get(group, []))
            for group in set(old) | set(listed)}


def _merged(old: list[Ref], listed: list[Ref]) -> list[Ref]:
    in_old, in_listed = set(old), set(listed)
    reordered = iter([r for r in listed if r in in_old])
    result = [next(reordered) if r in in_listed else r for r in old]
    previous: Ref | None = None
    for ref in listed:
        if ref not in in_old:
            if previous is None:
                at = next((n for n, r in enumerate(result) if r in in_listed), len(result))
            else:
                at = result.index(previous) + 1
            result.insert(at, ref)
        previous = ref
    return result


# report and apply ------------------------------------------------------------------------------

def _describe(plan: _Plan, rows: Mapping[CodeId, CodeRow],
              finals: Mapping[Ref, Mapping[str, Any]], report: ImportReport) -> None:
    for ref in plan.refs:
        if ref < 0:
            report.added.append(finals[ref]["key"])
            continue
        row = rows[CodeId(ref)]
        fields = [name for name in SCALARS if finals[ref][name] != getattr(row, name)]
        if plan.parents[ref] != row.parent:
            fields.append("parent")
        if fields:
            report.updated.append((row.key, fields))
        else:
            report.unchanged += 1
    for group, order in plan.orders.items():
        before = [c.id for c in sorted(rows.values(), key=lambda c: (c.position, c.id))
                  if c.parent == group and c.id in order]
        if [r for r in order if r in before] != before:
            report.reordered.append("the top level" if group is None else rows[CodeId(group)].key
                                    if group > 0 else finals[group]["key"])
    report.removed = [rows[c].key for c in plan.removed]


def _apply(s: Session, plan: _Plan, existing: Sequence[CodeRow]) -> None:
    codes = {c.id: c for c in s.scalars(select(Code).where(Code.id.in_([c.id for c in existing])))}
    for ref in plan.refs:  # free keys and shortcuts first: two codes may swap them
        if ref > 0:
            codes[ref].key, codes[ref].shortcut = f"\x00import {ref}", None
    s.flush()
    made: dict[Ref, Code] = {}
    for ref in plan.refs:
        target = codes[ref] if ref > 0 else Code(guid=plan.guids[ref], position=0)
        for name, value in plan.finals[ref].items():
            setattr(target, name, value)
        if ref < 0:
            s.add(target)
            made[ref] = target
    s.flush()
    ids = {ref: code.id for ref, code in made.items()}
    every = codes | {code.id: code for code in made.values()}
    for ref, parent in plan.parents.items():
        if ref in ids or ref in codes:
            every[ids.get(ref, ref)].parent_id = (ids.get(parent, parent) if parent is not None
                                                  else None)
    for order in plan.orders.values():
        for position, ref in enumerate(order):
            every[ids.get(ref, ref)].position = position
    s.flush()
    for code_id in plan.removed:
        s.delete(codes[code_id])
