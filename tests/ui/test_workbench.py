"""The real workbench window, driven by keys and mouse as a researcher would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.coding.service import DONE
from annotator.ids import DocumentId
from annotator.project import Project
from annotator.records import Target
from tests.support.samples import import_text
from ui.main_window import MainWindow

PAGES = ["〇河野大臣：ただいまから会議を開催いたします。\n交付金の配分について議論します。",
         "𠮷田委員　人材の確保が課題です。\n保健師を増員し、交付した。"]


@pytest.fixture
def window(tmp_path: Path, qtbot: QtBot) -> MainWindow:
    project = Project(tmp_path / "w.annot")
    import_text(project, PAGES, "議事録.pdf")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    main = MainWindow(project, "ann", settings)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    main.documents.select_first()
    return main


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, key, modifier)


def test_opening_a_document_makes_the_first_passage_current(window: MainWindow) -> None:
    target = window.bench.current.target
    assert target is not None
    first = window.bench.project.documents.passages(DocumentId(1))[0]
    assert (target.start, target.end) == (first.start, first.end)


def test_number_key_codes_the_passage_and_undo_redo(window: MainWindow, qtbot: QtBot) -> None:
    bench = window.bench
    window.text.edit.setFocus()
    press(qtbot, window, Qt.Key.Key_J)
    target = bench.current.target
    assert target is not None
    press(qtbot, window, Qt.Key.Key_2)
    (coding,) = bench.project.coding.annotations()
    assert (coding.code, coding.coder, coding.start, coding.end) == (
        "authority", "ann", target.start, target.end)
    assert window.codings.model.rowCount() == 1  # the codings pane shows it
    assert any(s.cursor.selectionStart() >= 0 for s in window.text.edit.extraSelections())
    with Project(bench.project.path) as other:  # durable at once, seen by another connection
        assert [a.id for a in other.coding.annotations()] == [coding.id]
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert bench.project.coding.annotations() == []
    press(qtbot, window, Qt.Key.Key_Z,
          Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [a.id for a in bench.project.coding.annotations()] == [coding.id]
    press(qtbot, window, Qt.Key.Key_2)  # pressing the key again toggles it off
    assert bench.project.coding.annotations() == []
    assert window.undo.undoText().startswith("Remove")


def test_keys_move_between_passages_but_not_while_typing(window: MainWindow, qtbot: QtBot) -> None:
    bench = window.bench
    passages = bench.project.documents.passages(DocumentId(1))
    press(qtbot, window, Qt.Key.Key_Down)
    press(qtbot, window, Qt.Key.Key_J)
    target = bench.current.target
    assert target is not None and target.start == passages[2].start
    press(qtbot, window, Qt.Key.Key_K)
    assert bench.current.target is not None and bench.current.target.start == passages[1].start
    window.documents.filter.setFocus()
    qtbot.keyClicks(window.documents.filter, "j1")
    assert window.documents.filter.text() == "j1"
    assert bench.project.coding.annotations() == []
    assert bench.current.target is not None and bench.current.target.start == passages[1].start


def test_free_range_selection_across_astral_characters(window: MainWindow, qtbot: QtBot) -> None:
    bench = window.bench
    text = bench.project.documents.text(DocumentId(1))
    start = text.index("𠮷田委員")
    edit = window.text.edit
    cursor = QTextCursor(edit.document())
    cursor.setPosition(window.text.map.to_qt(start))
    cursor.setPosition(window.text.map.to_qt(start + 4), QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "𠮷田委員"  # Qt counts 𠮷 as two units
    window.text._pressed = True
    edit.setTextCursor(cursor)
    window.text._pressed = False
    assert bench.current.target == Target(DocumentId(1), start, start + 4)
    window.text.edit.setFocus()
    press(qtbot, window, Qt.Key.Key_3)
    (coding,) = bench.project.coding.annotations()
    assert (coding.start, coding.end, coding.quote) == (start, start + 4, "𠮷田委員")


def test_memo_done_and_coder_switch(window: MainWindow, qtbot: QtBot,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    bench = window.bench
    press(qtbot, window, Qt.Key.Key_1)
    monkeypatch.setattr("ui.commands.actions.QInputDialog.getMultiLineText",
                        lambda *_args: ("全額国費", True))
    press(qtbot, window, Qt.Key.Key_M)
    assert [a.memo for a in bench.project.coding.annotations()] == ["全額国費"]
    press(qtbot, window, Qt.Key.Key_D)
    assert bench.project.coding.status(DocumentId(1), "ann") == DONE
    window.undo.undo()
    assert bench.project.coding.status(DocumentId(1), "ann") != DONE
    bench.current.set_coder("ben")
    assert "ben" in window.coder_label.text()
    press(qtbot, window, Qt.Key.Key_1)
    assert sorted(a.coder for a in bench.project.coding.annotations()) == ["ann", "ben"]


def test_quit_and_reopen_loses_nothing(tmp_path: Path, window: MainWindow, qtbot: QtBot) -> None:
    press(qtbot, window, Qt.Key.Key_4)
    path = window.bench.project.path
    window.close()
    with Project(path) as reopened:
        assert [(a.code, a.coder) for a in reopened.coding.annotations()] == [
            ("information_sharing", "ann")]


def test_blind_mode_hides_other_coders_codings(window: MainWindow, qtbot: QtBot) -> None:
    bench = window.bench
    press(qtbot, window, Qt.Key.Key_1)  # ann codes the first passage
    bench.project.review.set_reviewer("rev")
    bench.current.set_coder("ben")  # auto: blind for a coder who is not a reviewer
    assert window.text.annotations == []
    assert window.page_view.annotations == []
    assert window.codings.model.rowCount() == 0
    bench.current.set_coder("rev")  # a reviewer sees everyone's codings
    assert [a.coder for a in window.text.annotations] == ["ann"]
    assert window.codings.model.rowCount() == 1


def test_an_undo_the_core_refuses_is_reported_not_raised(window: MainWindow, qtbot: QtBot) -> None:
    bench = window.bench
    press(qtbot, window, Qt.Key.Key_1)
    (coding,) = bench.project.coding.annotations()
    with Project(bench.project.path) as other:  # another process removes it meanwhile
        other.coding.untag(coding.id, "ann")
    messages: list[str] = []
    bench.bus.failed.connect(messages.append)
    window.undo.undo()
    assert messages and "no annotation" in messages[0]
    assert window.undo.count() == 0  # the broken step is gone
