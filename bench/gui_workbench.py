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
from bench.common import Context, Target
from db.models import TABLES
from ui.app import create_app
from ui.main_window import MainWindow

KEYSTROKES = 40
DOCUMENTS, CODINGS, PASSAGES_PER_DOC = 1000, 50_000, 20
LONG_CHARS = 300_000
SENTENCE = ("新型コロナ緊急包括支援交付金は全額国費でまかなっているため、"
            "配分の委任は困難と考えております。")


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


def _window(project: Project, ctx: Context, app: QApplication) -> MainWindow:
    settings = QSettings(str(ctx.workdir / "bench-settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(project, "bench", settings)
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
    _fill_big_project(path)
    opened = []
    for _ in range(ctx.repeats):
        start = time.perf_counter()
        project = Project(path)
        window = _window(project, ctx, app)
        opened.append(time.perf_counter() - start)
        window.close()
    selected = [_bare_select(path) for _ in range(ctx.repeats)]
    return min(opened), min(selected)


def _fill_big_project(path: Path) -> None:
    text = (SENTENCE + "\n") * PASSAGES_PER_DOC
    length = len(SENTENCE)
    stamp = datetime(2026, 1, 1)
    with Project(path) as project, project.db.write() as s:
        c = s.connection()
        c.execute(TABLES["blobs"].insert(), [{"sha256": f"{n:064x}", "data": b"%PDF-1.7"}
                                             for n in range(DOCUMENTS)])
        c.execute(TABLES["documents"].insert(), [
            {"id": n + 1, "name": f"文書{n + 1:04d}.pdf", "sha256": f"{n:064x}", "title": "",
             "page_count": 2, "text": text, "extractor": "2", "warnings": "[]",
             "imported_at": stamp} for n in range(DOCUMENTS)])
        c.execute(TABLES["passages"].insert(), [
            {"document_id": d + 1, "seq": p, "start": p * (length + 1),
             "end": p * (length + 1) + length, "page": 0, "page_end": 0, "kind": "paragraph",
             "speaker": None, "indexed": True}
            for d in range(DOCUMENTS) for p in range(PASSAGES_PER_DOC)])
        c.execute(TABLES["coders"].insert(), [{"id": 1, "name": "bench", "created_at": stamp}])
        c.execute(TABLES["annotations"].insert(), [
            {"document_id": n % DOCUMENTS + 1, "passage_id": n % (DOCUMENTS * PASSAGES_PER_DOC) + 1,
             "start": (n // DOCUMENTS % PASSAGES_PER_DOC) * (length + 1),
             "end": (n // DOCUMENTS % PASSAGES_PER_DOC) * (length + 1) + length,
             "code_id": n % 4 + 1, "coder_id": 1, "memo": "", "quote": SENTENCE,
             "anchor": "exact", "created_at": stamp, "updated_at": stamp}
            for n in range(CODINGS)])


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
