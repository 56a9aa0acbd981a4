"""File › Team: create a coder's copy, merge coders' copies, and the merge report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.project import Project
from ui.jobs.team import TeamController, TeamResult, fork_task, merge_task
from ui.workbench import Workbench


def tr(text: str) -> str:
    return QCoreApplication.translate("Team", text)


class ForkDialog(QDialog):
    """Who the copy is for, whether it is blind, and where it goes."""

    def __init__(self, parent: QWidget, coder: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Create a coder's copy"))
        self.coder = QLineEdit(coder)
        self.blind = QCheckBox(tr("Blind: leave out everyone else's codings"))
        self.blind.setChecked(True)
        form = QFormLayout()
        form.addRow(tr("Coder"), self.coder)
        form.addRow(self.blind)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)


class ReportDialog(QDialog):
    """The merge report, one line per finding, to read and copy."""

    def __init__(self, parent: QWidget, title: str, lines: tuple[str, ...]) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.text = QPlainTextEdit("\n".join(lines))
        self.text.setReadOnly(True)
        self.text.setMinimumSize(560, 260)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)


class TeamMenu:
    """The two File › Team actions; results come back from a background job."""

    def __init__(self, bench: Workbench, window: QWidget, menu: QMenu) -> None:
        self.bench, self.window = bench, window
        self.fork_action = menu.addAction(tr("Create a coder's copy…"))
        self.fork_action.triggered.connect(self.fork)
        self.merge_action = menu.addAction(tr("Merge coders' copies…"))
        self.merge_action.triggered.connect(self.merge)
        self.last: TeamResult | None = None

    def fork(self) -> None:
        dialog = ForkDialog(self.window, "")
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.coder.text().strip():
            return
        coder = dialog.coder.text().strip()
        path, _ = QFileDialog.getSaveFileName(self.window, tr("Save the coder's copy"),
                                              f"{coder}.annot",
                                              tr("Annotator projects (*.annot)"))
        if path:
            out = Path(path if path.endswith(".annot") else path + ".annot")
            self.run_fork(out, coder, dialog.blind.isChecked())

    def merge(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self.window, tr("Merge coders' copies"), "",
                                                tr("Annotator projects (*.annot)"))
        if paths:
            self.run_merge([Path(p) for p in paths])

    def run_fork(self, out: Path, coder: str, blind: bool, *, quiet: bool = False,
                 ) -> TeamController:
        return self._start(fork_task(out, coder, blind), tr("Coder's copy"), quiet)

    def run_merge(self, copies: list[Path], *, quiet: bool = False) -> TeamController:
        return self._start(merge_task(copies, False), tr("Merge report"), quiet)

    def _start(self, task: Callable[[Project], TeamResult], title: str,
               quiet: bool) -> TeamController:
        controller = TeamController(self.bench.project.location, self.window)
        controller.finished.connect(lambda result: self._done(result, title, quiet))
        controller.start(task)
        return controller

    def _done(self, result: TeamResult, title: str, quiet: bool) -> None:
        self.last = result
        if result.changes != type(result.changes)():
            self.bench.bus.publish(result.changes)
        if quiet:
            return
        if result.error:
            QMessageBox.warning(self.window, title, result.error)
        else:
            ReportDialog(self.window, title, result.lines).exec()
