"""The agreement pane: the same figures as the agreement service, refreshed after codings
change, undefined values explained, per-document drill-down, the confusion table of two
coders, the methods note beside the figures, and copying it all."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.agreement.statistics import STATISTICS
from annotator.ids import DocumentId
from annotator.project import Project
from annotator.records import PassageRow, Target
from tests.support.samples import import_text
from ui.models.agreement import CODE, KEY_ROLE, UNDEFINED, N, figure
from ui.panes.agreement import AgreementPane
from ui.translations import LANGUAGE_KEY
from ui.workbench import Bus, Current, Workbench

MINUTES = ["【荒見委員】\n○ 交付金の配分について伺いたい。\n【回答】\n"
           "・ 権限の移譲を検討しております。\n・ 保健師の増員を行います。",
           "○ 情報共有の仕組みを整えたい。\n・ 地方財政措置を講じます。"]
OTHER = ["・ 人材の確保が課題です。\n・ 財源の確保も課題です。"]


def codable(project: Project, doc: DocumentId) -> list[PassageRow]:
    return [p for p in project.documents.passages(doc) if p.kind != "speaker"]


def target(passage: PassageRow) -> Target:
    return Target(passage.document_id, passage.start, passage.end, passage.id)


@pytest.fixture
def bench(tmp_path: Path) -> Iterator[Workbench]:
    project = Project(tmp_path / "p.annot")
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    yield Workbench(project, Bus(), Current("rev"), QUndoStack(), settings)
    project.close()


@pytest.fixture
def docs(bench: Workbench) -> tuple[DocumentId, DocumentId]:
    """ann and ben code two documents and mark them done (agreement counts done ones)."""
    project = bench.project
    first = import_text(project, MINUTES, "minutes.pdf")
    second = import_text(project, OTHER, "other.pdf")
    p, q = codable(project, first), codable(project, second)
    for passage, code, coder in ((p[0], "finance", "ann"), (p[0], "finance", "ben"),
                                 (p[1], "authority", "ann"), (p[1], "personnel", "ben"),
                                 (p[2], "personnel", "ann"), (p[2], "personnel", "ben"),
                                 (q[0], "personnel", "ann"), (q[0], "personnel", "ben"),
                                 (q[1], "finance", "ann")):
        project.coding.tag(target(passage), code, coder)
    for document in (first, second):
        for coder in ("ann", "ben"):
            project.coding.set_done(document, coder)
    return first, second


@pytest.fixture
def pane(bench: Workbench, docs: object, qtbot: QtBot) -> AgreementPane:
    widget = AgreementPane(bench)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def table(pane: AgreementPane) -> list[list[str]]:
    model = pane.stats
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def row_of(pane: AgreementPane, key: str) -> int:
    return next(r for r in range(pane.stats.rowCount())
                if pane.stats.index(r, CODE).data(KEY_ROLE) == key)


def test_the_table_shows_the_services_figures(pane: AgreementPane, bench: Workbench) -> None:
    assert pane.ticked() == ["ann", "ben"]
    report = bench.project.agreement.compute(["ann", "ben"], unit="passage")
    rows = table(pane)
    assert len(rows) == len(report.codes) + 2
    for key, stats in report.codes.items():
        row = rows[row_of(pane, key)]
        assert row[N] == str(stats.percent.n_units)
        assert row[N + 1:] == [figure(getattr(stats, name).value) for name in STATISTICS]
    pooled, macro = rows[-2], rows[-1]
    assert pooled[N + 1:] == [figure(getattr(report.pooled, n).value) for n in STATISTICS]
    assert macro[N + 1:] == [figure(getattr(report.macro, n).value) for n in STATISTICS]
    assert pane.note.toPlainText() == report.methods_note("en")
    assert "ann, ben" in pane.caption.text() and "7" in pane.caption.text()


def test_undefined_figures_are_a_dash_with_the_reason(pane: AgreementPane,
                                                      bench: Workbench) -> None:
    row = row_of(pane, "information_sharing")  # nobody applied it: no variation
    column = N + 1 + STATISTICS.index("cohen_kappa")
    index = pane.stats.index(row, column)
    assert index.data() == UNDEFINED
    report = bench.project.agreement.compute(["ann", "ben"])
    assert index.data(Qt.ItemDataRole.ToolTipRole).endswith(
        report.codes["information_sharing"].cohen_kappa.note or "?")
    assert pane.stats.index(row, N + 1).data() == "1.000"  # percent agreement is defined


def test_the_figures_refresh_after_a_coding(pane: AgreementPane, bench: Workbench,
                                            docs: tuple[DocumentId, DocumentId],
                                            qtbot: QtBot) -> None:
    first, _second = docs
    before = table(pane)
    passage = codable(bench.project, first)[3]
    bench.bus.publish(bench.project.coding.tag(target(passage), "information_sharing",
                                               "ann").changes)
    assert table(pane) == before  # debounced: a burst of keystrokes is one computation
    qtbot.waitUntil(lambda: table(pane) != before, timeout=3000)
    report = bench.project.agreement.compute(["ann", "ben"])
    stats = report.codes["information_sharing"]
    row = table(pane)[row_of(pane, "information_sharing")]
    assert row[N + 1:] == [figure(getattr(stats, name).value) for name in STATISTICS]


def test_drill_down_to_a_document_and_back(pane: AgreementPane, bench: Workbench,
                                           docs: tuple[DocumentId, DocumentId]) -> None:
    first, second = docs
    assert [pane.documents.index(r, 0).data(Qt.ItemDataRole.UserRole)
            for r in range(pane.documents.rowCount())] == [first, second]
    overall = table(pane)
    pane.document_table.selectRow(1)
    assert pane.drill == second
    report = bench.project.agreement.compute(["ann", "ben"], document=second)
    row = table(pane)[row_of(pane, "finance")]
    assert row[N + 1:] == [figure(getattr(report.codes["finance"], n).value)
                           for n in STATISTICS]
    assert "other.pdf" in pane.caption.text()
    pane.drill_down(None)
    assert table(pane) == overall


def test_two_coders_get_the_confusion_table_of_the_selected_code(
        pane: AgreementPane, bench: Workbench) -> None:
    report = bench.project.agreement.compute(["ann", "ben"])
    pane.table.selectRow(row_of(pane, "finance"))
    cells = report.confusion["finance"]
    grid = [[pane.confusion.item(r, c).text() for c in range(3)] for r in range(3)]
    assert grid[0][:2] == [str(cells[1, 1]), str(cells[1, 0])]  # ann applied: ben yes / no
    assert grid[1][:2] == [str(cells[0, 1]), str(cells[0, 0])]
    assert grid[2][2] == str(cells.sum())
    assert pane.confusion.isVisible()


def test_coders_scope_and_unit(pane: AgreementPane, bench: Workbench,
                               docs: tuple[DocumentId, DocumentId]) -> None:
    bench.project.coding.tag(target(codable(bench.project, docs[0])[0]), "finance", "cho")
    pane.refresh_now()
    listed = [pane.coders.item(n).text() for n in range(pane.coders.count())]
    assert listed == ["ann", "ben", "cho"]
    assert pane.ticked() == ["ann", "ben"]  # cho has not marked a document done yet
    pane.set_ticked(["ann"])
    assert pane.stats.rowCount() == 0 and "two or more" in pane.message.text()
    pane.set_ticked(["ann", "ben", "cho"])
    assert not pane.confusion.isVisible()  # three coders: no 2×2 table
    pane.set_ticked(["ann", "ben"])
    bench.current.set_document(docs[0])
    pane.scope.setCurrentIndex(pane.scope.findData("document"))
    assert "minutes.pdf" in pane.caption.text()
    pane.unit.setCurrentIndex(pane.unit.findData("character"))
    report = bench.project.agreement.compute(["ann", "ben"], unit="character",
                                             document=docs[0])
    assert table(pane)[-2][N] == str(report.pooled.percent.n_units)


def test_copy_puts_the_table_and_the_note_on_the_clipboard(pane: AgreementPane) -> None:
    pane.copy()
    text = QApplication.clipboard().text()
    lines = text.splitlines()
    assert lines[1].split("\t")[:3] == ["Code", "n", "Agreement"]
    assert any(line.startswith("Pooled\t") for line in lines)
    assert text.rstrip().endswith(pane.note.toPlainText().rstrip())


def test_the_note_is_japanese_when_the_interface_is(bench: Workbench, docs: object,
                                                    qtbot: QtBot) -> None:
    bench.settings.setValue(LANGUAGE_KEY, "ja")
    widget = AgreementPane(bench)
    qtbot.addWidget(widget)
    widget.show()
    assert "コーダー間" in widget.note.toPlainText()
