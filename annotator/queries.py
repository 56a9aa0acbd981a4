"""Reads that several services share: which spans hold or overlap a range, which page
holds an offset. One implementation each, so review, re-extraction, export and the
workbench cannot disagree about where a coding is."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from typing import Generic, TypeVar

K = TypeVar("K")


class SpanIndex(Generic[K]):
    """Spans [start, end) with keys, found by bisection; spans may nest or overlap."""

    def __init__(self, spans: Sequence[tuple[int, int, K]]) -> None:
        ordered = sorted(spans, key=lambda span: (span[0], span[1]))
        self._starts = [start for start, _end, _key in ordered]
        self._ends = [end for _start, end, _key in ordered]
        self._keys = [key for _start, _end, key in ordered]
        self._reach: list[int] = []  # the furthest end of any span up to here
        for end in self._ends:
            self._reach.append(max(end, self._reach[-1]) if self._reach else end)

    def overlapping(self, start: int, end: int) -> Iterator[K]:
        """Keys of the spans sharing a character with [start, end), latest start first."""
        k = bisect_left(self._starts, end) - 1  # spans starting before the range ends
        while k >= 0 and self._reach[k] > start:
            if self._ends[k] > start:
                yield self._keys[k]
            k -= 1

    def containing(self, start: int, end: int) -> K | None:
        """The innermost (latest-starting) span holding all of [start, end), if any."""
        k = bisect_right(self._starts, start) - 1
        while k >= 0 and self._reach[k] >= end:
            if self._ends[k] >= end:
                return self._keys[k]
            k -= 1
        return None


class PageIndex:
    """Which page holds an offset, from each page's first offset (0-based page numbers)."""

    def __init__(self, pages: Sequence[tuple[int, int]]) -> None:
        """`pages`: (start offset, page number) of each page."""
        ordered = sorted(pages)
        self._starts = [start for start, _number in ordered]
        self._numbers = [number for _start, number in ordered]

    def page_of(self, offset: int) -> int:
        """0-based page holding `offset`: the last page starting at or before it (page 0
        for an offset before every page, and for a document without pages)."""
        at = bisect_right(self._starts, offset) - 1
        return self._numbers[max(at, 0)] if self._numbers else 0

    def __bool__(self) -> bool:
        return bool(self._numbers)
