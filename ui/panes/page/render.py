"""Page images for the page view: one open PDF, rendered pages kept while they are reused.

Rasterising a page costs tens of milliseconds, while flipping back and forth between
two pages or repainting highlights happens all the time, so pixmaps are kept per
(page, zoom) in a small least-recently-used cache. The PDF stays open as long as its
document is current: reopening it for every page would parse the file again each time.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtGui import QImage, QPixmap

from annotator.pdf.reader import PdfFile, RenderedPage

CACHE_BYTES = 96 * 1024 * 1024  # a dozen A4 pages at 150 %, fewer when zoomed in on HiDPI


def to_pixmap(page: RenderedPage, device_ratio: float = 1.0) -> QPixmap:
    """Copy PyMuPDF's RGB bytes into a pixmap (the bytes need not outlive this call)."""
    image = QImage(page.samples, page.width, page.height, page.stride, QImage.Format.Format_RGB888)
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(device_ratio)
    return pixmap


def _zoom_key(zoom: float) -> int:
    """Zooms a rounding error apart (fit width recomputed) share one cache entry."""
    return round(zoom * 10_000)


class PageImages:
    """The current document's PDF and its recently shown pages."""

    def __init__(self, budget: int = CACHE_BYTES) -> None:
        self._pdf: PdfFile | None = None
        self._budget = budget
        self._cache: OrderedDict[tuple[int, int, int], QPixmap] = OrderedDict()
        self._bytes = 0

    def __len__(self) -> int:
        """Pages kept rendered."""
        return len(self._cache)

    @property
    def page_count(self) -> int:
        return self._pdf.page_count if self._pdf is not None else 0

    def open(self, data: bytes) -> None:
        """Replace the open PDF; raises PdfError if MuPDF cannot open the file."""
        self.close()
        self._pdf = PdfFile(data)

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None
        self.clear()

    def clear(self) -> None:
        self._cache.clear()
        self._bytes = 0

    def pixmap(self, number: int, zoom: float, device_ratio: float = 1.0) -> QPixmap:
        """The page at *zoom* logical pixels per point, sharp on high-DPI screens.

        Raises PdfError if MuPDF fails on this page and ValueError when no PDF is open.
        """
        if self._pdf is None:
            raise ValueError("no PDF is open")
        key = (number, _zoom_key(zoom), _zoom_key(device_ratio))
        pixmap = self._cache.get(key)
        if pixmap is None:
            rendered = self._pdf.render(number, zoom * device_ratio)
            pixmap = to_pixmap(rendered, device_ratio)
            self._keep(key, pixmap)
        else:
            self._cache.move_to_end(key)
        return pixmap

    def _keep(self, key: tuple[int, int, int], pixmap: QPixmap) -> None:
        """Cache *pixmap*, dropping the least recently shown pages beyond the budget."""
        self._cache[key] = pixmap
        self._bytes += _size(pixmap)
        while self._bytes > self._budget and len(self._cache) > 1:
            _, dropped = self._cache.popitem(last=False)
            self._bytes -= _size(dropped)


def _size(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * max(pixmap.depth(), 8) // 8
