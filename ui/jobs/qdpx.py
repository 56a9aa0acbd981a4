"""File › Export / Import REFI-QDA project (.qdpx), in the background with progress and cancel.

Like the PDF import and the workbook export, the worker opens its own `Project` on the same
file (SQLite connections stay on their thread). An export writes a hidden `.part` file and
renames it when complete, so a cancel leaves nothing. An import sends its `Changes` on the
bus once done, so every pane refreshes; its report (what came in, how each coding was
placed, what was left behind and why) is shown in a dialog.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from annotator.changes import Changes
from annotator.errors import AnnotatorError
from annotator.exchange.service import ExchangeCancelledError
from annotator.project import Project
from ui.jobs.base import Job, dismiss, progress_dialog
from ui.workbench import Workbench

EXPORT, IMPORT = "export", "import"


def tr(text: str) -> str:
    return QCoreApplication.translate("QdpxController", text)


@dataclass(frozen=True)
class QdpxResult:
    mode: str  # export | import
    path: Path
    lines: tuple[str, ...] = ()
    changes: Changes = field(default_factory=Changes)
    cancelled: bool = False
    error: str = ""


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)


class _QdpxJob(Job):
    def __init__(self, project: Path, mode: str, path: Path, cancel: threading.Event,
                 signals: _Signals) -> None:
        super().__init__(signals.done)
        self._project, self._mode, self._path = project, mode, path
        self._cancel, self._signals = cancel, signals

    def fallback(self) -> QdpxResult:
        return QdpxResult(self._mode, self._path,
                          error=tr("stopped because of an internal error"))

    def work(self) -> QdpxResult:
        progress = self._signals.progress.emit
        try:
            with Project(self._project, create=False) as project:
                if self._mode == EXPORT:
                    summary = project.exchange.export(self._path, progress=progress,
                                                      cancelled=self._cancel.is_set)
                    return QdpxResult(EXPORT, self._path, tuple(summary.lines()))
                op = project.exchange.import_file(self._path, progress=progress,
                                                  cancelled=self._cancel.is_set)
                project.search.index_pending()
                return QdpxResult(IMPORT, self._path, tuple(op.value.lines()), op.changes,
                                  op.value.cancelled)
        except ExchangeCancelledError:
            return QdpxResult(self._mode, self._path, cancelled=True)
        except (AnnotatorError, OSError) as err:
            return QdpxResult(self._mode, self._path, error=str(err))


class QdpxController(QObject):
    """One background export or import of a .qdpx; deletes itself when done."""

    finished = Signal(object)  # QdpxResult

    _running: ClassVar[set[QdpxController]] = set()

    def __init__(self, bench: Workbench, parent: QWidget, *, quiet: bool = False,
                 pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.bench, self.parent_widget, self.quiet = bench, parent, quiet
        self.pool = pool or QThreadPool.globalInstance()
        self.result: QdpxResult | None = None
        self.dialog: QProgressDialog | None = None
        self.report_box: QMessageBox | None = None
        self._cancel = threading.Event()
        self._signals = _Signals()
        self._signals.progress.connect(self._on_progress)
        self._signals.done.connect(self._on_done)

    def start(self, mode: str, path: Path) -> None:
        QdpxController._running.add(self)
        if not self.quiet:
            title = tr("Exporting REFI-QDA project") if mode == EXPORT else tr(
                "Importing REFI-QDA project")
            self.dialog = progress_dialog(self.parent_widget, title, str(path), tr("Cancel"),
                                          100, self.cancel)
        self.pool.start(_QdpxJob(Path(self.bench.project.path), mode, Path(path), self._cancel,
                                 self._signals))

    def cancel(self) -> None:
        self._cancel.set()

    def _on_progress(self, done: int, total: int) -> None:
        if self.dialog is not None and not self.dialog.wasCanceled() and total:
            self.dialog.setValue(min(100, done * 100 // total))

    def _on_done(self, result: QdpxResult) -> None:
        self.result = result
        if self.dialog is not None:
            dismiss(self.dialog, self.cancel)
            self.dialog = None
        if result.changes != Changes():
            self.bench.bus.publish(result.changes)
        self.finished.emit(result)
        if not self.quiet and self.parent_widget.isVisible():
            self.report_box = report_box(result, self.parent_widget)
            self.report_box.open()
        QdpxController._running.discard(self)
        self.deleteLater()


def report_box(result: QdpxResult, parent: QWidget) -> QMessageBox:
    box = QMessageBox(parent)
    if result.error:
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(tr("REFI-QDA project"))
        box.setText(tr("Nothing was written: {reason}").format(reason=result.error))
    elif result.cancelled:
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(tr("REFI-QDA project"))
        box.setText(tr("Cancelled."))
    else:
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(tr("REFI-QDA project"))
        box.setText(tr("Exported to {path}").format(path=result.path) if result.mode == EXPORT
                    else tr("Imported {path}").format(path=result.path.name))
    box.setDetailedText("\n".join(result.lines))
    box.setInformativeText("\n".join(result.lines[:8]))
    return box
