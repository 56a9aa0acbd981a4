"""Each undo command is one core call each way: a refused step changes nothing, leaves no
undo step, and the bus carries who asked for it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack

from annotator.changes import Changes
from annotator.ids import DocumentId
from annotator.project import Project
from annotator.records import Target
from tests.support.samples import import_text
from ui.commands.coding import TagCommand, UntagCommand, run
from ui.workbench import Bus, Current, Workbench


@pytest.fixture
def bench(tmp_path: Path) -> Iterator[Workbench]:
    project = Project(tmp_path / "p.annot")
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    yield Workbench(project, Bus(), Current("ann"), QUndoStack(), settings)
    project.close()


@pytest.fixture
def doc(bench: Workbench) -> DocumentId:
    return import_text(bench.project, ["保健師の増員に係る地方財政措置を行う。"])


def test_removing_two_codings_when_one_went_meanwhile_keeps_both_places(
        bench: Workbench, doc: DocumentId) -> None:
    target = Target(doc, 0, 3)
    a1 = bench.project.coding.tag(target, "finance", "ann").value
    a2 = bench.project.coding.tag(target, "authority", "ann").value
    rows = [bench.project.coding.get(a1), bench.project.coding.get(a2)]
    bench.project.coding.untag(a2, "ann")  # another window removed a2
    published: list[Changes] = []
    bench.bus.changed.connect(lambda changes, _initiator: published.append(changes))
    error = run(bench, UntagCommand(bench, rows, "finance, authority"))
    assert error is not None  # said, not swallowed
    assert [a.id for a in bench.project.coding.annotations()] == [a1]  # a1 was not lost
    assert bench.undo.count() == 0 and published == []


def test_undo_of_a_tag_step_that_the_core_refuses_is_dropped_whole(
        bench: Workbench, doc: DocumentId) -> None:
    targets = [Target(doc, 0, 3), Target(doc, 4, 8)]
    bench.run(TagCommand(bench, targets, "finance", "財源"))
    ids = [a.id for a in bench.project.coding.annotations()]
    bench.project.coding.untag(ids[1], "ann")  # gone meanwhile
    failures: list[str] = []
    bench.bus.failed.connect(failures.append)
    bench.undo.undo()
    assert [a.id for a in bench.project.coding.annotations()] == [ids[0]]  # nothing half-undone
    assert failures and bench.undo.count() == 0


def test_the_bus_says_which_pane_asked_and_clears_caches_first(
        bench: Workbench, doc: DocumentId) -> None:
    pane = object()
    seen: list[tuple[int, object]] = []
    bench.codings.of(doc)  # cached
    bench.bus.changed.connect(
        lambda changes, initiator: seen.append((len(bench.codings.of(doc)), initiator)))
    bench.run(TagCommand(bench, [Target(doc, 0, 3)], "finance", "財源"), initiator=pane)
    bench.undo.undo()
    bench.undo.redo()
    assert seen == [(1, pane), (0, None), (1, None)]  # undo and redo come from nobody
