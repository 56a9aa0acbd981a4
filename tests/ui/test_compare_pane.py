"""The comparison pane: coders side by side per passage, disagreements highlighted and
jumped between, and adjudication into the consensus coder with undo and redo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QSettings, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from annotator.ids import AnnotationId, DocumentId
from annotator.project import Project
from annotator.records import PassageRow, Target
from annotator.review.service import CONSENSUS
from tests.support.samples import import_text
from ui.models.compare import CHIPS_ROLE, CODER_ROLE, DISAGREE, PASSAGE, PASSAGE_ROLE, Chip
from ui.panes.review.compare import ComparePane
from ui.panes.review.widgets import ConsensusCodeDialog
from ui.workbench import Bus, Current, Workbench

MINUTES = ["【荒見委員】\n○ 交付金の配分について伺いたい。\n【回答】\n"
           "・ 権限の移譲を検討しております。\n・ 保健師の増員を行います。",
           "○ 情報共有の仕組みを整えたい。\n・ 地方財政措置を講じます。"]


def codable(project: Project, doc: DocumentId) -> list[PassageRow]:
    return [p for p in project.documents.passages(doc) if p.kind != "speaker"]


def tag(project: Project, passage: PassageRow, code: str, coder: str) -> AnnotationId:
    target = Target(passage.document_id, passage.start, passage.end, passage.id)
    return project.coding.tag(target, code, coder).value


@pytest.fixture
def bench(tmp_path: Path) -> Iterator[Workbench]:
    project = Project(tmp_path / "p.annot")
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    project.review.set_reviewer("rev")
    yield Workbench(project, Bus(), Current("rev"), QUndoStack(), settings)
    project.close()


@pytest.fixture
def doc(bench: Workbench) -> DocumentId:
    """Passages 0 agree, 1 differ (authority / personnel), 2 only ann, 3 only ben, 4 nobody."""
    project = bench.project
    document = import_text(project, MINUTES, "minutes.pdf")
    p = codable(project, document)
    tag(project, p[0], "finance", "ann")
    tag(project, p[0], "finance", "ben")
    tag(project, p[1], "authority", "ann")
    tag(project, p[1], "personnel", "ben")
    tag(project, p[2], "personnel", "ann")
    tag(project, p[3], "information_sharing", "ben")
    return document


@pytest.fixture
def pane(bench: Workbench, doc: DocumentId, qtbot: QtBot) -> ComparePane:
    widget = ComparePane(bench)
    qtbot.addWidget(widget)
    widget.show()
    bench.current.set_document(doc)
    return widget


def column(pane: ComparePane, coder: str) -> int:
    return next(c for c in range(pane.model.columnCount())
                if pane.model.index(0, c).data(CODER_ROLE) == coder)


def chips(pane: ComparePane, row: int, coder: str) -> list[Chip]:
    value = pane.model.index(row, column(pane, coder)).data(CHIPS_ROLE)
    assert isinstance(value, list)
    return value


def select_cells(pane: ComparePane, cells: list[tuple[int, str]]) -> None:
    selection = pane.view.selectionModel()
    selection.clearSelection()
    for row, coder in cells:
        selection.select(pane.model.index(row, column(pane, coder)),
                         QItemSelectionModel.SelectionFlag.Select)


def consensus(bench: Workbench) -> list[tuple[str, int, int]]:
    return [(a.code, a.start, a.end) for a in bench.project.coding.annotations(coder=CONSENSUS)]


def test_each_passage_shows_who_applied_which_code(pane: ComparePane, bench: Workbench,
                                                   doc: DocumentId) -> None:
    model = pane.model
    assert pane.ticked() == ["ann", "ben"]  # every coder of the document, by default
    assert model.headers()[PASSAGE + 1:] == ["ann", "ben", CONSENSUS]
    assert model.rowCount() == 5
    passages = codable(bench.project, doc)
    assert [model.index(r, 0).data(PASSAGE_ROLE) for r in range(5)] == [p.id for p in passages]
    assert [c.key for c in chips(pane, 0, "ann")] == ["finance"]
    assert model.index(1, column(pane, "ann")).data() == "権限"
    assert [(c.key, c.contested) for c in chips(pane, 1, "ben")] == [("personnel", True)]
    assert not chips(pane, 0, "ben")[0].contested
    disagree = [r for r in range(5)
                if model.index(r, PASSAGE).data(Qt.ItemDataRole.BackgroundRole) == DISAGREE]
    assert disagree == [1, 2, 3]
    assert pane.status.text() == "3 of 5 passages disagree"
    assert "only ann" in model.index(1, column(pane, "ann")).data(Qt.ItemDataRole.ToolTipRole)


def test_jumping_between_disagreements_moves_the_current_passage(
        pane: ComparePane, bench: Workbench, doc: DocumentId) -> None:
    passages = codable(bench.project, doc)
    pane.next_disagreement()
    assert bench.current.target == Target(doc, passages[1].start, passages[1].end,
                                          passages[1].id)
    pane.next_disagreement()
    pane.next_disagreement()
    target = bench.current.target
    assert target is not None and target.passage == passages[3].id
    pane.next_disagreement()  # round to the first again
    target = bench.current.target
    assert target is not None and target.passage == passages[1].id
    pane.previous_disagreement()
    target = bench.current.target
    assert target is not None and target.passage == passages[3].id
    # a target set elsewhere selects its row, so the next jump starts from there
    bench.current.set_target(Target(doc, passages[2].start, passages[2].end, passages[2].id))
    assert pane.view.currentIndex().row() == 2
    pane.next_disagreement()
    target = bench.current.target
    assert target is not None and target.passage == passages[3].id


def test_ticking_coders_changes_the_comparison(pane: ComparePane, bench: Workbench,
                                               doc: DocumentId) -> None:
    p = codable(bench.project, doc)
    target = Target(doc, p[4].start, p[4].end, p[4].id)
    bench.bus.publish(bench.project.coding.tag(target, "finance", "cho").changes)
    assert pane.ticked() == ["ann", "ben", "cho"]  # a new coder of the document is ticked
    assert pane.model.rowCount() == 5 and pane.status.text() == "5 of 5 passages disagree"
    pane.set_ticked(["ann"])
    assert pane.model.rowCount() == 0 and "two or more" in pane.status.text()
    pane.set_ticked(["ann", "cho"])
    assert pane.model.headers()[PASSAGE + 1:] == ["ann", "cho", CONSENSUS]


def test_accepting_cells_into_the_consensus_links_them_and_undo_redo(
        pane: ComparePane, bench: Workbench, doc: DocumentId) -> None:
    passages = codable(bench.project, doc)
    select_cells(pane, [(1, "ann"), (3, "ben")])
    picks = pane.selected_codings()
    pane.accept_selected()
    assert consensus(bench) == [("authority", passages[1].start, passages[1].end),
                                ("information_sharing", passages[3].start, passages[3].end)]
    made = bench.project.coding.annotations(coder=CONSENSUS)
    assert [[s.id for s in bench.project.review.sources(m.id)] for m in made] == [
        [picks[0]], [picks[1]]]
    assert chips(pane, 1, CONSENSUS)[0].key == "authority"  # the consensus column shows it
    assert "2 coding(s)" in pane.message.text()
    bench.undo.undo()
    assert consensus(bench) == [] and chips(pane, 1, CONSENSUS) == []
    bench.undo.redo()
    assert [a.id for a in bench.project.coding.annotations(coder=CONSENSUS)] == [
        m.id for m in made]  # the same codings, links and all
    assert [s.id for s in bench.project.review.sources(made[0].id)] == [picks[0]]
    select_cells(pane, [(1, "ann")])
    pane.accept_selected()  # already there: no new undo step
    assert bench.undo.count() == 1 and "Already" in pane.message.text()
    select_cells(pane, [])
    pane.accept_selected()
    assert "Select the cells" in pane.message.text()


def test_applying_a_code_to_the_consensus(pane: ComparePane, bench: Workbench, doc: DocumentId,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    passages = codable(bench.project, doc)
    pane.view.setCurrentIndex(pane.model.index(1, PASSAGE))
    offered: list[str | None] = []

    def exec_dialog(dialog: ConsensusCodeDialog) -> int:
        offered.append(dialog.code())
        dialog.combo.setCurrentIndex(dialog.combo.findData("personnel"))
        dialog.memo.setText("保健師の話")
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(ConsensusCodeDialog, "exec", exec_dialog)
    pane.apply_code()
    assert offered == ["authority"]  # a contested code is offered first
    (made,) = bench.project.coding.annotations(coder=CONSENSUS)
    assert (made.code, made.start, made.end, made.memo) == (
        "personnel", passages[1].start, passages[1].end, "保健師の話")
    assert [s.coder for s in bench.project.review.sources(made.id)] == ["ben"]
    bench.undo.undo()
    assert consensus(bench) == []
    bench.undo.redo()
    assert [a.id for a in bench.project.coding.annotations(coder=CONSENSUS)] == [made.id]


def test_a_blind_coder_cannot_compare(pane: ComparePane, bench: Workbench) -> None:
    bench.current.set_coder("ann")  # not a reviewer: blind in automatic mode
    assert pane.model.rowCount() == 0 and pane.blind_note.isVisible()
    bench.current.set_coder("rev")
    assert pane.model.rowCount() == 5 and not pane.blind_note.isVisible()
