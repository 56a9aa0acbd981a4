"""The workbench as a child process for tests on a real X server: PROJECT SETTINGS CODER.

Prints "ready" once the window shows with the first passage current.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from annotator.project import Project
from ui.main_window import MainWindow


def main() -> int:
    project, settings, coder = sys.argv[1:4]
    app = QApplication(sys.argv[:1])
    store = QSettings(settings, QSettings.Format.IniFormat)
    window = MainWindow(Project(Path(project)), coder, store)
    window.show()
    window.activateWindow()
    window.documents.select_first()
    window.text.edit.setFocus()

    def ready() -> None:
        print("ready", flush=True)

    QTimer.singleShot(500, ready)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
