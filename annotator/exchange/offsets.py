"""What a producer's `startPosition`/`endPosition` count, and where they land in our text.

The standard says Unicode code points (§10.2). NVivo (Windows and Mac 12.x, measured)
writes UTF-16 code units instead; they part from code points only at characters outside
the BMP (emoji, 𠮷), each one unit more. NVivo also counts a CRLF as two and does not
count the UTF-8 BOM, i.e. it counts in the text file as written minus its BOM, which is
the "raw" text here. We store the text with line ends made LF, so a position goes
raw unit → raw code point → stored code point.

The unit is chosen per source: the producer's habit (`origin`) first, then checked against
the text: each candidate unit is scored by how many spans land on word and character
boundaries (a wrong unit puts spans after astral characters one off, mid-word, or inside
a surrogate pair), and by quotes the file gives in a selection's name. QualCoder's own
importer takes every file's positions as code points, which shifts NVivo spans; not here.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

CODE_POINTS, UTF16 = "code points", "UTF-16 code units"


@dataclass(frozen=True)
class Decoded:
    text: str  # as stored: no BOM, line ends LF
    unit: str  # CODE_POINTS | UTF16
    reason: str  # why that unit, for the report
    spans: list[tuple[int, int] | None]  # per selection, code points of `text`; None: off


def decode(data: bytes) -> str:
    """A plain-text source file as producers write it: UTF-8 (BOM or not) or UTF-16 (BOM)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def normalize(raw: str) -> str:
    return raw.replace("\r\n", "\n").replace("\r", "\n")


def producer_unit(origin: str) -> str:
    return UTF16 if "nvivo" in origin.lower() else CODE_POINTS


def place(raw: str, positions: Sequence[tuple[int, int]], origin: str,
          quotes: Sequence[str] = ()) -> Decoded:
    """Decode `positions` (start, end as the file states them) into the stored text."""
    text = normalize(raw)
    mapper = _Mapper(raw)
    preferred = producer_unit(origin)
    other = CODE_POINTS if preferred == UTF16 else UTF16
    if not mapper.astral:
        spans = [mapper.span(s, e, CODE_POINTS) for s, e in positions]
        why = ("the text has no characters outside the BMP, where the two differ"
               if positions else "no selections")
        return Decoded(text, preferred, why, spans)
    scored = {}
    for unit in (preferred, other):
        spans = [mapper.span(s, e, unit) for s, e in positions]
        scored[unit] = (_score(text, spans, quotes), spans)
    unit = preferred if scored[preferred][0] >= scored[other][0] else other
    if unit == preferred:
        why = f"as {origin or 'the producer'} writes them; spans land on word boundaries"
    else:
        why = (f"not as {origin or 'the producer'} usually writes them: only {unit} put the "
               f"spans on word boundaries")
    return Decoded(text, unit, why, scored[unit][1])


class _Mapper:
    """Raw positions (code points or UTF-16 units) → code points of the normalized text."""

    def __init__(self, raw: str) -> None:
        self.size = len(raw)
        wide = [1 if ord(ch) > 0xFFFF else 0 for ch in raw]
        self.astral = any(wide)
        # units[i]: UTF-16 units before code point i (i = 0 … size)
        self._units = list(accumulate(wide, initial=0)) if self.astral else []
        crlf = [1 if ch == "\r" and raw[i + 1:i + 2] == "\n" else 0 for i, ch in enumerate(raw)]
        self._dropped = list(accumulate(crlf, initial=0)) if any(crlf) else []

    def span(self, start: int, end: int, unit: str) -> tuple[int, int] | None:
        lo, hi = self._point(start, unit), self._point(end, unit)
        if lo is None or hi is None or not 0 <= lo < hi:
            return None
        return lo, hi

    def _point(self, position: int, unit: str) -> int | None:
        if unit == UTF16 and self.astral:
            units = self._units
            # code point i starts at UTF-16 unit i + units[i]; find the one at `position`
            i = _index(units, position)
            if i is None:
                return None
        else:
            i = position
        if not 0 <= i <= self.size:
            return None
        return i - self._dropped[i] if self._dropped else i


def _index(units: list[int], position: int) -> int | None:
    """The code point index i with i + units[i] == position (None: inside a surrogate pair)."""
    lo, hi = 0, len(units) - 1
    if position < 0 or position > hi + units[hi]:
        return None
    while lo < hi:  # i + units[i] is strictly increasing
        mid = (lo + hi) // 2
        if mid + units[mid] < position:
            lo = mid + 1
        else:
            hi = mid
    return lo if lo + units[lo] == position else None


def _score(text: str, spans: Sequence[tuple[int, int] | None],
           quotes: Sequence[str]) -> int:
    score = 0
    for number, span in enumerate(spans):
        if span is None:
            score -= 10
            continue
        start, end = span
        score += _boundary(text, start) + _boundary(text, end)
        quote = quotes[number].rstrip("…").strip() if number < len(quotes) else ""
        if len(quote) >= 8:
            score += 4 if text[start:end].startswith(quote) else -2
    return score


def _boundary(text: str, at: int) -> int:
    if at <= 0 or at >= len(text):
        return 1
    return 0 if text[at - 1].isalnum() and text[at].isalnum() else 1

