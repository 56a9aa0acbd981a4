"""gui_page: showing a page in the page view (render + codings painted) vs bare PyMuPDF.

A page of the generated report carries ~20 codings (whole passages and phrases inside
them, several codes on the same text). The page view runs offscreen at a fixed window
size, fitted to the width. Every measurement ends with the pane on screen: the event
loop runs once (``processEvents``), which lays out and paints every widget that changed
(page, page number, scroll bar if it moved) through the window's backing store, as a
screen update does. (``grab()`` would repaint the whole pane into a fresh pixmap, and
the Fusion style's scroll bar alone costs ~4 ms there, more than rendering the page.)

* bare: ``doc[n].get_pixmap(matrix=zoom)`` on an open ``pymupdf`` document, same zoom;
* first visit (the target): the pane's page and rectangle caches are emptied, then
  ``go_to_page(n)`` + paint: render through ``PdfFile``, copy into a QPixmap, ask the
  core for every coding's rectangles on the page, paint;
* paging on: page n-1 is shown and the reader pauses (the pane prepares the next page
  after a short quiet time), then ``next_page()`` + paint;
* revisit: both caches warm, ``go_to_page(n)`` from another page + paint.

The indented rows time the parts of a first visit on their own.
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pymupdf as _pymupdf
from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.coding.service import TagRequest
from annotator.ids import DocumentId
from annotator.project import Project
from annotator.records import Target as Range
from bench.common import Context, Target, ratio, table, timed
from ui.panes.page.view import PREFETCH_DELAY_MS, PageView
from ui.workbench import Bus, Current, Workbench

pymupdf: Any = _pymupdf  # PyMuPDF is only partly typed

TARGET_RATIO = 1.2
REPORT_PAGES = 12
PAGE = 5  # 0-based: a body page with several passages
CODINGS = 20
VIEW_SIZE = (900, 1100)
MIN_SAMPLES = 25  # a sample takes milliseconds (paging on also waits for the prefetch)
CODER = "bench"


@dataclass
class Measure:
    name: str
    ms: float


@dataclass
class GuiPageResult:
    page: int
    codings: int
    marks: int
    zoom: float
    width: int
    height: int
    samples: int
    bare_ms: float
    first_visit_ms: float
    paging_on_ms: float
    revisit_ms: float
    breakdown: list[Measure] = field(default_factory=list)

    @property
    def first_visit_ratio(self) -> float:
        return ratio(self.first_visit_ms, self.bare_ms)

    def targets(self) -> list[Target]:
        return [Target("page display (render + highlights) / bare PyMuPDF render, first visit",
                       self.first_visit_ratio, TARGET_RATIO, "x")]

    def render(self) -> str:
        rows = [
            ["bare PyMuPDF get_pixmap", f"{self.bare_ms:.2f}", "1.00x"],
            ["page view, first visit", f"{self.first_visit_ms:.2f}",
             f"{self.first_visit_ratio:.2f}x"],
            ["page view, paging on", f"{self.paging_on_ms:.2f}",
             f"{ratio(self.paging_on_ms, self.bare_ms):.2f}x"],
            ["page view, revisit", f"{self.revisit_ms:.2f}",
             f"{ratio(self.revisit_ms, self.bare_ms):.2f}x"],
            *[[f"  {m.name}", f"{m.ms:.2f}", f"{ratio(m.ms, self.bare_ms):.2f}x"]
              for m in self.breakdown],
        ]
        return "\n".join([
            f"gui_page: page {self.page + 1} of the {REPORT_PAGES}-page report, "
            f"{self.codings} codings drawn as {self.marks} rectangles, zoom {self.zoom:.3f} "
            f"({self.width}×{self.height} px); ms, median of {self.samples} runs",
            table(["", "ms", "vs bare"], rows),
            "first visit = render + pixmap + rectangles from the core + paint, nothing cached;",
            "breakdown rows (indented) are the parts of a first visit timed alone; the",
            "rectangles are one DocumentService.rects call per coding, each reading and",
            "unpacking all of the page's character boxes",
        ])


def _application() -> QApplication:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    existing = QApplication.instance()
    return existing if isinstance(existing, QApplication) else QApplication(["bench"])


def _code_some(project: Project, document: DocumentId) -> int:
    """~20 codings on PAGE: passages, and phrases in them under a second code."""
    codes = [code.key for code in project.codebook.all()]
    passages = [p for p in project.documents.passages(document) if p.page == PAGE]
    requests: list[TagRequest] = []
    for n, passage in enumerate(passages):
        requests.append(TagRequest(Range(document, passage.start, passage.end, passage.id),
                                   codes[n % len(codes)], CODER))
        if passage.end - passage.start > 12:
            phrase = Range(document, passage.start + 4, passage.start + 12)
            requests.append(TagRequest(phrase, codes[(n + 3) % len(codes)], CODER, "語句"))
    requests = requests[:CODINGS]
    project.coding.tag_many(requests)
    return len(requests)


def _samples(run: Callable[[], object], prepare: Callable[[], object], count: int) -> float:
    """Median ms of *run*, with *prepare* (not timed) before each call."""
    found = []
    for _ in range(count):
        prepare()
        found.append(timed(run))
    return statistics.median(found) * 1000


class _Scene:
    """The page view over a coded report, and the ways to show its page."""

    def __init__(self, ctx: Context) -> None:
        self.app = _application()
        folder = ctx.scratch("gui_page")
        self.pdf = ctx.report(REPORT_PAGES)
        self.project = Project(folder / "page.annot")
        outcome = self.project.importer.import_file(self.pdf)
        if outcome.document_id is None:
            raise RuntimeError(f"gui_page benchmark: {outcome.line()}")
        self.document = outcome.document_id
        self.codings = _code_some(self.project, self.document)
        settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        self.bench = Workbench(self.project, Bus(), Current(CODER), QUndoStack(), settings)
        self.view = PageView(self.bench)
        self.view.resize(*VIEW_SIZE)
        self.view.show()
        self.app.processEvents()
        self.bench.current.set_document(self.document)
        self.view.go_to_page(PAGE)
        self.app.processEvents()

    def close(self) -> None:
        self.view.close()
        self.view.deleteLater()
        self.app.processEvents()
        self.project.close()

    def forget(self) -> None:
        self.view.images.clear()
        self.view.page_geometry.clear()

    def elsewhere(self, page: int, *, pause: bool = False) -> None:
        """Show another page; with *pause*, wait like a reader so its prefetch runs."""
        self.view.go_to_page(page)
        self.paint()
        if pause:
            QTest.qWait(PREFETCH_DELAY_MS + 30)

    def paint(self) -> None:
        self.app.processEvents()

    def show_page(self) -> None:
        self.view.go_to_page(PAGE)
        self.paint()

    def page_on(self) -> None:
        self.view.next_page()
        self.paint()


def run(ctx: Context) -> GuiPageResult:
    scene = _Scene(ctx)
    try:
        return _measure(scene, max(ctx.repeats, MIN_SAMPLES))
    finally:
        scene.close()


def _measure(scene: _Scene, count: int) -> GuiPageResult:
    view, zoom = scene.view, scene.view.zoom
    pdf = pymupdf.open(scene.pdf)
    try:
        matrix = pymupdf.Matrix(zoom, zoom)
        pixmap = pdf[PAGE].get_pixmap(matrix=matrix)
        bare = _samples(lambda: pdf[PAGE].get_pixmap(matrix=matrix), lambda: None, count)
    finally:
        pdf.close()

    def cold() -> None:
        scene.elsewhere(PAGE + 2)  # away, so that go_to_page(PAGE) really changes page
        scene.forget()

    def before() -> None:
        scene.forget()
        scene.elsewhere(PAGE - 1, pause=True)

    first_visit = _samples(scene.show_page, cold, count)
    paging_on = _samples(scene.page_on, before, count)
    revisit = _samples(scene.show_page, lambda: scene.elsewhere(PAGE + 2), count)
    density = view.devicePixelRatioF()
    breakdown = [
        Measure("render into a QPixmap", _samples(
            lambda: view.images.pixmap(PAGE, zoom, density), view.images.clear, count)),
        Measure("codings' rectangles", _samples(
            lambda: view.page_geometry.marks(PAGE, view.annotations, view.codes, view.lanes),
            view.page_geometry.clear, count)),
        Measure("painting the page", _samples(view.canvas.repaint, lambda: None, count)),
    ]
    scene.show_page()
    return GuiPageResult(
        page=PAGE, codings=scene.codings, marks=len(view.canvas.marks), zoom=zoom,
        width=int(pixmap.width), height=int(pixmap.height), samples=count, bare_ms=bare,
        first_visit_ms=first_visit, paging_on_ms=paging_on, revisit_ms=revisit,
        breakdown=breakdown,
    )
