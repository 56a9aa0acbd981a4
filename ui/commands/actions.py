"""What the coding keys do: move between passages, toggle codes, memo, done.

Kept apart from key handling so the menu, the keyboard and tests all call the same
actions. They read the current document through the core and act through undo commands.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QWidget

from annotator.changes import Changes
from annotator.coding.service import DONE
from annotator.errors import AnnotatorError
from annotator.ids import DocumentId
from annotator.kinds import UNCODED
from annotator.records import AnnotationRow, CodeRow, PassageRow, Target
from ui.commands.coding import DoneCommand, MemoCommand, TagCommand, UntagCommand, run
from ui.workbench import Workbench


class CodingActions(QObject):
    message = Signal(str)  # what the core refused, for the status bar

    def __init__(self, bench: Workbench, parent: QWidget) -> None:
        super().__init__(parent)
        self.bench = bench
        self._window = parent
        self._passages: list[PassageRow] = []
        self._codes: dict[str, CodeRow] = {}
        bench.current.document_changed.connect(self._load_document)
        bench.bus.changed.connect(self._on_changed)
        self._load_codes()

    # passages ---------------------------------------------------------------------------------

    def _load_document(self, document: DocumentId | None) -> None:
        passages = self.bench.project.documents.passages(document) if document else []
        self._passages = [p for p in passages if p.kind not in UNCODED]
        if self._passages:  # a researcher can start at once
            self._select(self._passages[0])

    def _on_changed(self, changes: Changes, initiator: object = None) -> None:
        if changes.codebook:
            self._load_codes()
        document = self.bench.current.document
        if document is not None and document in changes.passages_in:
            self._passages = [
                p for p in self.bench.project.documents.passages(document) if p.kind not in UNCODED
            ]

    def _select(self, passage: PassageRow) -> None:
        self.bench.current.set_target(
            Target(passage.document_id, passage.start, passage.end, passage.id)
        )

    def next_passage(self) -> None:
        self._step(+1)

    def previous_passage(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        if not self._passages:
            return
        target = self.bench.current.target
        position = target.start if target is not None else -1
        if direction > 0:
            following = [p for p in self._passages if p.start > position]
            choice = following[0] if following else self._passages[-1]
        else:
            preceding = [p for p in self._passages if p.start < position]
            choice = preceding[-1] if preceding else self._passages[0]
        self._select(choice)

    # codes ------------------------------------------------------------------------------------

    def _load_codes(self) -> None:
        self._codes = {c.shortcut: c for c in self.bench.project.codebook.all() if c.shortcut}

    def toggle_shortcut(self, key: str) -> None:
        code = self._codes.get(key)
        if code is not None:
            self.toggle_code(code)

    def toggle_code(self, code: CodeRow) -> None:
        """Apply the code to the current passage or range; if I already did, remove it."""
        target = self.bench.current.target
        if target is None:
            return
        mine = [a for a in self.my_codings(target) if a.code_id == code.id]
        label = code.name_ja or code.name
        command = (UntagCommand(self.bench, mine, label) if mine
                   else TagCommand(self.bench, [target], code.key, label))
        self._report(run(self.bench, command))

    def _report(self, error: AnnotatorError | None) -> None:
        if error is not None:
            self.message.emit(str(error))

    def my_codings(self, target: Target) -> list[AnnotationRow]:
        coder = self.bench.current.coder
        return [a for a in self.bench.codings.of(target.document)
                if a.coder == coder and (a.start, a.end) == (target.start, target.end)]

    # memo, done -------------------------------------------------------------------------------

    def edit_memo(self) -> None:
        target = self.bench.current.target
        rows = self.my_codings(target) if target is not None else []
        if not rows:
            return
        row = rows[-1]
        memo, ok = QInputDialog.getMultiLineText(
            self._window,
            self.tr("Memo"),
            self.tr("Memo for {code}:").format(code=row.code),
            row.memo,
        )
        if ok and memo != row.memo:
            self._report(run(self.bench, MemoCommand(self.bench, row, memo)))

    def toggle_done(self) -> None:
        document = self.bench.current.document
        if document is None:
            return
        done = self.bench.project.coding.status(document, self.bench.current.coder) == DONE
        self._report(run(self.bench, DoneCommand(self.bench, document, not done)))
