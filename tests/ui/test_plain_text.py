"""A file name that looks like HTML is shown as the characters it is (issue 15)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMessageBox,
    QTableView,
    QToolButton,
    QToolTip,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ui.plain_text import install_plain_labels

HOSTILE = "<b><font size=7>SYSTEM ALERT</font></b>x.qdc"


def test_message_box_labels_show_markup_as_text(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_plain_labels(app)
    box = QMessageBox(QMessageBox.Icon.Warning, "Import", f"{HOSTILE}: not a codebook")
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    labels = [label for label in box.findChildren(QLabel) if HOSTILE in label.text()]
    assert labels and all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)


def test_a_pane_label_shows_markup_as_text(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert install_plain_labels(app) is install_plain_labels(app)  # installed once
    parent = QWidget()
    qtbot.addWidget(parent)
    label = QLabel(HOSTILE, parent)
    parent.show()
    qtbot.waitExposed(parent)
    assert label.textFormat() == Qt.TextFormat.PlainText


# Tooltips: every tooltip, whichever widget or model supplies it, is drawn by Qt's one
# tooltip label (a QLabel), which the same filter makes plain when it is polished.


def _tip_label() -> QLabel | None:
    for widget in QApplication.topLevelWidgets():
        if widget.metaObject().className() == "QTipLabel" and widget.isVisible():
            assert isinstance(widget, QLabel)
            return widget
    return None


def _shown_tip(qtbot: QtBot) -> QLabel:
    qtbot.waitUntil(lambda: _tip_label() is not None, timeout=2000)
    label = _tip_label()
    assert label is not None
    return label


def _hover(target: QWidget, at: QPoint) -> None:
    event = QHelpEvent(QEvent.Type.ToolTip, at, target.mapToGlobal(at))
    QApplication.sendEvent(target, event)


def _plain_app() -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_plain_labels(app)
    QToolTip.hideText()


def test_a_widget_tooltip_with_a_file_name_shows_markup_as_text(qtbot: QtBot) -> None:
    _plain_app()
    button = QToolButton()
    button.setToolTip(f"Open {HOSTILE}")
    qtbot.addWidget(button)
    button.show()
    qtbot.waitExposed(button)
    _hover(button, QPoint(2, 2))
    label = _shown_tip(qtbot)
    assert label.text() == f"Open {HOSTILE}"
    assert label.textFormat() == Qt.TextFormat.PlainText
    QToolTip.hideText()


def test_a_model_tooltip_with_a_code_name_and_memo_shows_markup_as_text(qtbot: QtBot) -> None:
    _plain_app()
    tip = f"{HOSTILE}\nmemo: <i>see</i> &amp; <img src=x>"
    model = QStandardItemModel(1, 1)
    item = QStandardItem("a code")
    item.setToolTip(tip)
    model.setItem(0, 0, item)
    view = QTableView()
    view.setModel(model)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    _hover(view.viewport(), view.visualRect(model.index(0, 0)).center())
    label = _shown_tip(qtbot)
    assert label.text() == tip  # the entities and tags stay as typed, the line break too
    assert label.textFormat() == Qt.TextFormat.PlainText
    QToolTip.hideText()


def test_a_tooltip_shown_by_hand_shows_markup_as_text(qtbot: QtBot) -> None:
    """The page canvas and text view call QToolTip.showText themselves with passage text."""
    _plain_app()
    owner = QWidget()
    qtbot.addWidget(owner)
    owner.show()
    qtbot.waitExposed(owner)
    QToolTip.showText(owner.mapToGlobal(QPoint(1, 1)), f"finance\n{HOSTILE}", owner)
    label = _shown_tip(qtbot)
    assert label.text() == f"finance\n{HOSTILE}"
    assert label.textFormat() == Qt.TextFormat.PlainText
    QToolTip.hideText()
