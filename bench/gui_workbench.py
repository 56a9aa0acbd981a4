"""The workbench: tagging by keystroke, opening a big project, scrolling a long document.

Each figure is a ratio to a bare baseline measured in the same run:
* a keystroke (press 2 → coding durable in SQLite and painted) vs a bare sqlite3
  INSERT + COMMIT with the same durability settings (target ≤ 2);
* opening a project of 1,000 documents and 50,000 codings until the window shows the
  list and the first document vs a bare SELECT of the same rows (target ≤ 1.5);
* frame times scrolling and tagging in a 300,000-character document (reported).
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.project import Project
from annotator.records import Target as CoreTarget
from bench.bigproject import CODER, CODINGS, DOCUMENTS, SENTENCE, fill
from bench.common import Context, Target
from ui.app import create_app
from ui.main_window import MainWindow

KEYSTROKES = 40
LONG_CHARS = 300_000


@dataclass
class WorkbenchResult:
    keystroke_ms: float = 0.0
    core_ms: float = 0.0
    insert_ms: float = 0.0
    open_s: float = 0.0
    select_s: float = 0.0
    scroll_frames_ms: list[float] = field(default_factory=list)
    long_tag_ms: list[float] = field(default_factory=list)

    def render(self) -> str:
        frames = self.scroll_frames_ms
        return "\n".join([
            "workbench: keystroke to durable and painted, opening a big project, long document",
            f"keystroke (press 2, durable + painted)  {self.keystroke_ms:8.2f} ms   "
            f"bare INSERT+COMMIT {self.insert_ms:6.2f} ms   "
            f"ratio {self.keystroke_ms / self.insert_ms:5.2f}x",
            f"  of which the core's tag (one transaction, durable) {self.core_ms:6.2f} ms   "
            f"ratio {self.core_ms / self.insert_ms:5.2f}x; the rest is repainting the panes",
            f"open {DOCUMENTS} documents / {CODINGS} codings  {self.open_s * 1000:8.1f} ms   "
            f"bare SELECT {self.select_s * 1000:6.1f} ms   "
            f"ratio {self.open_s / self.select_s:5.2f}x",
            f"scroll {LONG_CHARS:,}-char document: frame median "
            f"{statistics.median(frames):.1f} ms, "
            f"p95 {_p95(frames):.1f} ms, max {max(frames):.1f} ms over {len(frames)} frames",
            f"tag in that document: median {statistics.median(self.long_tag_ms):.1f} ms, "
            f"max {max(self.long_tag_ms):.1f} ms",
        ])

    def targets(self) -> list[Target]:
        return [
            Target("keystroke tagging / bare insert+commit", self.keystroke_ms / self.insert_ms,
                   2.0, "x"),
            Target("open 1,000 docs + 50,000 codings / bare SELECT", self.open_s / self.select_s,
                   1.5, "x"),
        ]


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def run(ctx: Context) -> WorkbenchResult:
    app = create_app()
    result = WorkbenchResult()
    result.keystroke_ms, result.core_ms, result.insert_ms = _keystrokes(ctx, app)
    result.open_s, result.select_s = _opening(ctx, app)
    result.scroll_frames_ms, result.long_tag_ms = _long_document(ctx, app)
    return result


def _window(project: Project, ctx: Context, app: QApplication,
            coder: str = "bench") -> MainWindow:
    settings = QSettings(str(ctx.workdir / "bench-settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(project, coder, settings)
    window.resize(1400, 900)
    window.show()
    window.documents.select_first()
    app.processEvents()
    return window


# keystrokes -----------------------------------------------------------------------------------

def _keystrokes(ctx: Context, app: QApplication) -> tuple[float, float, float]:
    folder = ctx.scratch("keys")
    project = Project(folder / "keys.annot")
    project.importer.import_file(ctx.report(pages=20))
    window = _window(project, ctx, app)
    times = []
    for _ in range(KEYSTROKES):
        QTest.keyClick(window, Qt.Key.Key_J)
        start = time.perf_counter()
        QTest.keyClick(window, Qt.Key.Key_2)  # durable when the command returns
        window.text.edit.viewport().repaint()
        window.page_view.repaint()
        app.processEvents()
        times.append(time.perf_counter() - start)
    assert len(project.coding.annotations()) == KEYSTROKES
    window.close()
    core = _core_tags(project)
    return (statistics.median(times) * 1000, core * 1000,
            _bare_insert(folder / "bare.sqlite") * 1000)


def _core_tags(project: Project) -> float:
    """The same codings through the core alone: what durability costs us over SQLite."""
    times = []
    for passage in project.documents.passages()[:KEYSTROKES]:
        target = CoreTarget(passage.document_id, passage.start, passage.end, passage.id)
        start = time.perf_counter()
        project.coding.tag(target, "personnel", "bench")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _bare_insert(path: Path) -> float:
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        connection.execute(f"PRAGMA {pragma}")
    connection.execute("CREATE TABLE codings (id INTEGER PRIMARY KEY, document INTEGER, "
                       "start INTEGER, end_ INTEGER, code INTEGER, coder INTEGER, quote TEXT, "
                       "created TEXT)")
    times = []
    for n in range(KEYSTROKES):
        start = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO codings (document, start, end_, code, coder, quote, "
                           "created) VALUES (1, ?, ?, 2, 1, ?, ?)",
                           (n, n + 40, SENTENCE[:40], datetime.now().isoformat()))
        connection.execute("COMMIT")
        times.append(time.perf_counter() - start)
    connection.close()
    return statistics.median(times)


# opening a big project ------------------------------------------------------------------------

def _opening(ctx: Context, app: QApplication) -> tuple[float, float]:
    path = ctx.scratch("big") / "big.annot"
    fill(path)
    opened = []
    for _ in range(ctx.repeats):
        start = time.perf_counter()
        project = Project(path)
        window = _window(project, ctx, app, CODER)
        opened.append(time.perf_counter() - start)
        window.close()
    selected = [_bare_select(path) for _ in range(ctx.repeats)]
    return min(opened), min(selected)


def _bare_select(path: Path) -> float:
    start = time.perf_counter()
    connection = sqlite3.connect(path)
    connection.execute("SELECT id, name, page_count, length(text), warnings FROM documents"
                       ).fetchall()
    connection.execute("SELECT id, document_id, passage_id, start, \"end\", code_id, coder_id, "
                       "memo, quote FROM annotations").fetchall()
    connection.close()
    return time.perf_counter() - start


# a long document ------------------------------------------------------------------------------

def _long_document(ctx: Context, app: QApplication) -> tuple[list[float], list[float]]:
    pages = LONG_CHARS // 1000
    project = Project(ctx.scratch("long") / "long.annot")
    project.importer.import_file(ctx.report(pages=pages))
    window = _window(project, ctx, app)
    bar = window.text.edit.verticalScrollBar()
    frames = []
    for step in range(0, bar.maximum(), max(1, bar.maximum() // 120)):
        start = time.perf_counter()
        bar.setValue(step)
        window.text.edit.viewport().repaint()
        window.text.gutter.repaint()
        frames.append((time.perf_counter() - start) * 1000)
    tags = []
    for _ in range(20):
        QTest.keyClick(window, Qt.Key.Key_J)
        start = time.perf_counter()
        QTest.keyClick(window, Qt.Key.Key_1)
        window.text.edit.viewport().repaint()
        app.processEvents()
        tags.append((time.perf_counter() - start) * 1000)
    window.close()
    return frames, tags
