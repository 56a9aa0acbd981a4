"""Every label shows its text as plain text, whatever Qt would guess (issue 15).

Qt's default `AutoText` renders a label as HTML when its text looks like HTML, so a file
named `<b><font size=7>SYSTEM ALERT</font></b>x.qdc` shouted in a message box. File, coder
and code names reach labels from many places (message boxes, progress dialogs, panes), so
one application-wide event filter sets `PlainText` on each label as it is polished, before
it is first drawn. No label here uses rich text on purpose.

Tooltips are covered by the same filter: whichever widget, model (ToolTipRole), text
format or `QToolTip.showText` call supplies one, Qt draws it in its single tooltip label,
a QLabel that is polished when shown, so a code name, memo or file name in a tooltip is
shown as typed, entities and line breaks included (tests/ui/test_plain_text.py).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QLabel


class PlainLabels(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Polish and isinstance(watched, QLabel):
            watched.setTextFormat(Qt.TextFormat.PlainText)
        return False


def install_plain_labels(app: QApplication) -> PlainLabels:
    """Install the filter once on `app`; returns it (the app keeps it as its child)."""
    existing = app.findChild(PlainLabels)
    if isinstance(existing, PlainLabels):
        return existing
    labels = PlainLabels(app)
    app.installEventFilter(labels)
    return labels
