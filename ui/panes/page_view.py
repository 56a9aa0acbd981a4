"""Placeholder until the pane lands."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ui.state import Workbench


class PageView(QLabel):
    def __init__(self, bench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__("PageView", parent)
        self.bench = bench

    def zoom_in(self) -> None: ...
    def zoom_out(self) -> None: ...
    def fit_width(self) -> None: ...
    def next_page(self) -> None: ...
    def previous_page(self) -> None: ...
    def go_to_page(self, number: int) -> None: ...
