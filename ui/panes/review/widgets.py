"""Small widgets of the review panes: code chips in a table cell, the consensus-code dialog.

Chips rather than a comma list because a reviewer scans a comparison for colour: the
same colours as the text's code bars, with the contested codes (some coders applied
them, others not) drawn bold and saturated so a disagreement is seen, not read.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QPainter,
    QPen,
    QPixmap,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from annotator.records import CodeRow
from ui.models.compare import CHIPS_ROLE, Chip

Index = QModelIndex | QPersistentModelIndex
PAD, GAP = 5, 4


class LazyPane(QWidget):
    """A pane that reads the project only while it is on screen, and catches up when shown.

    A tab behind another in a dock area stays "visible" to Qt, so the window tells the
    pane through `set_on_screen` (from the dock's visibilityChanged) when its tab is up.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._on_screen = True  # alone (tests, screenshots) a shown pane is on screen
        self._stale = True

    def refresh(self) -> None:
        raise NotImplementedError

    def on_screen(self) -> bool:
        return self._on_screen and self.isVisible()

    def set_on_screen(self, shown: bool) -> None:
        self._on_screen = shown
        if shown and self._stale:
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and self._on_screen:
            self.refresh()


class ChipsDelegate(QStyledItemDelegate):
    """Paints a cell's codes as rounded chips in their code colours."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        chips = index.data(CHIPS_ROLE)
        if not isinstance(chips, list):
            super().paint(painter, option, index)
            return
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        item.text = ""  # the background and selection, without the comma list
        widget = item.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect.adjusted(3, 3, -3, -3)
        x = rect.left()
        for chip in chips:
            width = self._width(option, chip)
            if x >= rect.right():
                break
            self._chip(painter, option, QRect(x, rect.top(), width, rect.height()), chip)
            x += width + GAP
        painter.restore()

    def _chip(self, painter: QPainter, option: QStyleOptionViewItem, area: QRect,
              chip: Chip) -> None:
        color = QColor(chip.color)
        fill = QColor(color)
        fill.setAlpha(150 if chip.contested else 55)
        pen = QPen(color)
        pen.setWidth(2 if chip.contested else 1)
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawRoundedRect(area, 4, 4)
        font = QFont(option.font)
        font.setBold(chip.contested)
        painter.setFont(font)
        painter.setPen(option.palette.text().color())
        painter.drawText(area, Qt.AlignmentFlag.AlignCenter, chip.label)

    def _width(self, option: QStyleOptionViewItem, chip: Chip) -> int:
        font = QFont(option.font)
        font.setBold(True)  # room for bold, so chips do not jump when a code is contested
        return QFontMetrics(font).horizontalAdvance(chip.label) + 2 * PAD

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        chips = index.data(CHIPS_ROLE)
        base = super().sizeHint(option, index)
        if not isinstance(chips, list) or not chips:
            return base
        width = sum(self._width(option, chip) + GAP for chip in chips) + 6
        return QSize(width, base.height() + 4)


class ConsensusCodeDialog(QDialog):
    """Choose the code the consensus gets on a passage, and an optional memo saying why."""

    def __init__(self, codes: Sequence[CodeRow], selected: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Apply code to consensus"))
        self.combo = QComboBox()
        depth: dict[object, int] = {}
        for code in codes:
            depth[code.id] = depth[code.parent] + 1 if code.parent in depth else 0
            label = "    " * depth[code.id] + f"{code.name_ja} {code.name}".strip()
            self.combo.addItem(swatch(code.color), label, code.key)
        if selected is not None:
            self.combo.setCurrentIndex(max(self.combo.findData(selected), 0))
        self.memo = QLineEdit()
        self.memo.setPlaceholderText(self.tr("Why (optional)"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Apply"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Code:"), self.combo)
        form.addRow(self.tr("Memo:"), self.memo)
        form.addRow(buttons)

    def code(self) -> str | None:
        data = self.combo.currentData()
        return str(data) if data else None


def swatch(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)
