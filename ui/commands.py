"""Undo commands for coding: each redo()/undo() calls a core service and fans out Changes.

Nothing here touches the database directly; the core does, one transaction per call,
so every step of undo and redo is durable at once.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from annotator.changes import Changes
from annotator.coding import TagRequest
from annotator.ids import AnnotationId, DocumentId
from annotator.records import AnnotationRow, Target
from ui.state import Workbench


def tr(text: str) -> str:
    return QCoreApplication.translate("Commands", text)


class TagCommand(QUndoCommand):
    """Apply one code to one or more ranges (a passage, a free range, or all search hits)."""

    def __init__(self, bench: Workbench, targets: Sequence[Target], code: str, label: str) -> None:
        text = tr("Code as {code}") if len(targets) == 1 else tr("Code {n} hits as {code}")
        super().__init__(text.format(code=label, n=len(targets)))
        self._bench = bench
        self._requests = [TagRequest(t, code, bench.current.coder) for t in targets]
        self._ids: list[AnnotationId] = []
        self._created: list[AnnotationId] = []

    def redo(self) -> None:
        coding = self._bench.project.coding
        if not self._ids:  # first run: remember which codings this command created
            self._ids, self._created, changes = coding.apply(self._requests)
        else:
            changes = Changes()
            for annotation_id in self._created:
                changes |= coding.restore(annotation_id, self._requests[0].coder)
        self._bench.bus.publish(changes)

    def undo(self) -> None:
        changes = Changes()
        for annotation_id in self._created:
            _row, removed = self._bench.project.coding.untag(annotation_id, self._requests[0].coder)
            changes |= removed
        self._bench.bus.publish(changes)


class UntagCommand(QUndoCommand):
    """Remove codings; undo restores them exactly, ids included."""

    def __init__(self, bench: Workbench, rows: Sequence[AnnotationRow], label: str) -> None:
        super().__init__(tr("Remove {code}").format(code=label))
        self._bench = bench
        self._rows = list(rows)

    def redo(self) -> None:
        changes = Changes()
        for row in self._rows:
            changes |= self._bench.project.coding.untag(row.id, row.coder)[1]
        self._bench.bus.publish(changes)

    def undo(self) -> None:
        changes = Changes()
        for row in self._rows:
            changes |= self._bench.project.coding.restore(row.id, row.coder)
        self._bench.bus.publish(changes)


class MemoCommand(QUndoCommand):
    def __init__(self, bench: Workbench, row: AnnotationRow, memo: str) -> None:
        super().__init__(tr("Edit memo"))
        self._bench, self._id, self._before, self._after = bench, row.id, row.memo, memo

    def redo(self) -> None:
        self._bench.bus.publish(
            self._bench.project.coding.set_memo(self._id, self._after, self._bench.current.coder)
        )

    def undo(self) -> None:
        self._bench.bus.publish(
            self._bench.project.coding.set_memo(self._id, self._before, self._bench.current.coder)
        )


class DoneCommand(QUndoCommand):
    def __init__(self, bench: Workbench, document: DocumentId, done: bool) -> None:
        super().__init__(tr("Mark document done") if done else tr("Mark document in progress"))
        self._bench, self._document, self._done = bench, document, done
        self._coder = bench.current.coder

    def redo(self) -> None:
        self._bench.bus.publish(
            self._bench.project.coding.set_done(self._document, self._coder, self._done)
        )

    def undo(self) -> None:
        self._bench.bus.publish(
            self._bench.project.coding.set_done(self._document, self._coder, not self._done)
        )
