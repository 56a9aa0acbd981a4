"""Render the workbench offscreen to screenshots/workbench.png, for the README and reviews.

Builds the sample project in a temporary folder, opens it as the coder "sample", shows the
Q&A minutes with a coded passage selected, waits for the panes to render, and grabs the
window. The user's own settings (recent projects, window layout) are not touched: QSettings
is pointed at the temporary folder first. Run with `make screenshot`.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402

from annotator.records import Target  # noqa: E402
from annotator.sample.builder import CODER, MINUTES, build_sample  # noqa: E402
from ui.app import create_app, open_window  # noqa: E402

OUTPUT = ROOT / "screenshots" / "workbench.png"
SIZE = (1600, 1000)


def settle(seconds: float) -> None:
    """Let queued events, timers and deferred renders (the page view debounces) run."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.02)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="annotator-screenshot-") as folder:
        for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)
        app = create_app()
        path = build_sample(Path(folder) / "sample.annot")
        window = open_window(path, CODER)
        if window is None:
            print("the workbench did not open", file=sys.stderr)
            return 1
        window.resize(*SIZE)
        bench = window.bench
        minutes = next(d for d in bench.project.documents.all() if d.name == MINUTES)
        bench.current.set_document(minutes.id)
        settle(0.5)
        first = min((c.passage_id for c in bench.project.coding.annotations(document=minutes.id)
                     if c.passage_id is not None), default=None)
        if first is None:
            print("the sample has no coded passage in the minutes", file=sys.stderr)
            return 1
        passage = bench.project.documents.passage(first)
        bench.current.set_target(Target(minutes.id, passage.start, passage.end, passage.id))
        settle(1.5)
        OUTPUT.parent.mkdir(exist_ok=True)
        if not window.grab().save(str(OUTPUT)):
            print(f"could not write {OUTPUT}", file=sys.stderr)
            return 1
        window.close()
        app.processEvents()
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
