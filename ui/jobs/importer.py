"""Importing PDFs in the background, with progress, Cancel, and a plain-words result list.

Reading a 300-page PDF takes seconds, and a batch of council papers minutes, so the import
runs on a QThreadPool worker while the window keeps repainting and the user keeps coding.
The worker opens its own `Project` on the same file: SQLite connections must not cross
threads, and WAL mode lets the window read while the worker writes. It never touches
`bench.project`. Cancel stops before the next page; the importer then writes nothing of the
file it was reading. When the worker is done, the GUI thread publishes the `Changes` on the
bus (the document list reloads) and lists each file's outcome.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressDialog,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from annotator.changes import Changes
from annotator.documents.importing import FAILED, IMPORTED, SKIPPED, BatchStep, ImportOutcome
from annotator.errors import AnnotatorError
from annotator.project import Location, Project
from ui.jobs.base import Job, dismiss, progress_dialog
from ui.workbench import Workbench

_STEPS_PER_FILE = 1000  # progress bar resolution within one file
_REPORT_EVERY = 0.1  # seconds between page reports: the dialog needs no more


def tr(text: str) -> str:
    return QCoreApplication.translate("ImportController", text)


@dataclass(frozen=True)
class ImportResult:
    """What one batch did, for the result dialog and for tests."""

    outcomes: tuple[ImportOutcome, ...]
    changes: Changes
    cancelled: str | None = None  # the file being read when the user cancelled
    not_started: tuple[str, ...] = ()  # files after it, never looked at
    error: str = ""  # the batch could not run at all (the project would not open…)

    @property
    def imported(self) -> int:
        return sum(o.status == IMPORTED for o in self.outcomes)

    @property
    def failed(self) -> int:
        return sum(o.status == FAILED for o in self.outcomes)


@dataclass
class _Batch:
    """Shared between the GUI thread (which sets `cancel`) and the worker."""

    project_path: Location  # a file, or a team project's URL
    paths: tuple[Path, ...]
    cancel: threading.Event = field(default_factory=threading.Event)


class _Signals(QObject):
    """Signals of the worker: a QRunnable is no QObject, so it cannot emit them itself."""

    progress = Signal(str, int, int, int, int)  # file, page done, pages, files done, files
    done = Signal(object)  # ImportResult


class _ImportJob(Job):
    """Runs on a pool thread: own Project, one file after another, stops when cancelled."""

    def __init__(self, batch: _Batch, signals: _Signals) -> None:
        super().__init__(signals.done)
        self.batch, self.signals = batch, signals
        self.outcomes: list[ImportOutcome] = []

    def work(self) -> ImportResult:
        return self._import(self.outcomes)

    def fallback(self) -> ImportResult:
        return ImportResult(tuple(self.outcomes), _changes(self.outcomes),
                            error=tr("the import stopped because of an internal error"))

    def _import(self, outcomes: list[ImportOutcome]) -> ImportResult:
        batch = self.batch
        try:
            project = Project(batch.project_path, create=False)
        except (AnnotatorError, OSError) as err:
            return ImportResult((), Changes(), error=str(err))
        reported = 0.0
        label = tr("search index")

        def step(at: BatchStep) -> None:
            nonlocal reported
            if at.outcome is not None:
                # scanned and garbled pages are OCR'd at once where Tesseract is installed
                ocr_pages = lambda name, page, pages: self.signals.progress.emit(  # noqa: E731
                    name, page, pages, at.files_done - 1, at.files)
                outcomes.append(project.ocr.after_import(at.outcome, ocr_pages,
                                                         batch.cancel.is_set))
            elif at.page not in (1, at.pages) and time.monotonic() - reported < _REPORT_EVERY:
                return
            reported = time.monotonic()
            self.signals.progress.emit(label if at.indexing else at.name, at.page, at.pages,
                                       at.files_done, at.files)

        try:
            op = project.importer.run_batch(batch.paths, step=step, cancelled=batch.cancel.is_set,
                                            index=project.search.index_pending)
        finally:
            project.close()
        if op.value.files == 0:
            return ImportResult((), Changes(), error=tr("no PDF files found there"))
        return ImportResult(tuple(outcomes), op.changes, op.value.cancelled,
                            op.value.not_started)


def _changes(outcomes: Sequence[ImportOutcome]) -> Changes:
    return Changes(documents=frozenset(o.document_id for o in outcomes
                                       if o.document_id is not None))


class ImportController(QObject):
    """Starts one background import and reports on it; it deletes itself when done.

    `quiet=True` shows no dialogs (tests, scripted use); `progress` and `finished` tell the
    same story as the dialogs: `finished` carries the list of `ImportOutcome`s, and
    `result` holds the whole `ImportResult` by then.
    """

    progress = Signal(str, int, int, int, int)  # file, page done, pages, files done, files
    finished = Signal(object)  # list[ImportOutcome]

    _running: ClassVar[set[ImportController]] = set()  # alive until their worker is done

    def __init__(self, bench: Workbench, parent: QWidget, *, quiet: bool = False,
                 pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.bench, self.parent_widget, self.quiet = bench, parent, quiet
        self.pool = pool or QThreadPool.globalInstance()
        self.result: ImportResult | None = None
        self.dialog: QProgressDialog | None = None
        self._batch: _Batch | None = None
        self._signals = _Signals()
        self._signals.progress.connect(self._on_progress)
        self._signals.done.connect(self._on_done)
        parent.installEventFilter(self)  # closing the window cancels the import

    @property
    def running(self) -> bool:
        return self._batch is not None and self.result is None

    def start(self, paths: Sequence[Path]) -> None:
        if self._batch is not None:
            raise RuntimeError("an ImportController runs one import")
        if not paths:
            return
        self._batch = _Batch(self.bench.project.location, tuple(Path(p) for p in paths))
        ImportController._running.add(self)
        if not self.quiet:
            self.dialog = self._progress_dialog(len(paths))
        self.pool.start(_ImportJob(self._batch, self._signals))

    def cancel(self) -> None:
        """Stop after the current page; nothing of the file being read is written."""
        if self._batch is not None:
            self._batch.cancel.set()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The window is closing (quit, or another project opened): stop importing into it."""
        if watched is self.parent_widget and event.type() == QEvent.Type.Close:
            self.cancel()
        return False

    # GUI thread ---------------------------------------------------------------------------

    def _progress_dialog(self, files: int) -> QProgressDialog:
        return progress_dialog(self.parent_widget, tr("Importing PDFs"),
                               tr("Starting the import…"), tr("Cancel"),
                               files * _STEPS_PER_FILE, self.cancel)

    def _on_progress(self, name: str, page: int, pages: int, done: int, files: int) -> None:
        self.progress.emit(name, page, pages, done, files)
        dialog = self.dialog
        if dialog is None or dialog.wasCanceled():
            return
        if dialog.maximum() != files * _STEPS_PER_FILE:  # folders were expanded
            dialog.setMaximum(files * _STEPS_PER_FILE)
        within = page * _STEPS_PER_FILE // pages if pages else 0
        dialog.setValue(min(done * _STEPS_PER_FILE + within, dialog.maximum()))
        status = tr("{done} of {files} files done").format(done=done, files=files)
        if pages:
            dialog.setLabelText(tr("{name} — page {page}/{pages}").format(
                name=name, page=page, pages=pages) + "\n" + status)
        else:
            dialog.setLabelText(status)

    def _on_done(self, result: ImportResult) -> None:
        self.result = result
        if self.dialog is not None:
            dismiss(self.dialog, self.cancel)
            self.dialog = None
        if result.changes.documents:
            self.bench.bus.publish(result.changes)
        self.finished.emit(list(result.outcomes))
        if not self.quiet and self.parent_widget.isVisible():
            ResultDialog(result, self.parent_widget).open()
        ImportController._running.discard(self)
        self.deleteLater()


class ResultDialog(QDialog):
    """One line per file in plain words; errors stand out in red, warnings in amber."""

    ERROR, WARNING, SKIP = QColor("#B3261E"), QColor("#8A5A00"), QColor("#5F6368")

    def __init__(self, result: ImportResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Import finished"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.lines = QListWidget()
        self.lines.setWordWrap(True)
        for outcome in result.outcomes:
            self._add(outcome.line(), _kind(outcome))
        if result.cancelled:
            self._add(tr("cancelled {name}: not imported").format(name=result.cancelled),
                      SKIPPED)
        for name in result.not_started:
            self._add(tr("not imported {name}: the import was cancelled").format(name=name),
                      SKIPPED)
        if result.error:
            self._add(tr("error: {reason}").format(reason=result.error), FAILED)
        self.summary = QLabel(summary(result))
        self.summary.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.lines)
        layout.addWidget(buttons)
        self.resize(640, 360)

    def _add(self, text: str, kind: str) -> None:
        item = QListWidgetItem(text)
        style = self.style()
        if kind == FAILED:
            item.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical))
            item.setForeground(QBrush(self.ERROR))
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        elif kind == "warning":
            item.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
            item.setForeground(QBrush(self.WARNING))
        elif kind == SKIPPED:
            item.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation))
            item.setForeground(QBrush(self.SKIP))
        else:
            item.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton))
        item.setData(Qt.ItemDataRole.UserRole, kind)
        self.lines.addItem(item)


def _kind(outcome: ImportOutcome) -> str:
    if outcome.status == IMPORTED and outcome.warnings:
        return "warning"
    return outcome.status


def summary(result: ImportResult) -> str:
    """The dialog's first line: counts, and whether the batch was cut short."""
    skipped = sum(o.status == SKIPPED for o in result.outcomes)
    text = tr("{imported} imported, {skipped} skipped, {failed} with errors").format(
        imported=result.imported, skipped=skipped, failed=result.failed)
    if result.cancelled:
        text += " — " + tr("cancelled: {name} and the files after it were not imported").format(
            name=result.cancelled)
    return text
