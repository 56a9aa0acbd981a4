"""Keyboard-first coding: the keys work whichever pane has focus, except while typing.

An application-wide event filter sees key presses before any widget does; it leaves
them alone when the focus is in a field that takes text (memo, search, filter).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from ui.commands.actions import CodingActions

_NEXT = {Qt.Key.Key_Down, Qt.Key.Key_J}
_PREVIOUS = {Qt.Key.Key_Up, Qt.Key.Key_K}


class ReviewKeys(Protocol):
    """The review queue, as the keys see it: it says when the review keys are its own."""

    def takes_keys(self) -> bool: ...
    def accept(self) -> None: ...
    def reject(self) -> None: ...
    def discuss(self) -> None: ...
    def next_item(self) -> None: ...
    def previous_item(self) -> None: ...


# a accept, r reject, x discuss (asks for a comment), n / p next / previous in the queue.
# Only while the queue is on screen and in charge: the letters mean nothing elsewhere.
REVIEW_KEYS: dict[Qt.Key, Callable[[ReviewKeys], None]] = {
    Qt.Key.Key_A: lambda review: review.accept(),
    Qt.Key.Key_R: lambda review: review.reject(),
    Qt.Key.Key_X: lambda review: review.discuss(),
    Qt.Key.Key_N: lambda review: review.next_item(),
    Qt.Key.Key_P: lambda review: review.previous_item(),
}


class KeyboardCoding(QObject):
    def __init__(self, actions: CodingActions, window: QWidget) -> None:
        super().__init__(window)
        self.actions = actions
        self.window = window
        self.review: ReviewKeys | None = None  # set by the window that has a review queue
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not self.window.isActiveWindow() or _typing():
            return False
        if (
            event.modifiers()
            & ~Qt.KeyboardModifier.KeypadModifier
            & ~(Qt.KeyboardModifier.ShiftModifier)
        ):
            return False  # Ctrl/Alt combinations belong to menus
        return self._handle(event)

    def _handle(self, event: QKeyEvent) -> bool:
        key = Qt.Key(event.key())
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and isinstance(
                QApplication.focusWidget(), QAbstractItemView):
            return False  # arrows move through a list or tree; j/k still move passages
        review = REVIEW_KEYS.get(key)
        if review is not None and self.review is not None and self.review.takes_keys():
            review(self.review)
            return True
        if key in _NEXT:
            self.actions.next_passage()
        elif key in _PREVIOUS:
            self.actions.previous_passage()
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            self.actions.toggle_shortcut(chr(key))
        elif key == Qt.Key.Key_M:
            self.actions.edit_memo()
        elif key == Qt.Key.Key_D:
            self.actions.toggle_done()
        else:
            return False
        return True


def _typing() -> bool:
    """The focus is in a field that takes text, so letters and digits are the user's."""
    focus = QApplication.focusWidget()
    if isinstance(focus, QLineEdit | QAbstractSpinBox | QComboBox):
        return not (isinstance(focus, QComboBox) and not focus.isEditable())
    if isinstance(focus, QTextEdit | QPlainTextEdit):
        return not focus.isReadOnly()
    return False
