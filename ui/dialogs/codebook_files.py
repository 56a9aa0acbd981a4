"""Codebook › Export codebook… and Import codebook…: .xlsx and REFI-QDA .qdc files.

A codebook is small, so both run in the GUI thread through `bench.project`. An import
first runs as a dry run and shows what it would change; only when the user agrees does
it run for real, as an undo command. A file the core refuses (malformed, or one that
would break the codebook) is named with its problem, and nothing changes.

The core's import hands back the codebook before and after it; undo and redo are one
`restore_snapshot` call each, so a step is whole or not taken at all.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from annotator.changes import Changes
from annotator.codebook.files import CodebookImport
from annotator.codebook.merge import ImportReport
from annotator.errors import AnnotatorError
from ui.commands.coding import CoreCommand
from ui.commands.coding import run as run_command
from ui.workbench import Workbench

FOLDER_KEY = "codebook/folder"  # where the last codebook file was read or written
XLSX, QDC = ".xlsx", ".qdc"


def tr(text: str) -> str:
    return QCoreApplication.translate("CodebookFiles", text)


class ImportCodebookCommand(CoreCommand):
    """Merge a codebook file in; undo and redo put the whole codebook back in one step."""

    def __init__(self, bench: Workbench, path: Path) -> None:
        super().__init__(bench, tr("Import codebook {name}").format(name=path.name))
        self.path = path
        self.report: ImportReport | None = None
        self._result: CodebookImport | None = None

    def forward(self) -> Changes:
        codebook = self.bench.project.codebook
        if self._result is not None:  # redo
            return codebook.restore_snapshot(self._result.after).changes
        op = self.bench.project.codebook_files.import_file(self.path)
        self._result, self.report = op.value, op.value.report
        if not self.report.changed:
            self.setObsolete(True)  # nothing to undo: no empty step on the stack
        return op.changes

    def backward(self) -> Changes:
        assert self._result is not None
        return self.bench.project.codebook.restore_snapshot(self._result.before).changes


class ConfirmImportDialog(QDialog):
    """What the import would change, one line each, before anything changes."""

    def __init__(self, path: Path, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path, self.report = path, report
        self.setWindowTitle(tr("Import codebook"))
        self.heading = QLabel(tr("Importing {name} will make these changes to the codebook:"
                                 ).format(name=path.name))
        self.heading.setWordWrap(True)
        self.lines = QListWidget()
        self.lines.setWordWrap(True)
        self.lines.addItems(report.lines())
        self.note = QLabel(tr("Codes not in the file are kept. You can undo the import with "
                              "Edit › Undo."))
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton(tr("Import"),
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.lines)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.resize(560, 360)


class CodebookFiles(QObject):
    """The two actions, for the File menu and the codebook pane's context menu alike.

    `quiet=True` shows no dialogs (tests, scripted use): messages are kept in `notices`
    as (title, text), and the confirmation waits in `confirmation` for accept()/reject().
    `message` carries one-line outcomes for the status bar.
    """

    message = Signal(str)

    def __init__(self, bench: Workbench, parent: QWidget, *, quiet: bool = False) -> None:
        super().__init__(parent)
        self.bench, self.parent_widget, self.quiet = bench, parent, quiet
        self.notices: list[tuple[str, str]] = []
        self.confirmation: ConfirmImportDialog | None = None
        self.export_action = QAction(tr("&Export codebook…"), self)
        self.export_action.setToolTip(tr("Write the codebook to Excel (.xlsx) or REFI-QDA "
                                         "(.qdc)"))
        self.export_action.triggered.connect(self.export_dialog)
        self.import_action = QAction(tr("&Import codebook…"), self)
        self.import_action.setToolTip(tr("Merge codes from an .xlsx or .qdc file"))
        self.import_action.triggered.connect(self.import_dialog)

    @property
    def actions(self) -> list[QAction]:
        return [self.import_action, self.export_action]

    # export -----------------------------------------------------------------------------------

    def filters(self) -> list[str]:
        return [tr("Excel workbook (*.xlsx)"), tr("REFI-QDA codebook (*.qdc)")]

    def export_dialog(self) -> None:
        filters = self.filters()
        default = self._folder() / f"{Path(self.bench.project.path).stem}_codebook{XLSX}"
        path, chosen = QFileDialog.getSaveFileName(
            self.parent_widget, tr("Export codebook"), str(default), ";;".join(filters))
        if path:
            self.export_to(codebook_path(path, QDC if chosen == filters[1] else XLSX))

    def export_to(self, path: Path) -> bool:
        try:
            count = self.bench.project.codebook_files.export_file(path)
        except AnnotatorError as err:
            self._show(QMessageBox.Icon.Warning, tr("Cannot export the codebook"),
                       tr("{name} was not written.").format(name=path.name), str(err))
            return False
        self._remember(path)
        self.message.emit(tr("Wrote {n} codes to {path}").format(n=count, path=path))
        return True

    # import -----------------------------------------------------------------------------------

    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.parent_widget, tr("Import codebook"), str(self._folder()),
            ";;".join([tr("Codebook files (*.xlsx *.qdc)"), *self.filters()]))
        if path:
            self.preview(Path(path))

    def preview(self, path: Path) -> ConfirmImportDialog | None:
        """Dry-run the import and ask; the import runs when the dialog is accepted."""
        try:
            report = self.bench.project.codebook_files.import_file(path, dry_run=True).value.report
        except AnnotatorError as err:
            self._refused(path, err)
            return None
        self._remember(path)
        if not report.changed:
            self._show(QMessageBox.Icon.Information, tr("Import codebook"),
                       tr("Nothing to import: the codebook already has what {name} holds."
                          ).format(name=path.name), "\n".join(report.lines()))
            return None
        dialog = ConfirmImportDialog(path, report, self.parent_widget)
        dialog.accepted.connect(lambda: self.import_now(path))
        dialog.finished.connect(dialog.deleteLater)
        self.confirmation = dialog
        if not self.quiet:
            dialog.open()
        return dialog

    def import_now(self, path: Path) -> bool:
        """Import for real, as one undo step; the bus tells the codebook pane to reload."""
        self.confirmation = None
        command = ImportCodebookCommand(self.bench, path)
        error = run_command(self.bench, command)
        if error is not None:
            self._refused(path, error)
            return False
        report = command.report
        assert report is not None
        self.message.emit(tr("Imported {name}: {added} added, {updated} updated").format(
            name=path.name, added=len(report.added), updated=len(report.updated)))
        return True

    def _refused(self, path: Path, error: AnnotatorError) -> None:
        self._show(QMessageBox.Icon.Warning, tr("Cannot import the codebook"),
                   tr("{name} cannot be imported; the codebook was not changed.").format(
                       name=path.name), str(error))

    # helpers ----------------------------------------------------------------------------------

    def _show(self, icon: QMessageBox.Icon, title: str, text: str, details: str) -> None:
        self.notices.append((title, f"{text}\n\n{details}" if details else text))
        if self.quiet:
            return
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Close,
                          self.parent_widget)
        box.setInformativeText(details)
        box.exec()

    def _folder(self) -> Path:
        folder = self.bench.settings.value(FOLDER_KEY, "")
        if isinstance(folder, str) and folder and Path(folder).is_dir():
            return Path(folder)
        return Path(self.bench.project.path).parent

    def _remember(self, path: Path) -> None:
        self.bench.settings.setValue(FOLDER_KEY, str(Path(path).parent))


def codebook_path(name: str, suffix: str) -> Path:
    """The name as typed if it ends in .xlsx or .qdc, else with the chosen filter's suffix."""
    path = Path(name).expanduser()
    if path.suffix.lower() in (XLSX, QDC):
        return path
    return path.with_name(path.name + suffix)
