"""The codings of the current passage with their memos; remove or edit mine."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.records import AnnotationRow
from ui.commands.coding import MemoCommand, UntagCommand
from ui.models.codings import CodingsModel
from ui.workbench import Workbench


class CodingsPane(QWidget):
    def __init__(self, bench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bench = bench
        self.model = CodingsModel(bench)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(self._edit_memo)
        remove = QPushButton(self.tr("Remove"))
        remove.clicked.connect(self._remove)
        memo = QPushButton(self.tr("Memo…"))
        memo.clicked.connect(lambda: self._edit_memo(self.view.currentIndex()))
        buttons = QHBoxLayout()
        buttons.addWidget(memo)
        buttons.addWidget(remove)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(buttons)

    def _selected_mine(self) -> list[AnnotationRow]:
        rows = {index.row() for index in self.view.selectionModel().selectedRows()}
        return [
            self.model.rows[r]
            for r in sorted(rows)
            if self.model.rows[r].coder == self.bench.current.coder
        ]

    def _remove(self) -> None:
        mine = self._selected_mine()
        if mine:
            self.bench.run(UntagCommand(self.bench, mine, ", ".join(r.code for r in mine)))

    def _edit_memo(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row = self.model.rows[index.row()]
        if row.coder != self.bench.current.coder:
            return
        memo, ok = QInputDialog.getMultiLineText(self, self.tr("Memo"), row.quote[:80], row.memo)
        if ok and memo != row.memo:
            self.bench.run(MemoCommand(self.bench, row, memo))
