"""Placeholder until the pane lands."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ui.state import Workbench


class SearchPane(QLabel):
    def __init__(self, bench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__("SearchPane", parent)
        self.bench = bench
