"""File › Export…: where the workbook goes, whose codings it holds, and optional CSV files.

The dialog only asks; `ui.jobs.export` does the writing in the background. Its choices
map one to one onto the command line's (`export PROJECT OUT.xlsx --coder/--consensus
--accepted --csv DIR`), so a workbook made in the GUI can be made again by a script.
A misspelt coder cannot happen here: the coders come from the project.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from annotator.export.service import ExportOptions
from annotator.review.service import CONSENSUS
from ui.jobs.export import ExportRequest
from ui.workbench import Workbench

FOLDER_KEY = "export/folder"  # where the last workbook went: the next one goes there too


def tr(text: str) -> str:
    return QCoreApplication.translate("ExportDialog", text)


class ExportDialog(QDialog):
    """Asks for an `ExportRequest`; `chosen` holds it once the dialog is accepted.

    `quiet=True` shows no message boxes (tests, scripted use): a problem stays in
    `problem` and the dialog stays open; replacing an existing file is taken as meant.
    """

    def __init__(self, bench: Workbench, parent: QWidget | None = None, *,
                 quiet: bool = False) -> None:
        super().__init__(parent)
        self.bench, self.quiet = bench, quiet
        self.chosen: ExportRequest | None = None
        self.problem = ""
        self._confirmed: Path | None = None  # the save dialog already asked about replacing
        self.setWindowTitle(tr("Export"))
        coders = [c for c in bench.project.review.coders() if c != CONSENSUS]
        has_consensus = CONSENSUS in bench.project.review.coders()

        self.target_edit = QLineEdit(str(self._default_target()))
        browse = QPushButton(tr("Browse…"))
        browse.clicked.connect(self.browse_target)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target_edit, 1)
        target_row.addWidget(browse)

        self.all_radio = QRadioButton(tr("All coders"))
        self.coder_radio = QRadioButton(tr("One coder:"))
        self.coder_combo = QComboBox()
        self.coder_combo.addItems(coders)
        if bench.current.coder in coders:
            self.coder_combo.setCurrentText(bench.current.coder)
        self.consensus_radio = QRadioButton(tr("Consensus only (the adjudicated codings)"))
        self.accepted_box = QCheckBox(tr("Only codings a reviewer accepted"))
        self.who = QButtonGroup(self)
        for radio in (self.all_radio, self.coder_radio, self.consensus_radio):
            self.who.addButton(radio)
        self.all_radio.setChecked(True)
        self.coder_radio.setEnabled(bool(coders))
        self.consensus_radio.setEnabled(has_consensus)
        if not has_consensus:
            self.consensus_radio.setToolTip(tr("No codings have been adjudicated yet"))
        self.coder_combo.setEnabled(False)
        self.coder_radio.toggled.connect(self.coder_combo.setEnabled)
        coder_row = QHBoxLayout()
        coder_row.addWidget(self.coder_radio)
        coder_row.addWidget(self.coder_combo, 1)
        codings = QGroupBox(tr("Codings"))
        who = QVBoxLayout(codings)
        who.addWidget(self.all_radio)
        who.addLayout(coder_row)
        who.addWidget(self.consensus_radio)
        who.addWidget(self.accepted_box)

        self.csv_box = QCheckBox(tr("Also write CSV files (Codings, Long) to a folder"))
        self.csv_edit = QLineEdit()
        self.csv_browse = QPushButton(tr("Browse…"))
        self.csv_browse.clicked.connect(self.browse_csv)
        self.csv_box.toggled.connect(self._csv_toggled)
        self.target_edit.textChanged.connect(self._update_csv_placeholder)
        csv_row = QHBoxLayout()
        csv_row.addWidget(self.csv_edit, 1)
        csv_row.addWidget(self.csv_browse)
        self._csv_toggled(False)
        self._update_csv_placeholder()

        form = QFormLayout()
        form.addRow(tr("Workbook:"), target_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton(tr("Export"),
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(codings)
        layout.addWidget(self.csv_box)
        layout.addLayout(csv_row)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    # choices ----------------------------------------------------------------------------------

    def _default_target(self) -> Path:
        """The project's name as .xlsx, in the folder of the last export or the project's."""
        project = Path(self.bench.project.path)
        folder = self.bench.settings.value(FOLDER_KEY, "")
        where = Path(folder) if isinstance(folder, str) and folder and Path(
            folder).is_dir() else project.parent
        return where / f"{project.stem}.xlsx"

    def target(self) -> Path:
        """The workbook's path as typed, with .xlsx added when the name lacks it."""
        text = self.target_edit.text().strip()
        path = Path(text).expanduser()
        return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")

    def options(self) -> ExportOptions:
        accepted = self.accepted_box.isChecked()
        if self.consensus_radio.isChecked():
            return ExportOptions.consensus(accepted_only=accepted)
        if self.coder_radio.isChecked() and self.coder_combo.currentText():
            return ExportOptions(self.coder_combo.currentText(), accepted)
        return ExportOptions(None, accepted)

    def csv_folder(self) -> Path | None:
        if not self.csv_box.isChecked():
            return None
        text = self.csv_edit.text().strip()
        return Path(text).expanduser() if text else _csv_default(self.target())

    def request(self) -> ExportRequest:
        return ExportRequest(self.target(), self.options(), self.csv_folder())

    def _csv_toggled(self, on: bool) -> None:
        self.csv_edit.setEnabled(on)
        self.csv_browse.setEnabled(on)

    def _update_csv_placeholder(self) -> None:
        if self.target_edit.text().strip():
            self.csv_edit.setPlaceholderText(str(_csv_default(self.target())))

    def browse_target(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Export workbook"), str(self.target()),
                                              tr("Excel workbooks (*.xlsx)"))
        if path:
            self.target_edit.setText(path)
            self._confirmed = self.target()  # the save dialog asked about replacing it

    def browse_csv(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Folder for the CSV files"),
                                                  str(self.target().parent))
        if folder:
            self.csv_edit.setText(folder)

    # accepting ----------------------------------------------------------------------------

    def check(self) -> str:
        """What stops the export, in plain words; "" when it can go."""
        if not self.target_edit.text().strip():
            return tr("Choose where to write the workbook.")
        target = self.target()
        if not target.parent.is_dir():
            return tr("The folder {folder} does not exist.").format(folder=target.parent)
        if target.is_dir():
            return tr("{path} is a folder; give the workbook a file name.").format(path=target)
        csv = self.csv_folder()
        if csv is not None and csv.exists() and not csv.is_dir():
            return tr("{path} is a file, not a folder for the CSV files.").format(path=csv)
        return ""

    def accept(self) -> None:
        self.problem = self.check()
        if self.problem:
            if not self.quiet:
                QMessageBox.warning(self, tr("Export"), self.problem)
            return
        target = self.target()
        if target.exists() and target != self._confirmed and not self.quiet:
            question = tr("{name} already exists. Replace it when the export is complete?"
                          ).format(name=target.name)
            if QMessageBox.question(self, tr("Export"), question) != (
                    QMessageBox.StandardButton.Yes):
                return
        self.chosen = self.request()
        self.bench.settings.setValue(FOLDER_KEY, str(target.parent))
        super().accept()


def _csv_default(target: Path) -> Path:
    """Beside the workbook, named after it: exports of different runs do not mix."""
    return target.with_name(f"{target.stem}_csv")
