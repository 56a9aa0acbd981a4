"""Ruled tables drawn from distributions over seeds, with their truth.

Each seed draws the number of columns (2 to 6) and their widths (a narrow column of
abbreviations or numbers two to four em wide next to wide prose cells), the row count,
the type size, the position on the page (often right at the top, where furniture rules
look), and whether the header row has cells of stacked single characters (vertical
header cells). MuPDF puts characters of one baseline into one line across cell borders,
so the truth, read row by row and cell by cell, shows any splice between cells.
"""

from __future__ import annotations

import random

from tests.support.typeset import (
    A4,
    Block,
    Frame,
    Placed,
    Sheet,
    Truth,
    cell,
    pour,
    proportional,
    seed,
)

_WORDS = ("CNSL", "RLMT", "ITCM", "24", "2022/3/13", "100", "ARCH", "0.5", "令和5")


def random_table(number: int) -> tuple[bytes, Truth]:
    """The table of seed *number*: one page, a ruled grid, a page number at the foot."""
    rng = random.Random(number)
    size = rng.choice((8.0, 9.0, 10.0, 10.5))
    columns = rng.randint(2, 6)
    widths = _widths(rng, columns, size)
    left = rng.uniform(40, 70)
    top = rng.choice((30.0, 45.0, rng.uniform(60, 300)))
    rows = [_header(rng, columns)] + [_row(rng, widths) for _ in range(rng.randint(2, 7))]
    sheet = Sheet(*A4)
    blocks, placed = _draw(sheet, rows, widths, left, top, size, vertical_head=rng.random() < 0.3)
    sheet.draw(blocks, placed)
    sheet.add_furniture(0, f"- {number % 9 + 1} -", y=815)
    return sheet.pdf(), sheet.truth(f"table{number}", blocks, placed)


def _widths(rng: random.Random, columns: int, size: float) -> list[float]:
    """Widths in em: at least one narrow column, the rest sharing about 44 em."""
    narrow = rng.randrange(columns)
    room = 480 / size - 3 * columns
    wide = [rng.uniform(5, 12) for _ in range(columns)]
    wide[narrow] = rng.uniform(2.5, 4.5)
    scale = min(1.0, room / sum(wide))
    return [max(2.5, w * scale) for w in wide]


def _header(rng: random.Random, columns: int) -> list[str]:
    return [rng.choice(("分野", "区分", "人数", "件数", "委員", "番号", "内容", "備考"))
            for _ in range(columns)]


def _row(rng: random.Random, widths: list[float]) -> list[str]:
    text = seed(rng.choice(("001", "002", "004")))
    row = []
    for width in widths:
        if width < 5:  # a word that fits: Latin words are never broken
            row.append(rng.choice([w for w in _WORDS if proportional(w) <= width] or ["24"]))
            continue
        start = rng.randrange(len(text) - 200)
        length = rng.randint(4, int(width * rng.choice((1, 2, 3))))
        row.append(_clean(text[start:start + length]))
    return row


def _clean(text: str) -> str:
    """A cell's text: no spaces at its ends, no marks that open a passage of their own."""
    text = text.replace(" ", "").strip("、。「」（）・○-")
    return text or "行政"


def _draw(sheet: Sheet, rows: list[list[str]], widths: list[float], left: float, top: float,
          size: float, *, vertical_head: bool) -> tuple[list[Block], list[list[Placed]]]:
    pad = 4.0
    edges = [left]
    for width in widths:
        edges.append(edges[-1] + width * size + 2 * pad)
    blocks: list[Block] = []
    placed: list[list[Placed]] = []
    page = sheet.page(0)
    y = top
    for number, row in enumerate(rows):
        height = 0.0
        for column, text in enumerate(row):
            stacked = vertical_head and number == 0
            chars = 1.0 if stacked else widths[column]
            frame = Frame(0, edges[column] + pad, y + pad + size, chars * size, 40, size, 1.3)
            lines = pour([cell(text)], [frame])[0]
            blocks.append(cell(text))
            placed.append(lines)
            height = max(height, len(lines) * 1.3 * size)
        page.draw_line((left, y), (edges[-1], y), width=0.6)
        y += height + 2 * pad - 0.3 * size
    page.draw_line((left, y), (edges[-1], y), width=0.6)
    for x in edges:
        page.draw_line((x, top), (x, y), width=0.6)
    return blocks, placed
