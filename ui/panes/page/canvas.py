"""The page itself: its image, the codings and the current target drawn on top, and the mouse.

The canvas knows nothing of projects or documents: it is handed a pixmap and rectangles in
PDF points, and reports clicks and drags in PDF points, so the pane alone decides what
they mean. Rectangles are scaled at paint time, so zooming never recomputes them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from annotator.documents.service import Rect
from ui.panes.page.marks import Mark

FILL_ALPHA = 56  # light enough to read the text through two codings on top of each other
BAR_HEIGHT, BAR_STEP = 1.3, 1.7  # points: one coloured bar per lane under each coded run
MAX_BAR_LANES = 3  # deeper lanes share the last bar rather than run into the next line
TARGET_FILL = QColor(255, 221, 0, 90)
TARGET_EDGE = QColor(214, 150, 0)
DRAG_EDGE = QColor(70, 110, 200)
EMPTY_SIZE = QSize(360, 120)


class PageCanvas(QWidget):
    """Emits `clicked(point)` and `dragged(from, to)` in PDF points of the shown page."""

    clicked = Signal(QPointF)
    dragged = Signal(QPointF, QPointF)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCursor(Qt.CursorShape.IBeamCursor)
        self.setMouseTracking(False)
        self._pixmap: QPixmap | None = None
        self._zoom = 1.0
        self._marks: list[Mark] = []
        self._target: list[Rect] = []
        self._message = ""
        self._press: QPointF | None = None
        self._drag_to: QPointF | None = None
        self.describe: Callable[[Mark], str] = lambda mark: mark.annotation.code
        self.setFixedSize(EMPTY_SIZE)

    # what is shown --------------------------------------------------------------------------

    def show_page(self, pixmap: QPixmap, zoom: float, marks: Sequence[Mark]) -> None:
        self._pixmap, self._zoom, self._marks, self._message = pixmap, zoom, list(marks), ""
        self.setFixedSize(pixmap.deviceIndependentSize().toSize())
        self.update()

    def show_message(self, message: str) -> None:
        """No page to show (no document, or MuPDF failed): say why instead."""
        self._pixmap, self._marks, self._target, self._message = None, [], [], message
        self.setFixedSize(EMPTY_SIZE)
        self.update()

    def set_marks(self, marks: Sequence[Mark]) -> None:
        self._marks = list(marks)
        self.update()

    def set_target(self, rects: Sequence[Rect]) -> None:
        self._target = list(rects)
        self.update()

    def pixmap(self) -> QPixmap | None:
        return self._pixmap

    @property
    def zoom(self) -> float:
        return self._zoom

    @property
    def marks(self) -> list[Mark]:
        return list(self._marks)

    def area(self, rect: Rect) -> QRectF:
        """A rectangle in PDF points as widget pixels."""
        z = self._zoom
        return QRectF(rect.x0 * z, rect.y0 * z, (rect.x1 - rect.x0) * z, (rect.y1 - rect.y0) * z)

    def target_areas(self) -> list[QRectF]:
        return [self.area(rect) for rect in self._target]

    def to_pdf(self, point: QPointF) -> QPointF:
        return QPointF(point.x() / self._zoom, point.y() / self._zoom)

    def marks_at(self, point: QPointF) -> list[Mark]:
        """Codings under a widget point, bars included (they hang below the text)."""
        return [mark for mark in self._marks if self._mark_area(mark).contains(point)]

    # painting ---------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            if self._pixmap is None:
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._message)
                return
            painter.drawPixmap(0, 0, self._pixmap)
            for rect in self._target:
                painter.fillRect(self.area(rect), TARGET_FILL)
            self._paint_marks(painter)
            self._paint_outlines(painter)
        finally:
            painter.end()

    def _paint_marks(self, painter: QPainter) -> None:
        colors: dict[str, tuple[QColor, QColor]] = {}
        for mark in self._marks:
            if mark.color not in colors:
                solid = QColor(mark.color)
                fill = QColor(solid)
                fill.setAlpha(FILL_ALPHA)
                colors[mark.color] = (solid, fill)
            solid, fill = colors[mark.color]
            painter.fillRect(self.area(mark.rect), fill)
            painter.fillRect(self._bar(mark), solid)

    def _paint_outlines(self, painter: QPainter) -> None:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(TARGET_EDGE, 1.5))
        for rect in self._target:
            painter.drawRect(self.area(rect).adjusted(-1, -1, 1, 1))
        if self._press is not None and self._drag_to is not None:
            painter.setPen(QPen(DRAG_EDGE, 1, Qt.PenStyle.DashLine))
            painter.drawRect(QRectF(self._press, self._drag_to).normalized())

    def _bar(self, mark: Mark) -> QRectF:
        z, rect = self._zoom, mark.rect
        top = rect.y1 + (min(mark.lane, MAX_BAR_LANES - 1) * BAR_STEP + 0.3)
        return QRectF(rect.x0 * z, top * z, (rect.x1 - rect.x0) * z, BAR_HEIGHT * z)

    def _mark_area(self, mark: Mark) -> QRectF:
        return self.area(mark.rect).united(self._bar(mark))

    # mouse --------------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._pixmap is not None:
            self._press, self._drag_to = event.position(), None
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and self._is_drag(event.position()):
            self._drag_to = event.position()
            self.update()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        press, self._press, self._drag_to = self._press, None, None
        if event.button() != Qt.MouseButton.LeftButton or press is None:
            super().mouseReleaseEvent(event)
            return
        self.update()
        end = event.position()
        if self._is_drag(end, press):
            self.dragged.emit(self.to_pdf(press), self.to_pdf(end))
        else:
            self.clicked.emit(self.to_pdf(press))

    def _is_drag(self, point: QPointF, press: QPointF | None = None) -> bool:
        """Moved far enough that the hand meant to select, not to click."""
        start = press if press is not None else self._press
        if start is None:
            return False
        return (point - start).manhattanLength() >= QApplication.startDragDistance()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            self._tooltip(event)
            return True
        return super().event(event)

    def _tooltip(self, event: QHelpEvent) -> None:
        # a coding that runs over two lines is one entry
        under = {mark.annotation.id: mark for mark in self.marks_at(QPointF(event.pos()))}
        if under:
            lines = [self.describe(mark) for mark in under.values()]
            QToolTip.showText(event.globalPos(), "\n".join(lines), self)
        else:
            QToolTip.hideText()
            event.ignore()
