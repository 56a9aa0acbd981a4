"""File › Team: a coder's copy and merging it back run in the background and report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMenu, QWidget
from pytestqt.qtbot import QtBot

from annotator.ids import DocumentId
from annotator.project import Project
from annotator.records import Target
from tests.support.samples import import_text
from ui.dialogs.team import TeamMenu
from ui.workbench import Bus, Current, Workbench

WAIT_MS = 60_000


def test_fork_then_merge_from_the_menu(qtbot: QtBot, project: Project, tmp_path: Path) -> None:
    document = import_text(project, ["交付金の配分について議論します。"])
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    bench = Workbench(project, Bus(), Current("lead"), QUndoStack(), settings)
    window = QWidget()
    qtbot.addWidget(window)
    menu = QMenu()
    team = TeamMenu(bench, window, menu)
    assert [a.text() for a in menu.actions()] == ["Create a coder's copy…",
                                                  "Merge coders' copies…"]
    copy = tmp_path / "aki.annot"
    controller = team.run_fork(copy, "aki", True, quiet=True)
    qtbot.waitUntil(lambda: controller.result is not None, timeout=WAIT_MS)
    assert copy.exists() and not team.last.error
    with Project(copy) as theirs:
        theirs.coding.tag(Target(DocumentId(document), 0, 3), "finance", "aki")
    with qtbot.waitSignal(bench.bus.changed, timeout=WAIT_MS) as published:
        controller = team.run_merge([copy], quiet=True)
    assert document in published.args[0].annotations_in
    assert any("1 coding(s) added" in line for line in team.last.lines)
    assert [a.coder for a in project.coding.annotations()] == ["aki"]
