"""Background import: the window stays responsive, progress and outcomes are reported, the
document list reloads, and Cancel leaves no half-written document."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from annotator.changes import Changes
from annotator.documents.importing import (
    FAILED,
    IMPORTED,
    SKIPPED,
    ImportOutcome,
    ImportService,
    expand,
)
from annotator.errors import ProjectFileError
from annotator.project import Project
from db.models import Blob, Document, Page, Passage
from tests.support.pdf_factory import make_pdf
from tests.support.samples import import_text
from ui.jobs import importer
from ui.jobs.importer import ImportController, ImportResult, ResultDialog, summary
from ui.models.documents import DocumentModel
from ui.workbench import Bus, Current, Workbench

WAIT_MS = 60_000


def _pages(count: int, topic: str) -> list[str]:
    body = "交付金の配分について議論した。\n保健師の増員に係る地方財政措置を行う。"
    return [f"{topic} 第{n + 1}頁\n{body}" for n in range(count)]


@pytest.fixture
def bench(qtbot: QtBot, project: Project, tmp_path: Path) -> Workbench:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return Workbench(project, Bus(), Current("tester"), QUndoStack(), settings)


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def _count(project: Project, model: type) -> int:
    with project.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_import_runs_in_the_background_and_reports_each_file(
        qtbot: QtBot, bench: Workbench, window: QWidget, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    good = tmp_path / "第1回検討会_議事録.pdf"
    good.write_bytes(make_pdf(_pages(30, "議事録")))
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    html = tmp_path / "download.pdf"
    html.write_bytes(b"<!DOCTYPE html><html><body>404 Not Found</body></html>")
    callers: list[tuple[bool, bool]] = []  # (on the GUI thread, through the window's Project)
    original = ImportService.import_file

    def spy(service: ImportService, path: Path, *args: object) -> ImportOutcome:
        callers.append((threading.current_thread() is threading.main_thread(),
                        service is bench.project.importer))
        return original(service, path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(ImportService, "import_file", spy)
    documents = DocumentModel(bench)  # the list pane's model, listening on the bus
    published: list[Changes] = []
    bench.bus.changed.connect(lambda changes: published.append(changes))
    controller = ImportController(bench, window, quiet=True)
    progress: list[tuple[str, int, int, int, int]] = []
    controller.progress.connect(lambda *report: progress.append(report))
    ticks: list[bool] = []
    timer = QTimer()
    timer.setInterval(2)
    timer.timeout.connect(lambda: ticks.append(controller.running))
    timer.start()
    with qtbot.waitSignal(controller.finished, timeout=WAIT_MS) as blocker:
        controller.start([good, empty, html])
        assert controller.running  # start() returned while the worker reads the PDFs
    timer.stop()

    assert True in ticks  # the GUI thread's timer fired while the import was running
    assert callers and all(not gui and not shared for gui, shared in callers)
    outcomes: list[ImportOutcome] = blocker.args[0]
    assert [(o.name, o.status) for o in outcomes] == [
        (good.name, IMPORTED), ("empty.pdf", FAILED), ("download.pdf", FAILED)]
    assert outcomes[0].pages == 30
    assert outcomes[1].line() == "error empty.pdf: empty file (0 bytes)"
    assert outcomes[2].line().startswith("error download.pdf: not a PDF (HTML")
    pages = [(page, pages) for name, page, pages, _done, _files in progress if name == good.name
             and pages]
    assert pages[0] == (1, 30) and pages[-1] == (30, 30)
    assert progress[-1][3:] == (3, 3)  # all three files done
    assert outcomes[0].document_id is not None
    assert published == [Changes(documents=frozenset({outcomes[0].document_id}))]
    assert [d.name for d in bench.project.documents.all()] == [good.name]
    assert documents.rowCount() == 1  # the document list reloaded from the bus
    assert controller.result is not None and controller.result.cancelled is None
    assert summary(controller.result) == "1 imported, 0 skipped, 2 with errors"


def test_importing_the_same_file_again_is_skipped(qtbot: QtBot, bench: Workbench,
                                                  window: QWidget, tmp_path: Path) -> None:
    path = tmp_path / "資料.pdf"
    path.write_bytes(make_pdf(_pages(2, "資料")))
    first = ImportController(bench, window, quiet=True)
    with qtbot.waitSignal(first.finished, timeout=WAIT_MS):
        first.start([path])
    again = ImportController(bench, window, quiet=True)
    with qtbot.waitSignal(again.finished, timeout=WAIT_MS) as blocker:
        again.start([path])
    (outcome,) = blocker.args[0]
    assert (outcome.status, outcome.line()) == (SKIPPED, "skipped 資料.pdf: already in project")
    assert len(bench.project.documents.all()) == 1


def test_cancel_after_the_first_progress_report_leaves_no_half_written_document(
        qtbot: QtBot, bench: Workbench, window: QWidget, tmp_path: Path) -> None:
    import_text(bench.project, ["既にある文書"], "既存.pdf")
    before = len(bench.project.documents.all())
    files = []
    for number in range(4):
        path = tmp_path / f"資料{number + 1}.pdf"
        path.write_bytes(make_pdf(_pages(40, f"資料{number + 1}")))
        files.append(path)
    controller = ImportController(bench, window, quiet=True)
    reports: list[tuple[str, int, int, int, int]] = []

    def cancel_on_first(*report: object) -> None:
        if not reports:
            controller.cancel()
        reports.append(report)  # type: ignore[arg-type]

    controller.progress.connect(cancel_on_first)
    with qtbot.waitSignal(controller.finished, timeout=WAIT_MS):
        controller.start(files)

    result = controller.result
    assert result is not None and result.cancelled is not None
    imported = [o.name for o in result.outcomes if o.status == IMPORTED]
    names = [d.name for d in bench.project.documents.all()]
    assert names == ["既存.pdf", *imported]
    assert result.cancelled not in names
    assert len(names) - before == len(imported) < len(files)
    assert set(result.not_started) == {p.name for p in files} - {result.cancelled, *imported}
    # nothing of the cancelled file was written: every stored row belongs to a document
    assert _count(bench.project, Blob) == _count(bench.project, Document) == len(names)
    with bench.project.db.read() as s:
        orphans = s.scalar(select(func.count()).select_from(Page).where(
            Page.document_id.not_in(select(Document.id))))
        orphan_passages = s.scalar(select(func.count()).select_from(Passage).where(
            Passage.document_id.not_in(select(Document.id))))
    assert orphans == orphan_passages == 0


def test_cancel_right_after_start_imports_nothing(
        qtbot: QtBot, bench: Workbench, window: QWidget, tmp_path: Path) -> None:
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    first.write_bytes(make_pdf(_pages(30, "a")))
    second.write_bytes(make_pdf(_pages(30, "b")))
    controller = ImportController(bench, window, quiet=True)
    with qtbot.waitSignal(controller.finished, timeout=WAIT_MS) as blocker:
        controller.start([first, second])
        controller.cancel()
    assert blocker.args[0] == []
    assert controller.result is not None
    assert (controller.result.cancelled, controller.result.not_started) == ("a.pdf", ("b.pdf",))
    assert bench.project.documents.all() == []


def test_a_project_that_cannot_be_opened_is_reported_not_hung(
        qtbot: QtBot, bench: Workbench, window: QWidget, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: Path, *, create: bool = True) -> Project:
        raise ProjectFileError(f"{path}: made by a newer Annotator")

    monkeypatch.setattr(importer, "Project", refuse)
    path = tmp_path / "a.pdf"
    path.write_bytes(make_pdf(_pages(1, "a")))
    controller = ImportController(bench, window, quiet=True)
    with qtbot.waitSignal(controller.finished, timeout=WAIT_MS) as blocker:
        controller.start([path])
    assert blocker.args[0] == []
    assert controller.result is not None and "newer Annotator" in controller.result.error


def test_an_unexpected_error_in_the_worker_still_ends_the_import(
        qtbot: QtBot, bench: Workbench, window: QWidget, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> ImportOutcome:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(ImportService, "import_file", broken)
    path = tmp_path / "a.pdf"
    path.write_bytes(make_pdf(_pages(1, "a")))
    controller = ImportController(bench, window, quiet=True)
    with qtbot.captureExceptions() as exceptions:
        with qtbot.waitSignal(controller.finished, timeout=WAIT_MS):
            controller.start([path])
        # the worker reports first, then its exception reaches sys.excepthook
        qtbot.waitUntil(lambda: bool(exceptions), timeout=WAIT_MS)
    assert controller.result is not None and controller.result.error
    assert any("disk on fire" in str(error[1]) for error in exceptions)


def test_dialogs_show_progress_and_then_each_file_in_plain_words(
        qtbot: QtBot, bench: Workbench, window: QWidget, tmp_path: Path) -> None:
    good = tmp_path / "議事録.pdf"
    good.write_bytes(make_pdf(_pages(5, "議事録")))
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"")
    window.show()
    controller = ImportController(bench, window)
    with qtbot.waitSignal(controller.finished, timeout=WAIT_MS):
        controller.start([good, bad])
        assert controller.dialog is not None  # the progress dialog, with its Cancel button
    assert controller.dialog is None
    qtbot.waitUntil(lambda: bool(window.findChildren(ResultDialog)))
    (dialog,) = window.findChildren(ResultDialog)
    kinds = [dialog.lines.item(n).data(Qt.ItemDataRole.UserRole)
             for n in range(dialog.lines.count())]
    texts = [dialog.lines.item(n).text() for n in range(dialog.lines.count())]
    assert kinds == [IMPORTED, FAILED]
    assert texts[0].startswith("imported 議事録.pdf: 5 pages")
    assert texts[1] == "error broken.pdf: empty file (0 bytes)"
    error = dialog.lines.item(1)
    assert error.foreground().color() == ResultDialog.ERROR and error.font().bold()
    assert "1 imported, 0 skipped, 1 with errors" in dialog.summary.text()
    dialog.close()


def test_the_result_dialog_marks_warnings_and_cancelled_files(qtbot: QtBot) -> None:
    outcomes = (
        ImportOutcome("scan.pdf", IMPORTED, pages=2, warnings=("needs OCR: pages 1–2 …",)),
        ImportOutcome("copy.pdf", SKIPPED, reason="already in project"),
    )
    result = ImportResult(outcomes, Changes(), cancelled="big.pdf", not_started=("later.pdf",))
    dialog = ResultDialog(result)
    qtbot.addWidget(dialog)
    kinds = [dialog.lines.item(n).data(Qt.ItemDataRole.UserRole)
             for n in range(dialog.lines.count())]
    assert kinds == ["warning", SKIPPED, SKIPPED, SKIPPED]
    assert "(warning: needs OCR" in dialog.lines.item(0).text()
    assert dialog.lines.item(2).text() == "cancelled big.pdf: not imported"
    assert "cancelled: big.pdf and the files after it were not imported" in summary(result)


def test_a_folder_stands_for_the_pdfs_in_it(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("b.pdf", "a.PDF", "notes.txt", "sub/c.pdf"):
        (tmp_path / name).write_bytes(b"%PDF-")
    single = tmp_path / "x.pdf"
    assert expand([tmp_path, single]) == [
        tmp_path / "a.PDF", tmp_path / "b.pdf", tmp_path / "sub" / "c.pdf",
        tmp_path / "x.pdf"]


class _Source(QObject):
    changed = Signal(object)


def test_emitting_many_times_keeps_python_alive(qtbot: QtBot) -> None:
    """PySide6 6.12.0 dropped a reference to True on every emit, so a long session (the bus
    emits per keystroke, the importer per page) aborted Python; requirements pin 6.11.3."""
    received: list[int] = []
    source = Bus()
    source.changed.connect(lambda number, _initiator: received.append(number))
    before = sys.getrefcount(True)
    for number in range(5000):
        source.changed.emit(number, None)
    assert len(received) == 5000
    assert sys.getrefcount(True) >= before - 10


def test_closing_the_window_cancels_the_import(
        qtbot: QtBot, bench: Workbench, window: QWidget, tmp_path: Path) -> None:
    files = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(make_pdf(_pages(40, name)))
        files.append(path)
    window.show()
    controller = ImportController(bench, window)
    with qtbot.waitSignal(controller.finished, timeout=WAIT_MS):
        controller.start(files)
        window.close()
    assert controller.result is not None and controller.result.cancelled == "a.pdf"
    assert bench.project.documents.all() == []
    assert not window.findChildren(ResultDialog)  # no result dialog over a closed window


def test_imported_passages_are_indexed_for_search_in_the_background(
        qtbot: QtBot, bench: Workbench, window: QWidget, tmp_path: Path) -> None:
    pdf = tmp_path / "交付.pdf"
    pdf.write_bytes(make_pdf(["交付金を交付した。\n人材の確保。"]))
    controller = ImportController(bench, window, quiet=True)
    with qtbot.waitSignal(controller.finished, timeout=WAIT_MS):
        controller.start([pdf])
    assert bench.project.search.index_pending() == 0  # nothing left for the first search
    assert len(bench.project.search.search("交付")) == 1
