"""The document's text as passages, with codings painted and selection synced.

A read-only QPlainTextEdit shows the stored text (paragraphs are passages). Codings
are underlined in their code's colour and stacked as bars in the left gutter, one
column per code; the gutter also names each new speaker. Positions cross the Qt
boundary through `Utf16Map`, so 𠮷 never shifts an offset.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QVBoxLayout, QWidget

from annotator.changes import Changes
from annotator.ids import CodeId, DocumentId
from annotator.records import AnnotationRow, CodeRow, PassageRow, Target
from ui.offsets import Utf16Map
from ui.workbench import Workbench

BAR, SPEAKER_WIDTH = 5, 72
CURRENT = QColor(255, 244, 190)
DOUBTFUL = QColor(176, 80, 0)  # text OCR read with low confidence: check it against the page


class TextPane(QWidget):
    def __init__(self, bench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bench = bench
        self.edit = QPlainTextEdit(readOnly=True)
        self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.edit.setMouseTracking(True)
        self.edit.viewport().installEventFilter(self)
        self.gutter = Gutter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.document: DocumentId | None = None
        self.text = ""
        self.map = Utf16Map("")
        self.passages: list[PassageRow] = []
        self.doubtful: list[tuple[int, int]] = []
        self.annotations: list[AnnotationRow] = []
        self.codes: dict[CodeId, CodeRow] = {}
        self.columns: dict[CodeId, int] = {}
        self._pressed = False
        self.edit.updateRequest.connect(self.gutter.scrolled)
        self.edit.selectionChanged.connect(self._selection_changed)
        bench.current.document_changed.connect(self.show_document)
        bench.current.target_changed.connect(self._show_target)
        bench.current.coder_changed.connect(lambda _c: self._reload_annotations())
        bench.bus.changed.connect(self._on_changed)
        self._load_codes()
        self._place_gutter()

    # loading ------------------------------------------------------------------------------------

    def show_document(self, document: DocumentId | None) -> None:
        self.document = document
        self.text = self.bench.project.documents.text(document) if document else ""
        self.map = Utf16Map(self.text)
        self.passages = self.bench.project.documents.passages(document) if document else []
        self.doubtful = self.bench.project.documents.low_confidence(document) if document else []
        self.edit.setPlainText(self.text)
        self._reload_annotations()

    def _reload_annotations(self) -> None:
        document = self.document
        self.annotations = (
            self.bench.codings.visible(document, self.bench.current.coder) if document else []
        )
        self._paint()

    def _load_codes(self) -> None:
        codes = self.bench.project.codebook.all()
        self.codes = {c.id: c for c in codes}
        self.columns = {c.id: n for n, c in enumerate(codes)}
        self._place_gutter()

    def _on_changed(self, changes: Changes, initiator: object = None) -> None:
        if changes.codebook:
            self._load_codes()
        if self.document is None:
            return
        if self.document in changes.passages_in:
            self.show_document(self.document)
        elif changes.codebook or changes.settings or self.document in changes.annotations_in:
            self._reload_annotations()

    # painting -----------------------------------------------------------------------------------

    def _paint(self) -> None:
        selections = [self._doubtful(start, end) for start, end in self.doubtful]
        selections += [self._underline(a) for a in self.annotations if a.code_id in self.codes]
        target = self.bench.current.target
        if target is not None and target.document == self.document:
            selections.insert(0, self._selection(target.start, target.end, self._current()))
        self.edit.setExtraSelections(selections)
        self.gutter.update()

    def _current(self) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setBackground(CURRENT)
        return fmt

    def _doubtful(self, start: int, end: int) -> QTextEdit.ExtraSelection:
        fmt = QTextCharFormat()
        fmt.setForeground(DOUBTFUL)
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        return self._selection(start, end, fmt)

    def _underline(self, annotation: AnnotationRow) -> QTextEdit.ExtraSelection:
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(QColor(self.codes[annotation.code_id].color))
        fmt.setToolTip(self.describe(annotation))
        return self._selection(annotation.start, annotation.end, fmt)

    def _selection(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.edit.document())
        cursor.setPosition(self.map.to_qt(start))
        cursor.setPosition(self.map.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format = fmt
        return selection

    def describe(self, annotation: AnnotationRow) -> str:
        code = self.codes.get(annotation.code_id)
        name = f"{code.name_ja} / {code.name}" if code else annotation.code
        memo = f"\n{annotation.memo}" if annotation.memo else ""
        return f"{name} — {annotation.coder}{memo}"

    # selection sync -----------------------------------------------------------------------------

    def _show_target(self, target: Target | None) -> None:
        self._paint()
        if target is None or target.document != self.document or self._pressed:
            return
        cursor = QTextCursor(self.edit.document())
        cursor.setPosition(self.map.to_qt(target.end))
        self.edit.setTextCursor(cursor)
        cursor.setPosition(self.map.to_qt(target.start))
        self.edit.setTextCursor(cursor)
        self.edit.ensureCursorVisible()

    def _selection_changed(self) -> None:
        cursor = self.edit.textCursor()
        if not self._pressed or not cursor.hasSelection() or self.document is None:
            return
        start = self.map.from_qt(cursor.selectionStart())
        end = self.map.from_qt(cursor.selectionEnd())
        start, end = self._trim(start, end)
        if start < end:
            self.bench.current.set_target(Target(self.document, start, end))

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end

    def _clicked(self, point: QPoint) -> None:
        if self.edit.textCursor().hasSelection() or self.document is None:
            return
        offset = self.map.from_qt(self.edit.cursorForPosition(point).position())
        passage = self.passage_at(offset)
        if passage is not None:
            self.bench.current.set_target(
                Target(passage.document_id, passage.start, passage.end, passage.id)
            )

    def passage_at(self, offset: int) -> PassageRow | None:
        return next((p for p in self.passages if p.start <= offset < p.end), None)

    def codings_at(self, offset: int) -> list[AnnotationRow]:
        return [a for a in self.annotations if a.start <= offset < a.end]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit.viewport():
            kind = event.type()
            if kind == QEvent.Type.MouseButtonPress:
                self._pressed = True
            elif kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
                self._pressed = False
                self._clicked(event.position().toPoint())
                self._selection_changed_after_release()
            elif kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
                self._tooltip(event)
                return True
        return False

    def _selection_changed_after_release(self) -> None:
        self._pressed = True
        self._selection_changed()
        self._pressed = False

    def _tooltip(self, event: QHelpEvent) -> None:
        offset = self.map.from_qt(self.edit.cursorForPosition(event.pos()).position())
        lines = [self.describe(a) for a in self.codings_at(offset)]
        if lines:
            QToolTip.showText(event.globalPos(), "\n".join(lines), self.edit)
        else:
            QToolTip.hideText()

    # gutter geometry ------------------------------------------------------------------------------

    def gutter_width(self) -> int:
        return SPEAKER_WIDTH + BAR * 2 * max(1, len(self.codes))

    def _place_gutter(self) -> None:
        width = self.gutter_width()
        self.edit.setViewportMargins(width, 0, 0, 0)
        rect = self.edit.contentsRect()
        self.gutter.setGeometry(QRect(rect.left(), rect.top(), width, rect.height()))

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._place_gutter()


class Gutter(QWidget):
    """Code bars beside the lines they cover, and the speaker where a new one starts."""

    def __init__(self, pane: TextPane) -> None:
        super().__init__(pane.edit)
        self.pane = pane

    def sizeHint(self) -> QSize:
        return QSize(self.pane.gutter_width(), 0)

    def scrolled(self, _rect: QRect, dy: int) -> None:
        if dy:
            self.scroll(0, dy)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().window())
        edit = self.pane.edit
        block = edit.firstVisibleBlock()
        offset = edit.contentOffset()
        previous_speaker: str | None = None
        while block.isValid():
            top = edit.blockBoundingGeometry(block).translated(offset).top()
            if top > event.rect().bottom():
                break
            height = edit.blockBoundingRect(block).height()
            self._paint_block(
                painter, block.position(), block.length(), int(top), int(height), previous_speaker
            )
            passage = self.pane.passage_at(self.pane.map.from_qt(block.position()))
            previous_speaker = passage.speaker if passage else previous_speaker
            block = block.next()
        painter.end()

    def _paint_block(
        self,
        painter: QPainter,
        position: int,
        length: int,
        top: int,
        height: int,
        previous_speaker: str | None,
    ) -> None:
        pane = self.pane
        start, end = pane.map.from_qt(position), pane.map.from_qt(position + length)
        passage = pane.passage_at(start)
        if (
            passage is not None
            and passage.speaker
            and (passage.kind in ("speech", "speaker") or passage.speaker != previous_speaker)
        ):
            painter.setPen(self.palette().text().color())
            painter.drawText(
                QRect(2, top, SPEAKER_WIDTH - 4, int(pane.edit.fontMetrics().height())),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                pane.edit.fontMetrics().elidedText(
                    passage.speaker, Qt.TextElideMode.ElideRight, SPEAKER_WIDTH - 4
                ),
            )
        for annotation in pane.annotations:
            if (
                annotation.start < end
                and annotation.end > start
                and annotation.code_id in (pane.codes)
            ):
                column = pane.columns[annotation.code_id]
                x = SPEAKER_WIDTH + column * BAR * 2
                painter.fillRect(
                    x,
                    top + 1,
                    BAR,
                    max(2, height - 2),
                    QColor(pane.codes[annotation.code_id].color),
                )
