"""File › Export… and the codebook's import/export in the workbench: the export runs in the
background and is whole or absent; a codebook import says what it changes, can be undone,
and refuses a malformed file without changing anything."""

from __future__ import annotations

import csv
import threading
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QKeySequence, QUndoStack
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from annotator.changes import Changes
from annotator.export.service import ExportOptions, ExportService, ExportSummary
from annotator.ids import DocumentId
from annotator.project import Project
from annotator.records import Target
from tests.support.samples import import_text
from ui.dialogs.codebook_files import CodebookFiles, ConfirmImportDialog, codebook_path
from ui.dialogs.export import ExportDialog
from ui.jobs.export import ExportController, ExportRequest, ExportResult, ExportResultBox
from ui.main_window import MainWindow
from ui.models.codebook import CodebookModel
from ui.workbench import Bus, Current, Workbench

WAIT_MS = 60_000
SHEETS = ["Codings", "Long", "Matrix", "Agreement", "Codebook", "About"]
PAGES = ["〇河野大臣：交付金の配分について議論します。\n保健師を増員します。",
         "𠮷田委員　人材の確保が課題です。\n権限の移譲を求めます。"]
FIELDS = ("guid", "key", "name", "name_ja", "color", "shortcut", "definition", "include_note",
          "exclude_note", "examples")


@pytest.fixture
def bench(qtbot: QtBot, project: Project, tmp_path: Path) -> Workbench:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    return Workbench(project, Bus(), Current("ann"), QUndoStack(), settings)


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def coded(bench: Workbench) -> Workbench:
    """A document with codings by two coders: ann codes every passage, bob the first."""
    project = bench.project
    document = import_text(project, PAGES, "議事録.pdf")
    passages = project.documents.passages(DocumentId(document))
    for number, passage in enumerate(passages):
        target = Target(document, passage.start, passage.end, passage.id)
        project.coding.tag(target, "finance" if number % 2 else "authority", "ann")
        if number == 0:
            project.coding.tag(target, "personnel", "bob")
    return bench


def _export(qtbot: QtBot, bench: Workbench, window: QWidget,
            request: ExportRequest) -> ExportResult:
    controller = ExportController(bench, window, quiet=True)
    with qtbot.waitSignal(controller.finished, timeout=WAIT_MS) as blocker:
        controller.start(request)
        assert controller.running  # start() returned while the worker writes
    result: ExportResult = blocker.args[0]
    return result


def _long_coders(path: Path) -> list[str]:
    book = load_workbook(path, read_only=True)
    try:
        rows = list(book["Long"].iter_rows(values_only=True))
    finally:
        book.close()
    column = list(rows[0]).index("coder")
    return [str(row[column]) for row in rows[1:]]


def _snapshot(project: Project) -> list[tuple[Any, ...]]:
    """Every field of every code in tree order, ids and parents included."""
    return [(c.id, c.parent, c.position, *(getattr(c, f) for f in FIELDS))
            for c in project.codebook.all()]


def _by_guid(project: Project) -> list[tuple[Any, ...]]:
    """The same without ids, which differ from project to project."""
    codes = project.codebook.all()
    guids = {c.id: c.guid for c in codes}
    return [(*(getattr(c, f) for f in FIELDS), guids.get(c.parent) if c.parent else None)
            for c in codes]


# the workbook ----------------------------------------------------------------------------------

def test_the_export_runs_off_the_gui_thread_and_writes_the_workbook(
        qtbot: QtBot, coded: Workbench, window: QWidget, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    callers: list[tuple[bool, bool]] = []  # (on the GUI thread, through the window's Project)
    original = ExportService.workbook

    def spy(service: ExportService, *args: Any, **kwargs: Any) -> ExportSummary:
        callers.append((threading.current_thread() is threading.main_thread(),
                        service is coded.project.exports))
        return original(service, *args, **kwargs)

    monkeypatch.setattr(ExportService, "workbook", spy)
    published: list[Changes] = []
    coded.bus.changed.connect(lambda changes: published.append(changes))
    target = tmp_path / "out.xlsx"
    reports: list[tuple[int, int, int, int]] = []
    controller = ExportController(coded, window, quiet=True)
    controller.progress.connect(lambda *report: reports.append(report))
    with qtbot.waitSignal(controller.finished, timeout=WAIT_MS):
        controller.start(ExportRequest(target))
    result = controller.result
    assert result is not None and result.complete and not result.error
    assert callers == [(False, False)]
    assert reports and reports[-1][2] == reports[-1][3]  # the last report: all rows done
    book = load_workbook(target, read_only=True)
    assert book.sheetnames == SHEETS
    book.close()
    assert sorted(set(_long_coders(target))) == ["ann", "bob"]
    summary = result.workbook
    assert summary is not None and summary.files == (target,)
    assert summary.documents == 1 and summary.codings == len(_long_coders(target))
    assert published == []  # an export changes no data
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_the_dialog_passes_one_coder_and_the_csv_folder_through(
        qtbot: QtBot, coded: Workbench, window: QWidget, tmp_path: Path) -> None:
    dialog = ExportDialog(coded, window, quiet=True)
    assert Path(dialog.target_edit.text()).name == "test.xlsx"  # named after the project
    assert [dialog.coder_combo.itemText(n) for n in range(dialog.coder_combo.count())] == [
        "ann", "bob"]
    assert not dialog.consensus_radio.isEnabled()  # nothing adjudicated yet
    dialog.target_edit.setText(str(tmp_path / "bob"))  # .xlsx is added
    dialog.coder_radio.setChecked(True)
    dialog.coder_combo.setCurrentText("bob")
    dialog.csv_box.setChecked(True)
    dialog.accept()
    request = dialog.chosen
    assert request == ExportRequest(tmp_path / "bob.xlsx", ExportOptions("bob"),
                                    tmp_path / "bob_csv")
    assert coded.settings.value("export/folder") == str(tmp_path)

    result = _export(qtbot, coded, window, request)
    assert result.complete and result.csv is not None
    assert _long_coders(tmp_path / "bob.xlsx") == ["bob"]
    with (tmp_path / "bob_csv" / "long.csv").open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [row["coder"] for row in rows] == ["bob"]
    assert (tmp_path / "bob_csv" / "codings.csv").is_file()


def test_the_dialog_maps_consensus_and_accepted_and_refuses_a_missing_folder(
        qtbot: QtBot, coded: Workbench, window: QWidget, tmp_path: Path) -> None:
    dialog = ExportDialog(coded, window, quiet=True)
    dialog.consensus_radio.setEnabled(True)
    dialog.consensus_radio.setChecked(True)
    dialog.accepted_box.setChecked(True)
    assert dialog.options() == ExportOptions.consensus(accepted_only=True)
    dialog.all_radio.setChecked(True)
    assert dialog.options() == ExportOptions(None, accepted_only=True)
    dialog.target_edit.setText(str(tmp_path / "missing" / "out.xlsx"))
    dialog.accept()
    assert dialog.chosen is None and "does not exist" in dialog.problem
    assert dialog.result() != ExportDialog.DialogCode.Accepted


@pytest.mark.parametrize("older", [True, False])
def test_cancel_leaves_no_file_and_keeps_an_older_one(
        qtbot: QtBot, coded: Workbench, window: QWidget, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, older: bool) -> None:
    target = tmp_path / "out.xlsx"
    if older:
        target.write_bytes(b"yesterday's workbook")
    controller = ExportController(coded, window, quiet=True)
    original = ExportService.workbook

    def cancel_then_write(service: ExportService, *args: Any, **kwargs: Any) -> ExportSummary:
        controller.cancel()  # the user presses Cancel while the worker is writing
        return original(service, *args, **kwargs)

    monkeypatch.setattr(ExportService, "workbook", cancel_then_write)
    with qtbot.waitSignal(controller.finished, timeout=WAIT_MS) as blocker:
        controller.start(ExportRequest(target, csv_folder=tmp_path / "csv"))
    result: ExportResult = blocker.args[0]
    assert result.cancelled and not result.summaries and not result.error
    if older:
        assert target.read_bytes() == b"yesterday's workbook"
    else:
        assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".part", ".xlsx")) == (
        ["out.xlsx"] if older else [])
    assert not (tmp_path / "csv").exists()  # the CSV step never started
    box = ExportResultBox(result)
    qtbot.addWidget(box)
    assert box.open_button is None
    assert "left as it was" in box.informativeText()


def test_errors_are_reported_in_plain_words(qtbot: QtBot, coded: Workbench, window: QWidget,
                                            tmp_path: Path) -> None:
    result = _export(qtbot, coded, window,
                     ExportRequest(tmp_path / "gone" / "out.xlsx"))
    assert "no such folder" in result.error and not result.summaries
    result = _export(qtbot, coded, window,
                     ExportRequest(tmp_path / "out.xlsx", ExportOptions("nobody")))
    assert "no codings by coder 'nobody'" in result.error
    box = ExportResultBox(result)
    qtbot.addWidget(box)
    assert box.icon() == QMessageBox.Icon.Critical
    assert box.text().startswith("The export failed: no codings by coder 'nobody'")
    assert not (tmp_path / "out.xlsx").exists()


def test_with_dialogs_a_progress_dialog_then_the_closing_message(
        qtbot: QtBot, coded: Workbench, window: QWidget, tmp_path: Path) -> None:
    window.show()
    controller = ExportController(coded, window)
    with qtbot.waitSignal(controller.finished, timeout=WAIT_MS):
        controller.start(ExportRequest(tmp_path / "out.xlsx"))
        assert controller.dialog is not None  # the progress dialog, with its Cancel button
    assert controller.dialog is None
    box = controller.result_box
    assert box is not None and box.isVisible()
    assert box.text() == f"The workbook was written to {tmp_path / 'out.xlsx'}"
    assert box.open_button is not None
    box.close()


def test_the_window_offers_export_and_the_codebook_files(qtbot: QtBot, tmp_path: Path) -> None:
    project = Project(tmp_path / "w.annot")
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    main = MainWindow(project, "ann", settings)
    qtbot.addWidget(main)
    file_menu = main.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    actions = {a.text(): a for a in file_menu.actions()}
    assert actions["&Export…"].shortcut() == QKeySequence("Ctrl+E")
    codebook_menu = actions["Code&book"].menu()
    assert isinstance(codebook_menu, QMenu)
    assert codebook_menu.actions() == main.codebook_files.actions
    texts = [a.text() for a in main.codebook_files.actions]
    assert texts == ["&Import codebook…", "&Export codebook…"]
    assert main.codebook._file_actions == main.codebook_files.actions  # its context menu


def test_the_closing_message_says_where_and_opens_the_folder(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.xlsx"
    request = ExportRequest(target, csv_folder=tmp_path / "csv")
    summaries = (ExportSummary((target,), 3, 120, 45, truncated=("Codings!J7 (40,000)",)),
                 ExportSummary((tmp_path / "csv" / "codings.csv",), 3, 120, 45))
    opened: list[QUrl] = []
    monkeypatch.setattr("ui.jobs.export.QDesktopServices.openUrl",
                        lambda url: opened.append(url) or True)
    box = ExportResultBox(ExportResult(request, summaries))
    qtbot.addWidget(box)
    assert str(target) in box.text() and str(tmp_path / "csv") in box.text()
    details = box.informativeText()
    assert "3 documents, 120 rows in Codings, 45 codings in Long" in details
    assert "1 cell(s) were cut at Excel's limit" in details
    assert box.open_button is not None
    box.open_button.click()
    assert opened == [QUrl.fromLocalFile(str(tmp_path))]


# the codebook ----------------------------------------------------------------------------------

def _edit(project: Project) -> None:
    """Edits the ways users make them: a new nested code, a renamed and a moved one."""
    book = project.codebook
    finance = book.get("finance").id
    grants = book.add("grants", name_ja="補助金", parent=finance, color="#abcdef",
                         definition="補助金と交付金", shortcut="5").value
    book.add("", name_ja="国庫負担", parent=grants)
    book.update(book.get("authority").id, name_ja="権限・関与", definition="関与の度合い")
    book.move(book.get("personnel").id, None, 0)


@pytest.mark.parametrize("suffix", [".qdc", ".xlsx"])
def test_codebook_export_then_import_round_trips_and_undoes(
        qtbot: QtBot, bench: Workbench, window: QWidget, tmp_path: Path, suffix: str) -> None:
    with Project(tmp_path / "other.annot") as other:
        _edit(other)
        other_bench = Workbench(other, Bus(), Current("ann"), QUndoStack(), bench.settings)
        exporter = CodebookFiles(other_bench, window, quiet=True)
        messages: list[str] = []
        exporter.message.connect(messages.append)
        path = tmp_path / f"codebook{suffix}"
        assert exporter.export_to(path)
        assert messages == [f"Wrote 6 codes to {path}"]
        wanted = _by_guid(other)

    model = CodebookModel(bench)  # the codebook pane's model, listening on the bus
    published: list[Changes] = []
    bench.bus.changed.connect(lambda changes: published.append(changes))
    before = _snapshot(bench.project)
    files = CodebookFiles(bench, window, quiet=True)
    dialog = files.preview(path)
    assert isinstance(dialog, ConfirmImportDialog) and files.confirmation is dialog
    lines = [dialog.lines.item(n).text() for n in range(dialog.lines.count())]
    assert "added grants" in lines and any(line.startswith("updated authority") for line in lines)
    assert "undo" in dialog.note.text()
    assert _snapshot(bench.project) == before and published == []  # the dry run changed nothing
    dialog.accept()  # what the Import button does

    assert _by_guid(bench.project) == wanted
    assert published and published[-1].codebook
    assert {c.key for c in model.codes()} >= {"grants", "personnel"}
    assert len(model.codes()) == 6  # the model reloaded from the bus
    after = _snapshot(bench.project)
    assert bench.undo.count() == 1
    assert bench.undo.undoText() == f"Import codebook codebook{suffix}"

    bench.undo.undo()
    assert _snapshot(bench.project) == before
    assert len(model.codes()) == 4
    bench.undo.redo()
    assert _snapshot(bench.project) == after  # the added codes came back with their ids


def test_a_malformed_qdc_gives_a_message_and_changes_nothing(
        qtbot: QtBot, bench: Workbench, window: QWidget, tmp_path: Path) -> None:
    path = tmp_path / "broken.qdc"
    path.write_text('<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>',
                    encoding="utf-8")
    published: list[Changes] = []
    bench.bus.changed.connect(lambda changes: published.append(changes))
    before = _snapshot(bench.project)
    files = CodebookFiles(bench, window, quiet=True)
    assert files.preview(path) is None
    ((title, text),) = files.notices
    assert title == "Cannot import the codebook"
    assert text.startswith("broken.qdc cannot be imported; the codebook was not changed.")
    assert "not a well-formed XML file" in text
    assert files.confirmation is None
    assert _snapshot(bench.project) == before
    assert published == [] and bench.undo.count() == 0


def test_a_file_that_matches_already_needs_no_import(
        qtbot: QtBot, bench: Workbench, window: QWidget, tmp_path: Path) -> None:
    files = CodebookFiles(bench, window, quiet=True)
    path = tmp_path / "same.qdc"
    assert files.export_to(path)
    assert files.preview(path) is None
    ((title, text),) = files.notices
    assert (title, text) == ("Import codebook", "Nothing to import: the codebook already has "
                             "what same.qdc holds.\n\n4 code(s) unchanged")
    assert bench.undo.count() == 0


def test_undo_is_refused_when_an_added_code_has_codings_now(
        qtbot: QtBot, coded: Workbench, window: QWidget, tmp_path: Path) -> None:
    path = tmp_path / "more.xlsx"
    book_path = tmp_path / "source.annot"
    with Project(book_path) as other:
        other.codebook.add("grants", name_ja="補助金")
        other.codebook_files.export_file(path)
    files = CodebookFiles(coded, window, quiet=True)
    dialog = files.preview(path)
    assert dialog is not None
    dialog.accept()
    failures: list[str] = []
    coded.bus.failed.connect(failures.append)
    passage = coded.project.documents.passages(DocumentId(1))[0]
    coded.project.coding.tag(Target(DocumentId(1), passage.start, passage.end, passage.id),
                             "grants", "cara")  # outside the undo stack: another process
    imported = _snapshot(coded.project)
    coded.undo.undo()
    assert _snapshot(coded.project) == imported  # refused before changing anything
    assert failures and "codes grants have codings by now" in failures[0]


def test_the_chosen_filter_gives_the_suffix() -> None:
    assert codebook_path("/tmp/book", ".qdc") == Path("/tmp/book.qdc")
    assert codebook_path("/tmp/book.xlsx", ".qdc") == Path("/tmp/book.xlsx")
    assert codebook_path("/tmp/book.v2", ".xlsx") == Path("/tmp/book.v2.xlsx")


def test_redo_brings_back_an_added_code_whose_shortcut_was_taken_back(
        qtbot: QtBot, bench: Workbench, window: QWidget, tmp_path: Path) -> None:
    path = tmp_path / "swap.qdc"
    with Project(tmp_path / "source.annot") as other:
        other.codebook.update(other.codebook.get("finance").id, shortcut="")
        other.codebook.add("grants", name_ja="補助金", shortcut="1")  # finance's, until now
        other.codebook_files.export_file(path)
    before = _snapshot(bench.project)
    files = CodebookFiles(bench, window, quiet=True)
    dialog = files.preview(path)
    assert dialog is not None
    dialog.accept()
    after = _snapshot(bench.project)
    assert bench.project.codebook.get("grants").shortcut == "1"
    bench.undo.undo()
    assert _snapshot(bench.project) == before
    assert bench.project.codebook.get("finance").shortcut == "1"
    bench.undo.redo()
    assert _snapshot(bench.project) == after
