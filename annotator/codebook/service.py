"""The codebook: a tree of codes that users add, rename, nest, recolor, merge and delete.

Nothing vanishes silently: deleting a code that has codings needs a target code, and
every removal hands back a snapshot from which undo can restore it exactly.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, fields

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from annotator.changes import Changes, Op
from annotator.codebook.rows import code_row, tree_order
from annotator.codebook.snapshot import CodebookSnapshot, put_back, take
from annotator.database import Database
from annotator.errors import (
    ChangedMeanwhileError,
    CodeInUseError,
    InvalidInputError,
    NotFoundError,
)
from annotator.history import record, snapshot
from annotator.ids import AnnotationId, CodeId, DocumentId
from annotator.records import CodeRow
from annotator.suggest.rules import check as check_rule
from db.models import Annotation, Code
from resources import DEFAULT_CODEBOOK

_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
EDITABLE = ("name", "name_ja", "color", "shortcut", "definition", "include_note",
            "exclude_note", "examples", "key", "rules")


@dataclass(frozen=True)
class Place:
    """Where a code sits: its parent (None: top level) and its index among its siblings."""

    parent: CodeId | None
    position: int


@dataclass(frozen=True)
class DeletedCode:
    """What `delete` removed, so undo can put it back with the same id."""

    code: CodeRow
    moved_to: CodeId | None
    moved_annotations: tuple[AnnotationId, ...]
    reparented_children: tuple[CodeId, ...]


def find_code(session: Session, ref: str | int) -> Code:
    """A code by id (an int), or by key, Japanese name or English name (what a user types).

    A string is never read as an id: a code whose key is "1" must not resolve to code 1.
    """
    if isinstance(ref, int):
        code = session.get(Code, ref)
        if code is not None:
            return code
        raise NotFoundError(f"no code with id {ref}")
    for column in (Code.key, Code.name_ja, Code.name):
        code = session.scalars(select(Code).where(column == ref)).first()
        if code is not None:
            return code
    if ref.isdigit() and (code := session.get(Code, int(ref))) is not None:
        return code  # the CLI's `--code 3`, when no code is called "3"
    raise NotFoundError(f"no code {ref!r} in the codebook")


class CodebookService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def install_default(self) -> Op[None]:
        """Seed a new project with the default codebook (fixed GUIDs, the same everywhere)."""
        entries = json.loads(DEFAULT_CODEBOOK.read_text(encoding="utf-8"))["codes"]
        with self._db.write() as s:
            if s.scalar(select(func.count()).select_from(Code)):
                return Op(None)
            for position, entry in enumerate(entries):
                s.add(Code(position=position, parent_id=None, **entry))
        return Op(None, Changes(codebook=True))

    def all(self) -> list[CodeRow]:
        """All codes in tree order: each parent followed by its children, by position."""
        with self._db.read() as s:
            codes = [code_row(c) for c in s.scalars(select(Code).order_by(Code.position, Code.id))]
        return tree_order(codes)

    def get(self, ref: str | int) -> CodeRow:
        with self._db.read() as s:
            return code_row(find_code(s, ref))

    def usage(self) -> dict[CodeId, int]:
        with self._db.read() as s:
            rows = s.execute(select(Annotation.code_id, func.count()).group_by(Annotation.code_id))
            return {CodeId(code_id): count for code_id, count in rows}

    def add(self, name: str, *, name_ja: str = "", key: str | None = None,
            parent: CodeId | None = None, color: str = "#888888", shortcut: str | None = None,
            definition: str = "", include_note: str = "", exclude_note: str = "",
            examples: str = "", guid: str | None = None) -> Op[CodeId]:
        with self._db.write() as s:
            if parent is not None and s.get(Code, parent) is None:
                raise NotFoundError(f"no parent code {parent}")
            code = Code(
                guid=guid or str(uuid.uuid4()), key=key or _unique_key(s, name or name_ja),
                parent_id=parent, position=_next_position(s, parent), name=name,
                name_ja=name_ja, color=color, shortcut=shortcut or None, definition=definition,
                include_note=include_note, exclude_note=exclude_note, examples=examples,
            )
            _validate(s, code)
            s.add(code)
            s.flush()
            check_depth(s)
            return Op(CodeId(code.id), Changes(codebook=True))

    def update(self, code_id: CodeId, *, expected: int | None = None, actor: str = "",
               **values: str | None) -> Op[None]:
        """Rename (ja/en), recolor, set shortcut or key, edit definition and notes.

        `expected` is the code's version the editor saw: if a colleague changed the code
        since, the edit is refused with who did it, never silently written over theirs.
        """
        unknown = set(values) - set(EDITABLE)
        if unknown:
            raise InvalidInputError(f"cannot edit {', '.join(sorted(unknown))} of a code")
        try:
            with self._db.write() as s:
                code = _get(s, code_id)
                if expected is not None and code.version != expected:
                    raise _changed_meanwhile(code)
                for name, value in values.items():
                    setattr(code, name, (value or None) if name == "shortcut" else (value or ""))
                if actor:
                    code.updated_by = actor
                _validate(s, code)
        except StaleDataError as err:  # a concurrent edit committed between our read and write
            with self._db.read() as s:
                raise _changed_meanwhile(_get(s, code_id)) from err
        return Op(None, Changes(codebook=True))

    def move(self, code_id: CodeId, parent: CodeId | None,
             position: int | None = None) -> Op[Place]:
        """Nest a code under `parent` (None: top level) at `position` among its siblings.

        Returns where the code was, so undo can put it back.
        """
        with self._db.write() as s:
            code = _get(s, code_id)
            old_parent = CodeId(code.parent_id) if code.parent_id is not None else None
            old = Place(old_parent, [c.id for c in _children(s, old_parent)].index(code_id))
            ancestor = parent
            while ancestor is not None:
                if ancestor == code_id:
                    raise InvalidInputError("a code cannot be nested inside itself")
                ancestor = _get(s, ancestor).parent_id  # type: ignore[assignment]
            siblings = [c for c in _children(s, parent) if c.id != code_id]
            index = len(siblings) if position is None else max(0, min(position, len(siblings)))
            siblings.insert(index, code)
            code.parent_id = parent
            for number, sibling in enumerate(siblings):
                sibling.position = number
            s.flush()
            check_depth(s)
        return Op(old, Changes(codebook=True))

    def delete(self, code_id: CodeId, *, move_to: CodeId | None = None,
               actor: str) -> Op[DeletedCode]:
        """Remove a code; its codings move to `move_to`, or the call refuses.

        Its sub-codes move up to its parent.
        """
        with self._db.write() as s:
            return _delete(s, code_id, move_to, None, actor)

    def merge(self, source: CodeId, target: CodeId, *, actor: str) -> Op[DeletedCode]:
        """Fold `source` into `target`: its codings and sub-codes move, then it is deleted."""
        with self._db.write() as s:
            _get(s, target)
            if source == target or source in _ancestors(s, target):
                raise InvalidInputError("cannot merge a code into itself or one of its sub-codes")
            return _delete(s, source, target, target, actor)

    def restore(self, deleted: DeletedCode, *, actor: str) -> Op[None]:
        """Undo `delete`/`merge` of a code: same id, same fields, codings and children back."""
        row = deleted.code
        with self._db.write() as s:
            values = {f.name: getattr(row, f.name) for f in fields(row)}
            values["parent_id"] = values.pop("parent")
            s.add(Code(**values))
            s.flush()
            s.execute(update(Code).where(Code.id.in_(deleted.reparented_children))
                      .values(parent_id=row.id))
            moved = list(s.scalars(select(Annotation).where(
                Annotation.id.in_(deleted.moved_annotations))))
            documents = {DocumentId(a.document_id) for a in moved}
            _move_annotations(s, moved, row.id, actor)
        return Op(None, Changes(codebook=True, annotations_in=frozenset(documents)))

    def snapshot(self) -> CodebookSnapshot:
        """The whole codebook, for an undo that puts every code back as it is now."""
        with self._db.read() as s:
            return take(s)

    def restore_snapshot(self, snapshot: CodebookSnapshot) -> Op[None]:
        """Set the codebook to `snapshot` in one transaction (undo/redo of an import).

        Refuses, changing nothing, when a code it would remove has codings by now.
        """
        with self._db.write() as s:
            put_back(s, snapshot)
        return Op(None, Changes(codebook=True))


def _delete(s: Session, code_id: CodeId, move_to: CodeId | None, children_to: CodeId | None,
            actor: str) -> Op[DeletedCode]:
    code = _get(s, code_id)
    if move_to is not None and (move_to == code_id or code_id in _ancestors(s, move_to)):
        raise InvalidInputError("codings cannot move to the deleted code or one of its sub-codes")
    snapshot_row = code_row(code)
    used = list(s.scalars(select(Annotation).where(Annotation.code_id == code_id)))
    if used and move_to is None:
        raise CodeInUseError(
            f"code {code.key!r} has {len(used)} coding(s); choose a code to move them to"
        )
    documents = frozenset(DocumentId(a.document_id) for a in used)
    moved = _move_annotations(s, used, move_to, actor) if used else ()
    children = tuple(CodeId(c.id) for c in _children(s, code_id))
    new_parent = children_to if children_to is not None else code.parent_id
    s.execute(update(Code).where(Code.parent_id == code_id).values(parent_id=new_parent))
    s.delete(code)
    changes = Changes(codebook=True, annotations_in=documents)
    return Op(DeletedCode(snapshot_row, move_to, moved, children), changes)


def _move_annotations(s: Session, annotations: list[Annotation], target: CodeId | None,
                      actor: str) -> tuple[AnnotationId, ...]:
    assert target is not None
    _get(s, target)
    for annotation in annotations:
        before = snapshot(annotation)
        annotation.code_id = target
        record(s, "update", annotation, actor, before=before)
    return tuple(AnnotationId(a.id) for a in annotations)


def _changed_meanwhile(code: Code) -> ChangedMeanwhileError:
    who = code.updated_by or "someone else"
    return ChangedMeanwhileError(
        f"code {code.key!r} was changed by {who} meanwhile (now {code.name_ja or code.name!r}, "
        f"{code.color}); your edit was not saved: look at it and edit again")


def _get(s: Session, code_id: CodeId) -> Code:
    code = s.get(Code, code_id)
    if code is None:
        raise NotFoundError(f"no code with id {code_id}")
    return code


def _ancestors(s: Session, code_id: CodeId) -> set[CodeId]:
    found: set[CodeId] = set()
    parent = _get(s, code_id).parent_id
    while parent is not None and parent not in found:
        found.add(CodeId(parent))
        parent = _get(s, CodeId(parent)).parent_id
    return found


def _children(s: Session, parent: CodeId | None) -> list[Code]:
    where = Code.parent_id.is_(None) if parent is None else Code.parent_id == parent
    return list(s.scalars(select(Code).where(where).order_by(Code.position, Code.id)))


def _next_position(s: Session, parent: CodeId | None) -> int:
    return len(_children(s, parent))


def _unique_key(s: Session, name: str) -> str:
    base = re.sub(r"[^0-9a-z]+", "_", name.strip().lower()).strip("_") or "code"
    key, number = base, 2
    while s.scalar(select(Code.id).where(Code.key == key)) is not None:
        key, number = f"{base}_{number}", number + 1
    return key


def _validate(s: Session, code: Code) -> None:
    with s.no_autoflush:  # check before the unique constraints would fail at flush
        _check(s, code)


def _check(s: Session, code: Code) -> None:
    if not (code.name or code.name_ja).strip():
        raise InvalidInputError("a code needs a name")
    if not (code.key or "").strip() or code.key != code.key.strip():
        raise InvalidInputError(f"key {code.key!r} must be a word without surrounding spaces")
    if not _COLOR.match(code.color or ""):
        raise InvalidInputError(f"color {code.color!r} is not of the form #RRGGBB")
    if code.shortcut is not None and not (len(code.shortcut) == 1 and code.shortcut in "123456789"):
        raise InvalidInputError(f"shortcut {code.shortcut!r} must be one digit 1–9")
    if code.rules:
        check_rule(code.rules)  # says where the rule is wrong, in one line
    for column, value in ((Code.key, code.key), (Code.shortcut, code.shortcut)):
        if value is None:
            continue
        clash = s.scalar(select(Code).where(column == value, Code.id != (code.id or -1)))
        if clash is not None:
            raise InvalidInputError(f"{column.key} {value!r} is already used by code {clash.key!r}")


#: Deeper than any real codebook (NVivo and MAXQDA trees rarely pass 6 levels); a chain
#: of thousands is an attack or an accident, and every export would have to draw it.
MAX_DEPTH = 50


def check_depth(s: Session) -> None:
    """Refuse (rolling the transaction back) a codebook nested deeper than MAX_DEPTH."""
    parents: dict[int, int | None] = dict(s.execute(select(Code.id, Code.parent_id)).all())
    depth: dict[int, int] = {}
    for start in parents:
        chain: list[int] = []
        node: int | None = start
        while node is not None and node not in depth and len(chain) <= len(parents):
            chain.append(node)
            node = parents.get(node)
        base = depth.get(node, 0) if node is not None else 0
        for offset, code in enumerate(reversed(chain), start=1):
            depth[code] = base + offset
            if depth[code] > MAX_DEPTH:
                raise InvalidInputError(f"the codebook would be nested {MAX_DEPTH + 1}+ levels "
                                        f"deep; at most {MAX_DEPTH} are allowed")
