"""The codings on the current passage or range: code, coder, memo."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.changes import Changes
from annotator.ids import CodeId
from annotator.records import AnnotationRow, CodeRow, Target
from ui.models.table import RowsModel
from ui.workbench import Workbench

Index = QModelIndex | QPersistentModelIndex
CODE, CODER, MEMO = range(3)


class CodingsModel(RowsModel):
    """Codings overlapping the current target; the annotation id is in Qt.UserRole."""

    def __init__(self, bench: Workbench) -> None:
        super().__init__()
        self.bench = bench
        self.rows: list[AnnotationRow] = []
        self.codes: dict[CodeId, CodeRow] = {}
        bench.current.target_changed.connect(lambda _t: self.reload())
        bench.current.coder_changed.connect(lambda _c: self.reload())
        bench.bus.changed.connect(self._on_changed)
        self._load_codes()

    def _load_codes(self) -> None:
        self.codes = {c.id: c for c in self.bench.project.codebook.all()}

    def _on_changed(self, changes: Changes, initiator: object = None) -> None:
        if changes.codebook:
            self._load_codes()
        target = self.bench.current.target
        if changes.codebook or changes.settings:
            self.reload()
        elif target is not None and target.document in changes.annotations_in:
            self.update()

    def _fresh(self) -> list[AnnotationRow]:
        target: Target | None = self.bench.current.target
        coder = self.bench.current.coder
        rows = self.bench.codings.visible(target.document, coder) if target else []
        return [
            a for a in rows if target is not None and a.start < target.end and a.end > target.start
        ]

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = self._fresh()
        self.endResetModel()

    def update(self) -> None:
        """After a tag, untag or undo: insert and remove the rows that came and went."""
        fresh = self._fresh()
        rows = self.rows

        def insert(n: int) -> None:
            rows.insert(n, fresh[n])

        if not self.patch([r.id for r in rows], [r.id for r in fresh], rows.pop, insert):
            self.reload()
            return
        self.rows = fresh  # kept rows may carry a new memo
        self.cells_changed()

    def headers(self) -> list[str]:
        return [self.tr("Code"), self.tr("Coder"), self.tr("Memo")]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        code = self.codes.get(row.code_id)
        if role == Qt.ItemDataRole.UserRole:
            return int(row.id)
        if role == Qt.ItemDataRole.DisplayRole:
            name = f"{code.name_ja} {code.name}" if code else row.code
            return [name, row.coder, row.memo][index.column()]
        if role == Qt.ItemDataRole.DecorationRole and index.column() == CODE and code:
            return QColor(code.color)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.quote
        return None
