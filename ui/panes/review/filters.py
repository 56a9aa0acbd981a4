"""The review queue's filters: coder, code, document and state, as combo boxes.

Kept apart from the pane because the lists change under the reviewer (a new coder
starts, a document is imported, a code is renamed): each refill keeps what was
chosen, by the value in the item data, so a refresh never resets a filter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QComboBox, QWidget

from annotator.ids import CodeId, DocumentId
from annotator.review.service import ACCEPTED, DISCUSSION, REJECTED, UNREVIEWED
from ui.models.review import state_label
from ui.workbench import Workbench

OPEN = (UNREVIEWED, DISCUSSION)  # what is still to decide
ALL = ""


@dataclass(frozen=True)
class QueueQuery:
    """What `ReviewService.queue` is asked for; None means no filter."""

    coder: str | None
    code: str | None
    document: DocumentId | None
    states: tuple[str, ...] | None


class QueueFilters(QObject):
    changed = Signal()

    def __init__(self, bench: Workbench, parent: QWidget) -> None:
        super().__init__(parent)
        self.bench = bench
        self._forced = False
        self.coder, self.code = QComboBox(parent), QComboBox(parent)
        self.document, self.state = QComboBox(parent), QComboBox(parent)
        for combo in self.combos():
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMinimumContentsLength(8)
        states = [(state_label(UNREVIEWED), UNREVIEWED),
                  (self.tr("unreviewed or discussion"), ",".join(OPEN)),
                  (state_label(DISCUSSION), DISCUSSION), (state_label(ACCEPTED), ACCEPTED),
                  (state_label(REJECTED), REJECTED), (self.tr("All states"), ALL)]
        for label, value in states:
            self.state.addItem(label, value)
        self.refill()
        for combo in self.combos():
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def combos(self) -> list[QComboBox]:
        return [self.coder, self.code, self.document, self.state]

    def refill(self) -> None:
        """Re-read coders, codes and documents, keeping each combo's choice."""
        project = self.bench.project
        coders = [(name, name) for name in project.review.coders()]
        _fill(self.coder, self.tr("All coders"), coders)
        codes = project.codebook.all()
        depth: dict[CodeId, int] = {}
        entries: list[tuple[str, str]] = []
        for code in codes:
            depth[code.id] = depth[code.parent] + 1 if code.parent in depth else 0
            entries.append(("    " * depth[code.id] + f"{code.name_ja} {code.name}".strip(),
                            code.key))
        _fill(self.code, self.tr("All codes"), entries, [c.color for c in codes])
        documents = [(d.name, str(int(d.id))) for d in self.bench.codings.documents()]
        _fill(self.document, self.tr("All documents"), documents)

    def force_coder(self, coder: str | None) -> None:
        """Blind mode: pin the coder filter to the one coder whose codings may be seen."""
        self.coder.blockSignals(True)  # the caller is reading the queue already
        if coder is not None:
            if self.coder.findData(coder) < 0:
                self.coder.addItem(coder, coder)
            self.coder.setCurrentIndex(self.coder.findData(coder))
        elif self._forced:  # blind no more: back to everyone
            self.coder.setCurrentIndex(0)
        self.coder.blockSignals(False)
        self._forced = coder is not None
        self.coder.setEnabled(coder is None)

    def query(self) -> QueueQuery:
        coder, code = self.coder.currentData(), self.code.currentData()
        document, state = self.document.currentData(), self.state.currentData()
        return QueueQuery(
            coder=coder or None,
            code=code or None,
            document=DocumentId(int(document)) if document else None,
            states=tuple(state.split(",")) if state else None,
        )

    def set_state(self, state: str) -> None:
        self.state.setCurrentIndex(max(self.state.findData(state), 0))


def _fill(combo: QComboBox, everything: str, entries: Sequence[tuple[str, str]],
          colors: Sequence[str] = ()) -> None:
    chosen = combo.currentData() or ALL
    combo.blockSignals(True)  # one `changed` after a refill, from the caller, not one per item
    combo.clear()
    combo.addItem(everything, ALL)
    for n, (label, value) in enumerate(entries):
        if n < len(colors):
            combo.addItem(_swatch(colors[n]), label, value)
        else:
            combo.addItem(label, value)
    combo.setCurrentIndex(max(combo.findData(chosen), 0))
    combo.blockSignals(False)


def _swatch(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)
