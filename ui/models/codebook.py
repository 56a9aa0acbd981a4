"""The codebook as a tree: name, shortcut and number of codings; drag to nest or reorder.

Each index carries its code id as internal id, so parents and rows are looked up in the
id maps rather than held as Python objects. A drop only pushes a MoveCodeCommand; the
tree changes when the command's `Changes` come back on the bus and it reloads.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from annotator.changes import Changes
from annotator.ids import CodeId
from annotator.records import CodeRow
from ui.commands.codebook import MoveCodeCommand, sibling_index
from ui.commands.coding import run as run_command
from ui.workbench import Workbench

Index = QModelIndex | QPersistentModelIndex
NAME, SHORTCUT, COUNT = range(3)
CODE_MIME = "application/x-annotator-code-id"


class CodebookModel(QAbstractItemModel):
    """Codes in the service's tree order; the code id is in Qt.UserRole.

    Codes the current coder has put on the current target are shown in bold, so a
    click on a code visibly says whether it will add or remove.
    """

    def __init__(self, bench: Workbench) -> None:
        super().__init__()
        self.bench = bench
        self._codes: dict[CodeId, CodeRow] = {}
        self._children: dict[CodeId | None, list[CodeId]] = {}
        self._usage: dict[CodeId, int] = {}
        self._applied: set[CodeId] = set()
        self.reload()
        bench.bus.changed.connect(self._on_changed)
        bench.current.target_changed.connect(lambda _target: self._refresh_applied())
        bench.current.coder_changed.connect(lambda _coder: self._refresh_applied())

    # loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        self.beginResetModel()
        codes = self.bench.project.codebook.all()
        self._codes = {c.id: c for c in codes}
        self._children = {}
        for code in codes:
            self._children.setdefault(code.parent, []).append(code.id)
        self._usage = self.bench.project.codebook.usage()
        self._applied = self._mine_on_target()
        self.endResetModel()

    def _on_changed(self, changes: Changes, initiator: object = None) -> None:
        if changes.codebook:
            self.reload()
        elif changes.annotations_in:
            self._usage = self.bench.project.codebook.usage()
            self._applied = self._mine_on_target()
            self._emit_all_changed()

    def _refresh_applied(self) -> None:
        self._applied = self._mine_on_target()
        self._emit_all_changed()

    def _mine_on_target(self) -> set[CodeId]:
        target = self.bench.current.target
        if target is None:
            return set()
        coder = self.bench.current.coder
        return {a.code_id for a in self.bench.codings.of(target.document)
                if a.coder == coder and (a.start, a.end) == (target.start, target.end)}

    def _emit_all_changed(self) -> None:
        """Counts and bold fonts change in place; one signal per group of siblings."""
        for children in self._children.values():
            if children:
                first = self._index_of(children[0], NAME)
                last = self._index_of(children[-1], COUNT)
                self.dataChanged.emit(first, last)

    # lookups ----------------------------------------------------------------------------------

    def code(self, code_id: CodeId) -> CodeRow | None:
        return self._codes.get(code_id)

    def codes(self) -> list[CodeRow]:
        """All codes in tree order."""
        ordered: list[CodeRow] = []

        def walk(parent: CodeId | None) -> None:
            for child in self._children.get(parent, []):
                ordered.append(self._codes[child])
                walk(child)

        walk(None)
        return ordered

    def usage(self, code_id: CodeId) -> int:
        return self._usage.get(code_id, 0)

    def descendants(self, code_id: CodeId) -> set[CodeId]:
        found: set[CodeId] = set()
        pending = list(self._children.get(code_id, []))
        while pending:
            child = pending.pop()
            found.add(child)
            pending.extend(self._children.get(child, []))
        return found

    def code_at(self, index: Index) -> CodeRow | None:
        return self._codes.get(CodeId(index.internalId())) if index.isValid() else None

    def index_of(self, code_id: CodeId, column: int = NAME) -> QModelIndex:
        return self._index_of(code_id, column)

    def _index_of(self, code_id: CodeId, column: int) -> QModelIndex:
        code = self._codes.get(code_id)
        if code is None:
            return QModelIndex()
        row = self._children.get(code.parent, []).index(code_id)
        return self.createIndex(row, column, int(code_id))

    # QAbstractItemModel -----------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        children = self._children.get(self._parent_id(parent), [])
        if not (0 <= row < len(children) and 0 <= column < COUNT + 1):
            return QModelIndex()
        return self.createIndex(row, column, int(children[row]))

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        code = self.code_at(index)
        if code is None or code.parent is None:
            return QModelIndex()
        return self._index_of(code.parent, NAME)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != NAME:
            return 0
        return len(self._children.get(self._parent_id(parent), []))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return COUNT + 1

    def _parent_id(self, parent: Index) -> CodeId | None:
        return CodeId(parent.internalId()) if parent.isValid() else None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("Code"), self.tr("Shortcut"), self.tr("Codings")][section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return [
                self.tr("Click a code to apply it to the current passage; click again to remove"),
                self.tr("Keyboard shortcut"),
                self.tr("Codings by all coders"),
            ][section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        code = self.code_at(index)
        if code is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return int(code.id)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(code, column)
        if role == Qt.ItemDataRole.DecorationRole and column == NAME:
            return QColor(code.color)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(code)
        if role == Qt.ItemDataRole.FontRole and code.id in self._applied:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column != NAME:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, code: CodeRow, column: int) -> str:
        if column == NAME:
            names = [n for n in (code.name_ja, code.name) if n]
            return " / ".join(names)
        if column == SHORTCUT:
            return code.shortcut or ""
        return str(self.usage(code.id))

    def _tooltip(self, code: CodeRow) -> str:
        parts = [code.definition]
        if code.include_note:
            parts.append(self.tr("Include: {note}").format(note=code.include_note))
        if code.exclude_note:
            parts.append(self.tr("Exclude: {note}").format(note=code.exclude_note))
        return "\n\n".join(p for p in parts if p)

    # drag and drop ----------------------------------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemIsDropEnabled
        )

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [CODE_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """The dragged code's id; a drag moves one code (with its sub-codes)."""
        data = QMimeData()
        codes = [c for c in (self.code_at(i) for i in indexes) if c is not None]
        if codes:
            data.setData(CODE_MIME, str(int(codes[0].id)).encode("ascii"))
        return data

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: Index,
    ) -> bool:
        code = self._dragged(data)
        if code is None or action not in (Qt.DropAction.MoveAction, Qt.DropAction.IgnoreAction):
            return False
        new_parent = self._parent_id(parent)
        return new_parent is None or new_parent not in {code.id, *self.descendants(code.id)}

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: Index,
    ) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        code = self._dragged(data)
        assert code is not None
        new_parent = self._parent_id(parent)
        position = self._drop_position(code, new_parent, row)
        if self._stays(code, new_parent, position):
            return False
        command = MoveCodeCommand(self.bench, code, new_parent, position)
        return run_command(self.bench, command) is None

    def _dragged(self, data: QMimeData) -> CodeRow | None:
        if not data.hasFormat(CODE_MIME):
            return None
        text = bytes(data.data(CODE_MIME).data()).decode("ascii", errors="replace")
        return self._codes.get(CodeId(int(text))) if text.isdigit() else None

    def _stays(self, code: CodeRow, parent: CodeId | None, position: int | None) -> bool:
        """A drop back onto its own place would only add an empty undo step."""
        if code.parent != parent:
            return False
        siblings = self._children.get(parent, [])
        last = len(siblings) - 1
        index = siblings.index(code.id)
        return index == (last if position is None else min(position, last))

    def _drop_position(self, code: CodeRow, parent: CodeId | None, row: int) -> int | None:
        """The index among the new siblings once the code has left its old place.

        A drop row counts the dragged code itself when it stays under the same parent,
        so dropping it further down that list lands one place higher.
        """
        if row < 0:
            return None  # dropped onto a code: becomes its last sub-code
        if code.parent == parent and sibling_index(self.codes(), code) < row:
            return row - 1
        return row
