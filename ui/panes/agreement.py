"""Intercoder agreement in the workbench: codes × statistics, per document, with the note.

The figures are `project.agreement.compute(...)` as they are, so the screen, the CLI and
the export say the same; the pane only lays them out. They are computed again a moment
after codings, done marks or review states change (a burst of keystrokes is one
computation) and only while the pane is on screen. The methods note sits beside the
table because figures without their definitions (units, missing values, what happens
when a code has no variation) are not reportable; "Copy" takes both.

Selecting a document shows that document's figures (computed for it alone, so its
confusion table and note describe it too); "All documents" goes back.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.agreement.service import AgreementReport
from annotator.changes import Changes
from annotator.errors import AnnotatorError
from annotator.ids import DocumentId
from ui.models.agreement import (
    CODE,
    KEY_ROLE,
    DocumentsModel,
    StatsModel,
    stat_rows,
)
from ui.panes.review.widgets import LazyPane
from ui.translations import chosen_language
from ui.workbench import Workbench

DEBOUNCE_MS = 300
PROJECT, DOCUMENT = "project", "document"


class AgreementPane(LazyPane):
    def __init__(self, bench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bench = bench
        self.report: AgreementReport | None = None  # the whole scope
        self.shown: AgreementReport | None = None  # what the table shows (scope or a document)
        self.drill: DocumentId | None = None
        self._choices: dict[str, bool] = {}  # coders the researcher ticked or unticked
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh_now)
        self.stats = StatsModel()
        self.documents = DocumentsModel()
        self._build()
        bench.bus.changed.connect(self._on_changed)
        bench.current.document_changed.connect(self._document_changed)

    # building ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.coders = QListWidget()
        self.coders.itemChanged.connect(self._ticked)
        self.unit = QComboBox()
        self.unit.addItem(self.tr("Passage"), "passage")
        self.unit.addItem(self.tr("Character"), "character")
        self.scope = QComboBox()
        self.scope.addItem(self.tr("Whole project"), PROJECT)
        self.scope.addItem(self.tr("Current document"), DOCUMENT)
        for combo in (self.unit, self.scope):
            combo.currentIndexChanged.connect(lambda _i: self.refresh_now())
        copy = QPushButton(self.tr("Copy table and note"))
        copy.clicked.connect(self.copy)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.table = self._table(self.stats)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CODE, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_confusion())
        self.document_table = self._table(self.documents)
        header = self.document_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.document_table.selectionModel().selectionChanged.connect(self._drilled)
        self.all_documents = QPushButton(self.tr("All documents"))
        self.all_documents.clicked.connect(lambda: self.drill_down(None))
        self.confusion = QTableWidget(3, 3)
        self.confusion.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.confusion.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.confusion.setMinimumHeight(4 * (self.fontMetrics().height() + 6) + 4)
        self.confusion_title = QLabel()
        self.confusion_title.setWordWrap(True)
        self.note = QPlainTextEdit(readOnly=True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        controls = QWidget()
        form = QFormLayout(controls)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(QLabel(self.tr("Coders")))
        form.addRow(self.coders)
        form.addRow(self.tr("Unit:"), self.unit)
        form.addRow(self.tr("Scope:"), self.scope)
        form.addRow(copy)
        figures = _column(self.caption, self.table, self.message)
        heading = QHBoxLayout()
        heading.addWidget(QLabel(self.tr("By document")), 1)
        heading.addWidget(self.all_documents)
        drill = QSplitter(Qt.Orientation.Vertical)
        drill.addWidget(_column(heading, self.document_table))
        drill.addWidget(_column(self.confusion_title, self.confusion))
        splitter = QSplitter()
        for widget, width in ((controls, 170), (figures, 560), (drill, 300), (self.note, 320)):
            splitter.addWidget(widget)
            widget.setMinimumWidth(min(width, 160))
        splitter.setSizes([170, 560, 300, 320])
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def _table(self, model: StatsModel | DocumentsModel) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        return view

    # when to compute ----------------------------------------------------------------------------

    def refresh(self) -> None:
        self.refresh_now()

    def _on_changed(self, changes: Changes, initiator: object = None) -> None:
        if (changes.annotations_in or changes.status_in or changes.reviews_in
                or changes.passages_in or changes.documents or changes.codebook):
            self.schedule()

    def _document_changed(self, _document: DocumentId | None) -> None:
        if self.scope.currentData() == DOCUMENT:
            self.schedule()

    def schedule(self) -> None:
        """Compute again shortly: a run of keystrokes is one computation."""
        if self.on_screen():
            self.timer.start()
        else:
            self._stale = True

    def refresh_now(self) -> None:
        self.timer.stop()
        if not self.on_screen():
            self._stale = True
            return
        self._stale = False
        self._fill_coders()
        self.report = self._compute(None)
        self.documents.set_documents(self.report.documents if self.report else ())
        if self.drill is not None and self.documents.row_of(self.drill) < 0:
            self.drill = None
        self._show_drill()

    # what to compute --------------------------------------------------------------------------

    def _fill_coders(self) -> None:
        """Ticked unless chosen otherwise: every coder who marked a document done.

        Agreement counts only documents a coder marked done, so a coder who has not
        finished one adds nothing but missing values; the consensus is an answer, not
        a coder. A researcher's own ticks stay as they were.
        """
        self.coders.blockSignals(True)
        self.coders.clear()
        defaults = set(self.bench.project.agreement.default_coders())
        for name in self.bench.project.review.coders():
            finished = name in defaults
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = self._choices.get(name, finished)
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            if not finished:
                item.setToolTip(self.tr("Has not marked a document done: all of their values "
                                        "are missing"))
            self.coders.addItem(item)
        self.coders.blockSignals(False)

    def ticked(self) -> list[str]:
        items = (self.coders.item(n) for n in range(self.coders.count()))
        return [i.text() for i in items if i.checkState() == Qt.CheckState.Checked]

    def set_ticked(self, names: list[str]) -> None:
        for n in range(self.coders.count()):
            name = self.coders.item(n).text()
            self._choices[name] = name in names
        self.refresh_now()

    def _ticked(self, item: QListWidgetItem) -> None:
        self._choices[item.text()] = item.checkState() == Qt.CheckState.Checked
        self.refresh_now()

    def _scope_document(self) -> DocumentId | None:
        return self.bench.current.document if self.scope.currentData() == DOCUMENT else None

    def _compute(self, drill: DocumentId | None) -> AgreementReport | None:
        coders = self.ticked()
        if len(coders) < 2:
            self.message.setText(self.tr("Tick two or more coders."))
            return None
        if self.scope.currentData() == DOCUMENT and self.bench.current.document is None:
            self.message.setText(self.tr("No document is open."))
            return None
        try:
            report = self.bench.project.agreement.compute(
                coders, unit=str(self.unit.currentData()),
                document=drill if drill is not None else self._scope_document())
        except AnnotatorError as err:
            self.message.setText(str(err))
            return None
        self.message.clear()
        return report

    # drilling down ----------------------------------------------------------------------------

    def _drilled(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self.drill_down(DocumentId(int(indexes[0].data(Qt.ItemDataRole.UserRole))))

    def drill_down(self, document: DocumentId | None) -> None:
        """Show one document's figures (None: the whole scope again)."""
        self.drill = document
        if document is None:
            self.document_table.clearSelection()
        self._show_drill()

    def _show_drill(self) -> None:
        report = self.report
        if report is not None and self.drill is not None and len(report.documents) > 1:
            report = self._compute(self.drill)
        self.all_documents.setEnabled(self.drill is not None)
        self._show(report)

    # showing ----------------------------------------------------------------------------------

    def _show(self, report: AgreementReport | None) -> None:
        self.shown = report
        key = self.current_code()
        if report is None:
            self.stats.set_rows([])
            self.caption.clear()
            self.note.clear()
            self._show_confusion()
            return
        codes = self.bench.project.codebook.all()
        looks = {c.key: (c.id, f"{c.name_ja} {c.name}".strip(), c.color) for c in codes}
        self.stats.set_rows(stat_rows(report.codes, report.pooled, report.macro, looks,
                                      self.tr("Pooled"), self.tr("Macro (mean of codes)")))
        self.caption.setText(self._caption(report))
        self.note.setPlainText(self.methods_note(report))
        row = next((n for n, r in enumerate(self.stats.rows) if r.key == key), 0)
        self.table.selectRow(row)
        self._show_confusion()

    def _caption(self, report: AgreementReport) -> str:
        where = (report.documents[0].name if len(report.documents) == 1
                 else self.tr("{n} documents").format(n=len(report.documents)))
        return self.tr("{coders} · {units} {unit} units · {where}").format(
            coders=", ".join(report.coders), units=report.n_units,
            unit=self.unit.currentText().lower(), where=where)

    def methods_note(self, report: AgreementReport) -> str:
        """In Japanese when the interface is Japanese (English if the core has no such note)."""
        language = chosen_language(self.bench.settings)
        try:
            return report.methods_note(language)
        except AnnotatorError:
            return report.methods_note("en")

    def current_code(self) -> str | None:
        index = self.table.currentIndex()
        return str(index.data(KEY_ROLE)) if index.isValid() and index.data(KEY_ROLE) else None

    def _show_confusion(self) -> None:
        """Two coders: the 2×2 table of the selected code (units both finished)."""
        report, key = self.shown, self.current_code()
        table = report.confusion.get(key) if report is not None and key is not None else None
        self.confusion.setVisible(table is not None)
        if report is None or table is None:
            self.confusion_title.setText(
                self.tr("Select a code to see its confusion table (two coders only)."))
            return
        first, second = report.coders
        label = self.table.currentIndex().siblingAtColumn(CODE).data() or key
        self.confusion_title.setText(self.tr("{code}: {a} (rows) × {b} (columns)").format(
            code=label, a=first, b=second))
        applied, not_applied, total = self.tr("applied"), self.tr("not applied"), self.tr("total")
        self.confusion.setHorizontalHeaderLabels([applied, not_applied, total])
        self.confusion.setVerticalHeaderLabels([applied, not_applied, total])
        cells = [[int(table[1, 1]), int(table[1, 0])], [int(table[0, 1]), int(table[0, 0])]]
        rows = [[*r, sum(r)] for r in cells]
        rows.append([rows[0][c] + rows[1][c] for c in range(3)])
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.confusion.setItem(r, c, item)
        self.confusion.resizeColumnsToContents()

    def copy(self) -> None:
        """The caption, the table as TSV and the methods note, for a paper or a spreadsheet."""
        if self.shown is None:
            return
        text = f"{self.caption.text()}\n{self.stats.tsv()}\n\n{self.note.toPlainText()}\n"
        QApplication.clipboard().setText(text)
        self.message.setText(self.tr("Copied the table and the methods note."))


def _column(*parts: QWidget | QHBoxLayout) -> QWidget:
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        if isinstance(part, QHBoxLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    return holder
