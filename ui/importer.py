"""Placeholder until the import controller lands."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QWidget

from ui.state import Workbench


class ImportController:
    def __init__(self, bench: Workbench, parent: QWidget) -> None:
        self.bench, self.parent = bench, parent

    def start(self, paths: Sequence[Path]) -> None: ...
