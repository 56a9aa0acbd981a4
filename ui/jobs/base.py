"""What every background job (import, export) shares: always reporting back, and the
progress dialog it shows."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRunnable, Qt, SignalInstance
from PySide6.QtWidgets import QProgressDialog, QWidget


class Job(QRunnable):
    """Runs `work()` on a pool thread and always emits its result on `done`.

    Whatever happens, the window must hear that the worker stopped, or its progress dialog
    would wait forever; so an unexpected error still reports `fallback()` (built from what
    was done so far) before it propagates.
    """

    def __init__(self, done: SignalInstance) -> None:
        super().__init__()
        self._done = done

    def work(self) -> object:
        raise NotImplementedError

    def fallback(self) -> object:
        raise NotImplementedError

    def run(self) -> None:
        result: object = None
        try:
            result = self.work()
        finally:
            self._done.emit(self.fallback() if result is None else result)


def progress_dialog(parent: QWidget, title: str, label: str, cancel_text: str, maximum: int,
                    cancel: Callable[[], None]) -> QProgressDialog:
    """Non-modal, so coding goes on meanwhile; it stays up until `dismiss` is called."""
    dialog = QProgressDialog(label, cancel_text, 0, maximum, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.NonModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(420)
    dialog.canceled.connect(cancel)
    dialog.setValue(0)
    return dialog


def dismiss(dialog: QProgressDialog, cancel: Callable[[], None]) -> None:
    """The job is over: hide the dialog without it reporting a cancel."""
    dialog.canceled.disconnect(cancel)
    dialog.hide()  # close() would emit canceled
    dialog.deleteLater()
