"""Multi-column pages drawn from distributions over seeds, with their truth (issue 11).

Each seed draws one to three columns, their widths (equal, or a wide and a narrow one),
the gutter (1.5 to 4 em), the type size, the page count, a full-width heading over the
columns of the first page, headings and figure captions inside a column, and footnotes
in smaller type across the foot of the last page. Paragraphs of seed text flow from
column to column and page to page, so most of them cross a column or a page break
mid-sentence: the failure classes 2 (columns merged line by line) and 5 (a right column
read before the rest of the left one) show as a paragraph that is not one passage, or as
passages out of order.
"""

from __future__ import annotations

import bisect
import difflib
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

from tests.support.typeset import (
    A4,
    Block,
    Frame,
    Sheet,
    Truth,
    heading,
    note,
    para,
    pour,
    seed,
)

_SEEDS = ("001", "002", "004")
_MARKS = re.compile(r"[○●■◆◇□※・\-－【】〔〕「」『』（）()\[\]]")
_SENTENCE = re.compile(r"[^。]{12,160}。")


def random_columns(number: int) -> tuple[bytes, Truth]:
    """The document of seed *number*: 1–3 pages of 1–3 columns, with its truth."""
    rng = random.Random(number)
    size = rng.choice((9.0, 10.0, 10.5))
    count = rng.choice((1, 2, 2, 2, 3))
    frames = _frame_maker(rng, count, size)
    title = heading(_phrase(rng, 14, 30))
    body = _body(rng, rng.randint(4, 9), int(frames.widths[0] / size) - 5)
    notes = [note(_phrase(rng, 20, 60)) for _ in range(rng.choice((0, 0, 1, 2)))]
    sheet = Sheet(*A4)
    left, width = frames.left, frames.total
    placed_title = pour([title], [Frame(0, left, 70, width, 2, 14.0, 1.5)])
    placed = pour(body, frames.pages())
    last = max(p.page for lines in placed for p in lines)
    placed_notes = pour(notes, [Frame(last, left, 770, width, 4, size * 0.8, 1.4)])
    blocks = [title, *body, *notes]
    lines = placed_title + placed + placed_notes
    sheet.draw(blocks, lines)
    for page in range(sheet.page_count):
        sheet.add_furniture(page, f"- {page + 1} -", y=815)
    return sheet.pdf(), sheet.truth(f"columns{number}", blocks, lines)


class _Frames:
    """The column frames of each page: the first page starts lower, under the title."""

    def __init__(self, rng: random.Random, count: int, size: float) -> None:
        self.size, self.count = size, count
        gutter = rng.uniform(1.5, 4.0) * size
        total_em = int(rng.uniform(38, 50) * 10.5 / size)
        room = total_em * size - (count - 1) * gutter
        # Equal widths within a document: pour() wraps a block at the width of the frame
        # it starts in, so a paragraph running on into a narrower column would overflow.
        self.widths = [max(8, int(room / count / size)) * size] * count
        self.gutter = gutter
        self.total = sum(self.widths) + (count - 1) * gutter
        self.left = (A4[0] - self.total) / 2
        self.pitch = rng.uniform(1.5, 1.9)

    def page(self, page: int) -> list[Frame]:
        top = 110.0 if page == 0 else 80.0
        lines = int((740 - top) / (self.pitch * self.size))
        frames, x = [], self.left
        for width in self.widths:
            frames.append(Frame(page, x, top, width, lines, self.size, self.pitch))
            x += width + self.gutter
        return frames

    def pages(self) -> Iterator[Frame]:
        for page in range(3):
            yield from self.page(page)


def _frame_maker(rng: random.Random, count: int, size: float) -> _Frames:
    return _Frames(rng, count, size)


def _sentences() -> list[str]:
    text = "".join(seed(s) for s in _SEEDS)
    clean = _MARKS.sub("", text)
    return [m.group(0) for m in _SENTENCE.finditer(clean)
            if not m.group(0)[0].isdigit() and " " not in m.group(0)]


_POOL: list[str] = []


def _pool() -> list[str]:
    if not _POOL:
        _POOL.extend(_sentences())
    return _POOL


def _phrase(rng: random.Random, low: int, high: int) -> str:
    sentence = rng.choice(_pool())
    return sentence[:rng.randint(low, max(low, high))].rstrip("、。")


def _body(rng: random.Random, paragraphs: int, room: int) -> list[Block]:
    """Paragraphs of 2–8 sentences, now and then a heading or a figure caption between;
    a heading holds at most *room* characters, so it ends well short of the column end
    (a full last line would make the paragraph after it read as its continuation)."""
    blocks: list[Block] = []
    for _ in range(paragraphs):
        roll = rng.random()
        if roll < 0.15:
            blocks.append(heading(f"（{rng.randint(1, 9)}）" + _phrase(rng, 2, room - 3)))
        elif roll < 0.25:
            blocks.append(heading(f"第１-{rng.randint(1, 9)}-{rng.randint(1, 9)}図　"
                                  + _phrase(rng, 2, room - 7)))
        text = "".join(rng.choice(_pool()) for _ in range(rng.randint(2, 8)))
        blocks.append(para(text, indent=1))
    return blocks


@dataclass
class Score:
    """One seed against its truth: similarity, paragraphs found whole, order."""

    similarity: float
    paragraphs: int
    whole: int
    out_of_order: int


def score(text: str, passages: list[str], truth: Truth) -> Score:
    """Character similarity of the squeezed texts; truth paragraphs found as exactly one
    passage; of those, how many are out of the truth's order (found minus the longest
    run in order), so one misplaced column counts its paragraphs, not every later one."""
    squeeze = re.compile(r"\s+")
    similarity = difflib.SequenceMatcher(
        None, squeeze.sub("", text), squeeze.sub("", truth.text), autojunk=False).ratio()
    want = [t for kind, _, t in truth.passages if kind == "paragraph"]
    where = {t: i for i, t in enumerate(passages)}
    found = [where[t] for t in want if t in where]
    return Score(similarity, len(want), len(found), len(found) - _increasing(found))


def _increasing(values: list[int]) -> int:
    """The length of the longest increasing subsequence."""
    tails: list[int] = []
    for value in values:
        at = bisect.bisect_left(tails, value)
        tails[at:at + 1] = [value]
    return len(tails)
