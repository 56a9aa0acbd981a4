"""The search pane on a real project: hits as KWIC rows, jumping to one, coding them all."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QInputMethodEvent, QUndoStack
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from annotator.ids import DocumentId
from annotator.project import Project
from annotator.records import CodeRow, Target
from tests.support.samples import import_text
from ui.models.search import DOCUMENT_ROLE, KEYWORD, PAGE, PASSAGE_ROLE, RIGHT, SPAN_ROLE
from ui.panes.search import CodeAllDialog, SearchPane
from ui.workbench import Bus, Current, Workbench

PAGES = ["交付金を交付した。\n人材の確保。", "補助金の交付について。\n財源の確保が課題。"]
OTHER = ["交付税の算定。\n職員の派遣。"]


@pytest.fixture
def bench(project: Project, tmp_path: Path) -> Workbench:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    return Workbench(project, Bus(), Current("ann"), QUndoStack(), settings)


@pytest.fixture
def documents(bench: Workbench) -> tuple[DocumentId, DocumentId]:
    first = import_text(bench.project, PAGES, "first.pdf")
    second = import_text(bench.project, OTHER, "second.pdf")
    return first, second


@pytest.fixture
def pane(bench: Workbench, documents: object, qtbot: QtBot) -> SearchPane:
    widget = SearchPane(bench)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def search(pane: SearchPane, qtbot: QtBot, query: str) -> None:
    """Type as a Japanese user does: the input method commits the text, then Enter."""
    pane.query.clear()
    typed = QInputMethodEvent()
    typed.setCommitString(query)
    QApplication.sendEvent(pane.query, typed)  # qtbot.keyClicks only handles ASCII
    qtbot.keyClick(pane.query, Qt.Key.Key_Return)


def finance(bench: Workbench) -> CodeRow:
    return bench.project.codebook.get("finance")


def test_enter_lists_each_hit_with_its_keyword_and_ids(
    pane: SearchPane, bench: Workbench, documents: tuple[DocumentId, DocumentId], qtbot: QtBot
) -> None:
    search(pane, qtbot, "交付")

    model = pane.proxy
    assert model.rowCount() == 4  # 交付金 and 交付した in one passage, 交付 once, 交付税 once
    texts = {d: bench.project.documents.text(d) for d in documents}
    passages = {p.id: p for d in documents for p in bench.project.documents.passages(d)}
    for row in range(model.rowCount()):
        index = model.index(row, KEYWORD)
        document = DocumentId(index.data(DOCUMENT_ROLE))
        start, end = index.data(SPAN_ROLE)
        passage = passages[index.data(PASSAGE_ROLE)]
        assert index.data() == texts[document][start:end] == "交付"
        assert passage.document_id == document and passage.start <= start < end <= passage.end
        assert model.index(row, RIGHT).data(PASSAGE_ROLE) == passage.id  # on every column
        assert model.index(row, PAGE).data() == str(passage.page + 1)
    assert [model.index(r, PAGE).data() for r in range(4)] == ["1", "1", "2", "1"]
    assert model.index(0, RIGHT).data() == "金を交付した。"
    assert pane.count.text() == "4 hits in 3 passages"
    assert pane.code_all.isEnabled()


def test_this_document_only(
    pane: SearchPane, bench: Workbench, documents: tuple[DocumentId, DocumentId], qtbot: QtBot
) -> None:
    bench.current.set_document(documents[1])
    pane.this_document.setChecked(True)
    search(pane, qtbot, "交付")
    assert pane.proxy.rowCount() == 1
    assert pane.proxy.index(0, 0).data(DOCUMENT_ROLE) == documents[1]
    pane.this_document.setChecked(False)  # searches again, over every document
    assert pane.proxy.rowCount() == 4


def test_activating_a_row_makes_its_passage_current(
    pane: SearchPane, bench: Workbench, documents: tuple[DocumentId, DocumentId], qtbot: QtBot
) -> None:
    search(pane, qtbot, "交付")
    pane.view.sortByColumn(RIGHT, Qt.SortOrder.DescendingOrder)  # view rows ≠ model rows
    events: list[str] = []
    bench.current.document_changed.connect(lambda _d: events.append("document"))
    bench.current.target_changed.connect(lambda _t: events.append("target"))
    row = next(r for r in range(4) if pane.proxy.index(r, RIGHT).data() == "について。")
    pane.view.setFocus()
    pane.view.setCurrentIndex(pane.proxy.index(row, KEYWORD))

    qtbot.keyClick(pane.view, Qt.Key.Key_Return)

    passage = next(
        p for p in bench.project.documents.passages(documents[0]) if p.text.startswith("補助金")
    )
    assert bench.current.document == documents[0]
    assert bench.current.target == Target(documents[0], passage.start, passage.end, passage.id)
    assert events == ["document", "target"]


def test_double_click_jumps_too(
    pane: SearchPane, bench: Workbench, documents: tuple[DocumentId, DocumentId], qtbot: QtBot
) -> None:
    search(pane, qtbot, "交付税")
    rect = pane.view.visualRect(pane.proxy.index(0, KEYWORD))
    for click in (qtbot.mouseClick, qtbot.mouseDClick):  # a real double-click begins with one
        click(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    passage = bench.project.documents.passages(documents[1])[0]
    assert bench.current.target == Target(documents[1], passage.start, passage.end, passage.id)


def test_code_all_hits_is_one_undo_step(
    pane: SearchPane,
    bench: Workbench,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    search(pane, qtbot, "交付")
    code = finance(bench)

    def choose_finance(dialog: CodeAllDialog) -> int:
        dialog.combo.setCurrentIndex(dialog.combo.findData(int(code.id)))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(CodeAllDialog, "exec", choose_finance)
    pane.code_all.click()

    codings = bench.project.coding.annotations(coder="ann", code="finance")
    hit_passages = pane.model.passages()
    assert len(hit_passages) == 3
    assert sorted((a.passage_id, a.start, a.end) for a in codings) == sorted(
        (p.id, p.start, p.end) for p in hit_passages
    )
    assert bench.undo.count() == 1
    assert bench.undo.text(0) == "Code 3 passages as 財源"
    ids = sorted(a.id for a in codings)

    bench.undo.undo()
    assert bench.project.coding.annotations(coder="ann") == []
    bench.undo.redo()
    assert sorted(a.id for a in bench.project.coding.annotations(coder="ann")) == ids


def test_code_all_hits_leaves_earlier_codings_to_their_own_undo(
    pane: SearchPane, bench: Workbench, qtbot: QtBot
) -> None:
    search(pane, qtbot, "交付")
    first = pane.model.passages()[0]
    bench.project.coding.tag(Target(first.document_id, first.start, first.end, first.id),
                             "finance", "ann")
    pane.code_all_hits(finance(bench))
    assert len(bench.project.coding.annotations(coder="ann")) == 3
    bench.undo.undo()
    assert [a.passage_id for a in bench.project.coding.annotations(coder="ann")] == [first.id]


def test_empty_query_clears_without_complaint(pane: SearchPane, qtbot: QtBot) -> None:
    search(pane, qtbot, "交付")
    assert pane.proxy.rowCount() == 4

    search(pane, qtbot, "")
    assert pane.proxy.rowCount() == 0
    assert pane.count.text() == ""
    assert not pane.code_all.isEnabled()

    search(pane, qtbot, "の")  # only a particle: nothing to look up, still no dialog
    assert pane.proxy.rowCount() == 0
    assert "の" in pane.count.text()


def test_no_match(pane: SearchPane, qtbot: QtBot) -> None:
    search(pane, qtbot, "権限")
    assert pane.proxy.rowCount() == 0
    assert pane.count.text() == "No passages match"
    assert not pane.code_all.isEnabled()


def test_the_dialog_offers_the_last_code_and_cancel_codes_nothing(
    pane: SearchPane, bench: Workbench, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    search(pane, qtbot, "交付")
    authority = bench.project.codebook.get("authority")
    offered: list[object] = []

    def pick(dialog: CodeAllDialog) -> int:
        offered.append(dialog.combo.currentData())
        dialog.combo.setCurrentIndex(dialog.combo.findData(int(authority.id)))
        return QDialog.DialogCode.Accepted if len(offered) == 1 else QDialog.DialogCode.Rejected

    monkeypatch.setattr(CodeAllDialog, "exec", pick)
    pane.code_all.click()
    pane.code_all.click()  # cancelled
    assert offered == [int(finance(bench).id), int(authority.id)]
    assert bench.undo.count() == 1
    assert {a.code for a in bench.project.coding.annotations(coder="ann")} == {"authority"}


def test_speaker_names_are_listed_but_not_coded(
    pane: SearchPane, bench: Workbench, documents: tuple[DocumentId, DocumentId]
) -> None:
    hits = bench.project.search.search("交付")
    names = {d: str(d) for d in documents}
    as_speaker = replace(hits[0], passage=replace(hits[0].passage, kind="speaker"))
    pane.model.set_hits([as_speaker, *hits[1:]], names)
    pane.code_all_hits(finance(bench))
    coded = {a.passage_id for a in bench.project.coding.annotations(coder="ann")}
    assert coded == {h.passage.id for h in hits[1:]}
    assert hits[0].passage.id not in coded
