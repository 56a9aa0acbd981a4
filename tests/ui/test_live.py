"""Other people's work appears, and the project file alone holds every coding (issue 12)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from annotator.changes import Changes
from annotator.errors import AnnotatorError
from annotator.project import Project
from annotator.records import Target
from tests.support.samples import import_text
from ui.commands.coding import TagCommand
from ui.jobs.watch import Watcher
from ui.workbench import Bus, Current, Workbench

PAGES = ["〇議長：交付金の配分について議論します。\n財源の確保が課題です。"]


@pytest.fixture
def bench(tmp_path: Path) -> Iterator[Workbench]:
    project = Project(tmp_path / "p.annot")
    import_text(project, PAGES)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    yield Workbench(project, Bus(), Current("ann"), QUndoStack(), settings)
    project.close()


def _heard(bench: Workbench, initiator: object) -> list[Changes]:
    heard: list[Changes] = []
    bench.bus.changed.connect(
        lambda changes, who: heard.append(changes) if who is initiator else None)
    return heard


def test_a_coding_made_in_another_process_appears_within_two_seconds(
        bench: Workbench, qtbot: QtBot) -> None:
    watcher = Watcher(bench)
    heard = _heard(bench, watcher)
    doc = bench.project.documents.all()[0].id
    assert bench.codings.of(doc) == []
    with Project(bench.project.path) as other:
        other.coding.tag(Target(doc, 0, 3), "finance", "ben")
    qtbot.waitUntil(lambda: len(bench.codings.of(doc)) == 1, timeout=3000)
    assert heard and doc in heard[-1].annotations_in
    assert bench.codings.of(doc)[0].coder == "ben"
    watcher.stop()


def test_our_own_edit_is_not_published_again(bench: Workbench, qtbot: QtBot) -> None:
    watcher = Watcher(bench)
    heard = _heard(bench, watcher)
    doc = bench.project.documents.all()[0].id
    bench.run(TagCommand(bench, [Target(doc, 0, 3)], "finance", "財源"))
    qtbot.wait(3500)  # two polls
    assert heard == []
    watcher.stop()


def test_after_a_write_the_project_file_alone_holds_the_coding(
        bench: Workbench, qtbot: QtBot, tmp_path: Path) -> None:
    watcher = Watcher(bench)
    path = Path(bench.project.path)
    wal = path.with_name(path.name + "-wal")
    doc = bench.project.documents.all()[0].id
    bench.run(TagCommand(bench, [Target(doc, 0, 3)], "finance", "財源"))
    assert wal.stat().st_size > 0
    qtbot.waitUntil(lambda: wal.stat().st_size == 0, timeout=4000)
    alone = tmp_path / "mailed" / "p.annot"
    alone.parent.mkdir()
    shutil.copyfile(path, alone)  # only the one file, as a user would copy or mail it
    with Project(alone, create=False) as copy:
        assert [a.code for a in copy.coding.annotations()] == ["finance"]
    watcher.stop()


def test_save_a_copy_is_one_consistent_file(bench: Workbench, tmp_path: Path) -> None:
    doc = bench.project.documents.all()[0].id
    bench.project.coding.tag(Target(doc, 0, 3), "finance", "ann")
    out = tmp_path / "backup" / "copy.annot"
    out.parent.mkdir()
    bench.project.save_copy(out)
    assert sorted(p.name for p in out.parent.iterdir()) == ["copy.annot"]
    with Project(out, create=False) as copy:
        assert [a.code for a in copy.coding.annotations()] == ["finance"]
    bench.project.coding.tag(Target(doc, 4, 7), "authority", "ann")  # the original goes on
    assert len(bench.project.coding.annotations()) == 2


def test_save_a_copy_refuses_the_project_itself_and_unwritable_places(
        bench: Workbench, tmp_path: Path) -> None:
    with pytest.raises(AnnotatorError, match="the project itself"):
        bench.project.save_copy(Path(bench.project.path))
    with pytest.raises(AnnotatorError, match="cannot write the copy"):
        bench.project.save_copy(tmp_path / "no" / "such" / "folder" / "c.annot")
    assert not (tmp_path / "no").exists()
