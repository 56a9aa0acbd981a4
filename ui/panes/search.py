"""Lemma search as keyword-in-context lines; jump to a hit, or code every hit at once.

Jumping makes the hit's *passage* the current target, not the matched word: the number
keys then code the passage, which is the unit researchers code (and count progress in),
where coding the two characters 交付 would be meaningless. "Code all hits" codes the same
passages, all in one undo step, so a wrong batch goes away with one Ctrl+Z.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.changes import Changes
from annotator.errors import InvalidInputError
from annotator.ids import CodeId, DocumentId
from annotator.kinds import UNCODED
from annotator.records import CodeRow, PassageRow, Target
from ui.commands.coding import TagCommand
from ui.models.search import DOCUMENT, KEYWORD, LEFT, PAGE, RIGHT, SORT_ROLE, SearchModel
from ui.workbench import Workbench

Index = QModelIndex | QPersistentModelIndex


class SearchPane(QWidget):
    def __init__(self, bench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bench = bench
        self.searched = ""  # the query the results are for ("" = no results shown)
        self.last_code: CodeId | None = None  # offered first next time: batches come in runs
        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("Search words: 交付 also finds 交付金, 交付する"))
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.search)
        self.query.textChanged.connect(self._typed)
        self.this_document = QCheckBox(self.tr("This document only"))
        self.this_document.setEnabled(False)
        self.this_document.toggled.connect(self._scope_changed)
        self.count = QLabel()
        self.code_all = QPushButton(self.tr("Code all hits…"))
        self.code_all.setEnabled(False)
        self.code_all.clicked.connect(self.choose_code_for_all)
        self.model = SearchModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = self._build_view()
        bar = QHBoxLayout()
        bar.addWidget(self.query, 1)
        bar.addWidget(self.this_document)
        bar.addWidget(self.count)
        bar.addWidget(self.code_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        bench.current.document_changed.connect(self._document_changed)
        bench.bus.changed.connect(self._on_changed)

    def _build_view(self) -> QTableView:
        view = QTableView()
        view.setModel(self.proxy)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.setItemDelegateForColumn(LEFT, ElideLeftDelegate(view))
        header = view.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # results come in text order
        view.setSortingEnabled(True)
        for column, mode in (
            (DOCUMENT, QHeaderView.ResizeMode.Interactive),
            (PAGE, QHeaderView.ResizeMode.ResizeToContents),
            (LEFT, QHeaderView.ResizeMode.Stretch),
            (KEYWORD, QHeaderView.ResizeMode.ResizeToContents),
            (RIGHT, QHeaderView.ResizeMode.Stretch),
        ):
            header.setSectionResizeMode(column, mode)
        header.resizeSection(DOCUMENT, 160)
        view.activated.connect(self.jump_to)  # Enter, or double-click
        return view

    # searching --------------------------------------------------------------------------------

    def search(self) -> None:
        """Run the query in the box; an empty query just clears the results."""
        query = self.query.text().strip()
        if not query:
            self.clear()
            return
        document = self._document_filter()
        self.count.setText(self.tr("Searching…"))
        self.count.repaint()  # the first search of a big project indexes for a while
        try:
            with _busy():
                hits = self.bench.project.search.search(query, document=document)
                names = {d.id: d.name for d in self.bench.codings.documents()}
        except InvalidInputError:  # only particles or punctuation: nothing to look up
            self.clear()
            self.count.setText(self.tr("Nothing to search for in “{query}”").format(query=query))
            return
        self.searched = query
        self.model.set_hits(hits, names)
        self.view.resizeColumnToContents(PAGE)
        self._show_count()

    def clear(self) -> None:
        self.searched = ""
        self.model.clear()
        self.count.clear()
        self.code_all.setEnabled(False)

    def _typed(self, text: str) -> None:
        if not text.strip():  # clearing the box clears what it found
            self.clear()

    def _search_again(self) -> None:
        if self.searched and self.searched == self.query.text().strip():
            self.search()

    def _scope_changed(self, _only_this_document: bool) -> None:
        if self.searched:  # results are showing: show them for the new scope
            self.search()

    def _document_filter(self) -> DocumentId | None:
        if self.this_document.isChecked():
            return self.bench.current.document
        return None

    def _document_changed(self, document: DocumentId | None) -> None:
        self.this_document.setEnabled(document is not None)
        if self.this_document.isChecked():
            self._search_again()

    def _on_changed(self, changes: Changes, initiator: object = None) -> None:
        if changes.documents or changes.passages_in:  # hits may have moved or gone
            self._search_again()

    def _show_count(self) -> None:
        hits, passages = len(self.model.rows), len(self.model.passages())
        self.code_all.setEnabled(passages > 0)
        if not passages:
            text = self.tr("No passages match")
        elif hits == passages:
            text = self.tr("1 passage") if passages == 1 else self.tr("{n} passages")
        elif passages == 1:
            text = self.tr("{hits} hits in 1 passage")
        else:
            text = self.tr("{hits} hits in {n} passages")
        self.count.setText(text.format(hits=hits, n=passages))

    # jumping ----------------------------------------------------------------------------------

    def jump_to(self, index: Index) -> None:
        """Make the hit's document and passage current, ready for the code keys."""
        if not index.isValid():
            return
        passage = self.model.rows[self.proxy.mapToSource(index).row()].passage
        self.bench.current.set_document(passage.document_id)
        self.bench.current.set_target(_target(passage))

    # coding every hit -------------------------------------------------------------------------

    def codable_passages(self) -> list[PassageRow]:
        """Hit passages that take codes (speaker names and figure captions are skipped)."""
        return [p for p in self.model.passages() if p.kind not in UNCODED]

    def choose_code_for_all(self) -> None:
        passages = self.codable_passages()
        skipped = len(self.model.passages()) - len(passages)
        codes = self.bench.project.codebook.all()
        dialog = CodeAllDialog(codes, len(passages), skipped, self, selected=self.last_code)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            code = dialog.code()
            if code is not None:
                self.last_code = code.id
                self.code_all_hits(code)

    def code_all_hits(self, code: CodeRow) -> None:
        """Apply `code` to every hit passage as one undoable command."""
        targets = [_target(p) for p in self.codable_passages()]
        if targets:
            self.bench.run(TagCommand(self.bench, targets, code.key, code.name_ja or code.name),
                           initiator=self)


class CodeAllDialog(QDialog):
    """Pick the code for every hit, seeing how many passages it will touch before it does."""

    def __init__(
        self,
        codes: list[CodeRow],
        passages: int,
        skipped: int,
        parent: QWidget | None = None,
        selected: CodeId | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Code all hits"))
        self._codes = {c.id: c for c in codes}
        self.combo = QComboBox()
        depth: dict[CodeId, int] = {}
        for code in codes:
            depth[code.id] = depth[code.parent] + 1 if code.parent in depth else 0
            indent = "    " * depth[code.id]
            label = f"{indent}{code.name_ja} {code.name}".rstrip()
            self.combo.addItem(_swatch(code.color), label, int(code.id))
        if selected is not None:
            self.combo.setCurrentIndex(max(0, self.combo.findData(int(selected))))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Code:")))
        layout.addWidget(self.combo)
        layout.addWidget(QLabel(self.tr("Passages with hits: {n}").format(n=passages)))
        if skipped:
            layout.addWidget(
                QLabel(self.tr("Skipped (speaker names, figure captions): {n}").format(n=skipped))
            )
        layout.addWidget(QLabel(self.tr("They are coded in one step: one Undo removes them all.")))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Code all"))
        ok.setEnabled(passages > 0 and bool(codes))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def code(self) -> CodeRow | None:
        data = self.combo.currentData(Qt.ItemDataRole.UserRole)
        return self._codes.get(CodeId(int(data))) if data is not None else None


class ElideLeftDelegate(QStyledItemDelegate):
    """Left context is cut at its start, so the words next to the keyword stay visible."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft


def _target(passage: PassageRow) -> Target:
    return Target(passage.document_id, passage.start, passage.end, passage.id)


def _swatch(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


@contextmanager
def _busy() -> Iterator[None]:
    """A wait cursor while the first search of a big project indexes its passages."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()
