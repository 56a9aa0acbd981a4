"""Coder comparison of the current document, and adjudication into the consensus coder.

Per passage, who applied which code; rows where the ticked coders differ are tinted,
and the contested codes are bold. "Next / previous disagreement" make that passage the
current target, so the page and the text show it. Selecting coder cells and "Accept
into consensus" copies those codings into the consensus coder, linked to them (the
right-click menu takes one code of a cell); "Apply code to consensus…" sets a code none
of them chose. Both are undo commands.

A coder in blind mode sees nothing here: comparing is seeing other coders' codings.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.changes import Changes
from annotator.errors import AnnotatorError
from annotator.ids import AnnotationId, DocumentId, PassageId
from annotator.records import PassageRow, Target
from annotator.review.service import CONSENSUS, Comparison, PassageComparison
from ui.commands.coding import CoreCommand, run
from ui.commands.review import AdjudicateCodeCommand, AdjudicateCommand
from ui.models.compare import PAGE, PASSAGE, CodeLook, CompareModel
from ui.panes.review.widgets import ChipsDelegate, ConsensusCodeDialog, LazyPane
from ui.workbench import Workbench


class ComparePane(LazyPane):
    def __init__(self, bench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bench = bench
        self.document: DocumentId | None = bench.current.document
        self.comparison: Comparison | None = None
        self._unticked: set[str] = set()  # coders left out stay out from document to document
        self._quiet = False  # selecting the row of a target set elsewhere: do not echo it
        self.model = CompareModel()
        self.coders = QListWidget()
        self.coders.setMaximumWidth(170)
        self.coders.itemChanged.connect(self._ticked)
        self.view = self._build_view()
        self.status = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.blind_note = QLabel(self.tr(
            "Blind mode: comparing shows other coders' codings, so it is off for you."))
        self.blind_note.setWordWrap(True)
        self._build_layout()
        bench.current.document_changed.connect(self._document_changed)
        bench.current.target_changed.connect(self._target_changed)
        bench.current.coder_changed.connect(lambda _c: self.reload())
        bench.bus.changed.connect(self._on_changed)

    def _build_view(self) -> QTableView:
        view = QTableView()
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setWordWrap(False)
        view.setItemDelegate(ChipsDelegate(view))
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._context_menu)
        view.selectionModel().currentRowChanged.connect(self._row_changed)
        return view

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        for text, slot in ((self.tr("◀ Previous disagreement"), self.previous_disagreement),
                           (self.tr("Next disagreement ▶"), self.next_disagreement)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            bar.addWidget(button)
        bar.addWidget(self.status)
        bar.addStretch()
        self.accept_button = QPushButton(self.tr("Accept into consensus"))
        self.accept_button.setToolTip(self.tr(
            "Copy the codings of the selected coder cells into the consensus coder"))
        self.accept_button.clicked.connect(self.accept_selected)
        self.apply_button = QPushButton(self.tr("Apply code to consensus…"))
        self.apply_button.clicked.connect(self.apply_code)
        bar.addWidget(self.accept_button)
        bar.addWidget(self.apply_button)
        left = QWidget()
        side = QVBoxLayout(left)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(QLabel(self.tr("Coders")))
        side.addWidget(self.coders)
        right = QWidget()
        main = QVBoxLayout(right)
        main.setContentsMargins(0, 0, 0, 0)
        main.addLayout(bar)
        main.addWidget(self.blind_note)
        main.addWidget(self.view)
        main.addWidget(self.message)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    # loading ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.reload()

    def _document_changed(self, document: DocumentId | None) -> None:
        self.document = document
        self.message.clear()
        self.reload()

    def _on_changed(self, changes: Changes, initiator: object = None) -> None:
        document = self.document
        if changes.codebook or changes.settings or (document is not None and document in (
                changes.annotations_in | changes.passages_in | changes.documents)):
            self.reload()

    def reload(self) -> None:
        """Compare the ticked coders on the current document (only while on screen)."""
        if not self.on_screen():
            self._stale = True
            return
        self._stale = False
        blind = self.bench.project.review.is_blind(self.bench.current.coder)
        self.blind_note.setVisible(blind)
        self._fill_coders([] if blind or self.document is None
                          else self.bench.project.review.coders(self.document))
        self.comparison = self._compare() if not blind else None
        self._show(self.comparison)
        self._target_changed(self.bench.current.target)  # the reader's passage stays selected

    def _fill_coders(self, names: list[str]) -> None:
        self.coders.blockSignals(True)
        self.coders.clear()
        for name in names:
            if name == CONSENSUS:
                continue
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked if name in self._unticked
                               else Qt.CheckState.Checked)
            self.coders.addItem(item)
        self.coders.blockSignals(False)

    def ticked(self) -> list[str]:
        items = (self.coders.item(n) for n in range(self.coders.count()))
        return [i.text() for i in items if i.checkState() == Qt.CheckState.Checked]

    def set_ticked(self, names: list[str]) -> None:
        """Tick exactly these coders (the others stay unticked for later documents too)."""
        for n in range(self.coders.count()):
            item = self.coders.item(n)
            self._unticked.discard(item.text())
            if item.text() not in names:
                self._unticked.add(item.text())
        self.reload()

    def _ticked(self, item: QListWidgetItem) -> None:
        if item.checkState() == Qt.CheckState.Checked:
            self._unticked.discard(item.text())
        else:
            self._unticked.add(item.text())
        self.reload()

    def _compare(self) -> Comparison | None:
        coders = self.ticked()
        if self.document is None:
            self.status.setText("")
            return None
        if len(coders) < 2:
            self.status.setText(self.tr("Tick two or more coders to compare."))
            return None
        try:
            return self.bench.project.review.compare(self.document, coders)
        except AnnotatorError as err:
            self.status.setText(str(err))
            return None

    def _show(self, comparison: Comparison | None) -> None:
        consensus: tuple[PassageComparison, ...] = ()
        if comparison is not None and self.document is not None:
            consensus = self._consensus_rows(comparison)
            count, total = len(comparison.disagreements), len(comparison.passages)
            self.status.setText(self.tr("{n} of {total} passages disagree").format(
                n=count, total=total))
        self.model.set_comparison(comparison, self._looks(), consensus,
                                  CONSENSUS if comparison is not None else None)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(PASSAGE, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(PAGE, 40)
        for column in range(PASSAGE + 1, self.model.columnCount()):
            header.resizeSection(column, 150)
        self.accept_button.setEnabled(comparison is not None)
        self.apply_button.setEnabled(comparison is not None)

    def _consensus_rows(self, comparison: Comparison) -> tuple[PassageComparison, ...]:
        """The consensus coder's codes per passage, read with the first coder (compare
        needs two names); only the consensus entries are used."""
        document = comparison.document
        if CONSENSUS not in self.bench.project.review.coders(document):
            return ()
        both = self.bench.project.review.compare(document, [comparison.coders[0], CONSENSUS])
        return both.passages

    def _looks(self) -> dict[str, CodeLook]:
        return {c.key: CodeLook(c.name_ja or c.name, f"{c.name_ja} {c.name}".strip(), c.color)
                for c in self.bench.project.codebook.all()}

    # moving -----------------------------------------------------------------------------------

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet or not current.isValid():
            return
        self.bench.current.set_target(_target(self.model.rows[current.row()].passage))

    def _target_changed(self, target: Target | None) -> None:
        """Keep the row of the passage the reader is on selected, without echoing it."""
        if target is None or target.document != self.document or not self.model.rows:
            return
        row = next((n for n, r in enumerate(self.model.rows)
                    if r.passage.start <= target.start < r.passage.end), -1)
        if row >= 0 and row != self.view.currentIndex().row():
            self._quiet = True
            self.view.setCurrentIndex(self.model.index(row, PASSAGE))
            self._quiet = False

    def _here(self) -> PassageId | None:
        """Where a jump starts: the selected row, else the passage the reader is on."""
        index = self.view.currentIndex()
        if index.isValid():
            return self.model.rows[index.row()].passage.id
        target = self.bench.current.target
        return target.passage if target is not None and target.document == self.document \
            else None

    def next_disagreement(self) -> None:
        if self.comparison is not None:
            self._jump(self.comparison.next_disagreement(self._here(), wrap=True))

    def previous_disagreement(self) -> None:
        if self.comparison is not None:
            self._jump(self.comparison.previous_disagreement(self._here(), wrap=True))

    def _jump(self, found: PassageComparison | None) -> None:
        if found is None:
            self.message.setText(self.tr("The coders agree on every passage."))
            return
        self.message.clear()
        row = self.model.row_of(found.passage.id)
        self.view.setCurrentIndex(self.model.index(row, PASSAGE))  # the target follows
        self.view.scrollTo(self.model.index(row, PASSAGE))

    # adjudicating -----------------------------------------------------------------------------

    def selected_codings(self) -> list[AnnotationId]:
        """The codings of the selected coder cells (the consensus column is not a source)."""
        picks: list[AnnotationId] = []
        for index in sorted(self.view.selectionModel().selectedIndexes(),
                            key=lambda i: (i.row(), i.column())):
            coder = self.model.coder_of(index.column())
            if coder is not None and coder != self.model.consensus:
                picks.extend(a for a in self.model.codings(index.row(), coder) if a not in picks)
        return picks

    def accept_selected(self) -> None:
        picks = self.selected_codings()
        if not picks:
            self.message.setText(self.tr(
                "Select the cells of the coders whose codings stand, then accept them."))
            return
        self.accept_codings(picks)

    def accept_codings(self, picks: list[AnnotationId]) -> None:
        if self.document is None:
            return
        command = AdjudicateCommand(self.bench, self.document, picks)
        self._report(command, self.tr("{n} coding(s) accepted into the consensus."))

    def apply_code(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            self.message.setText(self.tr("Select a passage first."))
            return
        row = self.model.rows[index.row()]
        keys = sorted(row.contested) or sorted(frozenset[str]().union(*row.codes.values()))
        dialog = ConsensusCodeDialog(self.bench.project.codebook.all(),
                                     keys[0] if keys else None, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        code = dialog.code()
        if code is not None:
            self.apply_consensus_code(row, code, dialog.memo.text().strip())

    def apply_consensus_code(self, row: PassageComparison, code: str, memo: str = "") -> None:
        """Give the passage `code` in the consensus, linked to the coders' codings of it."""
        codings = {a.id: a for a in self.bench.codings.of(row.passage.document_id)}
        sources = [a for coder in self.model.coders for a in row.annotations.get(coder, ())
                   if a in codings and codings[a].code == code]
        label = self.model.looks[code].short if code in self.model.looks else code
        command = AdjudicateCodeCommand(self.bench, _target(row.passage), code, label,
                                        sources=sources, memo=memo)
        self._report(command, self.tr("{code} applied to the consensus.").format(code=label))

    def _report(self, command: CoreCommand, done: str) -> None:
        error = run(self.bench, command)
        created = getattr(command, "created", [])
        if error is not None:
            self.message.setText(str(error))
        elif not created:
            self.message.setText(self.tr("Already in the consensus: nothing changed."))
        else:
            self.message.setText(done.format(n=len(created)))

    def _context_menu(self, point: QPoint) -> None:
        """One code of one coder's cell, when a cell holds several codes."""
        index = self.view.indexAt(point)
        coder = self.model.coder_of(index.column()) if index.isValid() else None
        if coder is None or coder == self.model.consensus:
            return
        codings = {a.id: a for a in self.bench.codings.of(self.model.rows[index.row()]
                                                           .passage.document_id)}
        menu = QMenu(self)
        for chip in self.model.chips(self.model.rows[index.row()], coder):
            picks = [a for a in self.model.codings(index.row(), coder)
                     if a in codings and codings[a].code == chip.key]
            action = menu.addAction(self.tr("Accept {code} by {coder} into consensus").format(
                code=chip.label, coder=coder))
            action.triggered.connect(lambda _=False, p=picks: self.accept_codings(p))
        if not menu.isEmpty():
            menu.exec(self.view.viewport().mapToGlobal(point))


def _target(passage: PassageRow) -> Target:
    return Target(passage.document_id, passage.start, passage.end, passage.id)
