"""Starting the workbench: fonts, translations, who codes, which project."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from annotator.errors import AnnotatorError
from annotator.project import Project
from annotator.sample.builder import build_sample
from ui.fonts import ensure_cjk_font
from ui.main_window import MainWindow
from ui.plain_text import install_plain_labels
from ui.translations import install_translator

SAMPLE_NAME = "sample.annot"


def tr(text: str) -> str:
    return QCoreApplication.translate("App", text)


def create_app() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setOrganizationName("Annotator")
    app.setApplicationName("Annotator")
    ensure_cjk_font()
    install_plain_labels(app)
    install_translator(app, settings())
    return app


def settings() -> QSettings:
    return QSettings("Annotator", "Annotator")


def sample_project() -> Path:
    """The bundled sample, built on first start so a new user sees real documents."""
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SAMPLE_NAME
    return path if path.exists() else build_sample(path)


def choose_project(given: Path | None, store: QSettings) -> Path:
    if given is not None:
        return given
    last = store.value("last_project")
    if isinstance(last, str) and Path(last).exists():
        return Path(last)
    return sample_project()


def choose_coder(given: str | None, store: QSettings) -> str | None:
    """Asked once and remembered; `--coder` sets it for this session only."""
    if given:
        return given
    remembered = store.value("coder")
    if isinstance(remembered, str) and remembered:
        return remembered
    name, ok = QInputDialog.getText(None, "Annotator", tr("Who is coding? (your name)"))
    if not ok or not name.strip():
        return None
    store.setValue("coder", name.strip())
    return name.strip()


def open_window(project_path: Path | None = None, coder: str | None = None) -> MainWindow | None:
    store = settings()
    try:
        path = choose_project(project_path, store)
    except (AnnotatorError, OSError) as err:
        QMessageBox.critical(None, "Annotator", tr("Cannot build the sample project: {error}")
                             .format(error=err))
        return None
    name = choose_coder(coder, store)
    if name is None:
        return None
    try:
        project = Project(path, create=project_path is None or path.suffix == ".annot")
    except AnnotatorError as err:
        QMessageBox.critical(None, "Annotator", str(err))
        return None
    window = MainWindow(project, name, store)
    window.show()
    window.documents.select_first()
    return window


def run(project_path: Path | None = None, coder: str | None = None) -> int:
    app = create_app()
    window = open_window(project_path, coder)
    if window is None:
        return 1
    return app.exec()
