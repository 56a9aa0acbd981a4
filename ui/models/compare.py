"""Coder comparison as a table: a passage a row, a coder a column, their codes as chips.

The consensus coder gets a column of its own at the right when it has codings here,
so the reviewer sees what has been adjudicated beside what the coders did, but it
never counts towards a disagreement: it is the answer, not one more opinion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.ids import AnnotationId, PassageId
from annotator.review.service import Comparison, PassageComparison
from ui.models.table import RowsModel

Index = QModelIndex | QPersistentModelIndex
PAGE, PASSAGE = range(2)  # then one column per coder, then the consensus if shown
PASSAGE_ROLE = Qt.ItemDataRole.UserRole  # the passage id (int), on every column
CODER_ROLE = Qt.ItemDataRole.UserRole + 1  # the coder of a coder column (str), else None
CHIPS_ROLE = Qt.ItemDataRole.UserRole + 2  # list[Chip] of a coder cell
DISAGREE = QColor("#FBE3E1")
PREVIEW = 120  # code points of passage text; the view elides the rest


@dataclass(frozen=True)
class Chip:
    """One code in a cell: its short name, colour, and whether coders differ on it."""

    key: str
    label: str
    color: str
    contested: bool


@dataclass(frozen=True)
class CodeLook:
    short: str  # the Japanese name if there is one: chips are small
    full: str
    color: str


class CompareModel(RowsModel):
    def __init__(self) -> None:
        super().__init__()
        self.comparison: Comparison | None = None
        self.rows: list[PassageComparison] = []
        self.coders: tuple[str, ...] = ()
        self.consensus: str | None = None  # the consensus column's coder, when shown
        self.agreed: Mapping[PassageId, PassageComparison] = {}  # the consensus, by passage
        self.looks: Mapping[str, CodeLook] = {}

    def set_comparison(self, comparison: Comparison | None, looks: Mapping[str, CodeLook],
                       consensus: Sequence[PassageComparison] = (),
                       consensus_coder: str | None = None) -> None:
        self.beginResetModel()
        self.comparison = comparison
        self.rows = list(comparison.passages) if comparison else []
        self.coders = comparison.coders if comparison else ()
        self.consensus = consensus_coder if comparison else None
        self.agreed = {row.passage.id: row for row in consensus}
        self.looks = looks
        self.endResetModel()

    def headers(self) -> list[str]:
        extra = [self.consensus] if self.consensus else []
        return [self.tr("Page"), self.tr("Passage"), *self.coders, *extra]

    def coder_of(self, column: int) -> str | None:
        names = [*self.coders, *([self.consensus] if self.consensus else [])]
        k = column - PASSAGE - 1
        return names[k] if 0 <= k < len(names) else None

    def row_of(self, passage: PassageId) -> int:
        return next((n for n, row in enumerate(self.rows) if row.passage.id == passage), -1)

    def codings(self, row: int, coder: str) -> tuple[AnnotationId, ...]:
        """The codings a coder cell stands for (those overlapping the passage)."""
        return self._cell(self.rows[row], coder)[1]

    def _cell(self, row: PassageComparison,
              coder: str) -> tuple[frozenset[str], tuple[AnnotationId, ...]]:
        source = self.agreed.get(row.passage.id) if coder == self.consensus else row
        if source is None:
            return frozenset(), ()
        return source.codes.get(coder, frozenset()), source.annotations.get(coder, ())

    def chips(self, row: PassageComparison, coder: str) -> list[Chip]:
        keys, _ids = self._cell(row, coder)
        contested = row.contested if coder != self.consensus else frozenset()
        order = list(self.looks)
        chips = []
        for key in sorted(keys, key=lambda k: order.index(k) if k in order else len(order)):
            look = self.looks.get(key, CodeLook(key, key, "#999999"))
            chips.append(Chip(key, look.short, look.color, key in contested))
        return chips

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        coder = self.coder_of(column)
        if role == PASSAGE_ROLE:
            return int(row.passage.id)
        if role == CODER_ROLE:
            return coder
        if role == Qt.ItemDataRole.BackgroundRole and row.disagree:
            return DISAGREE
        if coder is not None:
            return self._coder_data(row, coder, role)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == PAGE:
                return str(row.passage.page + 1)
            return " ".join(row.passage.text[:PREVIEW].split())
        if role == Qt.ItemDataRole.ToolTipRole:
            speaker = f"{row.passage.speaker}: " if row.passage.speaker else ""
            return speaker + row.passage.text
        if role == Qt.ItemDataRole.TextAlignmentRole and column == PAGE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _coder_data(self, row: PassageComparison, coder: str, role: int) -> object:
        if role == CHIPS_ROLE:
            return self.chips(row, coder)
        if role == Qt.ItemDataRole.DisplayRole:
            return ", ".join(chip.label for chip in self.chips(row, coder))
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [self.looks[c.key].full if c.key in self.looks else c.key
                     for c in self.chips(row, coder)]
            if coder != self.consensus and row.disagree:
                by = row.by_code
                lines += [self.tr("{code}: only {coders}").format(
                    code=self.looks[k].short if k in self.looks else k, coders=", ".join(by[k]))
                    for k in sorted(row.contested)]
            return "\n".join(lines) or None
        return None
