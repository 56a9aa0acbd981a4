"""Document › OCR in the workbench: runs in the background, reloads the document, and the
text pane marks what OCR read with low confidence."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from annotator.documents.ocr import OcrService
from annotator.project import Project
from tests.core.test_ocr_garbling import NOTE_TEXT, partly_garbled_pdf
from tests.support.requires import require
from tests.support.scans import coverage
from ui.jobs.ocr import OcrController, OcrJobResult
from ui.main_window import MainWindow
from ui.panes.text_view import DOUBTFUL

WAIT_MS = 120_000


@pytest.fixture
def window(tmp_path: Path, qtbot: QtBot) -> MainWindow:
    project = Project(tmp_path / "o.annot")
    path = tmp_path / "partly.pdf"
    path.write_bytes(partly_garbled_pdf())
    project.importer.import_files([path])
    main = MainWindow(project, "ann", QSettings(str(tmp_path / "s.ini"),
                                                QSettings.Format.IniFormat))
    qtbot.addWidget(main)
    main.documents.select_first()
    return main


def test_ocr_runs_in_the_background_and_the_text_pane_reloads(window: MainWindow,
                                                              qtbot: QtBot) -> None:
    require("tesseract", "OCR of scanned and garbled pages")
    document = window.bench.current.document
    assert document is not None and NOTE_TEXT[3:] not in window.text.text
    controller = OcrController(window.bench, window, quiet=True)
    with qtbot.waitSignal(controller.finished, timeout=WAIT_MS) as blocker:
        assert controller.start(document)
    result: OcrJobResult = blocker.args[0]
    assert not result.error and document in result.changes.passages_in, result
    assert coverage(NOTE_TEXT, window.text.text) >= 0.8, window.text.text


def test_low_confidence_text_is_tinted(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(type(window.bench.project.documents), "low_confidence",
                        lambda _self, _document: [(0, 2)])
    window.text.show_document(window.bench.current.document)
    tinted = [s for s in window.text.edit.extraSelections()
              if s.format.foreground().color() == DOUBTFUL]
    assert [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in tinted] == [(0, 2)]


def test_without_tesseract_ocr_does_not_start(window: MainWindow,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(OcrService, "available", staticmethod(lambda: False))
    document = window.bench.current.document
    assert document is not None
    assert not OcrController(window.bench, window, quiet=True).start(document)
