"""The review queue as a table: one coding a row with where it is, who coded it, its state.

Rows stay in the core's order (document, then position), which is reading order: a
reviewer walks a document from top to bottom, and the page and text follow smoothly.
Pages are worked out from each document's page starts, read once per document, so a
queue of thousands of codings does not ask the core for a page per row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.ids import AnnotationId, CodeId, DocumentId
from annotator.queries import PageIndex
from annotator.review.service import ACCEPTED, DISCUSSION, REJECTED, UNREVIEWED, QueueItem
from ui.models.table import LazyRows, RowsModel
from ui.workbench import Workbench

Index = QModelIndex | QPersistentModelIndex
DOCUMENT, PAGE, CODE, CODER, QUOTE, STATE, REVIEWER, COMMENT = range(8)
ID_ROLE = Qt.ItemDataRole.UserRole  # the annotation id (int), on every column
DOCUMENT_ROLE = Qt.ItemDataRole.UserRole + 1  # the document id (int)
STATE_COLORS: dict[str, QColor] = {ACCEPTED: QColor("#DCEFD9"), REJECTED: QColor("#F6D6D3"),
                DISCUSSION: QColor("#FBEBC4")}
QUOTE_LENGTH = 80  # code points shown; the tooltip has all of it


def tr(text: str) -> str:
    return QCoreApplication.translate("ReviewStates", text)


def state_label(state: str) -> str:
    labels: dict[str, str] = {UNREVIEWED: tr("unreviewed"), ACCEPTED: tr("accepted"),
                              REJECTED: tr("rejected"), DISCUSSION: tr("discussion")}
    return labels.get(state, state)


def _id(item: QueueItem) -> AnnotationId:
    return item.id


class QueueModel(RowsModel):
    """Queue items; the annotation id is in Qt.UserRole on every column, never parsed."""

    def __init__(self, bench: Workbench) -> None:
        super().__init__()
        self.bench = bench
        self.rows: LazyRows[AnnotationId, QueueItem] = LazyRows.of([], _id)
        self.names: dict[DocumentId, str] = {}
        self.codes: dict[CodeId, tuple[str, str]] = {}  # label, colour
        self._pages: dict[DocumentId, PageIndex] = {}
        self.refresh_names()

    def refresh_names(self) -> None:
        """Document and code names (after an import, a rename or a codebook edit)."""
        self.names = {d.id: d.name for d in self.bench.codings.documents()}
        self.codes = {c.id: (f"{c.name_ja} {c.name}".strip(), c.color)
                      for c in self.bench.project.codebook.all()}
        self._pages.clear()

    def set_items(self, items: Sequence[QueueItem]) -> None:
        self.beginResetModel()
        self.rows = LazyRows.of(items, _id)
        self.endResetModel()

    def set_ids(self, ids: Sequence[AnnotationId],
                fetch: Callable[[Sequence[AnnotationId]], list[QueueItem]]) -> None:
        """The queue as ids; rows are fetched a page at a time as they are shown."""
        self.beginResetModel()
        self.rows = LazyRows(ids, fetch, _id)
        self.endResetModel()

    def update_ids(self, ids: Sequence[AnnotationId],
                   fetch: Callable[[Sequence[AnnotationId]], list[QueueItem]]) -> None:
        """The queue again after a change: rows that came or went are inserted or removed
        (Changes.created / removed), the rest keep their place and are fetched afresh."""
        rows = self.rows
        fresh = list(ids)
        if not rows.fetches_with(fetch) or not self.patch(list(rows.ids), fresh, rows.remove,
                                      lambda n: rows.insert(n, fresh[n])):
            self.set_ids(ids, fetch)
            return
        rows.forget(fresh)
        self.cells_changed()

    def ids(self) -> list[AnnotationId]:
        """A copy: `update_ids` changes the model's own list in place."""
        return list(self.rows.ids)

    def row_of(self, annotation: AnnotationId) -> int:
        return self.rows.row_of(annotation)

    def headers(self) -> list[str]:
        return [self.tr("Document"), self.tr("Page"), self.tr("Code"), self.tr("Coder"),
                self.tr("Quote"), self.tr("State"), self.tr("Reviewer"), self.tr("Comment")]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        item = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == ID_ROLE:
            return int(item.id)
        if role == DOCUMENT_ROLE:
            return int(item.document_id)
        if role == Qt.ItemDataRole.DecorationRole and column == CODE:
            code = self.codes.get(item.annotation.code_id)
            return QColor(code[1]) if code else None
        if role == Qt.ItemDataRole.BackgroundRole and column == STATE:
            return STATE_COLORS.get(item.state)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == PAGE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, item: QueueItem, column: int) -> str:
        coding, review = item.annotation, item.review
        if column == DOCUMENT:
            return self.names.get(coding.document_id, str(coding.document_id))
        if column == PAGE:
            return str(self.page_of(coding.document_id, coding.start) + 1)
        if column == CODE:
            code = self.codes.get(coding.code_id)
            return code[0] if code else coding.code
        if column == CODER:
            return coding.coder
        if column == QUOTE:
            return " ".join(coding.quote[:QUOTE_LENGTH].split())
        if column == STATE:
            return state_label(item.state)
        if column == REVIEWER:
            return review.reviewer or ""
        return " ".join(review.comment.split())

    def _tooltip(self, item: QueueItem, column: int) -> str | None:
        review = item.review
        if column in (STATE, REVIEWER) and review.at is not None:
            text = self.tr("{state} by {reviewer}, {time}").format(
                state=state_label(item.state), reviewer=review.reviewer,
                time=review.at.strftime("%Y-%m-%d %H:%M"))
            if review.decisions > 1:
                text += "\n" + self.tr("{n} decisions on this coding").format(n=review.decisions)
            return text
        if column == COMMENT:
            return review.comment or None
        memo = f"\n\n{item.annotation.memo}" if item.annotation.memo else ""
        return item.annotation.quote + memo

    def page_of(self, document: DocumentId, offset: int) -> int:
        """The 0-based page holding `offset` (as the core's page_of, from cached page starts)."""
        pages = self._pages.get(document)
        if pages is None:
            pages = self._pages[document] = self.bench.project.documents.page_index(document)
        return pages.page_of(offset)

    def forget_pages(self, documents: frozenset[DocumentId]) -> None:
        for document in documents:
            self._pages.pop(document, None)
