"""Document › OCR: reading a document's scanned and garbled pages in the background.

Like import and export, the worker opens its own `Project` on the same file (SQLite
connections stay in their thread) and the core stores each page as it is read, so Cancel
(or a crash) keeps the pages already done. When it is over, the changes go out on the bus
from the GUI thread: the text, passages and re-anchored codings of the document reload.
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
from annotator.ids import DocumentId
from annotator.pdf.ocr import INSTALL_HINT, OcrError
from annotator.project import Project
from ui.jobs.base import Job, dismiss, progress_dialog
from ui.workbench import Workbench


def tr(text: str) -> str:
    return QCoreApplication.translate("OcrController", text)


@dataclass(frozen=True)
class OcrJobResult:
    lines: tuple[str, ...] = ()
    changes: Changes = field(default_factory=Changes)
    error: str = ""


class _Signals(QObject):
    progress = Signal(int, int)  # pages done, pages to read
    done = Signal(object)  # OcrJobResult


class _OcrJob(Job):
    def __init__(self, path: Path, document: DocumentId, cancel: threading.Event,
                 signals: _Signals) -> None:
        super().__init__(signals.done)
        self.path, self.document, self.cancel, self.signals = path, document, cancel, signals

    def fallback(self) -> OcrJobResult:
        return OcrJobResult(error=tr("OCR stopped because of an internal error"))

    def work(self) -> OcrJobResult:
        try:
            project = Project(self.path, create=False)
        except (AnnotatorError, OSError) as err:
            return OcrJobResult(error=str(err))
        try:
            report, changes = project.ocr.run(
                [self.document], progress=lambda _n, done, total: self.signals.progress.emit(
                    done, total), cancelled=self.cancel.is_set)
            project.search.index_pending()
        except (AnnotatorError, OcrError) as err:
            return OcrJobResult(error=str(err))
        finally:
            project.close()
        return OcrJobResult(tuple(report.lines()), changes)


class OcrController(QObject):
    """Runs OCR on one document with a progress dialog; deletes itself when done."""

    finished = Signal(object)  # OcrJobResult
    _running: ClassVar[set[OcrController]] = set()

    def __init__(self, bench: Workbench, parent: QWidget, *, quiet: bool = False,
                 pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.bench, self.parent_widget, self.quiet = bench, parent, quiet
        self.pool = pool or QThreadPool.globalInstance()
        self.cancel_event = threading.Event()
        self.dialog: QProgressDialog | None = None
        self.result: OcrJobResult | None = None
        self._signals = _Signals()
        self._signals.progress.connect(self._on_progress)
        self._signals.done.connect(self._on_done)

    def start(self, document: DocumentId) -> bool:
        """False (after saying how to install it) when Tesseract is not installed."""
        if not self.bench.project.ocr.available():
            if not self.quiet:
                QMessageBox.information(self.parent_widget, tr("OCR"), INSTALL_HINT)
            self.deleteLater()
            return False
        OcrController._running.add(self)
        if not self.quiet:
            self.dialog = progress_dialog(self.parent_widget, tr("OCR"),
                                          tr("Reading the pages…"), tr("Cancel"), 0,
                                          self.cancel)
        self.pool.start(_OcrJob(Path(self.bench.project.path), document, self.cancel_event,
                                self._signals))
        return True

    def cancel(self) -> None:
        self.cancel_event.set()

    def _on_progress(self, done: int, total: int) -> None:
        if self.dialog is not None and not self.dialog.wasCanceled():
            self.dialog.setMaximum(total)
            self.dialog.setValue(done)
            self.dialog.setLabelText(tr("Page {done} of {total} read").format(
                done=done, total=total))

    def _on_done(self, result: OcrJobResult) -> None:
        self.result = result
        if self.dialog is not None:
            dismiss(self.dialog, self.cancel)
            self.dialog = None
        self.bench.bus.publish(result.changes, self)
        self.finished.emit(result)
        if not self.quiet and self.parent_widget.isVisible():
            text = result.error or "\n".join(result.lines)
            QMessageBox.information(self.parent_widget, tr("OCR"), text)
        OcrController._running.discard(self)
        self.deleteLater()
