"""The review queue: walk the codings with the keyboard and accept, reject or discuss each.

The current row is made the current document and target, so the page and the text show
the coding being judged. a / r / x decide on it and move on; n / p (or ↓ / ↑ in the
table) move without deciding. Each decision is an undo command; after Ctrl+Z the coding
is back in the queue (it is unreviewed again) and becomes the current row.

The consensus coder's codings are left out unless asked for by name: they are the
outcome of review. In blind mode the queue holds only the current coder's own codings:
the queue shows quotes, codes and coders, which is exactly what blind mode keeps from a
coder.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.changes import Changes
from annotator.errors import AnnotatorError
from annotator.ids import AnnotationId, DocumentId
from annotator.records import AnnotationRow, Target
from annotator.review.service import ACCEPTED, DISCUSSION, REJECTED, QueueItem
from ui.commands.coding import run
from ui.commands.review import DecideCommand
from ui.models.review import CODE, COMMENT, DOCUMENT, PAGE, QUOTE, STATE, QueueModel
from ui.panes.review.filters import QueueFilters
from ui.panes.review.widgets import LazyPane
from ui.workbench import Workbench


class ReviewPane(LazyPane):
    def __init__(self, bench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bench = bench
        self.model = QueueModel(bench)
        self.filters = QueueFilters(bench, self)
        self.count = QLabel()
        self.blind_note = QLabel(self.tr(
            "Blind mode: you see only your own codings. Reviewers see everyone's."))
        self.blind_note.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.view = self._build_view()
        self._following = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._filter_bar())
        layout.addWidget(self.blind_note)
        layout.addWidget(self.view)
        layout.addLayout(self._button_bar())
        self.filters.changed.connect(self.reload)
        bench.bus.changed.connect(self._on_changed)
        bench.current.coder_changed.connect(lambda _c: self.refresh())

    def _build_view(self) -> QTableView:
        view = QTableView()
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(QUOTE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((DOCUMENT, 150), (PAGE, 40), (CODE, 120), (STATE, 90),
                              (COMMENT, 160)):
            header.resizeSection(column, width)
        view.selectionModel().currentRowChanged.connect(self._row_changed)
        return view

    def _filter_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        for label, combo in zip(
                (self.tr("Coder"), self.tr("Code"), self.tr("Document"), self.tr("State")),
                self.filters.combos(), strict=True):
            bar.addWidget(QLabel(label))
            bar.addWidget(combo)
        bar.addStretch()
        bar.addWidget(self.count)
        return bar

    def _button_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        for text, slot in ((self.tr("Accept (A)"), self.accept),
                           (self.tr("Reject (R)"), self.reject),
                           (self.tr("Discuss… (X)"), self.discuss),
                           (self.tr("Previous (P)"), self.previous_item),
                           (self.tr("Next (N)"), self.next_item)):
            button = QPushButton(text)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the table keeps the keys
            button.clicked.connect(slot)
            bar.addWidget(button)
        bar.addWidget(self.message, 1)
        return bar

    # loading ----------------------------------------------------------------------------------

    def _on_changed(self, changes: Changes, initiator: object = None) -> None:
        if changes.documents or changes.codebook or changes.passages_in:
            self.model.forget_pages(changes.passages_in)
            self.refresh()
        elif changes.settings or changes.reviews_in or changes.annotations_in:
            self.reload(newcomers=bool(changes.reviews_in))

    def refresh(self) -> None:
        """Names and filter lists may have changed as well as the queue."""
        if not self.on_screen():
            self._stale = True
            return
        self.model.refresh_names()
        self.filters.blockSignals(True)
        self.filters.refill()
        self.filters.blockSignals(False)
        self.reload()

    def reload(self, *, newcomers: bool = False) -> None:
        """Read the queue again; keep the current coding, or show what came back (undo)."""
        if not self.on_screen():
            self._stale = True
            return
        self._stale = False
        blind = self.bench.project.review.is_blind(self.bench.current.coder)
        self.blind_note.setVisible(blind)
        self.filters.force_coder(self.bench.current.coder if blind else None)
        before, current = self.model.ids(), self.current_id()
        query = self.filters.query()
        try:
            ids = self.bench.project.review.queue_ids(
                coder=query.coder, code=query.code, document=query.document,
                state=query.states)
        except AnnotatorError as err:  # a filter's code or document went away meanwhile
            ids = []
            self.message.setText(str(err))
        self.model.update_ids(ids, self.bench.project.review.queue_items)
        self.count.setText(self.tr("{n} codings").format(n=len(ids)))
        known = set(before)
        came_back = [i for i in self.model.ids() if i not in known] if newcomers else []
        self._select(came_back[0] if came_back else current, before, current)

    def _select(self, wanted: AnnotationId | None, before: list[AnnotationId],
                shown: AnnotationId | None) -> None:
        """Select `wanted`, else the first coding after it in the old order, else the last.

        The page and text follow only when the current coding is a different one: a
        reload that keeps it must not pull back a reader who moved on with j / k.
        """
        ids = self.model.ids()
        if not ids:
            return
        present = set(ids)
        if wanted is None:
            wanted = ids[0]
        elif wanted not in present:
            following = before[before.index(wanted) + 1:] if wanted in before else []
            wanted = next((i for i in following if i in present), ids[-1])
        self._following = wanted != shown
        self.view.setCurrentIndex(self.model.index(self.model.row_of(wanted), QUOTE))
        self._following = True

    # the current coding -----------------------------------------------------------------------

    def current_item(self) -> QueueItem | None:
        row = self.view.currentIndex().row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def current_id(self) -> AnnotationId | None:
        item = self.current_item()
        return item.id if item is not None else None

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Show the coding in the page and the text: they follow the current target."""
        if not current.isValid():
            return
        self.view.scrollTo(current)
        if not self._following:
            return
        coding = self.model.rows[current.row()].annotation
        self.bench.current.set_document(DocumentId(coding.document_id))
        self.bench.current.set_target(self._target(coding))

    def _target(self, coding: AnnotationRow) -> Target:
        """The coding's range; named as its passage when it is the whole passage."""
        passage = None
        if coding.passage_id is not None:
            try:
                row = self.bench.project.documents.passage(coding.passage_id)
            except AnnotatorError:  # re-extracted meanwhile: the range is what counts
                row = None
            if row is not None and (row.start, row.end) == (coding.start, coding.end):
                passage = row.id
        return Target(coding.document_id, coding.start, coding.end, passage)

    def takes_keys(self) -> bool:
        """a / r / x / n / p are for the queue when it is on screen and in charge: it has
        the focus, or the page and text still show its current coding."""
        if not self.on_screen() or self.current_item() is None:
            return False
        focus = QApplication.focusWidget()
        if focus is not None and (focus is self or self.isAncestorOf(focus)):
            return True
        item = self.current_item()
        return item is not None and _shows(self.bench.current.target, item.annotation)

    def next_item(self) -> None:
        self._step(+1)

    def previous_item(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        row = self.view.currentIndex().row() + direction
        if not self.model.rows:
            return
        if 0 <= row < len(self.model.rows):
            self.view.setCurrentIndex(self.model.index(row, QUOTE))
            self.message.clear()
        else:
            self.message.setText(self.tr("End of the queue") if direction > 0
                                 else self.tr("Start of the queue"))

    # deciding ---------------------------------------------------------------------------------

    def accept(self) -> None:
        self.decide(ACCEPTED)

    def reject(self) -> None:
        self.decide(REJECTED)

    def discuss(self) -> None:
        """Discussion needs a comment saying what to discuss; an empty one is refused."""
        item = self.current_item()
        if item is None:
            return
        earlier = item.review.comment if item.state == DISCUSSION else ""
        comment, ok = QInputDialog.getMultiLineText(
            self, self.tr("Discuss"), self.tr("What should be discussed about this coding?"),
            earlier)
        if not ok:
            return
        if not comment.strip():
            self.message.setText(self.tr("A discussion needs a comment: nothing was recorded."))
            return
        self.decide(DISCUSSION, comment.strip())

    def decide(self, state: str, comment: str = "") -> None:
        """Record the decision on the current coding, then move to the next one."""
        item = self.current_item()
        if item is None:
            return
        old_ids, old_row = self.model.ids(), self.view.currentIndex().row()
        code = self.model.data(self.model.index(old_row, CODE)) or item.annotation.code
        command = DecideCommand(self.bench, item.id, state, comment, code=str(code),
                                coder=item.annotation.coder)
        error = run(self.bench, command)  # the queue reloads from the bus meanwhile
        if error is not None:
            self.message.setText(str(error))
            return
        self.message.clear()
        following = old_ids[old_row + 1:]
        present = set(self.model.ids())
        nxt = next((i for i in following if i in present), None)
        if nxt is not None:
            self.view.setCurrentIndex(self.model.index(self.model.row_of(nxt), QUOTE))
        elif self.model.rows:
            self.message.setText(self.tr("End of the queue"))


def _shows(target: Target | None, coding: AnnotationRow) -> bool:
    """The page and text are on this coding (the target is its range)."""
    return target is not None and (target.document, target.start, target.end) == (
        coding.document_id, coding.start, coding.end)
