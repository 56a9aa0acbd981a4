"""Undo commands: each redo()/undo() is one core call whose Changes go out on the bus.

Nothing here touches the database directly; the core does, one transaction per call,
so every step of undo and redo is durable at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from annotator.changes import Changes
from annotator.coding.service import TagRequest
from annotator.errors import AnnotatorError
from annotator.ids import AnnotationId, DocumentId
from annotator.records import AnnotationRow, Target
from ui.workbench import Workbench


def tr(text: str) -> str:
    return QCoreApplication.translate("Commands", text)


class CoreCommand(QUndoCommand):
    """Runs `forward`/`backward` and publishes; a refused first run makes it obsolete.

    QUndoStack drops an obsolete command instead of stacking it, so a refused edit
    leaves neither a change nor an empty undo step behind.
    """

    def __init__(self, bench: Workbench, text: str) -> None:
        super().__init__(text)
        self.bench = bench
        self.error: AnnotatorError | None = None
        self.initiator: object = None  # the pane that asked for the first run, if any
        self._ran = False

    @property
    def actor(self) -> str:
        return self.bench.current.coder

    def forward(self) -> Changes:
        raise NotImplementedError

    def backward(self) -> Changes:
        raise NotImplementedError

    def redo(self) -> None:
        if self._ran:
            self._again(self.forward)
            return
        try:
            changes = self.forward()
        except AnnotatorError as err:
            self.error = err
            self.setObsolete(True)
            return
        self._ran = True
        self.bench.bus.publish(changes, self.initiator)

    def undo(self) -> None:
        self._again(self.backward)

    def _again(self, step: Callable[[], Changes]) -> None:
        """An undo or redo the core now refuses (another process changed the same data):
        say so and drop the step, rather than let the error escape the undo stack."""
        try:
            self.bench.bus.publish(step())
        except AnnotatorError as err:
            self.error = err
            self.setObsolete(True)
            self.bench.bus.failed.emit(f"{self.text()}: {err}")


def run(bench: Workbench, command: CoreCommand) -> AnnotatorError | None:
    """Push `command`; the core's refusal, if any, for the caller to show."""
    bench.run(command)
    return command.error


class TagCommand(CoreCommand):
    """Apply one code to one or more ranges (a passage, a free range, or all search hits)."""

    def __init__(self, bench: Workbench, targets: Sequence[Target], code: str, label: str) -> None:
        text = tr("Code as {code}") if len(targets) == 1 else tr("Code {n} passages as {code}")
        super().__init__(bench, text.format(code=label, n=len(targets)))
        self._requests = [TagRequest(t, code, bench.current.coder) for t in targets]
        self._coder = bench.current.coder
        self._created: list[AnnotationId] = []

    def forward(self) -> Changes:
        coding = self.bench.project.coding
        if not self._ran:  # first run: remember which codings this command created
            op = coding.apply(self._requests)
            self._created = op.value.created
            return op.changes
        return coding.restore_many(self._created, self._coder).changes

    def backward(self) -> Changes:
        return self.bench.project.coding.untag_many(self._created, self._coder).changes


class UntagCommand(CoreCommand):
    """Remove codings (one coder's); undo restores them exactly, ids included.

    One core call each way: if another window removed one of them meanwhile, the core
    refuses the whole step and nothing is half-removed.
    """

    def __init__(self, bench: Workbench, rows: Sequence[AnnotationRow], label: str) -> None:
        super().__init__(bench, tr("Remove {code}").format(code=label))
        self._ids = [row.id for row in rows]
        self._coder = rows[0].coder if rows else bench.current.coder

    def forward(self) -> Changes:
        return self.bench.project.coding.untag_many(self._ids, self._coder).changes

    def backward(self) -> Changes:
        return self.bench.project.coding.restore_many(self._ids, self._coder).changes


class MemoCommand(CoreCommand):
    def __init__(self, bench: Workbench, row: AnnotationRow, memo: str) -> None:
        super().__init__(bench, tr("Edit memo"))
        self._id, self._before, self._after = row.id, row.memo, memo

    def forward(self) -> Changes:
        return self.bench.project.coding.set_memo(self._id, self._after, self.actor).changes

    def backward(self) -> Changes:
        return self.bench.project.coding.set_memo(self._id, self._before, self.actor).changes


class DoneCommand(CoreCommand):
    def __init__(self, bench: Workbench, document: DocumentId, done: bool) -> None:
        super().__init__(bench, tr("Mark document done") if done else
                         tr("Mark document in progress"))
        self._document, self._done = document, done
        self._coder = bench.current.coder

    def forward(self) -> Changes:
        return self.bench.project.coding.set_done(self._document, self._coder, self._done).changes

    def backward(self) -> Changes:
        return self.bench.project.coding.set_done(self._document, self._coder,
                                                 not self._done).changes
