"""File › Export / Import REFI-QDA project in the background; a text-only document in the
page pane."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from annotator.changes import Changes
from annotator.project import Project
from annotator.records import Target
from tests.support.samples import import_text
from ui.jobs.qdpx import EXPORT, IMPORT, QdpxController, QdpxResult, report_box
from ui.panes.page.view import PageView
from ui.workbench import Bus, Current, Workbench

WAIT_MS = 60_000


@pytest.fixture
def bench(qtbot: QtBot, project: Project, tmp_path: Path) -> Workbench:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    return Workbench(project, Bus(), Current("ann"), QUndoStack(), settings)


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def _run(qtbot: QtBot, bench: Workbench, mode: str, path: Path, window: QWidget) -> QdpxResult:
    controller = QdpxController(bench, window, quiet=True)
    with qtbot.waitSignal(controller.finished, timeout=WAIT_MS) as blocker:
        controller.start(mode, path)
    result: QdpxResult = blocker.args[0]
    return result


def test_export_then_import_in_the_background(qtbot: QtBot, bench: Workbench, tmp_path: Path,
                                              window: QWidget) -> None:
    document = import_text(bench.project, ["交付金を交付する。"])
    bench.project.coding.tag(Target(document, 0, 3), "finance", "ann", "😀")
    result = _run(qtbot, bench, EXPORT, tmp_path / "out.qdpx", window)
    assert not result.error and zipfile.is_zipfile(tmp_path / "out.qdpx")
    with Project(tmp_path / "other.annot") as other:
        other_bench = Workbench(other, Bus(), Current("ann"), QUndoStack(), bench.settings)
        heard: list[Changes] = []
        other_bench.bus.changed.connect(lambda changes: heard.append(changes))
        result = _run(qtbot, other_bench, IMPORT, tmp_path / "out.qdpx", window)
        assert not result.error and heard and heard[0].codebook
        assert any("codings: 1 imported" in line for line in result.lines)
        assert [a.memo for a in other.coding.annotations()] == ["😀"]
        parent = QWidget()
        qtbot.addWidget(parent)
        box = report_box(result, parent)
        assert "codings: 1 imported" in box.detailedText()


def test_a_hostile_file_reports_nothing_written(qtbot: QtBot, bench: Workbench, tmp_path: Path,
                                                window: QWidget) -> None:
    bad = tmp_path / "bad.qdpx"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("project.qde", "<Project/>")
        archive.writestr("/abs.txt", "x")
    result = _run(qtbot, bench, IMPORT, bad, window)
    assert "zip-slip" in result.error
    parent = QWidget()
    qtbot.addWidget(parent)
    assert "Nothing was written" in report_box(result, parent).text()


def test_the_page_pane_says_a_text_only_document_has_no_page(
        qtbot: QtBot, bench: Workbench, tmp_path: Path) -> None:
    text = "first line\nsecond line"
    qde = ('<Project xmlns="urn:QDA-XML:project:1.0" name="t"><Sources><TextSource '
           'guid="00000000-0000-0000-0000-0000000000a1" name="notes.txt" '
           'plainTextPath="internal://t.txt"/></Sources></Project>')
    path = tmp_path / "t.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qde)
        archive.writestr("sources/t.txt", text)
    bench.project.exchange.import_file(path)
    [document] = bench.project.documents.all()
    view = PageView(bench)
    qtbot.addWidget(view)
    bench.current.set_document(document.id)
    assert view.page_count == 0
    assert "Text-only document" in view.canvas._message
