"""The review queue pane: filters, keyboard decisions with undo, the page and text following,
and the Review menu's blind mode and reviewer role, on a real project and the real window."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QDockWidget
from pytestqt.qtbot import QtBot

from annotator.history import now
from annotator.ids import AnnotationId, DocumentId
from annotator.project import Project
from annotator.records import PassageRow, Target
from annotator.review.service import ACCEPTED, DISCUSSION, REJECTED, UNREVIEWED
from tests.support.samples import import_text
from ui.commands.review import DecideCommand
from ui.main_window import MainWindow
from ui.models.review import CODER, ID_ROLE, STATE
from ui.panes.review.pane import ReviewPane
from ui.workbench import Bus, Current, Workbench

# Passages: 0 speaker, 1 bullet, 2 speaker, 3-4 bullets (page 1); 5-6 bullets (page 2).
MINUTES = ["【荒見委員】\n○ 交付金の配分について伺いたい。\n【回答】\n"
           "・ 権限の移譲を検討しております。\n・ 保健師の増員を行います。",
           "○ 情報共有の仕組みを整えたい。\n・ 地方財政措置を講じます。"]
OTHER = ["・ 人材の確保が課題です。"]


def codable(project: Project, doc: DocumentId) -> list[PassageRow]:
    return [p for p in project.documents.passages(doc) if p.kind != "speaker"]


def tag(project: Project, passage: PassageRow, code: str, coder: str) -> AnnotationId:
    target = Target(passage.document_id, passage.start, passage.end, passage.id)
    return project.coding.tag(target, code, coder).value


def code_both(project: Project) -> tuple[DocumentId, DocumentId, list[AnnotationId]]:
    """ann and ben code the minutes independently; ann also codes a second document."""
    doc = import_text(project, MINUTES, "minutes.pdf")
    other = import_text(project, OTHER, "other.pdf")
    p = codable(project, doc)
    ids = [tag(project, p[0], "finance", "ann"), tag(project, p[0], "finance", "ben"),
           tag(project, p[1], "authority", "ann"), tag(project, p[1], "personnel", "ben"),
           tag(project, p[3], "information_sharing", "ben"),
           tag(project, codable(project, other)[0], "personnel", "ann")]
    return doc, other, ids


@pytest.fixture
def bench(tmp_path: Path) -> Iterator[Workbench]:
    project = Project(tmp_path / "p.annot")
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    project.review.set_reviewer("rev")
    yield Workbench(project, Bus(), Current("rev"), QUndoStack(), settings)
    project.close()


@pytest.fixture
def coded(bench: Workbench) -> tuple[DocumentId, DocumentId, list[AnnotationId]]:
    return code_both(bench.project)


@pytest.fixture
def pane(bench: Workbench, coded: object, qtbot: QtBot) -> ReviewPane:
    widget = ReviewPane(bench)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def shown(pane: ReviewPane) -> list[AnnotationId]:
    return [AnnotationId(pane.model.index(r, 0).data(ID_ROLE))
            for r in range(pane.model.rowCount())]


def choose(combo: object, value: str) -> None:
    combo.setCurrentIndex(combo.findData(value))  # type: ignore[attr-defined]


def test_the_queue_lists_unreviewed_codings_and_filters_them(
        pane: ReviewPane, bench: Workbench,
        coded: tuple[DocumentId, DocumentId, list[AnnotationId]]) -> None:
    _doc, other, ids = coded
    assert pane.filters.state.currentData() == UNREVIEWED  # the default: what is left to do
    assert shown(pane) == ids
    choose(pane.filters.coder, "ben")
    assert shown(pane) == [ids[1], ids[3], ids[4]]
    assert {pane.model.index(r, CODER).data() for r in range(3)} == {"ben"}
    choose(pane.filters.code, "finance")
    assert shown(pane) == [ids[1]]
    choose(pane.filters.coder, "")
    choose(pane.filters.code, "")
    choose(pane.filters.document, str(int(other)))
    assert shown(pane) == [ids[5]]
    choose(pane.filters.document, "")
    bench.project.review.decide(ids[2], "accept", "rev")
    choose(pane.filters.state, ACCEPTED)
    assert shown(pane) == [ids[2]]
    assert pane.model.index(0, STATE).data() == "accepted"
    choose(pane.filters.state, "")  # all states
    assert shown(pane) == ids


def test_the_page_and_text_follow_the_current_coding(
        pane: ReviewPane, bench: Workbench,
        coded: tuple[DocumentId, DocumentId, list[AnnotationId]]) -> None:
    doc, other, ids = coded
    passages = codable(bench.project, doc)
    assert pane.current_id() == ids[0]
    assert bench.current.document == doc
    assert bench.current.target == Target(doc, passages[0].start, passages[0].end, passages[0].id)
    pane.view.setCurrentIndex(pane.model.index(5, 0))  # ↓ / a click in the table
    coding = bench.project.coding.get(ids[5])
    assert bench.current.document == other
    target = bench.current.target
    assert target is not None and (target.start, target.end) == (coding.start, coding.end)
    pane.previous_item()
    assert pane.current_id() == ids[4] and bench.current.document == doc
    pane.next_item()
    pane.next_item()
    assert pane.current_id() == ids[5]
    assert pane.message.text() == "End of the queue"


def test_deciding_records_the_reviewer_moves_on_and_undo_brings_it_back(
        pane: ReviewPane, bench: Workbench,
        coded: tuple[DocumentId, DocumentId, list[AnnotationId]]) -> None:
    _doc, _other, ids = coded
    pane.accept()
    state = bench.project.review.state(ids[0])
    assert (state.state, state.reviewer) == (ACCEPTED, "rev")
    assert state.at is not None and now() - state.at < timedelta(minutes=1)
    assert shown(pane) == ids[1:]  # accepted codings leave the unreviewed queue
    assert pane.current_id() == ids[1]
    pane.reject()
    assert bench.project.review.state(ids[1]).state == REJECTED
    assert pane.current_id() == ids[2]
    bench.undo.undo()
    assert bench.project.review.state(ids[1]).state == UNREVIEWED
    assert pane.current_id() == ids[1]  # back in the queue, and current again
    bench.undo.redo()
    assert bench.project.review.state(ids[1]).state == REJECTED
    assert pane.current_id() == ids[2]
    assert len(bench.project.review.decisions(ids[1])) == 1  # undo withdrew, redo decided


def test_discuss_asks_for_a_comment_and_refuses_an_empty_one(
        pane: ReviewPane, bench: Workbench, monkeypatch: pytest.MonkeyPatch,
        coded: tuple[DocumentId, DocumentId, list[AnnotationId]]) -> None:
    _doc, _other, ids = coded
    answers = iter([("   ", True), ("", False), ("交付金か財源か要確認", True)])
    monkeypatch.setattr("ui.panes.review.pane.QInputDialog.getMultiLineText",
                        lambda *_args: next(answers))
    pane.discuss()  # empty: refused, nothing recorded, still on the same coding
    assert bench.project.review.state(ids[0]).state == UNREVIEWED
    assert "comment" in pane.message.text() and pane.current_id() == ids[0]
    assert bench.undo.count() == 0
    pane.discuss()  # cancelled
    assert bench.project.review.state(ids[0]).state == UNREVIEWED
    pane.discuss()
    state = bench.project.review.state(ids[0])
    assert (state.state, state.comment) == (DISCUSSION, "交付金か財源か要確認")
    assert pane.current_id() == ids[1]


def test_a_refused_decision_leaves_no_undo_step(pane: ReviewPane, bench: Workbench) -> None:
    command = DecideCommand(bench, AnnotationId(999), ACCEPTED, "", code="x", coder="ann")
    bench.run(command)
    assert command.error is not None and bench.undo.count() == 0


def test_in_blind_mode_the_queue_holds_only_my_codings(
        pane: ReviewPane, bench: Workbench,
        coded: tuple[DocumentId, DocumentId, list[AnnotationId]]) -> None:
    _doc, _other, ids = coded
    bench.current.set_coder("ben")  # not a reviewer: blind in automatic mode
    assert shown(pane) == [ids[1], ids[3], ids[4]]
    assert not pane.filters.coder.isEnabled() and pane.blind_note.isVisible()
    bench.current.set_coder("rev")
    assert shown(pane) == ids and pane.filters.coder.isEnabled()


# the real window ---------------------------------------------------------------------------------

@pytest.fixture
def window(tmp_path: Path, qtbot: QtBot) -> MainWindow:
    project = Project(tmp_path / "w.annot")
    project.review.set_reviewer("rev")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    main = MainWindow(project, "rev", settings)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    return main


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifier)


def dock(window: MainWindow, name: str) -> QDockWidget:
    found = window.findChild(QDockWidget, name)
    assert isinstance(found, QDockWidget)
    return found


def test_the_review_panes_start_as_tabs_behind_search(window: MainWindow) -> None:
    assert dock(window, "search").widget().isVisible()
    assert not window.review.on_screen() and not window.agreement.on_screen()
    assert window.bench.current.document is None  # a hidden queue does not move anything


def test_walking_the_queue_with_keys_in_the_window(window: MainWindow, qtbot: QtBot) -> None:
    bench = window.bench
    _doc, _other, ids = code_both(bench.project)
    # any change: panes refresh
    bench.bus.publish(bench.project.coding.set_done(_doc, "ann").changes)
    window.show_dock(dock(window, "review"))
    assert window.review.on_screen()
    window.review.view.setFocus()
    assert window.review.current_id() == ids[0]
    press(qtbot, window, Qt.Key.Key_A)
    assert bench.project.review.state(ids[0]).state == ACCEPTED
    assert window.review.current_id() == ids[1]
    press(qtbot, window, Qt.Key.Key_N)
    assert window.review.current_id() == ids[2]
    press(qtbot, window, Qt.Key.Key_R)
    assert bench.project.review.state(ids[2]).state == REJECTED
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert bench.project.review.state(ids[2]).state == UNREVIEWED
    assert window.review.current_id() == ids[2]
    press(qtbot, window, Qt.Key.Key_P)
    assert window.review.current_id() == ids[1]
    # j moves to the next passage as ever; the queue's item is no longer shown, so the
    # review keys fall through when the focus is elsewhere
    window.text.edit.setFocus()
    press(qtbot, window, Qt.Key.Key_J)
    press(qtbot, window, Qt.Key.Key_A)
    assert bench.project.review.state(ids[1]).state == UNREVIEWED
    press(qtbot, window, Qt.Key.Key_1)  # number keys still code
    assert any(a.coder == "rev" for a in bench.project.coding.annotations())


def test_review_keys_do_nothing_while_the_queue_is_hidden(window: MainWindow,
                                                          qtbot: QtBot) -> None:
    bench = window.bench
    _doc, _other, ids = code_both(bench.project)
    window.documents.model.reload()
    window.documents.select_first()
    window.text.edit.setFocus()
    press(qtbot, window, Qt.Key.Key_A)
    press(qtbot, window, Qt.Key.Key_X)
    assert all(bench.project.review.state(i).state == UNREVIEWED for i in ids)
    (accept,) = [a for a in window.review_menu.menu.actions() if a.text().startswith("&Accept")]
    accept.trigger()  # from the menu with the queue hidden: show the queue, decide nothing
    assert window.review.on_screen()
    assert all(bench.project.review.state(i).state == UNREVIEWED for i in ids)
    accept.trigger()  # now the queue shows its first coding: accept it
    assert bench.project.review.state(ids[0]).state == ACCEPTED


def test_blind_mode_menu_and_reviewer_role_change_what_a_coder_sees(
        window: MainWindow, qtbot: QtBot) -> None:
    bench = window.bench
    doc, _other, _ids = code_both(bench.project)
    bench.current.set_coder("ben")
    bench.current.set_document(doc)
    menu = window.review_menu
    assert menu.modes["auto"].isChecked() and not menu.reviewer.isChecked()
    assert {a.coder for a in window.text.annotations} == {"ben"}  # blind: not a reviewer
    menu.modes["off"].trigger()
    assert bench.project.review.blind_mode() == "off"
    assert {a.coder for a in window.text.annotations} == {"ann", "ben"}
    window.undo.undo()  # settings are edits too
    assert menu.modes["auto"].isChecked()
    assert {a.coder for a in window.text.annotations} == {"ben"}
    menu.reviewer.trigger()  # "I am a reviewer": in automatic mode reviewers see everyone
    assert bench.project.review.is_reviewer("ben")
    assert {a.coder for a in window.text.annotations} == {"ann", "ben"}
    menu.modes["on"].trigger()  # on: even reviewers code blind
    assert {a.coder for a in window.text.annotations} == {"ben"}
    window.undo.undo()
    window.undo.undo()
    assert not bench.project.review.is_reviewer("ben") and not menu.reviewer.isChecked()
