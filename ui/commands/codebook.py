"""Undo commands for the codebook: add, edit, move, merge and delete codes.

Each step is one core call whose `Changes` go out on the bus. A removal keeps the
`DeletedCode` snapshot the core hands back, so undo restores the code with its id,
fields, sub-codes and codings. A command whose first run the core refuses removes
itself from the stack and keeps the error for the caller to show.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication

from annotator.changes import Changes
from annotator.codebook.service import DeletedCode, Place
from annotator.ids import CodeId
from annotator.records import CodeRow
from ui.commands.coding import CoreCommand
from ui.workbench import Workbench

FieldValues = Mapping[str, str | None]


def tr(text: str) -> str:
    return QCoreApplication.translate("CodebookCommands", text)


def label(code: CodeRow) -> str:
    return code.name_ja or code.name


CodebookCommand = CoreCommand  # the codebook's commands follow the common pattern


class AddCodeCommand(CodebookCommand):
    def __init__(self, bench: Workbench, values: FieldValues, parent: CodeId | None) -> None:
        name = values.get("name_ja") or values.get("name") or ""
        super().__init__(bench, tr("Add code {code}").format(code=name))
        self._values = dict(values)
        self._parent = parent
        self.code_id: CodeId | None = None
        self._deleted: DeletedCode | None = None

    def forward(self) -> Changes:
        if self._deleted is not None:  # redo after undo: the same id comes back
            return self.bench.project.codebook.restore(self._deleted, actor=self.actor).changes
        values = self._values
        op = self.bench.project.codebook.add(
            values.get("name") or "",
            name_ja=values.get("name_ja") or "",
            key=values.get("key") or None,
            parent=self._parent,
            color=values.get("color") or "#888888",
            shortcut=values.get("shortcut") or None,
            definition=values.get("definition") or "",
            include_note=values.get("include_note") or "",
            exclude_note=values.get("exclude_note") or "",
            examples=values.get("examples") or "",
        )
        self.code_id = op.value
        return op.changes

    def backward(self) -> Changes:
        assert self.code_id is not None
        op = self.bench.project.codebook.delete(self.code_id, actor=self.actor)
        self._deleted = op.value
        return op.changes


class EditCodeCommand(CodebookCommand):
    """Keeps the old value of every field it sets, so undo puts each one back."""

    def __init__(self, bench: Workbench, code: CodeRow, after: FieldValues) -> None:
        super().__init__(bench, tr("Edit code {code}").format(code=label(code)))
        self._id = code.id
        self._after = dict(after)
        self._before: dict[str, str | None] = {name: getattr(code, name) for name in after}
        # The version the user edited: a colleague's edit in between refuses ours (team
        # projects); undo and redo of our own edit need no such check.
        self._expected: int | None = code.version

    def forward(self) -> Changes:
        changes = self.bench.project.codebook.update(
            self._id, expected=self._expected, actor=self.actor, **self._after).changes
        self._expected = None
        return changes

    def backward(self) -> Changes:
        return self.bench.project.codebook.update(self._id, expected=None, actor=self.actor,
                                                  **self._before).changes


class MoveCodeCommand(CodebookCommand):
    """Nest or reorder; undo puts the code back at its old index under its old parent."""

    def __init__(
        self, bench: Workbench, code: CodeRow, parent: CodeId | None, position: int | None
    ) -> None:
        super().__init__(bench, tr("Move code {code}").format(code=label(code)))
        self._id = code.id
        self._parent, self._position = parent, position
        self._old: Place | None = None  # where the core says the code was

    def forward(self) -> Changes:
        op = self.bench.project.codebook.move(self._id, self._parent, self._position)
        self._old = op.value
        return op.changes

    def backward(self) -> Changes:
        assert self._old is not None
        return self.bench.project.codebook.move(self._id, self._old.parent,
                                                self._old.position).changes


def sibling_index(codes: list[CodeRow], code: CodeRow) -> int:
    """Where `code` stands among its siblings (positions in the file may have gaps)."""
    siblings = [c.id for c in codes if c.parent == code.parent]
    return siblings.index(code.id)


class MergeCodesCommand(CodebookCommand):
    def __init__(self, bench: Workbench, source: CodeRow, target: CodeRow) -> None:
        text = tr("Merge {source} into {target}").format(source=label(source), target=label(target))
        super().__init__(bench, text)
        self._source, self._target = source.id, target.id
        self._deleted: DeletedCode | None = None

    def forward(self) -> Changes:
        op = self.bench.project.codebook.merge(self._source, self._target, actor=self.actor)
        self._deleted = op.value
        return op.changes

    def backward(self) -> Changes:
        assert self._deleted is not None
        return self.bench.project.codebook.restore(self._deleted, actor=self.actor).changes


class DeleteCodeCommand(CodebookCommand):
    """The core refuses to drop a used code's codings: they need `move_to`."""

    def __init__(self, bench: Workbench, code: CodeRow, move_to: CodeId | None) -> None:
        super().__init__(bench, tr("Delete code {code}").format(code=label(code)))
        self._id, self._move_to = code.id, move_to
        self._deleted: DeletedCode | None = None

    def forward(self) -> Changes:
        op = self.bench.project.codebook.delete(self._id, move_to=self._move_to,
                                                actor=self.actor)
        self._deleted = op.value
        return op.changes

    def backward(self) -> Changes:
        assert self._deleted is not None
        return self.bench.project.codebook.restore(self._deleted, actor=self.actor).changes
