"""The workbench window: documents left, page and text in the middle, codes right.

The window composes panes and owns menus, shortcuts and the undo stack; the panes
talk only through the Workbench (bus and Current).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QWidget,
)

from annotator.errors import AnnotatorError
from annotator.project import Project
from ui.commands.actions import CodingActions
from ui.dialogs.codebook_files import CodebookFiles
from ui.dialogs.export import ExportDialog
from ui.dialogs.settings import settings_action
from ui.dialogs.team import TeamMenu
from ui.jobs.export import ExportController, ExportRequest
from ui.jobs.importer import ImportController
from ui.jobs.ocr import OcrController
from ui.jobs.qdpx import EXPORT, IMPORT, QdpxController
from ui.jobs.watch import Watcher
from ui.keys import KeyboardCoding
from ui.panes.agreement import AgreementPane
from ui.panes.codebook import CodebookPane
from ui.panes.codings import CodingsPane
from ui.panes.documents import DocumentsPane
from ui.panes.page.view import PageView
from ui.panes.review.compare import ComparePane
from ui.panes.review.menu import ReviewMenu
from ui.panes.review.pane import ReviewPane
from ui.panes.search import SearchPane
from ui.panes.text_view import TextPane
from ui.workbench import Bus, Current, Workbench

RECENT_LIMIT = 8
REVIEW_HEIGHT = 320  # px: a review pane shown from the menu gets at least this much


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class MainWindow(QMainWindow):
    def __init__(self, project: Project, coder: str, settings: QSettings) -> None:
        super().__init__()
        self.settings = settings
        self.setAcceptDrops(True)
        self.undo = QUndoStack(self)
        self.bench = Workbench(project, Bus(), Current(coder), self.undo, settings)
        self.watcher = Watcher(self.bench, self)
        self.actions_ = CodingActions(self.bench, self)
        self.actions_.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.bench.bus.failed.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self._build_panes()
        self.codebook_files = CodebookFiles(self.bench, self)
        self.codebook_files.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.codebook.add_file_actions(self.codebook_files.actions)
        self._build_menus()
        self.keys = KeyboardCoding(self.actions_, self)
        self.keys.review = self.review  # a / r / x / n / p, while the queue is in charge
        self.coder_label = QLabel()
        self.statusBar().addPermanentWidget(self.coder_label)
        self.bench.current.coder_changed.connect(self._show_coder)
        self._show_coder(coder)
        self._remember_project(project.location)
        self._restore_layout()
        self.setWindowTitle(f"{project.path.stem} — Annotator")

    # building ---------------------------------------------------------------------------------

    def _build_panes(self) -> None:
        bench = self.bench
        self.documents = DocumentsPane(bench)
        self.page_view = PageView(bench)
        self.text = TextPane(bench)
        self.codebook = CodebookPane(bench)
        self.codings = CodingsPane(bench)
        self.search = SearchPane(bench)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.page_view)
        self.splitter.addWidget(self.text)
        self.splitter.setSizes([560, 520])
        self.setCentralWidget(self.splitter)
        self._dock(
            "documents", tr("Documents"), self.documents, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self._dock("codebook", tr("Codebook"), self.codebook, Qt.DockWidgetArea.RightDockWidgetArea)
        self._dock("codings", tr("Codings"), self.codings, Qt.DockWidgetArea.RightDockWidgetArea)
        search = self._dock(
            "search", tr("Search"), self.search, Qt.DockWidgetArea.BottomDockWidgetArea)
        self._build_review_panes(search)

    def _build_review_panes(self, search: QDockWidget) -> None:
        """Review queue, comparison and agreement: tabs behind Search until asked for."""
        self.review = ReviewPane(self.bench)
        self.compare = ComparePane(self.bench)
        self.agreement = AgreementPane(self.bench)
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        self.review_docks = [
            self._dock("review", tr("Review queue"), self.review, bottom),
            self._dock("compare", tr("Compare coders"), self.compare, bottom),
            self._dock("agreement", tr("Agreement"), self.agreement, bottom),
        ]
        for dock, pane in zip(self.review_docks, (self.review, self.compare, self.agreement),
                              strict=True):
            self.tabifyDockWidget(search, dock)
            pane.set_on_screen(False)  # a tab behind Search; the dock says when it is up
            dock.visibilityChanged.connect(pane.set_on_screen)
        search.raise_()

    def _dock(self, name: str, title: str, widget: QWidget,
              area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def show_dock(self, dock: QDockWidget) -> None:
        """Bring a tabbed pane to the front, with room for a table."""
        dock.show()
        dock.raise_()
        if dock.height() < REVIEW_HEIGHT:
            self.resizeDocks([dock], [REVIEW_HEIGHT], Qt.Orientation.Vertical)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(tr("&File"))
        self._action(file_menu, tr("&New project…"), self.new_project, QKeySequence.StandardKey.New)
        self._action(
            file_menu, tr("&Open project…"), self.open_project_dialog, QKeySequence.StandardKey.Open
        )
        self.recent_menu = file_menu.addMenu(tr("Open &recent"))
        self._fill_recent()
        self._action(file_menu, tr("&Import PDFs…"), self.import_dialog, "Ctrl+I")
        self._action(file_menu, tr("&Export…"), self.export_dialog, "Ctrl+E")
        codebook_menu = file_menu.addMenu(tr("Code&book"))
        codebook_menu.addActions(self.codebook_files.actions)
        self.team_menu = TeamMenu(self.bench, self, file_menu.addMenu(tr("&Team")))
        self._action(file_menu, tr("Export REFI-QDA project (.qdpx)…"), self.qdpx_export_dialog)
        self._action(file_menu, tr("Import REFI-QDA project (.qdpx)…"), self.qdpx_import_dialog)
        self._action(file_menu, tr("Save a &copy…"), self.save_copy_dialog)
        file_menu.addSeparator()
        self._action(file_menu, tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        edit = bar.addMenu(tr("&Edit"))
        undo = self.undo.createUndoAction(self, tr("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo.createRedoAction(self, tr("&Redo"))
        redo.setShortcuts(redo_keys())
        edit.addActions([undo, redo])
        edit.addSeparator()
        self._action(edit, tr("Switch &coder…"), self.switch_coder)
        edit.addAction(settings_action(self.settings, self))
        view = bar.addMenu(tr("&View"))
        self._action(view, tr("Zoom &in"), self.page_view.zoom_in, QKeySequence.StandardKey.ZoomIn)
        self._action(
            view, tr("Zoom &out"), self.page_view.zoom_out, QKeySequence.StandardKey.ZoomOut
        )
        self._action(view, tr("Fit &width"), self.page_view.fit_width, "Ctrl+0")
        self._action(view, tr("&Next page"), self.page_view.next_page, "PgDown")
        self._action(view, tr("&Previous page"), self.page_view.previous_page, "PgUp")
        self._action(view, tr("&Go to page…"), self._go_to_page, "Ctrl+G")
        code = bar.addMenu(tr("&Coding"))
        self._action(code, tr("&Next passage"), self.actions_.next_passage)
        self._action(code, tr("&Previous passage"), self.actions_.previous_passage)
        self._action(code, tr("Edit &memo…"), self.actions_.edit_memo)
        self._action(code, tr("Mark document &done"), self.actions_.toggle_done)
        document_menu = bar.addMenu(tr("&Document"))
        self._action(document_menu, tr("&OCR scanned and garbled pages"), self.start_ocr)
        panes = [(tr("Review &queue"), self.review_docks[0]),
                 (tr("&Compare coders"), self.review_docks[1]),
                 (tr("A&greement"), self.review_docks[2])]
        self.review_menu = ReviewMenu(
            self.bench, bar.addMenu(tr("&Review")), self.review,
            [(text, partial(self.show_dock, dock)) for text, dock in panes], self)
        self.review_menu.message.connect(lambda text: self.statusBar().showMessage(text, 8000))

    def _action(
        self,
        menu: object,
        text: str,
        slot: object,
        shortcut: QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    # project, coder -----------------------------------------------------------------------------

    def new_project(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("New project"), "", tr("Annotator projects (*.annot)")
        )
        if path:
            self._switch(Path(path if path.endswith(".annot") else path + ".annot"))

    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Open project"), "", tr("Annotator projects (*.annot);;All files (*)")
        )
        if path:
            self._switch(Path(path))

    def _switch(self, path: Path) -> None:
        try:
            project = Project(path)
        except AnnotatorError as err:
            QMessageBox.warning(self, tr("Cannot open project"), str(err))
            return
        replacement = MainWindow(project, self.bench.current.coder, self.settings)
        replacement.show()
        self.close()

    def switch_coder(self) -> None:
        name, ok = QInputDialog.getText(
            self, tr("Coder"), tr("Who is coding?"), text=self.bench.current.coder
        )
        if ok and name.strip():
            self.bench.current.set_coder(name.strip())
            self.settings.setValue("coder", name.strip())

    def _show_coder(self, coder: str) -> None:
        self.coder_label.setText(tr("Coder: {name}").format(name=coder))

    def _remember_project(self, path: Path | str) -> None:
        recent = [p for p in self._recent() if p != str(path)]
        self.settings.setValue("recent", [str(path), *recent][:RECENT_LIMIT])
        self.settings.setValue("last_project", str(path))

    def _recent(self) -> list[str]:
        value = self.settings.value("recent", [])
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self._recent():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self._switch(Path(p)))

    # import -----------------------------------------------------------------------------------

    def import_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, tr("Import PDFs"), "", tr("PDF files (*.pdf);;All files (*)")
        )
        if paths:
            self.start_import([Path(p) for p in paths])

    def start_import(self, paths: list[Path]) -> None:
        ImportController(self.bench, self).start(paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            self.start_import(paths)

    # export -----------------------------------------------------------------------------------

    def export_dialog(self) -> None:
        dialog = ExportDialog(self.bench, self)
        if dialog.exec() == ExportDialog.DialogCode.Accepted and dialog.chosen is not None:
            self.start_export(dialog.chosen)

    def start_export(self, request: ExportRequest) -> None:
        ExportController(self.bench, self).start(request)

    def qdpx_export_dialog(self) -> None:
        suggested = str(Path(self.bench.project.path).with_suffix(".qdpx"))
        name, _filter = QFileDialog.getSaveFileName(
            self, tr("Export REFI-QDA project"), suggested, tr("REFI-QDA project (*.qdpx)"))
        if name:
            path = Path(name) if name.lower().endswith(".qdpx") else Path(name + ".qdpx")
            QdpxController(self.bench, self).start(EXPORT, path)

    def qdpx_import_dialog(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, tr("Import REFI-QDA project"), "", tr("REFI-QDA project (*.qdpx)"))
        if name:
            QdpxController(self.bench, self).start(IMPORT, Path(name))

    def save_copy_dialog(self) -> None:
        """File › Save a copy: one consistent file to mail or back up, the WAL folded in."""
        project = Path(self.bench.project.path)
        suggested = str(project.with_name(f"{project.stem} copy{project.suffix}"))
        name, _filter = QFileDialog.getSaveFileName(
            self, tr("Save a copy of the project"), suggested, tr("Annotator project (*.annot)"))
        if not name:
            return
        try:
            self.bench.project.save_copy(Path(name))
        except AnnotatorError as error:
            QMessageBox.warning(self, tr("Save a copy"), str(error))
            return
        self.statusBar().showMessage(tr("Saved a copy as {path}").format(path=name), 8000)

    def start_ocr(self) -> None:
        """Document › OCR: read the current document's scans and garbled text in the background."""
        if self.bench.current.document is not None:
            OcrController(self.bench, self).start(self.bench.current.document)

    # view -------------------------------------------------------------------------------------

    def _go_to_page(self) -> None:
        number, ok = QInputDialog.getInt(self, tr("Go to page"), tr("Page:"), 1, 1, 100_000)
        if ok:
            self.page_view.go_to_page(number - 1)

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        else:
            QTimer.singleShot(0, self._first_layout)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def _first_layout(self) -> None:
        """First start: the page and the text get the room, search a strip."""
        docks = {d.objectName(): d for d in self.findChildren(QDockWidget)}
        self.resizeDocks([docks["search"]], [150], Qt.Orientation.Vertical)
        self.resizeDocks([docks["documents"], docks["codebook"]], [260, 300],
                         Qt.Orientation.Horizontal)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.keys.uninstall()
        self.watcher.stop()
        super().closeEvent(event)
        self.bench.project.checkpoint()
        self.bench.project.close()


def redo_keys() -> list[QKeySequence]:
    """The platform's Redo keys plus Ctrl+Y and Ctrl+Shift+Z, each bound once.

    X11 themes already map Redo to Ctrl+Shift+Z; binding it a second time makes Qt report an
    "Ambiguous shortcut overload" and ignore the key, which left Redo dead on Linux desktops.
    """
    keys: list[QKeySequence] = []
    wanted = [*QKeySequence.keyBindings(QKeySequence.StandardKey.Redo),
              QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")]
    for key in wanted:
        if not key.isEmpty() and all(key != known for known in keys):
            keys.append(key)
    return keys
