"""Exporting the consolidated workbook (and CSV files) in the background, with Cancel.

A project of 50,000 codings takes a while to stream into a workbook, so the export runs on
a QThreadPool worker while the window keeps repainting and the user keeps coding. Like the
PDF import (`ui.jobs.importer`, whose structure this copies), the worker opens its own `Project`
on the same file: SQLite connections must not cross threads, and WAL mode lets it read
one consistent snapshot while the window writes. It never touches `bench.project`.

Cancel is checked by the core every few hundred rows and once more before the file is
saved; the core writes to a hidden `.part` file and renames it only when complete, so a
cancelled or failed export leaves no file and never replaces an older one. An export
changes no data, so nothing goes out on the bus; the GUI thread just says where the
files went and what they hold.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    Qt,
    QThreadPool,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QProgressDialog, QWidget

from annotator.errors import AnnotatorError
from annotator.export.service import ExportCancelledError, ExportOptions, ExportSummary
from annotator.project import Location, Project
from ui.jobs.base import Job, dismiss, progress_dialog
from ui.workbench import Workbench

_STEPS = 1000  # progress bar resolution within one step (the workbook, the CSV files)
_REPORT_EVERY = 0.1  # seconds between progress reports: the dialog needs no more
WORKBOOK, CSV = "workbook", "csv"


def tr(text: str) -> str:
    return QCoreApplication.translate("ExportController", text)


@dataclass(frozen=True)
class ExportRequest:
    """What the export dialog asked for: the workbook, whose codings, and maybe CSV files."""

    target: Path
    options: ExportOptions = field(default_factory=ExportOptions)
    csv_folder: Path | None = None

    @property
    def steps(self) -> tuple[str, ...]:
        return (WORKBOOK, CSV) if self.csv_folder is not None else (WORKBOOK,)


@dataclass(frozen=True)
class ExportResult:
    """What one export did, for the closing message and for tests.

    `summaries` holds the steps that finished, in order (the workbook first); a cancel or
    an error stops the step it happens in, which then wrote nothing.
    """

    request: ExportRequest
    summaries: tuple[ExportSummary, ...] = ()
    cancelled: bool = False
    error: str = ""

    @property
    def complete(self) -> bool:
        return not self.cancelled and not self.error and len(self.summaries) == len(
            self.request.steps)

    @property
    def workbook(self) -> ExportSummary | None:
        return self.summaries[0] if self.summaries else None

    @property
    def csv(self) -> ExportSummary | None:
        return self.summaries[1] if len(self.summaries) > 1 else None


@dataclass
class _Job:
    """Shared between the GUI thread (which sets `cancel`) and the worker."""

    project_path: Location  # a file, or a team project's URL
    request: ExportRequest
    cancel: threading.Event = field(default_factory=threading.Event)


class _Signals(QObject):
    """Signals of the worker: a QRunnable is no QObject, so it cannot emit them itself."""

    progress = Signal(int, int, int, int)  # step, steps, rows done, rows in this step
    done = Signal(object)  # ExportResult


class _ExportJob(Job):
    """Runs on a pool thread: own Project, the workbook, then the CSV files if asked."""

    def __init__(self, job: _Job, signals: _Signals) -> None:
        super().__init__(signals.done)
        self.job, self.signals = job, signals
        self.summaries: list[ExportSummary] = []

    def work(self) -> ExportResult:
        return self._export(self.summaries)

    def fallback(self) -> ExportResult:
        return ExportResult(self.job.request, tuple(self.summaries),
                            error=tr("the export stopped because of an internal error"))

    def _export(self, summaries: list[ExportSummary]) -> ExportResult:
        job, request = self.job, self.job.request
        if job.cancel.is_set():  # cancelled before the worker even started
            return ExportResult(request, cancelled=True)
        try:
            project = Project(job.project_path, create=False)
        except (AnnotatorError, OSError) as err:
            return ExportResult(request, error=str(err))
        steps = request.steps
        try:
            for number, step in enumerate(steps):
                progress = self._reporter(number, len(steps))
                if step == WORKBOOK:
                    summaries.append(project.exports.workbook(
                        request.target, request.options, progress=progress,
                        cancelled=job.cancel.is_set))
                else:
                    assert request.csv_folder is not None
                    summaries.append(project.exports.csv(
                        request.csv_folder, request.options, progress=progress,
                        cancelled=job.cancel.is_set))
        except ExportCancelledError:
            return ExportResult(request, tuple(summaries), cancelled=True)
        except (AnnotatorError, OSError) as err:
            return ExportResult(request, tuple(summaries), error=str(err))
        finally:
            project.close()
        return ExportResult(request, tuple(summaries))

    def _reporter(self, step: int, steps: int) -> _Reporter:
        return _Reporter(self.signals, step, steps)


class _Reporter:
    """The core's `progress(done, total)`, passed on at most ten times a second."""

    def __init__(self, signals: _Signals, step: int, steps: int) -> None:
        self.signals, self.step, self.steps = signals, step, steps
        self.reported = 0.0

    def __call__(self, done: int, total: int) -> None:
        if done in (0, total) or time.monotonic() - self.reported >= _REPORT_EVERY:
            self.reported = time.monotonic()
            self.signals.progress.emit(self.step, self.steps, done, total)


class ExportController(QObject):
    """Starts one background export and reports on it; it deletes itself when done.

    `quiet=True` shows no dialogs (tests, scripted use); `progress` and `finished` tell
    the same story as the dialogs, and `result` holds the `ExportResult` by then.
    """

    progress = Signal(int, int, int, int)  # step, steps, rows done, rows in this step
    finished = Signal(object)  # ExportResult

    _running: ClassVar[set[ExportController]] = set()  # alive until their worker is done

    def __init__(self, bench: Workbench, parent: QWidget, *, quiet: bool = False,
                 pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.bench, self.parent_widget, self.quiet = bench, parent, quiet
        self.pool = pool or QThreadPool.globalInstance()
        self.result: ExportResult | None = None
        self.dialog: QProgressDialog | None = None
        self.result_box: ExportResultBox | None = None
        self._job: _Job | None = None
        self._signals = _Signals()
        self._signals.progress.connect(self._on_progress)
        self._signals.done.connect(self._on_done)
        parent.installEventFilter(self)  # closing the window cancels the export

    @property
    def running(self) -> bool:
        return self._job is not None and self.result is None

    def start(self, request: ExportRequest) -> None:
        if self._job is not None:
            raise RuntimeError("an ExportController runs one export")
        self._job = _Job(self.bench.project.location, request)
        ExportController._running.add(self)
        if not self.quiet:
            self.dialog = self._progress_dialog(len(request.steps))
        self.pool.start(_ExportJob(self._job, self._signals))

    def cancel(self) -> None:
        """Stop at the next check; the file being written is thrown away (thread-safe)."""
        if self._job is not None:
            self._job.cancel.set()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The window is closing (quit, or another project opened): stop exporting from it."""
        if watched is self.parent_widget and event.type() == QEvent.Type.Close:
            self.cancel()
        return False

    # GUI thread ---------------------------------------------------------------------------

    def _progress_dialog(self, steps: int) -> QProgressDialog:
        return progress_dialog(self.parent_widget, tr("Exporting"), tr("Starting the export…"),
                               tr("Cancel"), steps * _STEPS, self.cancel)

    def _on_progress(self, step: int, steps: int, done: int, total: int) -> None:
        self.progress.emit(step, steps, done, total)
        dialog = self.dialog
        if dialog is None or dialog.wasCanceled():
            return
        within = min(done * _STEPS // total, _STEPS) if total else 0
        dialog.setValue(min(step * _STEPS + within, dialog.maximum()))
        what = tr("Writing the workbook") if step == 0 else tr("Writing the CSV files")
        dialog.setLabelText(tr("{what} — {done} of {total} rows").format(
            what=what, done=f"{done:,}", total=f"{total:,}"))

    def _on_done(self, result: ExportResult) -> None:
        self.result = result
        if self.dialog is not None:
            dismiss(self.dialog, self.cancel)
            self.dialog = None
        self.finished.emit(result)
        if not self.quiet and self.parent_widget.isVisible():
            self.result_box = ExportResultBox(result, self.parent_widget)
            self.result_box.open()
        ExportController._running.discard(self)
        self.deleteLater()


class ExportResultBox(QMessageBox):
    """Where the files went and what they hold, with a button that opens their folder.

    Failures say in plain words what happened and that nothing was replaced, since a
    researcher's first worry is whether yesterday's workbook is still there.
    """

    def __init__(self, result: ExportResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.export_result = result
        self.folder = result.request.target.parent
        self.open_button: QAbstractButton | None = None
        title, text, icon = outcome(result)
        self.setWindowTitle(title)
        self.setIcon(icon)
        self.setText(text)
        self.setInformativeText("\n".join(details(result)))
        if result.summaries:
            self.open_button = self.addButton(tr("Open folder"),
                                              QMessageBox.ButtonRole.ActionRole)
        self.addButton(QMessageBox.StandardButton.Close)
        self.buttonClicked.connect(self._clicked)

    def _clicked(self, button: QAbstractButton) -> None:
        if button is self.open_button:
            self.open_folder()

    def open_folder(self) -> bool:
        """Show the workbook's folder in the file manager (Explorer, Finder…)."""
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))


def outcome(result: ExportResult) -> tuple[str, str, QMessageBox.Icon]:
    """The message's title, first line and icon."""
    target = result.request.target
    if result.error:
        text = tr("The export failed: {reason}").format(reason=result.error)
        return tr("Export failed"), text, QMessageBox.Icon.Critical
    if result.cancelled:
        return tr("Export cancelled"), tr("The export was cancelled."), QMessageBox.Icon.Information
    csv = result.csv
    text = tr("The workbook was written to {path}").format(path=target)
    if csv is not None:
        text += "\n" + tr("The CSV files were written to {folder}").format(
            folder=result.request.csv_folder)
    return tr("Export finished"), text, QMessageBox.Icon.Information


def details(result: ExportResult) -> list[str]:
    """Counts and warnings in plain words, and what a failure left untouched."""
    lines: list[str] = []
    book = result.workbook
    if book is not None:
        lines.append(tr("{documents} documents, {units} rows in Codings, {codings} codings in "
                        "Long").format(documents=f"{book.documents:,}", units=f"{book.units:,}",
                                       codings=f"{book.codings:,}"))
        if book.truncated:
            lines.append(tr("{n} cell(s) were cut at Excel's limit of 32,767 characters; the "
                            "About sheet lists them, and the CSV files keep them whole.").format(
                n=len(book.truncated)))
        if book.as_text:
            lines.append(tr("{n} cell(s) that look like formulas were stored as text.").format(
                n=book.as_text))
        if book.replaced:
            lines.append(tr("{n} cell(s) held characters Excel cannot store; they were "
                            "replaced by �.").format(n=book.replaced))
    if result.complete:
        return lines
    target = result.request.target
    if book is None:
        lines.append(tr("No workbook was written; {path} was left as it was.").format(
            path=target))
    else:
        lines.append(tr("The workbook was written to {path}.").format(path=target))
    if result.request.csv_folder is not None and result.csv is None:
        lines.append(tr("No CSV files were written to {folder}.").format(
            folder=result.request.csv_folder))
    return lines
