"""The progress dialog every background job (import, export) shows the same way."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget


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
