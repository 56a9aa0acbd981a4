"""Code points ↔ UTF-16 units, the one place where Qt's counting meets ours.

The core counts code points (Python str indices); Qt's text classes count UTF-16
units, so 𠮷 is one in the core and two in Qt. Only astral characters differ, so
we keep their positions and convert with a binary search.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right


class Utf16Map:
    def __init__(self, text: str) -> None:
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        # UTF-16 index just past each astral character's surrogate pair
        self._ends = [cp + n + 2 for n, cp in enumerate(self._astral)]
        self.length = len(text)

    def to_qt(self, cp: int) -> int:
        return cp + bisect_left(self._astral, cp)

    def from_qt(self, unit: int) -> int:
        """A unit inside a surrogate pair maps to the end of that character."""
        return min(unit - bisect_right(self._ends, unit), self.length)
