"""Preferences: for now the interface language (System / 日本語 / English).

Saved in QSettings under `ui.translations.LANGUAGE_KEY`; widgets are translated when
they are built, so the dialog says the change applies on the next start rather than
pretending to switch the open window.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ui.translations import LANGUAGE_KEY, LANGUAGES, system_language

# Each language is named in itself, so someone who cannot read the current one finds theirs.
NATIVE_NAMES = {"ja": "日本語", "en": "English"}


class SettingsDialog(QDialog):
    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Settings"))
        self.language_box = QComboBox()
        system = NATIVE_NAMES[system_language()]
        self.language_box.addItem(self.tr("System ({language})").format(language=system), "")
        for code in LANGUAGES:
            self.language_box.addItem(NATIVE_NAMES[code], code)
        saved = settings.value(LANGUAGE_KEY, "")
        current = saved if isinstance(saved, str) and saved in LANGUAGES else ""
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(current)))
        note = QLabel(self.tr("A new language applies when you restart Annotator."))
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&Language:"), self.language_box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def language(self) -> str:
        """The choice in the box: "ja", "en", or "" to follow the system."""
        return str(self.language_box.currentData())

    def accept(self) -> None:
        self.settings.setValue(LANGUAGE_KEY, self.language())
        self.settings.sync()
        super().accept()


def settings_action(settings: QSettings, parent: QWidget) -> QAction:
    """The menu item that opens the dialog, with the platform's Preferences shortcut.

    Here rather than in the window so its text is translated along with the dialog.
    """
    action = QAction(QCoreApplication.translate("SettingsDialog", "&Settings…"), parent)
    action.setShortcut(QKeySequence.StandardKey.Preferences)
    action.setMenuRole(QAction.MenuRole.PreferencesRole)
    action.triggered.connect(lambda: SettingsDialog(settings, parent).exec())
    return action
