"""The codebook pane: the tree model, every codebook edit with its undo, and click-to-code."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QFont, QUndoStack
from PySide6.QtTest import QAbstractItemModelTester, QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from annotator.ids import CodeId, DocumentId
from annotator.project import Project
from annotator.records import AnnotationRow, CodeRow, Target
from tests.support.samples import import_text
from ui.commands.coding import TagCommand
from ui.models.codebook import CODE_MIME, COUNT, NAME, SHORTCUT, CodebookModel
from ui.panes.codebook import CodebookPane
from ui.workbench import Bus, Current, Workbench

TEXT = "国の補助金で財源を確保する。\n権限の移譲について議論した。"
DEFAULT = ["finance", "authority", "personnel", "information_sharing"]


@pytest.fixture
def bench(tmp_path: Path) -> Iterator[Workbench]:
    project = Project(tmp_path / "p.annot")
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    yield Workbench(project, Bus(), Current("ann"), QUndoStack(), settings)
    project.close()


@pytest.fixture
def pane(bench: Workbench, qtbot: QtBot) -> CodebookPane:
    widget = CodebookPane(bench)
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Messages the pane would show; a real QMessageBox would block the test."""
    shown: list[str] = []

    def warn(_parent: QWidget, _title: str, text: str) -> QMessageBox.StandardButton:
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", warn)
    return shown


@pytest.fixture
def document(bench: Workbench) -> DocumentId:
    return import_text(bench.project, [TEXT])


def code(bench: Workbench, key: str) -> CodeRow:
    return bench.project.codebook.get(key)


def keys(bench: Workbench) -> list[str]:
    return [c.key for c in bench.project.codebook.all()]


def codings(bench: Workbench) -> list[tuple[int, int, int, int, str]]:
    rows: list[AnnotationRow] = bench.project.coding.annotations()
    return sorted((a.id, a.code_id, a.start, a.end, a.coder) for a in rows)


def tag(bench: Workbench, document: DocumentId, key: str, start: int, end: int) -> None:
    bench.project.coding.tag(Target(document, start, end), key, bench.current.coder)


# the model ------------------------------------------------------------------------------------


def test_model_shows_the_default_codes_with_colours_and_ids(pane: CodebookPane) -> None:
    model, bench = pane.model, pane.bench
    assert model.rowCount() == 4
    names = [model.index(row, NAME).data() for row in range(4)]
    assert names == [
        "財源 / finance",
        "権限 / authority",
        "人材 / personnel",
        "情報共有 / information sharing",
    ]
    ids = [model.index(row, NAME).data(Qt.ItemDataRole.UserRole) for row in range(4)]
    assert ids == [int(code(bench, key).id) for key in DEFAULT]
    swatch = model.index(0, NAME).data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(swatch, QColor) and swatch == QColor("#E6862A")
    assert [model.index(row, SHORTCUT).data() for row in range(4)] == ["1", "2", "3", "4"]
    assert [model.index(row, COUNT).data() for row in range(4)] == ["0"] * 4
    tooltip = model.index(2, NAME).data(Qt.ItemDataRole.ToolTipRole)
    assert "Indicators" in tooltip and "Exclude:" in tooltip


def test_usage_counts_follow_tagging(pane: CodebookPane, document: DocumentId) -> None:
    bench, model = pane.bench, pane.model
    bench.run(TagCommand(bench, [Target(document, 0, 3)], "finance", "財源"))
    assert model.index(0, COUNT).data() == "1"
    bench.undo.undo()
    assert model.index(0, COUNT).data() == "0"


# add and edit ---------------------------------------------------------------------------------


def test_add_then_undo_and_redo_keep_the_same_id(pane: CodebookPane) -> None:
    bench = pane.bench
    dialog = pane.editor(None)
    dialog.name_ja.setText("人権")
    dialog.name.setText("human rights")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    added = code(bench, "human_rights")
    assert pane.selected() == added
    bench.undo.undo()
    assert keys(bench) == DEFAULT and pane.model.rowCount() == 4
    bench.undo.redo()
    assert code(bench, "human_rights") == added
    assert pane.model.index(4, NAME).data(Qt.ItemDataRole.UserRole) == int(added.id)


def test_add_sub_code_nests_it(pane: CodebookPane) -> None:
    bench = pane.bench
    finance = code(bench, "finance")
    dialog = pane.editor(None, finance.id)
    dialog.name.setText("grants")
    dialog.accept()
    assert code(bench, "grants").parent == finance.id
    parent = pane.model.index_of(finance.id)
    assert pane.model.rowCount(parent) == 1
    assert pane.model.index(0, NAME, parent).data() == "grants"


def test_edit_and_undo_restore_every_field(pane: CodebookPane) -> None:
    bench = pane.bench
    before = code(bench, "authority")
    dialog = pane.editor(before)
    dialog.name_ja.setText("権限・関与")
    dialog.name.setText("authority and involvement")
    dialog.set_color("#123456")
    dialog.set_shortcut("7")
    dialog.texts["definition"].setPlainText("新しい定義")
    dialog.texts["exclude_note"].setPlainText("not 連携")
    assert set(dialog.changes()) == {
        "name_ja",
        "name",
        "color",
        "shortcut",
        "definition",
        "exclude_note",
    }
    dialog.accept()
    after = code(bench, "authority")
    assert (after.name_ja, after.name, after.color, after.shortcut) == (
        "権限・関与",
        "authority and involvement",
        "#123456",
        "7",
    )
    assert after.definition == "新しい定義" and after.exclude_note == "not 連携"
    assert pane.model.index(1, NAME).data() == "権限・関与 / authority and involvement"
    bench.undo.undo()
    assert content(code(bench, "authority")) == content(before)
    bench.undo.redo()
    assert content(code(bench, "authority")) == content(after)


def content(row: CodeRow) -> CodeRow:
    """The row without its edit bookkeeping: an undo is a new edit, so the version moves on."""
    return replace(row, version=0, updated_by="")


def test_a_duplicate_shortcut_is_refused_and_nothing_changes(
    pane: CodebookPane, warnings: list[str]
) -> None:
    bench = pane.bench
    before = code(bench, "authority")
    dialog = pane.editor(before)
    dialog.name.setText("renamed too")
    dialog.set_shortcut("1")
    assert "財源" in dialog.shortcut_note.text()
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert len(warnings) == 1 and "財源" in warnings[0]
    assert code(bench, "authority") == before
    assert bench.undo.count() == 0


def test_core_validation_errors_are_shown_and_nothing_changes(
    pane: CodebookPane, warnings: list[str]
) -> None:
    bench = pane.bench
    dialog = pane.editor(None)  # neither name
    dialog.accept()
    assert warnings == ["a code needs a name"]
    assert keys(bench) == DEFAULT and bench.undo.count() == 0
    before = code(bench, "finance")
    dialog = pane.editor(before)
    dialog.set_color("red")
    dialog.accept()
    assert "#RRGGBB" in warnings[-1]
    assert code(bench, "finance") == before and bench.undo.count() == 0


# drag and drop --------------------------------------------------------------------------------


def test_drop_nests_a_code_and_undo_unnests_it(pane: CodebookPane) -> None:
    bench, model = pane.bench, pane.model
    authority, personnel = code(bench, "authority"), code(bench, "personnel")
    data = model.mimeData([model.index_of(personnel.id)])
    assert data.hasFormat(CODE_MIME)
    move = Qt.DropAction.MoveAction
    assert model.dropMimeData(data, move, -1, 0, model.index_of(authority.id))
    assert code(bench, "personnel").parent == authority.id
    assert model.rowCount() == 3 and model.rowCount(model.index_of(authority.id)) == 1
    bench.undo.undo()
    assert code(bench, "personnel").parent is None
    assert keys(bench) == DEFAULT and model.rowCount() == 4


def test_drop_between_codes_reorders(pane: CodebookPane) -> None:
    bench, model = pane.bench, pane.model
    finance = code(bench, "finance")
    data = model.mimeData([model.index_of(finance.id)])
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 3, 0, model.index(-1, -1))
    assert keys(bench) == ["authority", "personnel", "finance", "information_sharing"]
    bench.undo.undo()
    assert keys(bench) == DEFAULT


def test_a_code_cannot_be_dropped_into_its_own_sub_code(pane: CodebookPane) -> None:
    bench, model = pane.bench, pane.model
    finance = code(bench, "finance")
    sub = bench.project.codebook.add("grants", parent=finance.id).value
    model.reload()
    data = model.mimeData([model.index_of(finance.id)])
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, model.index_of(sub))
    assert not model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, model.index_of(sub))
    assert bench.undo.count() == 0


# merge and delete -----------------------------------------------------------------------------


def test_merge_moves_codings_and_undo_restores_codes_and_codings(
    pane: CodebookPane, document: DocumentId
) -> None:
    bench = pane.bench
    tag(bench, document, "personnel", 0, 3)
    tag(bench, document, "personnel", 4, 8)
    tag(bench, document, "authority", 0, 3)
    personnel, authority = code(bench, "personnel"), code(bench, "authority")
    sub = bench.project.codebook.add("staff", parent=personnel.id).value
    before_codes, before_codings = bench.project.codebook.all(), codings(bench)
    assert pane.merge_codes(personnel.id, authority.id)
    assert "personnel" not in keys(bench)
    assert {c[1] for c in codings(bench)} == {authority.id}
    assert code(bench, "staff").parent == authority.id
    assert pane.model.usage(authority.id) == 3
    bench.undo.undo()
    assert bench.project.codebook.all() == before_codes
    assert codings(bench) == before_codings
    assert pane.model.usage(personnel.id) == 2
    assert code(bench, "staff") == bench.project.codebook.get(sub)
    assert code(bench, "staff").parent == personnel.id


def test_merge_into_own_sub_code_is_refused(pane: CodebookPane, warnings: list[str]) -> None:
    bench = pane.bench
    finance = code(bench, "finance")
    sub = bench.project.codebook.add("grants", parent=finance.id).value
    pane.model.reload()
    assert not pane.merge_codes(finance.id, sub)
    assert len(warnings) == 1 and bench.undo.count() == 0
    assert "finance" in keys(bench)


def test_deleting_a_used_code_needs_a_target(
    pane: CodebookPane, document: DocumentId, warnings: list[str]
) -> None:
    bench = pane.bench
    tag(bench, document, "finance", 0, 3)
    tag(bench, document, "finance", 4, 8)
    finance, authority = code(bench, "finance"), code(bench, "authority")
    before_codes, before_codings = bench.project.codebook.all(), codings(bench)
    assert not pane.delete_code(finance.id, None)
    assert len(warnings) == 1 and "coding" in warnings[0]
    assert bench.project.codebook.all() == before_codes and bench.undo.count() == 0
    assert pane.delete_code(finance.id, authority.id)
    assert "finance" not in keys(bench)
    assert {c[1] for c in codings(bench)} == {authority.id}
    bench.undo.undo()
    assert code(bench, "finance") == finance
    assert bench.project.codebook.all() == before_codes
    assert codings(bench) == before_codings
    bench.undo.redo()
    assert "finance" not in keys(bench)


def test_deleting_an_unused_code_and_undo(pane: CodebookPane) -> None:
    bench = pane.bench
    information = code(bench, "information_sharing")
    assert pane.delete_code(information.id, None)
    assert pane.model.rowCount() == 3
    bench.undo.undo()
    assert code(bench, "information_sharing") == information
    assert pane.model.rowCount() == 4


# applying a code by clicking ------------------------------------------------------------------


def click(pane: CodebookPane, key: str, column: int = NAME) -> None:
    index = pane.model.index_of(code(pane.bench, key).id, column)
    position = pane.view.visualRect(index).center()
    QTest.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=position)


def mine(bench: Workbench, document: DocumentId) -> list[str]:
    return [a.code for a in bench.project.coding.annotations(coder="ann", document=document)]


def test_a_single_click_only_selects_and_a_double_click_applies_and_removes(
    pane: CodebookPane, document: DocumentId, qtbot: QtBot
) -> None:
    """Issue 12: selecting a code to edit, nest or delete it must never code the passage."""
    bench = pane.bench
    pane.show()
    qtbot.waitExposed(pane)
    bench.current.set_target(Target(document, 0, 3))
    click(pane, "authority")
    qtbot.wait(QApplication.doubleClickInterval() + 100)
    assert mine(bench, document) == []
    assert pane.selected() == code(bench, "authority")
    double_click(pane, "authority")
    qtbot.waitUntil(lambda: mine(bench, document) == ["authority"])
    font = pane.model.index(1, NAME).data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    assert pane.model.index(1, COUNT).data() == "1"
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    double_click(pane, "authority")
    qtbot.waitUntil(lambda: mine(bench, document) == [])
    assert pane.model.index(1, NAME).data(Qt.ItemDataRole.FontRole) is None
    bench.undo.undo()
    assert mine(bench, document) == ["authority"]


def test_the_apply_button_codes_with_the_selected_code(
    pane: CodebookPane, document: DocumentId
) -> None:
    bench = pane.bench
    bench.current.set_target(Target(document, 0, 3))
    assert not pane.apply_action.isEnabled()
    pane.select(code(bench, "personnel").id)
    assert pane.apply_action.isEnabled()
    pane.apply_action.trigger()
    assert mine(bench, document) == ["personnel"]


def double_click(pane: CodebookPane, key: str) -> None:
    index = pane.model.index_of(code(pane.bench, key).id)
    position = pane.view.visualRect(index).center()
    QTest.mouseDClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=position)


def test_clicking_another_column_only_selects(
    pane: CodebookPane, document: DocumentId, qtbot: QtBot
) -> None:
    bench = pane.bench
    pane.show()
    qtbot.waitExposed(pane)
    bench.current.set_target(Target(document, 0, 3))
    click(pane, "personnel", COUNT)
    qtbot.wait(QApplication.doubleClickInterval() + 100)
    assert mine(bench, document) == []
    assert pane.selected() == code(bench, "personnel")


def test_enter_applies_the_current_code(
    pane: CodebookPane, document: DocumentId, qtbot: QtBot
) -> None:
    bench = pane.bench
    bench.current.set_target(Target(document, 4, 8))
    pane.select(code(bench, "finance").id)
    QTest.keyClick(pane.view, Qt.Key.Key_Return)
    assert mine(bench, document) == ["finance"]
    codings_ = bench.project.coding.annotations(document=document)
    assert [(a.start, a.end) for a in codings_] == [(4, 8)]


def test_edit_opens_the_editor_without_coding(
    pane: CodebookPane, document: DocumentId, monkeypatch: pytest.MonkeyPatch
) -> None:
    bench = pane.bench
    opened: list[CodeId] = []
    monkeypatch.setattr(pane, "edit_code_dialog", opened.append)
    bench.current.set_target(Target(document, 0, 3))
    pane.select(code(bench, "finance").id)
    pane.edit_action.trigger()
    assert opened == [code(bench, "finance").id]
    assert mine(bench, document) == []


def test_model_is_a_qabstractitemmodel_tree(pane: CodebookPane) -> None:
    """Qt's own checker walks every index, parent and role of the nested tree."""
    bench = pane.bench
    bench.project.codebook.add("grants", parent=code(bench, "finance").id)
    model = CodebookModel(bench)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.reload()
    finance = model.index(0, 0)
    assert model.rowCount(finance) == 1  # the checker ran over a real nested tree
    assert model.index(0, 0, finance).parent() == finance
