"""Lists insert and remove the rows a change created or removed instead of resetting:
a reset loses the view's selection and scroll position and repaints every cell."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from annotator.changes import Changes
from annotator.project import Project
from annotator.records import Target
from tests.support.samples import import_text
from ui.models.codings import CodingsModel
from ui.models.documents import DocumentModel
from ui.models.review import QueueModel
from ui.models.table import RowsModel
from ui.workbench import Bus, Current, Workbench


@pytest.fixture
def bench(tmp_path: Path) -> Iterator[Workbench]:
    project = Project(tmp_path / "p.annot")
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    yield Workbench(project, Bus(), Current("ann"), QUndoStack(), settings)
    project.close()


class Signals:
    """Counts a model's resets, inserted and removed rows."""

    def __init__(self, model: RowsModel) -> None:
        self.resets, self.inserted, self.removed = 0, 0, 0
        model.modelReset.connect(self._reset)
        model.rowsInserted.connect(self._inserted)
        model.rowsRemoved.connect(self._removed)

    def _reset(self) -> None:
        self.resets += 1

    def _inserted(self, _parent: object, first: int, last: int) -> None:
        self.inserted += last - first + 1

    def _removed(self, _parent: object, first: int, last: int) -> None:
        self.removed += last - first + 1


def test_a_tag_and_its_removal_are_one_inserted_and_one_removed_row(
        bench: Workbench, qtbot: QtBot) -> None:
    doc = import_text(bench.project, ["・ 交付金の配分について伺いたい。"], "a.pdf")
    passage = bench.project.documents.passages(doc)[0]
    target = Target(doc, passage.start, passage.end, passage.id)
    bench.current.set_document(doc)
    bench.current.set_target(target)
    model = CodingsModel(bench)
    seen = Signals(model)
    op = bench.project.coding.tag(target, "finance", "ann")
    bench.bus.publish(op.changes, None)
    assert (seen.resets, seen.inserted, model.rowCount()) == (0, 1, 1)
    second = bench.project.coding.tag(target, "personnel", "ann")
    bench.bus.publish(second.changes, None)
    assert (seen.resets, seen.inserted, model.rowCount()) == (0, 2, 2)
    gone = bench.project.coding.untag(op.value, "ann")
    bench.bus.publish(gone.changes, None)
    assert (seen.resets, seen.removed, model.rowCount()) == (0, 1, 1)
    assert model.index(0, 0).data(256) == second.value  # UserRole: the coding that stayed


def test_the_queue_patches_ids_in_and_out_and_fetches_rows_afresh(bench: Workbench) -> None:
    doc = import_text(bench.project, ["・ 交付金の配分。\n・ 人材の確保。\n・ 情報共有。"], "a.pdf")
    passages = bench.project.documents.passages(doc)
    review = bench.project.review
    ids = [bench.project.coding.tag(Target(doc, p.start, p.end, p.id), "finance", "ann").value
           for p in passages]
    model = QueueModel(bench)
    model.set_ids(review.queue_ids(), review.queue_items)
    seen = Signals(model)
    bench.project.coding.untag(ids[1], "ann")
    model.update_ids(review.queue_ids(), review.queue_items)
    assert (seen.resets, seen.removed, model.ids()) == (0, 1, [ids[0], ids[2]])
    bench.project.coding.restore(ids[1], "ann")
    model.update_ids(review.queue_ids(), review.queue_items)
    assert (seen.resets, seen.inserted, model.ids()) == (0, 1, ids)
    assert [model.rows[n].id for n in range(3)] == ids  # the new row is fetched when shown


def test_an_import_inserts_one_document_row(bench: Workbench) -> None:
    import_text(bench.project, ["・ 交付金の配分。"], "a.pdf")
    model = DocumentModel(bench)
    seen = Signals(model)
    doc = import_text(bench.project, ["・ 人材の確保。"], "b.pdf")
    bench.bus.publish(Changes(documents=frozenset({doc})), None)
    assert (seen.resets, seen.inserted, model.rowCount()) == (0, 1, 2)
    assert doc in {model.index(n, 0).data(256) for n in range(2)}
