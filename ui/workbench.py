"""What the panes share: the project, the change bus, the current selection, the undo stack.

Panes never call each other. A pane that changes data runs an undo command, whose
core call returns a `Changes` value that the bus fans out; a pane that changes what is
current (document, passage or free range) sets it here and the others follow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QUndoStack

from annotator.changes import Changes
from annotator.ids import DocumentId
from annotator.project import Project
from annotator.records import AnnotationRow, DocumentInfo, Target


class Bus(QObject):
    """One signal for every data change; each pane looks at the fields it cares about.

    Like Anki's `operation_did_execute(changes, initiator)`, a change carries the pane
    that caused it (None for undo, redo and changes made elsewhere), so that pane can skip
    a reload it does not need. Caches are invalidated inside `publish`, before any pane
    hears of the change, whatever order things were connected in.
    """

    changed = Signal(object, object)  # Changes, initiator (a pane, or None)
    failed = Signal(str)  # an undo or redo step the core refused, for the status bar

    def __init__(self) -> None:
        super().__init__()
        self._caches: list[Callable[[Changes], None]] = []

    def add_cache(self, forget: Callable[[Changes], None]) -> None:
        """`forget` drops what `changes` made stale; it runs before the panes are told."""
        self._caches.append(forget)

    def publish(self, changes: Changes, initiator: object = None) -> None:
        for forget in self._caches:
            forget(changes)
        self.changed.emit(changes, initiator)


class Current(QObject):
    """The document and the range (passage or free selection) the researcher is on."""

    document_changed = Signal(object)  # DocumentId | None
    target_changed = Signal(object)  # Target | None
    page_requested = Signal(int)  # 0-based page the page view should show
    coder_changed = Signal(str)

    def __init__(self, coder: str) -> None:
        super().__init__()
        self.document: DocumentId | None = None
        self.target: Target | None = None
        self.coder = coder

    def set_document(self, document: DocumentId | None) -> None:
        if document != self.document:
            self.document, self.target = document, None
            self.document_changed.emit(document)

    def set_target(self, target: Target | None) -> None:
        if target != self.target:
            self.target = target
            self.target_changed.emit(target)

    def set_coder(self, coder: str) -> None:
        if coder and coder != self.coder:
            self.coder = coder
            self.coder_changed.emit(coder)


class Codings:
    """The codings of a document, read once and shared by the panes until one changes.

    A keystroke would otherwise have every pane read the same rows again. The cache
    listens on the bus before any pane does, so panes always read fresh rows.
    """

    def __init__(self, project: Project, bus: Bus) -> None:
        self._project = project
        self._rows: dict[DocumentId, list[AnnotationRow]] = {}
        self._blind: dict[str, bool] = {}
        self._documents: list[DocumentInfo] | None = None
        bus.add_cache(self._forget)

    def of(self, document: DocumentId) -> list[AnnotationRow]:
        rows = self._rows.get(document)
        if rows is None:
            rows = self._rows[document] = self._project.coding.annotations(document=document)
        return rows

    def visible(self, document: DocumentId, coder: str) -> list[AnnotationRow]:
        """What `coder` may see: only their own codings while blind mode applies to them."""
        blind = self._blind.get(coder)
        if blind is None:
            blind = self._blind[coder] = self._project.review.is_blind(coder)
        rows = self.of(document)
        return [a for a in rows if a.coder == coder] if blind else rows

    def documents(self) -> list[DocumentInfo]:
        """The project's documents, read once for all the panes that list or name them."""
        if self._documents is None:
            self._documents = self._project.documents.all()
        return self._documents

    def _forget(self, changes: Changes) -> None:
        if changes.documents or changes.passages_in:
            self._documents = None
        if changes.settings:
            self._blind.clear()
        if changes.codebook:
            self._rows.clear()
        for document in changes.annotations_in | changes.passages_in:
            self._rows.pop(document, None)


@dataclass
class Workbench:
    """Handed to every pane and command: the whole of what they may use."""

    project: Project
    bus: Bus
    current: Current
    undo: QUndoStack
    settings: QSettings
    codings: Codings = field(init=False)

    def __post_init__(self) -> None:
        self.codings = Codings(self.project, self.bus)

    def run(self, command: object, initiator: object = None) -> None:
        """Push an undo command (QUndoStack runs its redo at once); its first run is
        published as coming from `initiator`, the pane that asked for it."""
        if initiator is not None:
            command.initiator = initiator  # type: ignore[attr-defined]
        self.undo.push(command)  # type: ignore[arg-type]
