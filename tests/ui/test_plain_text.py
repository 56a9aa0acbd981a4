"""A file name that looks like HTML is shown as the characters it is (issue 15)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget
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
