"""Page furniture: running headers, footers, page numbers and margin tabs.

Furniture is marked on the laid-out lines of a whole document, so that the text a coder
quotes never holds a running header or a page number, while the strings stay on the page
as metadata. Repetition across pages reveals most of it, but not all: odd and even pages
alternate their headers, one- and two-page documents have nothing to repeat, and a chapter
tab stands in the margin. So a line is furniture by any of these signs:

* it repeats (digits aside) at the same place on half the pages, or on half the pages of
  its parity (odd/even running heads);
* it looks like a page number (``- 1 -``, ``1 / 2``, ``P.3``) and stands alone in its row,
  or sits just left of a larger title (a slide number glued to the title);
* it is set in small type at the very top of the page, above all the body text (a running
  head: repetition cannot show it on a one-page document);
* it is a short stack of characters outside the text frame (a vertical chapter tab).

Never furniture: lines inside a ruled table (a table row at the top of a page holds the
headline figures of a press release), and a title set larger than the body that repeats
on every page of a short document: it is kept once, as the heading it is.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from typing import Final

from annotator.pdf.layout import Line, PageLines

EDGE_BAND: Final = 0.1  # share of the page height at top and bottom where furniture lives
SMALL_TYPE: Final = 0.88  # a top-band line this much smaller than the body is a running head
TITLE_TYPE: Final = 1.1  # a repeated line this much larger than the body is a title
TAB_CHARS: Final = 6  # a margin stack holds at most this many characters

_PAGE_NUMBER: Final = re.compile(
    r"^(?:[-－—–‐]\s*[0-9０-９]+\s*[-－—–‐]|[0-9０-９]+\s*[/／]\s*[0-9０-９]+|"
    r"(?:ページ|頁|[PpＰｐ][.．]?)\s*[0-9０-９]+|[0-9０-９]+\s*(?:ページ|頁)|[0-9０-９]{1,4}|"
    r"[ivxlcIVXLC]{1,6}|[(（][0-9０-９]+[)）])$"
)
_DIGITS: Final = re.compile(r"[0-9０-９]+")
_SPACE: Final = re.compile(r"\s+")

Signature = tuple[str, int]


def mark_furniture(pages: Sequence[PageLines]) -> None:
    """Mark the furniture lines of every page (see the module docstring for the signs)."""
    with_text = [p for p in pages if p.lines]
    if not with_text:
        return
    body = _body_size(with_text)
    repeated = _repeated(with_text)
    titles_seen: set[str] = set()
    frames = _parity_frames(with_text)
    for page in with_text:
        for line in page.lines:
            if not _in_band(line, page) or _in_table(line, page):
                continue
            if _signature(line, page) in repeated:
                line.furniture = not _first_title(line, body, titles_seen)
            elif _is_page_number(line, page) or _running_head(line, page, body):
                line.furniture = True
        _mark_margin_tabs(page, frames[page.number % 2])


def _body_size(pages: Sequence[PageLines]) -> float:
    """The size most characters are set in."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0]


def _repeated(pages: Sequence[PageLines]) -> set[Signature]:
    """Signatures found on half of all pages, or on half of the odd or the even pages (at
    least two either way: one page proves nothing)."""
    groups = [list(pages), list(pages[0::2]), list(pages[1::2])]
    found: set[Signature] = set()
    for group in groups:
        if len(group) < 2:
            continue
        counts: Counter[Signature] = Counter()
        for page in group:
            counts.update({_signature(line, page) for line in page.lines if _in_band(line, page)})
        threshold = max(2, (len(group) + 1) // 2)
        found.update(sig for sig, count in counts.items() if count >= threshold)
    return found


def _signature(line: Line, page: PageLines) -> Signature:
    """The text with digits masked, and the distance from the nearer page edge."""
    top = line.y1 <= page.height / 2
    return _DIGITS.sub("#", _SPACE.sub("", line.text)), round(
        (line.y0 if top else page.height - line.y1) / 6)


def _first_title(line: Line, body: float, seen: set[str]) -> bool:
    """A large repeated line is the document's title: the first one stays in the text."""
    if line.size < TITLE_TYPE * body or line.vertical:
        return False
    key = _SPACE.sub("", line.text)
    if key in seen:
        return False
    seen.add(key)
    return True


def _in_band(line: Line, page: PageLines) -> bool:
    band = EDGE_BAND * page.height
    return line.y1 <= band + 2 or line.y0 >= page.height - band - 2


def _in_table(line: Line, page: PageLines) -> bool:
    """Ruled above and below within the line's width: a table row, never a header."""
    above = below = False
    for x0, y0, x1, y1 in page.rules:
        if abs(y1 - y0) >= 0.5 or min(x1, line.x1) - max(x0, line.x0) <= 0:
            continue
        above = above or line.y0 - 0.8 * line.size <= y0 <= line.y0 + 1
        below = below or line.y1 - 1 <= y0 <= line.y1 + 0.8 * line.size
    return above and below


def _is_page_number(line: Line, page: PageLines) -> bool:
    if not _PAGE_NUMBER.match(_SPACE.sub("", line.text)):
        return False
    return _alone(line, page) or _glued_to_title(line, page)


def _alone(line: Line, page: PageLines) -> bool:
    """No other line shares this line's height: a number in a table row is not a page number."""
    return not any(other is not line and not other.furniture and
                   min(other.y1, line.y1) - max(other.y0, line.y0) > 0.5 * line.size
                   for other in page.lines)


def _glued_to_title(line: Line, page: PageLines) -> bool:
    """A slide number set smaller just left of the slide's title (2調達仕様…)."""
    return line.y1 <= page.height / 2 and any(
        other is not line and other.size >= 1.25 * line.size
        and 0 <= other.x0 - line.x1 < 2 * other.size
        and min(other.y1, line.y1) - max(other.y0, line.y0) > 0.3 * line.size
        for other in page.lines)


def _running_head(line: Line, page: PageLines, body: float) -> bool:
    """Small type at the top of the page with all the text below it."""
    if line.vertical or line.size > SMALL_TYPE * body or line.y1 > page.height / 2:
        return False
    return all(other.y0 >= line.y1 - 0.2 * line.size for other in page.lines
               if other is not line and not other.furniture and not _beside(other, line))


def _beside(other: Line, line: Line) -> bool:
    """On the same row as a running head: its other half (a date, a document number)."""
    return min(other.y1, line.y1) - max(other.y0, line.y0) > 0.3 * min(other.size, line.size)


def _frame(lines: Sequence[Line]) -> tuple[float, float] | None:
    """Where the body's lines usually start and end; None with too few lines to tell."""
    long = [line for line in lines if not line.vertical and not line.furniture
            and len(line.text) > 3]
    if len(long) < 3:
        return None
    return (statistics.median_low(line.x0 for line in long),
            statistics.median_high(line.x1 for line in long))


def _parity_frames(pages: Sequence[PageLines]) -> tuple[tuple[float, float] | None, ...]:
    """The text frame of the even- and of the odd-numbered pages (mirrored margins move
    it); the whole document's where one side has too few lines."""
    whole = _frame([line for page in pages for line in page.lines])
    return tuple(_frame([line for page in pages if page.number % 2 == parity
                         for line in page.lines]) or whole for parity in (0, 1))


def _mark_margin_tabs(page: PageLines, frame: tuple[float, float] | None) -> None:
    """A few characters stacked outside the text frame, beside the body, are a chapter tab.

    The frame is the document's (per side), not the page's: a page that holds only a
    signature block has no frame of its own."""
    if page.vertical or page.landscape:
        return  # 縦書き has no such frame; a slide's short labels stand anywhere
    if frame is None:
        return
    left, right = frame
    outside = [line for line in page.lines if not line.furniture and len(line.text) <= 3 and (
        line.x1 < left - 0.5 * line.size or line.x0 > right + 0.5 * line.size)]
    for stack in _stacks(outside):
        if sum(len(line.text) for line in stack) <= TAB_CHARS and len(stack) >= 2 and (
                _outermost(stack, page)):
            for line in stack:
                line.furniture = True


def _outermost(stack: list[Line], page: PageLines) -> bool:
    """Nothing else on the page stands further out than the stack, and no rule boxes it
    in: the first column of a table also stands left of the prose frame."""
    members = {id(line) for line in stack}
    x0, x1 = min(line.x0 for line in stack), max(line.x1 for line in stack)
    others = [line for line in page.lines if id(line) not in members and not line.furniture]
    left = x1 < page.width / 2
    if any((line.x0 <= x0 if left else line.x1 >= x1) for line in others):
        return False
    return not any(_in_table(line, page) for line in stack)


def _stacks(lines: list[Line]) -> list[list[Line]]:
    """Lines one above the other in a single narrow column, top to bottom."""
    stacks: list[list[Line]] = []
    for line in sorted(lines, key=lambda line: (round(line.x0), line.y0)):
        last = stacks[-1][-1] if stacks else None
        if last is not None and abs(last.x0 - line.x0) < 0.5 * line.size and (
                line.y0 - last.y1 < 1.0 * line.size):
            stacks[-1].append(line)
        else:
            stacks.append([line])
    return stacks
