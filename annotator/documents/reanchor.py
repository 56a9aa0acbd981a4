"""Re-anchoring codings on a new extraction of the same document, by their quoted text.

A coding is a range [start, end) of the old text plus the quote it covered. After a new
extraction the same words may sit elsewhere, with other line breaks, without a running
header or a page number. Each coding gets a new range and one of four statuses:

- ``exact``: the quote, verbatim, where the alignment of the two texts puts it;
- ``moved``: the quote, verbatim, somewhere else (the occurrence nearest to where the
  alignment expected it; far away only for quotes long enough to be unambiguous);
- ``fuzzy``: not verbatim, but the same text once whitespace is ignored (a line break the
  new extractor removed, 'デ\\nジタル' → 'デジタル'), or once page furniture the new
  extractor took out is removed from the quote, or similar text (difflib ratio ≥ 0.8)
  near where it was expected;
- ``lost``: none of these; the old offsets, clamped to the new text, keep the coding a valid
  range (start < end) so that nothing is dropped and a person can re-code it.

Alignment. Both texts are compared "loose": whitespace dropped and full-width ASCII folded,
with a table from each loose character back to its code point in the real text. The loose
texts are anchored on 8-grams that occur exactly once in each (tried every third old
position, and kept only where neighbouring grams agree, which shrugs off chance matches).
An old offset maps through the nearest anchor, before or after it, so a reordered block or
a removed header only blurs the mapping locally.

Placing one coding, first hit wins: (1) the quote verbatim at the expected offset, exact;
(2) the occurrence nearest to it within NEAR code points of the quote verbatim (moved) or of
its loose form (fuzzy); (3) the same for the loose quote without the new extraction's page
furniture; (4) difflib similarity in a window around the expected offset (a long quote by
its head and its tail); (5) for quotes of FAR_QUOTE loose characters or more, the nearest
occurrence anywhere; (6) lost. Everything is linear in the text length: 1,000 codings on
a 300,000-character text take about half a second.

Pure functions, no database: offsets are code points (Python str indices) throughout, so
characters outside the BMP such as 𠮷 count as one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import compress
from operator import not_
from typing import TypeVar

from annotator.kinds import Anchor

EXACT, MOVED, FUZZY, LOST = Anchor.EXACT, Anchor.MOVED, Anchor.FUZZY, Anchor.LOST
STATUSES = (EXACT, MOVED, FUZZY, LOST)  # from best to worst

GRAM = 8  # anchor k-gram length, in loose characters
STEP = 3  # an anchor is tried every STEP loose characters of the old text
MIN_RATIO = 0.8  # difflib similarity a fuzzy match needs
NEAR = 2000  # code points around the expected position searched first
FAR_QUOTE = 12  # loose characters a quote needs before a far-away occurrence is trusted
_MAX_BLOCKS = 200  # matching blocks considered when choosing a fuzzy span
_LONG = 256  # loose characters above which a quote is fuzzy-matched by its head and tail
_PROBE = 128  # loose characters of that head and tail

_WHITESPACE = [c for c in range(0x3001) if chr(c).isspace()]  # U+3000 is the last one
_LOOSE = str.maketrans({**dict.fromkeys(_WHITESPACE), **{c: c - 0xFEE0 for c in
                                                         range(0xFF01, 0xFF5F)}})

_FULL_WIDTH = re.compile("[\uff01-\uff5e]+")

Key = TypeVar("Key")


@dataclass(frozen=True)
class Placement:
    start: int
    end: int
    status: str  # exact | moved | fuzzy | lost


def loose(text: str) -> str:
    """Whitespace dropped, full-width ASCII folded (one loose character per kept character)."""
    return text.translate(_LOOSE)


def worst(*statuses: str) -> str:
    """The least certain of some statuses (exact < moved < fuzzy < lost)."""
    return max(statuses, key=STATUSES.index)


def reanchor(old_text: str, new_text: str, codings: Iterable[tuple[Key, int, int, str]],
             furniture: Iterable[str] = ()) -> dict[Key, Placement]:
    """A new range and status for each (id, start, end, quote) of `old_text` in `new_text`.

    `furniture` lists running headers, footers and page numbers the new extraction took out
    of the text; a quote that contained one is matched without it.
    """
    placer = Placer(old_text, new_text, furniture)
    return {key: placer.place(start, end, quote) for key, start, end, quote in codings}


class Placer:
    """The alignment of one old text with one new text, built once for all its codings."""

    def __init__(self, old_text: str, new_text: str, furniture: Iterable[str] = ()) -> None:
        self.old = old_text
        self.new = new_text
        self._same = old_text == new_text
        pieces = sorted({f for f in map(loose, furniture) if len(f) >= 2}, key=len, reverse=True)
        self._furniture = re.compile("|".join(map(re.escape, pieces))) if pieces else None
        self._aligned = False
        self._old_pos: list[int] = []
        self._new_pos: list[int] = []
        self._new_loose = ""
        self._anchor_old: list[int] = []
        self._anchor_new: list[int] = []

    def place(self, start: int, end: int, quote: str) -> Placement:
        new = self.new
        if not new:
            return Placement(0, 0, LOST)  # nothing to point at (the caller must not store it)
        if not quote:
            return self._lost(start, end)
        if self._same and new[start:end] == quote:
            return Placement(start, end, EXACT)
        self._align()
        spot = bisect_left(self._old_pos, start)  # loose index of the quote's first character
        expected_loose = self._map(spot)
        lead = len(quote) - len(quote.lstrip())
        expected = max(0, self._offset(expected_loose) - lead)
        if new.startswith(quote, expected):
            return Placement(expected, expected + len(quote), EXACT)
        radius = max(NEAR, 4 * len(quote))
        found = _nearest(new, quote, expected, radius)
        loose_quote = loose(quote)
        near = self._loose_nearest(loose_quote, expected_loose, radius)
        if found is not None and (near is None or abs(found - expected)
                                  <= abs(near.start - expected) + len(quote)):
            return Placement(found, found + len(quote), MOVED)
        if near is not None:
            return near
        if not loose_quote:
            return self._lost(start, end)
        stripped = self._furniture.sub("", loose_quote) if self._furniture else loose_quote
        if stripped and stripped != loose_quote:
            near = self._loose_nearest(stripped, expected_loose, radius)
            if near is not None:
                return near
        similar = self._similar(stripped or loose_quote, expected_loose)
        if similar is not None:
            return similar
        if len(loose_quote) >= FAR_QUOTE:
            found = _nearest(new, quote, expected, None)
            if found is not None:
                return Placement(found, found + len(quote), MOVED)
            far = self._loose_nearest(loose_quote, expected_loose, None)
            if far is not None:
                return far
        return self._lost(start, end)

    # -- matching -----------------------------------------------------------------------------

    def _loose_nearest(self, needle: str, expected: int, radius: int | None) -> Placement | None:
        """The loose occurrence of `needle` nearest to loose index `expected`, as a fuzzy match."""
        if not needle:
            return None
        found = _nearest(self._new_loose, needle, expected, radius)
        if found is None:
            return None
        return self._fuzzy(found, found + len(needle))

    def _similar(self, needle: str, expected: int) -> Placement | None:
        """The span of the new loose text near `expected` most like `needle` (ratio ≥ 0.8).

        A long needle is matched by its head and its tail (each must be similar, and the
        span between them of a length a ratio ≥ 0.8 allows), which keeps the cost linear.
        """
        size = len(needle)
        if size <= _LONG:
            span = self._match(needle, expected, size // 2 + 32)
        else:
            head = self._match(needle[:_PROBE], expected, _PROBE // 2 + 32)
            if head is None:
                return None
            tail = self._match(needle[-_PROBE:], head[0] + size - _PROBE, size // 2 + 32)
            if tail is None or not 2 * size <= 3 * (tail[1] - head[0]) <= 9 * size // 2:
                return None
            span = head[0], tail[1]
        return None if span is None else self._fuzzy(*span)

    def _match(self, needle: str, expected: int, slack: int) -> tuple[int, int] | None:
        """Loose [start, end) of the best run of matching blocks of `needle` in a window."""
        size = len(needle)
        low = max(0, expected - slack)
        window = self._new_loose[low:expected + size + slack]
        if not window:
            return None
        matcher = SequenceMatcher(None, needle, window, autojunk=False)
        blocks = [b for b in matcher.get_matching_blocks() if b.size]
        matched = [0]
        for block in blocks:
            matched.append(matched[-1] + block.size)
        count = len(blocks)
        edge = count if count <= _MAX_BLOCKS else _MAX_BLOCKS // 2
        best = (0.0, 0, 0)
        for i in range(min(edge, count)):  # the run of blocks i..j with the best ratio
            first = blocks[i]
            for j in range(max(i, count - edge), count):
                last = blocks[j]
                span = last.b + last.size - first.b
                ratio = 2 * (matched[j + 1] - matched[i]) / (size + span)
                if ratio > best[0]:
                    best = (ratio, first.b, last.b + last.size)
        if best[0] < MIN_RATIO:
            return None
        return low + best[1], low + best[2]

    def _fuzzy(self, loose_start: int, loose_end: int) -> Placement:
        positions = self._new_pos
        return Placement(positions[loose_start], positions[loose_end - 1] + 1, FUZZY)

    def _lost(self, start: int, end: int) -> Placement:
        size = len(self.new)
        start = min(max(start, 0), size - 1)
        return Placement(start, min(max(end, start + 1), size), LOST)

    # -- alignment ----------------------------------------------------------------------------

    def _align(self) -> None:
        if self._aligned:
            return
        self._aligned = True
        old_loose, self._old_pos = _loose_with_offsets(self.old)
        self._new_loose, self._new_pos = _loose_with_offsets(self.new)
        old_grams, new_grams = _grams(old_loose), _grams(self._new_loose)
        old_counts, new_counts = Counter(old_grams), Counter(new_grams)
        in_new = dict(zip(new_grams, range(len(new_grams)), strict=True))
        pairs = {i: in_new[g] for i, g in enumerate(old_grams[::STEP])
                 if new_counts[g] == 1 and old_counts[g] == 1}
        for i, j in pairs.items():  # in old order; grams STEP apart must agree with each other
            if pairs.get(i + 1) == j + STEP or pairs.get(i - 1) == j - STEP:
                self._anchor_old.append(i * STEP)
                self._anchor_new.append(j)

    def _map(self, spot: int) -> int:
        """Loose old index → expected loose new index, through the nearest anchor."""
        olds, news = self._anchor_old, self._anchor_new
        size_new = len(self._new_loose)
        if not olds:
            size_old = len(self._old_pos)
            return min(size_new, spot * size_new // size_old) if size_old else 0
        k = bisect_right(olds, spot)
        nearest = k - 1 if k == len(olds) or (k and spot - olds[k - 1] <= olds[k] - spot) else k
        return min(max(news[nearest] + spot - olds[nearest], 0), size_new)

    def _offset(self, loose_index: int) -> int:
        """The code point offset in the new text of a loose index (its end for the last)."""
        positions = self._new_pos
        return positions[loose_index] if loose_index < len(positions) else len(self.new)


def _loose_with_offsets(text: str) -> tuple[str, list[int]]:
    """`loose(text)` and the offset in `text` of each of its characters (faster on long text)."""
    kept = list(map(not_, map(str.isspace, text)))
    folded = _FULL_WIDTH.sub(_fold, "".join(compress(text, kept)))
    return folded, list(compress(range(len(text)), kept))


def _fold(match: re.Match[str]) -> str:
    return match[0].translate(_LOOSE)


def _grams(text: str) -> list[str]:
    return [text[i:i + GRAM] for i in range(len(text) - GRAM + 1)]


def _nearest(text: str, needle: str, at: int, radius: int | None) -> int | None:
    """Start of the occurrence of `needle` nearest to `at` (within `radius`, if given)."""
    low, high = (0, len(text)) if radius is None else (max(0, at - radius),
                                                      min(len(text), at + radius + len(needle)))
    after = text.find(needle, at, high)
    before = text.rfind(needle, low, min(at + len(needle) - 1, high))
    if before < 0:
        return after if after >= 0 else None
    if after < 0 or at - before <= after - at:
        return before
    return after

