"""The PDF page of the current document, with its codings, synced with the current target.

Researchers check a passage against the page it came from (tables, headings, who is
speaking), so the page follows the target set elsewhere, and selecting on the page sets
the target in turn: a drag selects the characters under it, a click the passage. The
page is a picture; what it means comes from the core in PDF points and text offsets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer
from PySide6.QtGui import QPalette, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.changes import Changes
from annotator.documents.service import PageInfo, Rect
from annotator.errors import NotFoundError
from annotator.ids import AnnotationId, CodeId, DocumentId
from annotator.pdf.reader import PdfError
from annotator.records import AnnotationRow, CodeRow, PassageRow, Target
from ui.panes.page.canvas import PageCanvas
from ui.panes.page.marks import Mark, PageGeometry, assign_lanes, describe
from ui.panes.page.render import PageImages
from ui.workbench import Workbench

ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.25, 6.0
FIT_MARGIN = 8  # pixels left free beside the page in fit-width mode
REFIT_DELAY_MS = 40  # re-render once a splitter drag pauses, not at every pixel
PREFETCH_DELAY_MS = 150  # a reader holding PgDown never waits for a page they skip
CLICK_SLACK = 4.0  # points: a click between two lines of a passage still picks it
ZOOM_KEY, FIT_KEY = "page/zoom", "page/fit"


class PageView(QWidget):
    def __init__(self, bench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bench = bench
        self.images = PageImages()
        self.page_geometry = PageGeometry(bench.project.documents)
        self.document: DocumentId | None = None
        self.pages: list[PageInfo] = []
        self.page = 0
        self.zoom = _clamp(_float_setting(bench, ZOOM_KEY, 1.0))
        self.fitting = _bool_setting(bench, FIT_KEY, True)
        self.annotations: list[AnnotationRow] = []
        self.codes: dict[CodeId, CodeRow] = {}
        self.lanes: dict[AnnotationId, int] = {}
        self._passages: list[PassageRow] | None = None  # loaded on the first click
        self._text: str | None = None  # loaded on the first drag
        self._selecting = False
        self._build()
        self._refit_timer = _single_shot(self, REFIT_DELAY_MS, self._refit)
        self._prefetch_timer = _single_shot(self, PREFETCH_DELAY_MS, self._prefetch)
        bench.current.document_changed.connect(self.show_document)
        bench.current.target_changed.connect(self._follow_target)
        bench.current.page_requested.connect(self.go_to_page)
        bench.bus.changed.connect(self._on_changed)
        bench.current.coder_changed.connect(self._coder_changed)
        self._load_codes()
        self.show_document(bench.current.document)

    # building ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.canvas = PageCanvas()
        self.canvas.describe = self._describe
        self.canvas.clicked.connect(self._select_passage)
        self.canvas.dragged.connect(self._select_range)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.canvas)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll_area.setBackgroundRole(QPalette.ColorRole.Dark)
        self.scroll_area.viewport().installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(self._toolbar())
        layout.addWidget(self.scroll_area)

    def _toolbar(self) -> QHBoxLayout:
        icon = self.style().standardIcon
        self.previous_button = _button(self.tr("Previous page"), self.previous_page)
        self.previous_button.setIcon(icon(QStyle.StandardPixmap.SP_ArrowLeft))
        self.next_button = _button(self.tr("Next page"), self.next_page)
        self.next_button.setIcon(icon(QStyle.StandardPixmap.SP_ArrowRight))
        self.page_label = QLabel()
        self.zoom_label = QLabel()
        self.fit_button = _button(self.tr("Fit width"), self.fit_width, self.tr("Fit"))
        self.fit_button.setCheckable(True)
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.page_label)
        bar.addWidget(self.next_button)
        bar.addStretch(1)
        bar.addWidget(_button(self.tr("Zoom out"), self.zoom_out, "−"))
        bar.addWidget(self.zoom_label)
        bar.addWidget(_button(self.tr("Zoom in"), self.zoom_in, "+"))
        bar.addWidget(self.fit_button)
        return bar

    # document ---------------------------------------------------------------------------------

    def show_document(self, document: DocumentId | None) -> None:
        self.images.close()
        self.document, self.pages, self.page = document, [], 0
        self._passages = self._text = None
        self._load_annotations()
        if document is None:
            self._fail(self.tr("No document"))
            return
        if self.bench.project.documents.kind(document) != "pdf":
            self._fail(self.tr("Text-only document: there is no page to show (code it in "
                               "the text)"))
            return
        try:
            self.images.open(self.bench.project.documents.pdf(document))
            self.pages = self.bench.project.documents.pages(document)
        except (PdfError, NotFoundError) as err:
            self.images.close()
            self.pages = []
            self._fail(self.tr("Cannot show this PDF: {reason}").format(reason=err))
            return
        self.page_geometry.reset(document, self.pages)
        if self.fitting:
            self.zoom = self._fit_zoom()
        self._show()
        self._follow_target(self.bench.current.target)

    def _load_annotations(self) -> None:
        document = self.document
        self.annotations = (
            self.bench.codings.visible(document, self.bench.current.coder) if document else []
        )
        self.lanes = assign_lanes(self.annotations)

    def _load_codes(self) -> None:
        self.codes = {code.id: code for code in self.bench.project.codebook.all()}

    def _on_changed(self, changes: Changes, initiator: object = None) -> None:
        if changes.codebook:
            self._load_codes()
        document = self.document
        if document is None:
            if changes.codebook:
                self._repaint_marks()
            return
        if document in changes.passages_in:
            self._reload_text()
        touched = changes.annotations_in | changes.passages_in
        if changes.codebook or changes.settings or document in touched:
            self._load_annotations()
            self._repaint_marks()

    def _coder_changed(self, _coder: str) -> None:
        """Blind mode depends on who codes: the other coders' marks may come or go."""
        if self.document is not None:
            self._load_annotations()
            self._repaint_marks()

    def _reload_text(self) -> None:
        """Re-extraction moved the text: offsets and rectangles from before are stale."""
        assert self.document is not None
        self._passages = self._text = None
        try:
            self.pages = self.bench.project.documents.pages(self.document)
        except NotFoundError:
            self.show_document(None)
            return
        self.page_geometry.reset(self.document, self.pages)
        self._show_target_rects(self.bench.current.target)

    # navigation -------------------------------------------------------------------------------

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def next_page(self) -> None:
        self.go_to_page(self.page + 1)

    def previous_page(self) -> None:
        self.go_to_page(self.page - 1)

    def go_to_page(self, number: int) -> None:
        """Show page *number* (0-based), clamped to the document."""
        if not self.pages:
            return
        number = max(0, min(number, self.page_count - 1))
        changed = number != self.page
        self.page = number
        if self.fitting:
            self.zoom = self._fit_zoom()  # pages of one PDF can differ in width
        self._show()
        if changed:
            self.scroll_area.verticalScrollBar().setValue(0)

    # zoom -------------------------------------------------------------------------------------

    def zoom_in(self) -> None:
        self._set_zoom(self.zoom * ZOOM_STEP, fitting=False)

    def zoom_out(self) -> None:
        self._set_zoom(self.zoom / ZOOM_STEP, fitting=False)

    def fit_width(self) -> None:
        self._set_zoom(self._fit_zoom(), fitting=True)

    def _set_zoom(self, zoom: float, *, fitting: bool) -> None:
        self.fitting = fitting
        self.bench.settings.setValue(FIT_KEY, fitting)
        zoom = _clamp(zoom)
        if abs(zoom - self.zoom) < 1e-4 and self._shown():
            self._show_zoom_state()
            return
        bar = self.scroll_area.verticalScrollBar()
        position = bar.value() / max(1, bar.maximum())
        self.zoom = zoom
        self.bench.settings.setValue(ZOOM_KEY, zoom)
        if self.pages:
            self._show()
            bar.setValue(round(position * bar.maximum()))
        else:
            self._show_zoom_state()

    def _fit_zoom(self) -> float:
        """Zoom at which the page fills the width, with room kept for the scroll bar.

        The room is kept even when no scroll bar shows, or the bar appearing would
        narrow the view and make the page refit back and forth.
        """
        if not self.pages:
            return self.zoom
        width = (
            self.scroll_area.width()
            - 2 * self.scroll_area.frameWidth()
            - self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
            - FIT_MARGIN
        )
        return _clamp(max(width, 1) / max(self.pages[self.page].width, 1.0))

    def _refit(self) -> None:
        if self.fitting and self.pages:
            self._set_zoom(self._fit_zoom(), fitting=True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fitting and self.pages:
            self._refit_timer.start()

    def event(self, event: QEvent) -> bool:
        """Moved to a screen of another pixel density: render sharp for that one."""
        if event.type() == QEvent.Type.DevicePixelRatioChange and self.pages:
            self._show()
        return super().event(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+wheel zooms, as in every PDF reader."""
        if (
            watched is self.scroll_area.viewport()
            and event.type() == QEvent.Type.Wheel
            and isinstance(event, QWheelEvent)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            steps = event.angleDelta().y()
            if steps > 0:
                self.zoom_in()
            elif steps < 0:
                self.zoom_out()
            return True
        return False

    # showing ----------------------------------------------------------------------------------

    def _shown(self) -> bool:
        pixmap = self.canvas.pixmap()
        return pixmap is not None and abs(self.canvas.zoom - self.zoom) < 1e-4

    def _show(self) -> None:
        """Put the current page at the current zoom on screen, codings and target included."""
        try:
            pixmap = self.images.pixmap(self.page, self.zoom, self.devicePixelRatioF())
        except PdfError as err:
            self._fail(self.tr("Cannot show page {page}: {reason}").format(
                page=self.page + 1, reason=err))
            return
        self.canvas.show_page(pixmap, self.zoom, self._marks(self.page))
        self._show_target_rects(self.bench.current.target)
        self._show_page_state()
        self._prefetch_timer.start()

    def _marks(self, page: int) -> list[Mark]:
        return self.page_geometry.marks(page, self.annotations, self.codes, self.lanes)

    def _repaint_marks(self) -> None:
        if self.pages:
            self.canvas.set_marks(self._marks(self.page))

    def _prefetch(self) -> None:
        """While the reader reads, prepare the next page so that paging on is instant."""
        following = self.page + 1
        if self.pages and following < self.page_count:
            try:
                self.images.pixmap(following, self.zoom, self.devicePixelRatioF())
            except PdfError:
                return  # shown as an error if the reader goes there
            self._marks(following)

    def _fail(self, message: str) -> None:
        self.canvas.show_message(message)
        self._show_page_state()

    def _show_page_state(self) -> None:
        count = self.page_count
        self.page_label.setText(
            self.tr("{page} / {count}").format(page=self.page + 1, count=count) if count else "–"
        )
        self.previous_button.setEnabled(count > 0 and self.page > 0)
        self.next_button.setEnabled(self.page < count - 1)
        self._show_zoom_state()

    def _show_zoom_state(self) -> None:
        self.zoom_label.setText(f"{round(self.zoom * 100)}%")
        self.fit_button.setChecked(self.fitting)

    def _describe(self, mark: Mark) -> str:
        return describe(mark.annotation, self.codes.get(mark.annotation.code_id))

    # text → page ------------------------------------------------------------------------------

    def _follow_target(self, target: Target | None) -> None:
        """Go to where the target starts, unless the reader just selected it here."""
        if target is None or target.document != self.document or not self.pages:
            self._show_target_rects(target)
            return
        if not self._selecting and not self._on_shown_page(target.start):
            self.go_to_page(self.bench.project.documents.page_of(target.document, target.start))
        rects = self._show_target_rects(target)
        if rects and not self._selecting:
            area = self.canvas.area(rects[0])
            self.scroll_area.ensureVisible(
                round(area.center().x()), round(area.center().y()),
                round(area.width() / 2) + 20, round(area.height() / 2) + 40,
            )

    def _on_shown_page(self, offset: int) -> bool:
        """Saves asking the core (which reads every page's record) when nothing moves."""
        page = self.pages[self.page]
        return page.start <= offset < page.end

    def _show_target_rects(self, target: Target | None) -> list[Rect]:
        rects = (
            self.page_geometry.rects(self.page, target.start, target.end)
            if target is not None and target.document == self.document and self.pages
            else []
        )
        self.canvas.set_target(rects)
        return rects

    # page → text ------------------------------------------------------------------------------

    @contextmanager
    def _own_selection(self) -> Iterator[None]:
        """The target comes from this page: keep the page and the scroll position still."""
        self._selecting = True
        try:
            yield
        finally:
            self._selecting = False

    def _offset_at(self, point: QPointF) -> int | None:
        assert self.document is not None
        return self.bench.project.documents.offset_at(
            self.document, self.pages[self.page].number, point.x(), point.y()
        )

    def _select_range(self, press: QPointF, release: QPointF) -> None:
        if self.document is None or not self.pages:
            return
        first, last = self._offset_at(press), self._offset_at(release)
        if first is None or last is None:
            return  # a page without text (a scan)
        start, end = self._trim(min(first, last), max(first, last) + 1)
        if start < end:
            with self._own_selection():
                self.bench.current.set_target(Target(self.document, start, end))

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        """Whitespace at the edges is never what the reader meant to code."""
        if self._text is None:
            assert self.document is not None
            self._text = self.bench.project.documents.text(self.document)
        text = self._text
        end = min(end, len(text))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end

    def _select_passage(self, point: QPointF) -> None:
        if self.document is None or not self.pages:
            return
        offset = self._offset_at(point)
        passage = self.passage_at(offset) if offset is not None else None
        if passage is not None and self._covers(passage, point):
            with self._own_selection():
                self.bench.current.set_target(
                    Target(passage.document_id, passage.start, passage.end, passage.id)
                )

    def _covers(self, passage: PassageRow, point: QPointF) -> bool:
        """The click is on the passage's text, not in a margin near it."""
        near = CLICK_SLACK
        return any(
            rect.x0 - near <= point.x() <= rect.x1 + near
            and rect.y0 - near <= point.y() <= rect.y1 + near
            for rect in self.page_geometry.rects(self.page, passage.start, passage.end)
        )

    def passage_at(self, offset: int) -> PassageRow | None:
        if self._passages is None:
            assert self.document is not None
            self._passages = self.bench.project.documents.passages(self.document)
        return next((p for p in self._passages if p.start <= offset < p.end), None)


# helpers --------------------------------------------------------------------------------------


def _button(tip: str, slot: Callable[[], None], text: str = "") -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAutoRaise(True)
    button.clicked.connect(slot)
    return button


def _single_shot(parent: QObject, delay_ms: int, slot: Callable[[], None]) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(delay_ms)
    timer.timeout.connect(slot)
    return timer


def _clamp(zoom: float) -> float:
    return max(MIN_ZOOM, min(MAX_ZOOM, zoom))


def _float_setting(bench: Workbench, key: str, default: float) -> float:
    """An ini file hands back strings; a hand-edited one may hold anything."""
    value = bench.settings.value(key, default)
    try:
        return float(value) if isinstance(value, int | float | str) else default
    except ValueError:
        return default


def _bool_setting(bench: Workbench, key: str, default: bool) -> bool:
    value = bench.settings.value(key, default)
    if isinstance(value, str):
        return value.lower() in ("true", "1", "yes")
    return bool(value)
