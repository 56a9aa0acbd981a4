"""The Review menu: show the review panes, decide from the menu, blind mode, reviewer role.

The decision items name their key after a tab (shown, not bound): the keys are handled
by the application's key filter, which knows when the queue is in charge, and the menu
tells a new reviewer which keys exist. Blind mode and the reviewer role are project
settings, changed by undo commands; the checks follow the project (after an undo, or
when the coder switches), never the other way round.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from annotator.changes import Changes
from annotator.errors import AnnotatorError
from annotator.review.service import BLIND_MODES
from ui.commands.coding import run
from ui.commands.review import SetBlindModeCommand, SetReviewerCommand, blind_mode_label
from ui.keys import ReviewKeys
from ui.workbench import Workbench


class ReviewMenu(QObject):
    message = Signal(str)  # what the core refused, for the status bar

    def __init__(self, bench: Workbench, menu: QMenu, review: ReviewKeys,
                 panes: Sequence[tuple[str, Callable[[], None]]], parent: QWidget) -> None:
        """`panes` are (menu text, show it) for each review pane, the queue first."""
        super().__init__(parent)
        self.bench = bench
        self.menu = menu
        for text, show in panes:
            menu.addAction(text).triggered.connect(show)
        menu.addSeparator()
        self._review, self._show_queue = review, panes[0][1]
        for text, slot in ((self.tr("&Accept\tA"), review.accept),
                           (self.tr("&Reject\tR"), review.reject),
                           (self.tr("&Discuss…\tX"), review.discuss),
                           (self.tr("&Next in queue\tN"), review.next_item),
                           (self.tr("&Previous in queue\tP"), review.previous_item)):
            menu.addAction(text).triggered.connect(partial(self._in_queue, slot))
        menu.addSeparator()
        blind = menu.addMenu(self.tr("&Blind mode"))
        self.blind = QActionGroup(self)
        self.blind.setExclusive(True)
        self.modes: dict[str, QAction] = {}
        for mode in BLIND_MODES:
            action = blind.addAction(blind_mode_label(mode))
            action.setCheckable(True)
            action.setData(mode)
            action.triggered.connect(lambda _=False, m=mode: self.set_blind_mode(m))
            self.blind.addAction(action)
            self.modes[mode] = action
        self.reviewer = menu.addAction(self.tr("I am a &reviewer"))
        self.reviewer.setCheckable(True)
        self.reviewer.triggered.connect(self.set_reviewer)
        bench.bus.changed.connect(self._on_changed)
        bench.current.coder_changed.connect(lambda _c: self.sync())
        self.sync()

    def _in_queue(self, slot: Callable[[], None]) -> None:
        """Decide only on what the queue shows; with the queue hidden, show it first."""
        if self._review.takes_keys():
            slot()
        else:
            self._show_queue()

    def sync(self) -> None:
        """Check what the project says: its blind mode, and whether I review."""
        review = self.bench.project.review
        mode = review.blind_mode()
        if mode in self.modes:
            self.modes[mode].setChecked(True)
        self.reviewer.setChecked(review.is_reviewer(self.bench.current.coder))

    def _on_changed(self, changes: Changes, initiator: object = None) -> None:
        if changes.settings:
            self.sync()

    def set_blind_mode(self, mode: str) -> None:
        if mode != self.bench.project.review.blind_mode():
            self._report(run(self.bench, SetBlindModeCommand(self.bench, mode)))
        self.sync()

    def set_reviewer(self, checked: bool) -> None:
        coder = self.bench.current.coder
        if checked != self.bench.project.review.is_reviewer(coder):
            self._report(run(self.bench, SetReviewerCommand(self.bench, coder, checked)))
        self.sync()

    def _report(self, error: AnnotatorError | None) -> None:
        if error is not None:
            self.message.emit(str(error))
