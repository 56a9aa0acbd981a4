"""The project's documents with the current coder's progress, for the list on the left."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from annotator.changes import Changes
from annotator.coding.service import Progress
from annotator.ids import DocumentId
from annotator.records import DocumentInfo
from ui.models.table import RowsModel
from ui.workbench import Workbench

Index = QModelIndex | QPersistentModelIndex
NAME, PAGES, PROGRESS = range(3)


class DocumentModel(RowsModel):
    """Rows are documents; the id is in Qt.UserRole, never parsed from the text."""

    def __init__(self, bench: Workbench) -> None:
        super().__init__()
        self.bench = bench
        self.rows: list[DocumentInfo] = []
        self._progress: dict[DocumentId, Progress] = {}
        self.reload()
        bench.bus.changed.connect(self._on_changed)
        bench.current.coder_changed.connect(lambda _coder: self._refresh_progress())

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = list(self.bench.codings.documents())
        self._progress = self.bench.project.coding.progress(self.bench.current.coder)
        self.endResetModel()

    def update(self) -> None:
        """After an import or a removal: insert and remove those rows, keep the others
        (and the view's selection and scroll position); a rename repaints in place."""
        fresh = self.bench.codings.documents()
        rows = self.rows

        def insert(n: int) -> None:
            rows.insert(n, fresh[n])

        if not self.patch([r.id for r in rows], [r.id for r in fresh], rows.pop, insert):
            self.reload()
            return
        self.rows = list(fresh)  # a copy: the next update edits it in place, not the cache
        self._progress = self.bench.project.coding.progress(self.bench.current.coder)
        self.cells_changed()

    def _on_changed(self, changes: Changes, initiator: object = None) -> None:
        if changes.documents or changes.passages_in:
            self.update()
        elif changes.annotations_in or changes.status_in:
            self._refresh_progress(changes.annotations_in | changes.status_in)

    def _refresh_progress(self, documents: frozenset[DocumentId] | None = None) -> None:
        """Re-read progress, for the changed documents only when known (a keystroke)."""
        fresh = self.bench.project.coding.progress(self.bench.current.coder, documents)
        self._progress = fresh if documents is None else {**self._progress, **fresh}
        if documents is None:
            rows = [0, len(self.rows) - 1] if self.rows else []
        else:
            rows = [r for r in (self.row_of(d) for d in fresh) if r >= 0]
        if rows:
            self.dataChanged.emit(self.index(min(rows), PROGRESS), self.index(max(rows), PROGRESS))

    def headers(self) -> list[str]:
        return [self.tr("Document"), self.tr("Pages"), self.tr("Coded")]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, index.column())
        if role == Qt.ItemDataRole.UserRole:
            return int(row.id)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join([row.name, *row.warnings])
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() != NAME:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: DocumentInfo, column: int) -> str:
        if column == NAME:
            return ("⚠ " if row.warnings else "") + row.name
        if column == PAGES:
            return str(row.pages)
        progress = self._progress.get(row.id)
        if progress is None:
            return ""
        mark = " ✓" if progress.done else ""
        return f"{progress.share:.0%}{mark}"

    def row_of(self, document: DocumentId) -> int:
        return next((n for n, row in enumerate(self.rows) if row.id == document), -1)
