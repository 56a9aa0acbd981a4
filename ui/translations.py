"""Placeholder until translations land."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication


def install_translator(app: QApplication, settings: QSettings) -> None:
    del app, settings
