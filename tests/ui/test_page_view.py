"""The page view: rendering, zoom and paging, and the target synced both ways."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSettings, Qt
from PySide6.QtGui import QHelpEvent, QUndoStack, QWheelEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from annotator.changes import Changes
from annotator.documents.service import Rect
from annotator.ids import DocumentId
from annotator.project import Project
from annotator.records import Target
from tests.support.samples import import_text
from ui.panes.page.render import PageImages
from ui.panes.page.view import ZOOM_STEP, PageView
from ui.workbench import Bus, Current, Workbench

PAGES = [
    "第一頁の本文です。\n二行目の文章があります。",
    "第二頁には交付金の説明。\n𠮷野家の人材育成について",  # runs on onto the next page
    "三頁目の本文。\n研修の　人材　を確保する。",
]
PAGE_WIDTH = 595.0


@pytest.fixture
def document(project: Project) -> DocumentId:
    return import_text(project, PAGES)


@pytest.fixture
def bench(qtbot: QtBot, project: Project, tmp_path: Path) -> Workbench:
    del qtbot  # the QApplication must exist before any QObject
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    return Workbench(project, Bus(), Current("ann"), QUndoStack(), settings)


def make_view(qtbot: QtBot, bench: Workbench) -> PageView:
    view = PageView(bench)
    qtbot.addWidget(view)
    view.resize(720, 900)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def view(qtbot: QtBot, bench: Workbench, document: DocumentId) -> PageView:
    shown = make_view(qtbot, bench)
    bench.current.set_document(document)
    return shown


def text_of(bench: Workbench, document: DocumentId) -> str:
    return bench.project.documents.text(document)


def char_rect(bench: Workbench, document: DocumentId, offset: int) -> Rect:
    (rect,) = bench.project.documents.rects(document, offset, offset + 1)
    return rect


def centre(view: PageView, rect: Rect) -> QPoint:
    """Where a character sits on the canvas (PDF points × zoom)."""
    return view.canvas.area(rect).center().toPoint()


def drag(qtbot: QtBot, view: PageView, start: QPoint, end: QPoint) -> None:
    canvas = view.canvas
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2))
    qtbot.mouseMove(canvas, end)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)


def drag_over(qtbot: QtBot, view: PageView, document: DocumentId, start: int, end: int) -> None:
    """Drag from the first to the last character of text[start:end]."""
    bench = view.bench
    drag(qtbot, view, centre(view, char_rect(bench, document, start)),
         centre(view, char_rect(bench, document, end - 1)))


def scaled(rects: list[Rect], zoom: float) -> list[QRectF]:
    return [QRectF(r.x0 * zoom, r.y0 * zoom, (r.x1 - r.x0) * zoom, (r.y1 - r.y0) * zoom)
            for r in rects]


def same_areas(found: list[QRectF], expected: list[QRectF]) -> bool:
    return len(found) == len(expected) and all(
        abs(a.x() - b.x()) < 1e-6 and abs(a.y() - b.y()) < 1e-6
        and abs(a.width() - b.width()) < 1e-6 and abs(a.height() - b.height()) < 1e-6
        for a, b in zip(found, expected, strict=True)
    )


def shown_width(view: PageView) -> int:
    pixmap = view.canvas.pixmap()
    assert pixmap is not None
    assert view.canvas.size() == pixmap.deviceIndependentSize().toSize()
    return pixmap.width()


# rendering, zoom, paging ------------------------------------------------------------------------


def test_page_fits_the_width_on_opening(view: PageView) -> None:
    assert view.fitting and view.fit_button.isChecked()
    assert view.page == 0 and view.page_label.text() == "1 / 3"
    assert abs(shown_width(view) - PAGE_WIDTH * view.zoom) <= 1
    assert 0 < view.scroll_area.viewport().width() - shown_width(view) <= 24


def test_zoom_in_and_out_resize_the_page(view: PageView, bench: Workbench) -> None:
    fitted = view.zoom
    view.zoom_in()
    assert view.zoom == pytest.approx(fitted * ZOOM_STEP)
    assert abs(shown_width(view) - PAGE_WIDTH * view.zoom) <= 1
    assert not view.fitting and not view.fit_button.isChecked()
    view.zoom_out()
    view.zoom_out()
    assert view.zoom == pytest.approx(fitted / ZOOM_STEP)
    assert abs(shown_width(view) - PAGE_WIDTH * view.zoom) <= 1
    assert view.zoom_label.text() == f"{round(view.zoom * 100)}%"
    assert float(bench.settings.value("page/zoom")) == pytest.approx(view.zoom)
    view.fit_width()
    assert view.fitting and view.zoom == pytest.approx(fitted)


def test_zoom_is_remembered(qtbot: QtBot, bench: Workbench, document: DocumentId) -> None:
    bench.settings.setValue("page/fit", False)
    bench.settings.setValue("page/zoom", 1.5)
    view = make_view(qtbot, bench)
    bench.current.set_document(document)
    assert not view.fitting and view.zoom == pytest.approx(1.5)
    assert abs(shown_width(view) - PAGE_WIDTH * 1.5) <= 1


def test_resizing_refits_only_in_fit_mode(qtbot: QtBot, view: PageView) -> None:
    before = view.zoom
    view.resize(1000, 900)
    qtbot.waitUntil(lambda: view.zoom > before * 1.2)
    assert abs(shown_width(view) - PAGE_WIDTH * view.zoom) <= 1
    view.zoom_in()
    zoomed = view.zoom
    view.resize(600, 900)
    qtbot.wait(120)
    assert view.zoom == zoomed


def test_ctrl_wheel_zooms(view: PageView) -> None:
    fitted = view.zoom
    viewport = view.scroll_area.viewport()
    centre_ = QPointF(viewport.rect().center())
    wheel = QWheelEvent(centre_, QPointF(viewport.mapToGlobal(centre_)), QPoint(0, 0),
                        QPoint(0, 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(viewport, wheel)
    assert view.zoom == pytest.approx(fitted * ZOOM_STEP)


def test_paging_clamps_at_both_ends(view: PageView) -> None:
    view.next_page()
    assert view.page == 1 and view.page_label.text() == "2 / 3"
    view.next_page()
    view.next_page()
    assert view.page == 2 and not view.next_button.isEnabled()
    view.previous_page()
    assert view.page == 1 and view.previous_button.isEnabled()
    view.go_to_page(99)
    assert view.page == 2
    view.go_to_page(-4)
    assert view.page == 0 and not view.previous_button.isEnabled()
    view.previous_page()
    assert view.page == 0


def test_page_requested_shows_that_page(view: PageView, bench: Workbench) -> None:
    bench.current.page_requested.emit(2)
    assert view.page == 2 and view.page_label.text() == "3 / 3"


def test_no_document_shows_no_page(view: PageView, bench: Workbench) -> None:
    bench.current.set_document(None)
    assert view.canvas.pixmap() is None and view.page_count == 0
    view.next_page()
    view.zoom_in()
    assert view.page == 0


# text → page -----------------------------------------------------------------------------------


def test_target_on_another_page_is_shown_highlighted(
    view: PageView, bench: Workbench, document: DocumentId
) -> None:
    start = text_of(bench, document).index("人材")
    bench.current.set_target(Target(document, start, start + 2))
    assert view.page == 1
    expected = bench.project.documents.rects(document, start, start + 2)
    assert same_areas(view.canvas.target_areas(), scaled(expected, view.zoom))
    bench.current.set_target(None)
    assert view.canvas.target_areas() == []


def test_target_scrolls_into_view(view: PageView, bench: Workbench, document: DocumentId) -> None:
    view.zoom_in()
    view.zoom_in()
    view.zoom_in()
    start = text_of(bench, document).index("を確保")
    bench.current.set_target(Target(document, start, start + 3))
    area = view.canvas.target_areas()[0]
    top = view.scroll_area.verticalScrollBar().value()
    left = view.scroll_area.horizontalScrollBar().value()
    viewport = view.scroll_area.viewport().rect().translated(left, top)
    assert view.page == 2 and viewport.contains(area.toRect())


def test_target_of_another_document_is_not_drawn(
    view: PageView, bench: Workbench, document: DocumentId
) -> None:
    other = import_text(bench.project, ["別の文書です。"], name="other.pdf")
    bench.current.set_target(Target(other, 0, 3))
    assert view.page == 0 and view.canvas.target_areas() == []


# page → text -----------------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["交付金", "人材", "𠮷野家"])
def test_dragging_over_a_word_selects_it(
    qtbot: QtBot, view: PageView, bench: Workbench, document: DocumentId, word: str
) -> None:
    text = text_of(bench, document)
    start = text.index(word)
    view.go_to_page(1)
    drag_over(qtbot, view, document, start, start + len(word))
    assert bench.current.target == Target(document, start, start + len(word))
    assert text[start:start + len(word)] == word
    assert view.page == 1


def test_dragging_backwards_selects_the_same_word(
    qtbot: QtBot, view: PageView, bench: Workbench, document: DocumentId
) -> None:
    start = text_of(bench, document).index("人材")  # after 𠮷: one code point, not two
    view.go_to_page(1)
    drag(qtbot, view, centre(view, char_rect(bench, document, start + 1)),
         centre(view, char_rect(bench, document, start)))
    assert bench.current.target == Target(document, start, start + 2)


def test_dragging_trims_spaces(
    qtbot: QtBot, view: PageView, bench: Workbench, document: DocumentId
) -> None:
    text = text_of(bench, document)
    spaced = text.index("　人材　")
    view.go_to_page(2)
    drag_over(qtbot, view, document, spaced, spaced + 4)
    assert bench.current.target == Target(document, spaced + 1, spaced + 3)


def test_dragging_over_two_lines_keeps_the_page(
    qtbot: QtBot, view: PageView, bench: Workbench, document: DocumentId
) -> None:
    text = text_of(bench, document)
    start, end = text.index("説明"), text.index("人材") + 2
    view.go_to_page(1)
    drag_over(qtbot, view, document, start, end)
    assert bench.current.target == Target(document, start, end)
    assert len(view.canvas.target_areas()) == 2 and view.page == 1


def test_clicking_selects_the_passage(
    qtbot: QtBot, view: PageView, bench: Workbench, document: DocumentId
) -> None:
    offset = text_of(bench, document).index("交付")
    (passage,) = [p for p in bench.project.documents.passages(document)
                  if p.start <= offset < p.end]
    view.go_to_page(1)
    qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton,
                     pos=centre(view, char_rect(bench, document, offset)))
    assert bench.current.target == Target(document, passage.start, passage.end, passage.id)


def test_clicking_the_margin_selects_nothing(
    qtbot: QtBot, view: PageView, bench: Workbench, document: DocumentId
) -> None:
    first = char_rect(bench, document, 0)
    qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton,
                     pos=centre(view, Rect(0, first.x0, 400, first.x1, 420)))
    assert bench.current.target is None


def test_clicking_a_passage_that_began_on_the_page_before_stays(
    qtbot: QtBot, view: PageView, bench: Workbench, document: DocumentId
) -> None:
    offset = text_of(bench, document).index("三頁目")
    (passage,) = [p for p in bench.project.documents.passages(document)
                  if p.start <= offset < p.end]
    assert passage.page == 1 and passage.page_end == 2
    view.go_to_page(2)
    qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton,
                     pos=centre(view, char_rect(bench, document, offset)))
    assert bench.current.target == Target(document, passage.start, passage.end, passage.id)
    assert view.page == 2
    on_page = bench.project.documents.rects(document, offset, passage.end)
    assert same_areas(view.canvas.target_areas(), scaled(on_page, view.zoom))


# codings ---------------------------------------------------------------------------------------


def tag(bench: Workbench, target: Target, code: str, memo: str = "") -> None:
    changes = bench.project.coding.tag(target, code, "ann", memo).changes
    bench.bus.publish(changes)


def test_codings_are_painted_in_their_colour(
    view: PageView, bench: Workbench, document: DocumentId
) -> None:
    text = text_of(bench, document)
    start = text.index("交付金")
    view.go_to_page(1)
    assert view.canvas.marks == []
    tag(bench, Target(document, start, start + 3), "finance", "補助金の話")
    tag(bench, Target(document, start + 1, start + 7), "authority")
    colours = {c.key: c.color for c in bench.project.codebook.all()}
    marks = view.canvas.marks
    assert {(m.color, m.rect) for m in marks} == {
        (colours["finance"], r) for r in bench.project.documents.rects(document, start, start + 3)
    } | {(colours["authority"], r)
         for r in bench.project.documents.rects(document, start + 1, start + 7)}
    assert len({m.lane for m in marks}) == 2  # overlapping codes are stacked, both visible
    tip = "\n".join(view.canvas.describe(m) for m in view.canvas.marks_at(
        QPointF(centre(view, char_rect(bench, document, start + 1)))))
    assert "finance" in tip and "authority" in tip and "ann" in tip and "補助金の話" in tip


def test_codings_on_other_pages_are_not_painted(
    view: PageView, bench: Workbench, document: DocumentId
) -> None:
    start = text_of(bench, document).index("交付金")
    tag(bench, Target(document, start, start + 3), "finance")
    assert view.page == 0 and view.canvas.marks == []
    view.next_page()
    assert len(view.canvas.marks) == 1


def test_recolouring_a_code_repaints(
    view: PageView, bench: Workbench, document: DocumentId
) -> None:
    tag(bench, Target(document, 0, 4), "finance")
    code = bench.project.codebook.get("finance")
    bench.bus.publish(bench.project.codebook.update(code.id, color="#123456").changes)
    assert [m.color for m in view.canvas.marks] == ["#123456"]


def test_new_passages_are_used_after_reextraction(
    qtbot: QtBot, view: PageView, bench: Workbench, document: DocumentId
) -> None:
    offset = text_of(bench, document).index("本文")
    point = centre(view, char_rect(bench, document, offset))
    qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton, pos=point)
    first = bench.current.target
    assert first is not None and first.passage is not None
    bench.current.set_target(None)
    bench.bus.publish(Changes(passages_in=frozenset({document})))
    assert view.page_count == 3 and view.canvas.pixmap() is not None
    qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton, pos=point)
    assert bench.current.target == first


def test_hovering_a_coding_shows_who_coded_it(
    qtbot: QtBot, view: PageView, bench: Workbench, document: DocumentId
) -> None:
    start = text_of(bench, document).index("本文")
    tag(bench, Target(document, start, start + 2), "finance", "要確認")
    point = centre(view, char_rect(bench, document, start))
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.canvas.mapToGlobal(point))
    QApplication.sendEvent(view.canvas, event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert "finance" in QToolTip.text() and "ann" in QToolTip.text()
    assert "要確認" in QToolTip.text()


def test_page_cache_keeps_to_its_budget(qtbot: QtBot, project: Project,
                                         document: DocumentId) -> None:
    del qtbot
    a4_at_100 = 595 * 842 * 4
    images = PageImages(budget=int(2.5 * a4_at_100))
    images.open(project.documents.pdf(document))
    first = images.pixmap(0, 1.0)
    assert images.pixmap(0, 1.0).cacheKey() == first.cacheKey()  # kept, not rendered again
    images.pixmap(1, 1.0)
    images.pixmap(2, 1.0)
    assert len(images) == 2
    assert images.pixmap(0, 1.0).cacheKey() != first.cacheKey()  # the oldest went
    images.pixmap(0, 3.0)  # over budget alone: still kept, being the page on screen
    assert len(images) == 1
    images.close()
    assert len(images) == 0 and images.page_count == 0
