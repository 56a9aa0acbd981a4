"""Search hits as a concordance: one row per keyword occurrence, in its context.

One row per occurrence, not per passage, because a concordance is read down the keyword
column: each occurrence gets its own left and right context, so 交付金 and 交付する in the
same passage are both visible and sort apart by what follows them. Coding acts on whole
passages, so `passages()` hands each passage with a hit back once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from annotator.ids import DocumentId
from annotator.records import PassageRow
from annotator.search.service import SearchHit
from ui.models.table import RowsModel

Index = QModelIndex | QPersistentModelIndex
DOCUMENT, PAGE, LEFT, KEYWORD, RIGHT = range(5)
PASSAGE_ROLE = Qt.ItemDataRole.UserRole  # the passage id (int), on every column
DOCUMENT_ROLE = Qt.ItemDataRole.UserRole + 1  # the document id (int)
SPAN_ROLE = Qt.ItemDataRole.UserRole + 2  # (start, end) of the keyword in document code points
SORT_ROLE = Qt.ItemDataRole.UserRole + 3  # what the header sorts by
KEYWORD_COLOR = QColor("#B22222")
PREVIEW = 40  # code points of passage text shown when a hit has no highlighted word


@dataclass(frozen=True)
class HitRow:
    """One concordance line; `span` is None when the index matched but no word is marked."""

    passage: PassageRow
    document_name: str
    span: tuple[int, int] | None
    left: str
    keyword: str
    right: str


def hit_rows(hits: Sequence[SearchHit], names: Mapping[DocumentId, str]) -> list[HitRow]:
    rows: list[HitRow] = []
    for hit in hits:
        name = names.get(hit.passage.document_id, str(hit.passage.document_id))
        if not hit.spans:  # still list the passage: the index says it matches
            preview = " ".join(hit.passage.text[:PREVIEW].split())
            rows.append(HitRow(hit.passage, name, None, "", "", preview))
        for span, (left, keyword, right) in zip(hit.spans, hit.contexts, strict=True):
            rows.append(HitRow(hit.passage, name, span, left, keyword, right))
    return rows


class SearchModel(RowsModel):
    """Concordance rows; ids are in the item roles (PASSAGE_ROLE = Qt.UserRole), never parsed."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[HitRow] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_hits(self, hits: Sequence[SearchHit], names: Mapping[DocumentId, str]) -> None:
        self.beginResetModel()
        self.rows = hit_rows(hits, names)
        self.endResetModel()

    def clear(self) -> None:
        self.set_hits([], {})

    def passages(self) -> list[PassageRow]:
        """Each passage with a hit once, in the order of the results."""
        unique = {row.passage.id: row.passage for row in self.rows}
        return list(unique.values())

    def headers(self) -> list[str]:
        return [
            self.tr("Document"),
            self.tr("Page"),
            self.tr("Left context"),
            self.tr("Keyword"),
            self.tr("Right context"),
        ]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == PASSAGE_ROLE:
            return int(row.passage.id)
        if role == DOCUMENT_ROLE:
            return int(row.passage.document_id)
        if role == SPAN_ROLE:
            return row.span
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_alignment(column) | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and column == KEYWORD:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and column == KEYWORD:
            return KEYWORD_COLOR
        if role == Qt.ItemDataRole.ToolTipRole:
            speaker = f"{row.passage.speaker}: " if row.passage.speaker else ""
            return f"{row.document_name} p.{row.passage.page + 1}\n{speaker}{row.passage.text}"
        return None

    def _display(self, row: HitRow, column: int) -> str:
        if column == DOCUMENT:
            return row.document_name
        if column == PAGE:
            return str(row.passage.page + 1)  # stored 0-based; people count from 1
        return (row.left, row.keyword, row.right)[column - LEFT]

    def _sort_key(self, row: HitRow, column: int) -> object:
        if column == PAGE:
            return row.passage.page
        if column == LEFT:  # concordances sort left context from the keyword outwards
            return row.left[::-1]
        return self._display(row, column)


def _alignment(column: int) -> Qt.AlignmentFlag:
    if column in (PAGE, LEFT):
        return Qt.AlignmentFlag.AlignRight
    if column == KEYWORD:
        return Qt.AlignmentFlag.AlignHCenter
    return Qt.AlignmentFlag.AlignLeft
