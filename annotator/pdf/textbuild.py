"""Assembling a document's text while keeping each character's box on its page.

The extractor appends characters with their boxes and inserts its own separators
(which have no box); the result maps every code point of the text to a page and a
rectangle, which is what highlighting on the rendered page needs.
"""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass

Box = tuple[float, float, float, float]
NO_BOX: Box = (math.nan, math.nan, math.nan, math.nan)


@dataclass(frozen=True)
class PageText:
    number: int
    width: float
    height: float
    start: int
    end: int
    boxes: bytes  # float32 x0, y0, x1, y1 per character of text[start:end]
    needs_ocr: bool = False
    garbled: bool = False
    furniture: tuple[str, ...] = ()
    ocr: bool = False  # its text (or part of it) was read by OCR
    confidence: bytes = b""  # OCR pages: 0..100 per character of the slice, 255 = not OCR'd


class TextBuilder:
    """Text plus a parallel float32 array of boxes; pages are contiguous slices of it."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._boxes = array("f")
        self._length = 0
        self._page_start = 0
        self.pages: list[PageText] = []

    @property
    def length(self) -> int:
        return self._length

    def char(self, char: str, box: Box) -> None:
        self._parts.append(char)
        self._boxes.extend(box)
        self._length += 1

    def chars(self, text: str, boxes: list[Box]) -> None:
        self._parts.append(text)
        for box in boxes:
            self._boxes.extend(box)
        self._length += len(text)

    def gap(self, text: str) -> None:
        """Characters the extractor adds (a space, a line break): they have no box."""
        self._parts.append(text)
        self._boxes.extend(NO_BOX * len(text))
        self._length += len(text)

    def ends_with(self, suffix: str) -> bool:
        return "".join(self._parts[-len(suffix):]).endswith(suffix) if self._parts else False

    def end_page(self, number: int, width: float, height: float, *, needs_ocr: bool = False,
                 garbled: bool = False, furniture: tuple[str, ...] = ()) -> None:
        start, end = self._page_start, self._length
        boxes = self._boxes[start * 4:end * 4].tobytes()
        self.pages.append(PageText(number, width, height, start, end, boxes, needs_ocr,
                                   garbled, furniture))
        self._page_start = end

    def text(self) -> str:
        return "".join(self._parts)


def unpack_boxes(blob: bytes, start: int = 0, end: int | None = None) -> list[Box | None]:
    """The boxes of characters [start, end) of a page; None for ones the extractor inserted.

    Only the slice asked for is decoded: a page holds a thousand boxes, a coding a few.
    """
    values = array("f")
    values.frombytes(blob[start * 16:None if end is None else end * 16])
    result: list[Box | None] = []
    for i in range(0, len(values), 4):
        x0 = values[i]
        result.append(None if math.isnan(x0) else (x0, values[i + 1], values[i + 2], values[i + 3]))
    return result
