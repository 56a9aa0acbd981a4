"""Page layout: physical lines, running headers and footers, and reading order.

MuPDF hands out lines in content-stream order, which for real documents is often not
the order a person reads: page numbers first, two columns interleaved, a slide title
after the boxes. This module turns a page's characters into lines in reading order,
grouped into regions (columns, table rows), and marks page furniture so the text a
coder quotes never contains a running header or a page number.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from annotator.pdf.reader import PageContent, TextLine
from annotator.pdf.tables import Table, find_tables
from annotator.pdf.textbuild import Box

GAP_SPLIT = 2.5  # a gap wider than this many character sizes splits a line (table cells)

Rules = tuple[tuple[float, float, float, float], ...]
_LABEL = re.compile(  # a note or reference number standing in front of its entry
    r"^(?:[\[［(（]\s*[0-9０-９]{1,3}\s*[\]］)）]|[※＊*]\s*[0-9０-９]{0,3}|注\s*[0-9０-９]{0,3}"
    r"|[0-9０-９]{1,3}[.．)）]?|[\u2460-\u2473])$")
_SPACE = re.compile(r"\s+")
_HANGING = "、，。．,"  # punctuation that may hang past the end of a line


@dataclass(eq=False)  # lines are compared by identity
class Line:
    """One physical line: its text and a box per character, on one page."""

    text: str
    boxes: list[Box]
    page: int
    vertical: bool
    size: float
    furniture: bool = False
    kind_hint: str = ""  # "cell" for table cells, "title" for slide titles, "" otherwise
    page_landscape: bool = False
    cell: tuple[int, int] | None = None  # (table, cell) of a ruled table on its page
    # The bounding box, computed once: layout asks for it millions of times per document.
    x0: float = field(init=False)
    y0: float = field(init=False)
    x1: float = field(init=False)
    y1: float = field(init=False)

    def __post_init__(self) -> None:
        boxes = self.boxes
        self.x0 = min(b[0] for b in boxes)
        self.y0 = min(b[1] for b in boxes)
        self.x1 = max(b[2] for b in boxes)
        self.y1 = max(b[3] for b in boxes)

    def absorb(self, other: Line) -> None:
        """Append another line's characters (a fragment of the same line)."""
        self.text += other.text
        self.boxes.extend(other.boxes)
        self.x0, self.y0 = min(self.x0, other.x0), min(self.y0, other.y0)
        self.x1, self.y1 = max(self.x1, other.x1), max(self.y1, other.y1)


@dataclass
class PageLines:
    number: int
    width: float
    height: float
    needs_ocr: bool
    garbled: bool
    rules: tuple[tuple[float, float, float, float], ...] = ()
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def vertical(self) -> bool:
        """縦書き: most characters sit on vertical lines."""
        vertical = sum(len(line.text) for line in self.lines if line.vertical)
        return vertical * 2 > sum(len(line.text) for line in self.lines)


def page_lines(page: PageContent) -> PageLines:
    """The page's lines, trimmed of outer whitespace and split at wide gaps."""
    result = PageLines(page.number, page.width, page.height, page.needs_ocr, page.garbled,
                       page.rules)
    for block in page.blocks:
        for text_line in block.lines:
            result.lines.extend(_split_line(text_line, page.number))
    result.lines = _merge_vertical_fragments(result.lines) + _merge_spaced_rows(
        [line for line in result.lines if not line.vertical])
    result.tables = find_tables(page.rules)
    if result.tables:
        result.lines = _split_at_cells(result.lines, result.tables)
    for line in result.lines:
        line.page_landscape = result.landscape
    return result


def _split_at_cells(lines: list[Line], tables: list[Table]) -> list[Line]:
    """Cut lines where they cross from one ruled cell into another, and tag each piece
    with its cell: MuPDF's lines follow baselines across cell borders."""
    result: list[Line] = []
    for line in lines:
        if not any(_overlap(line, table.bbox) for table in tables):
            result.append(line)
            continue
        near = _near_cells(line, tables)
        runs: list[tuple[tuple[int, int] | None, int, int]] = []
        for index, (char, box) in enumerate(zip(line.text, line.boxes, strict=True)):
            follows = char.isspace() or char in _HANGING  # ぶら下げ past the cell's border
            where = runs[-1][0] if follows and runs else _cell_at(near, box)
            if runs and runs[-1][0] == where:
                runs[-1] = (where, runs[-1][1], index + 1)
            else:
                runs.append((where, index, index + 1))
        result.extend(_cell_piece(line, where, start, end) for where, start, end in runs
                      if line.text[start:end].strip())
    return result


_Near = list[tuple[tuple[int, int], Box]]


def _near_cells(line: Line, tables: list[Table]) -> _Near:
    """The cells a line touches: a dense table has hundreds, a line crosses a few."""
    return [((t, c), cell) for t, table in enumerate(tables) if _overlap(line, table.bbox)
            for c, cell in enumerate(table.cells) if _overlap(line, cell)]


def _cell_at(near: _Near, box: Box) -> tuple[int, int] | None:
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return next((where for where, (x0, y0, x1, y1) in near
                 if x0 <= x <= x1 and y0 <= y <= y1), None)


def _overlap(line: Line, box: Box) -> bool:
    return line.x0 < box[2] and line.x1 > box[0] and line.y0 < box[3] and line.y1 > box[1]


def _cell_piece(line: Line, where: tuple[int, int] | None, start: int, end: int) -> Line:
    text = line.text[start:end]
    start += len(text) - len(text.lstrip())
    end -= len(text) - len(text.rstrip())
    piece = Line(line.text[start:end], list(line.boxes[start:end]), line.page, line.vertical,
                 line.size, kind_hint="cell" if where is not None else line.kind_hint)
    piece.cell = where
    return piece


def _split_line(line: TextLine, page: int) -> list[Line]:
    text, boxes = line.text, line.boxes
    sizes = sorted(size for char, size in zip(text, line.sizes, strict=True) if not char.isspace())
    if not sizes:
        return []
    size = sizes[len(sizes) // 2]
    pieces = _pieces(text, boxes, line.vertical, size)
    if len(pieces) > 1 and _letter_spaced(pieces, text):
        pieces = [(pieces[0][0], pieces[-1][1])]
    result = []
    for start, end in pieces:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            result.append(Line(text[start:end], list(boxes[start:end]), page, line.vertical,
                               size))
    return result


def _pieces(text: str, boxes: Sequence[Box], vertical: bool, size: float,
            ) -> list[tuple[int, int]]:
    """Index ranges of the line split where the ink jumps by more than GAP_SPLIT sizes."""
    limit = GAP_SPLIT * size
    near, far = (1, 3) if vertical else (0, 2)
    cuts = [0]
    last_end: float | None = None
    for index, char in enumerate(text):
        if char.isspace():
            continue
        box = boxes[index]
        if last_end is not None and box[near] - last_end > limit:
            cuts.append(index)
        last_end = box[far]
    cuts.append(len(text))
    return list(itertools.pairwise(cuts))


def _merge_vertical_fragments(lines: list[Line]) -> list[Line]:
    """Join vertical pieces stacked in one column (some PDFs give one character a line)."""
    vertical = sorted((line for line in lines if line.vertical),
                      key=lambda line: (-line.x1, line.y0))
    merged: list[Line] = []
    for line in vertical:
        last = merged[-1] if merged else None
        if (last is not None and abs(last.x0 - line.x0) < 0.3 * line.size
                and -0.2 * line.size <= line.y0 - last.y1 < 0.6 * line.size):
            last.absorb(line)
        else:
            merged.append(Line(line.text, list(line.boxes), line.page, True, line.size))
    return merged


def _merge_spaced_rows(lines: list[Line]) -> list[Line]:
    """A row made only of single characters spread out (「事　務　連　絡」) is one line."""
    singles = [line for line in lines if len(line.text) == 1]
    if len(singles) < 2:
        return lines
    rows = _rows(singles)
    merged: dict[int, Line] = {}
    for row in rows:
        row.sort(key=lambda line: line.x0)
        if len(row) < 2 or any(_overlaps_row(other, row) for other in lines
                               if len(other.text) > 1) or any(
                b.x0 - a.x1 > 4 * a.size for a, b in itertools.pairwise(row)):
            continue  # not letter-spacing: e.g. the 誤 and 正 headers of a table
        joined = Line("".join(line.text for line in row),
                      [box for line in row for box in line.boxes], row[0].page, False,
                      row[0].size)
        for line in row:
            merged[id(line)] = joined
    result: list[Line] = []
    for line in lines:
        replacement = merged.get(id(line), line)
        if not any(replacement is seen for seen in result[-1:]) and replacement not in result:
            result.append(replacement)
    return result


def _overlaps_row(line: Line, row: list[Line]) -> bool:
    return any(min(line.y1, r.y1) - max(line.y0, r.y0) > 0.3 * r.size for r in row)


def _letter_spaced(pieces: list[tuple[int, int]], text: str) -> bool:
    """「主　　文」, 「事 務 連 絡」: single characters spread evenly are one heading, not cells."""
    return all(len(text[start:end].strip()) == 1 for start, end in pieces)


# Furniture: see annotator.pdf.furniture (it needs the whole document's lines).

def keep_table_cells(pages: Sequence[PageLines]) -> None:
    """A ruled table's cells are never furniture: a table at the top of a page (the headline
    figures of a press release) is no running header, and a cell holding a number is no
    page number."""
    for page in pages:
        for line in page.lines:
            if line.cell is not None:
                line.furniture = False



# Reading order --------------------------------------------------------------------------------

def reading_order(page: PageLines) -> list[list[Line]]:
    """The page's body lines as regions in reading order; each region's lines in order."""
    body = [line for line in page.lines if not line.furniture]
    if not body:
        return []
    if page.vertical:
        return _vertical_order(body)
    in_cells = [line for line in body if line.cell is not None]
    if not in_cells:
        text, foot = _peel_foot(body)
        return [region for part in (text, foot) for region in _xy_order(part, page.rules)
                if region]
    rest = [line for line in body if line.cell is None]
    tables = _cell_regions(in_cells, page.tables)
    wide = _wide_tables(page.tables, rest)
    bands: list[list[Line]] = [[] for _ in range(len(wide) + 1)]
    for line in rest:  # the text above a full-width table, between tables, below the last
        bands[sum(1 for t in wide if line.y0 >= page.tables[t].bbox[1])].append(line)
    regions: list[list[Line]] = []
    for number, band in enumerate(bands):
        regions.extend(region for region in _xy_order(band, page.rules) if region)
        if number < len(wide):
            regions.extend(tables[wide[number]])
    narrow = [t for t in range(len(tables)) if t not in wide]
    return _insert_tables(regions, [tables[t] for t in narrow], [page.tables[t] for t in narrow])


def _peel_foot(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """Footnotes: the rows in smaller type below every other line, after white space.

    They are read after the whole body, even when they sit under the left column only
    (a short note): split with the left column, they would come before the right one.
    """
    rows = _rows(lines)
    if len(rows) < 3:
        return lines, []
    size = statistics.median(line.size for line in lines)
    cut = len(rows)
    while cut > 1 and all(line.size < 0.9 * size for line in rows[cut - 1]):
        cut -= 1
    if cut == len(rows) or cut < 5:  # a cover page of a few lines has no footnotes
        return lines, []
    above = [line for row in rows[:cut] for line in row]
    foot = [line for row in rows[cut:] for line in row]
    gap = min(line.y0 for line in foot) - max(line.y1 for line in above)
    return (above, foot) if gap > size else (lines, [])


def _wide_tables(tables: list[Table], rest: list[Line]) -> list[int]:
    """Tables spanning most of the text's width, top to bottom: the text is read above and
    below them. A table inside one column goes between that column's regions instead."""
    if not rest:
        return sorted(range(len(tables)), key=lambda t: tables[t].bbox[1])
    left, right = min(line.x0 for line in rest), max(line.x1 for line in rest)
    wide = [t for t, table in enumerate(tables)
            if min(right, table.bbox[2]) - max(left, table.bbox[0]) > 0.6 * (right - left)]
    return sorted(wide, key=lambda t: tables[t].bbox[1])


def _cell_regions(lines: list[Line], tables: list[Table]) -> list[list[list[Line]]]:
    """Per table, its cells' lines as regions in the table's reading order (row by row,
    left to right); a cell of stacked single characters (a vertical header) reads down."""
    cells: dict[tuple[int, int], list[Line]] = {}
    for line in lines:
        assert line.cell is not None
        cells.setdefault(line.cell, []).append(line)
    result: list[list[list[Line]]] = [[] for _ in tables]
    for (table, _), members in sorted(cells.items()):
        if all(line.vertical for line in members):
            ordered = sorted(members, key=lambda line: (-line.x1, line.y0))
        else:
            ordered = _row_sorted(members)
        result[table].append(ordered)
    return result


def _insert_tables(regions: list[list[Line]], tables: list[list[list[Line]]],
                   boxes: list[Table]) -> list[list[Line]]:
    """Put each table before the first region that starts below its top and shares
    its width: the text above it comes first, the text below it after."""
    for cells, table in sorted(zip(tables, boxes, strict=True), key=lambda t: -t[1].bbox[1]):
        if not cells:
            continue
        x0, top, x1, _ = table.bbox
        at = next((i for i, region in enumerate(regions)
                   if region[0].y0 >= top and min(x1, max(line.x1 for line in region)) > max(
                       x0, min(line.x0 for line in region))), len(regions))
        regions[at:at] = cells
    return regions


def _vertical_order(lines: list[Line]) -> list[list[Line]]:
    """縦書き: columns right to left; horizontal bands (段) top to bottom."""
    bands = _bands(lines, vertical=True)
    return [sorted(band, key=lambda line: (-line.x1, line.y0)) for band in bands]


def _bands(lines: list[Line], *, vertical: bool) -> list[list[Line]]:
    """Groups separated by an empty horizontal strip, top to bottom."""
    ordered = sorted(lines, key=lambda line: line.y0)
    bands: list[list[Line]] = []
    bottom = -1e9
    for line in ordered:
        slack = (1.5 if vertical else 0.3) * line.size
        if not bands or line.y0 > bottom + slack:
            bands.append([])
        bands[-1].append(line)
        bottom = max(bottom, line.y1)
    return bands


def _xy_order(lines: list[Line], rules: Rules) -> list[list[Line]]:
    gutters = _gutters(lines, rules)
    if gutters:
        columns = _split_columns(lines, gutters)
        if _is_table(columns, rules):
            return _table_rows(columns, rules)
        return [region for column in columns for region in _xy_order(column, rules)]
    rows = _rows(lines)
    if len(rows) == 1:
        return [_row_sorted(lines)]
    regions: list[list[Line]] = []
    group: list[Line] = []
    common: list[tuple[float, float]] = []
    for row in rows:
        fits, shared = _fits(group, common, row, rules)
        if not fits:
            regions.extend(_finish(group, common, rules))
            group, shared = [], _gutters(row, rules)
        group.extend(row)
        common = shared
    regions.extend(_finish(group, common, rules))
    return regions


def _fits(group: list[Line], common: list[tuple[float, float]], row: list[Line],
          rules: Rules) -> tuple[bool, list[tuple[float, float]]]:
    """Whether a row continues the current band, and the gutters the band then shares.

    A band of columns goes on through rows that stay on one side of its gutters (the
    left column running on below a shorter right one); a full-width row ends it.
    """
    row_gutters = _gutters(row, rules)
    if not group:
        return True, row_gutters
    if not common:
        return not row_gutters, common
    if row_gutters:
        shared = _intersect(common, row_gutters)
        return bool(shared), shared
    # Justified prose lines end a hair apart, some a little into the gutter; short lines
    # (the entries of an unruled figure) get no such slack.
    slack = [0.2 * line.size if line.x1 - line.x0 > 10 * line.size else 0.0 for line in row]
    crosses = any(line.x0 < g1 - pad and _set_x1(line) > g0 + pad
                  for line, pad in zip(row, slack, strict=True) for g0, g1 in common)
    return not crosses, common


def _finish(group: list[Line], gutters: list[tuple[float, float]],
            rules: Rules) -> list[list[Line]]:
    if not gutters or not _gutters(group, rules):  # rows agree on a gutter the group lacks
        return [_row_sorted(group)]
    return _xy_order(group, rules)


def _row_sorted(lines: list[Line]) -> list[Line]:
    """Top to bottom by visual row, left to right within a row (a superscript stays put)."""
    return [line for row in _rows(lines) for line in sorted(row, key=lambda line: line.x0)]


def _rows(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped into rows that overlap vertically, top to bottom."""
    ordered = sorted(lines, key=lambda line: line.y0)
    rows: list[list[Line]] = []
    bottom = -1e9
    for line in ordered:
        if rows and line.y0 < bottom - 0.2 * line.size:
            rows[-1].append(line)
            bottom = max(bottom, line.y1)
        else:
            rows.append([line])
            bottom = line.y1
    return rows


def _gutters(lines: list[Line], rules: Rules = ()) -> list[tuple[float, float]]:
    """Vertical strips that no line crosses, wide enough to separate columns.

    Where a ruled vertical line runs through the gap (a table border), a narrow gap is
    enough: cell text often comes close to the border.
    """
    if len(lines) < 2:
        return []
    size = statistics.median(line.size for line in lines)
    top, bottom = min(line.y0 for line in lines), max(line.y1 for line in lines)
    verticals = [r[0] for r in rules if abs(r[2] - r[0]) < 0.5 and r[1] < bottom and r[3] > top]
    spans = sorted((line.x0, _set_x1(line)) for line in lines)
    gutters = []
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        ruled = any(reach - 1 <= x <= x0 + 1 for x in verticals)
        if x0 - reach >= (0.2 if ruled else 1.2) * size:
            gutters.append((reach, x0))
        reach = max(reach, x1)
    return _without_label_gutters(lines, gutters) if gutters else gutters


def _set_x1(line: Line) -> float:
    """Where the line's type ends, without a 、 or 。 hung past the column end (ぶら下げ):
    hung into the gutter, it would narrow it below a column gap and merge the columns."""
    if len(line.text) > 1 and line.text[-1] in _HANGING and not line.vertical:
        return max(line.x0, line.boxes[-2][2])
    return line.x1


def _without_label_gutters(lines: list[Line], gutters: list[tuple[float, float]]) -> list[
        tuple[float, float]]:
    """A column of note and reference numbers hung in the margin ([1], 注2, ※) is no
    column: each number belongs to the entry that starts on its row, so they are read
    together. The entries wrap, so they have more lines than there are numbers (a table's
    number column has one per row, and stays a column)."""
    columns = _split_columns(lines, gutters)
    if len(columns) != len(gutters) + 1:
        return gutters
    kept = [gutter for gutter, left, right in zip(gutters, columns, columns[1:], strict=False)
            if not _label_column(left, right)]
    return kept


def _label_column(labels: list[Line], entries: list[Line]) -> bool:
    return len(entries) > len(labels) and all(
        _LABEL.match(line.text) and line.x1 - line.x0 < 4 * line.size
        and any(abs(other.y0 - line.y0) < 0.5 * line.size for other in entries)
        for line in labels)


def _intersect(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> list[
        tuple[float, float]]:
    return [(max(a0, b0), min(a1, b1)) for a0, a1 in a for b0, b1 in b if min(a1, b1) > max(a0, b0)]


def _split_columns(lines: list[Line], gutters: list[tuple[float, float]]) -> list[list[Line]]:
    edges = [(g0 + g1) / 2 for g0, g1 in gutters]
    columns: list[list[Line]] = [[] for _ in range(len(edges) + 1)]
    for line in lines:
        columns[sum(1 for edge in edges if line.x0 > edge)].append(line)
    return [column for column in columns if column]


def _is_table(columns: list[list[Line]], rules: Rules) -> bool:
    """Columns whose lines sit on shared rows and either are ruled apart or do not fill
    their width are a table; prose columns share baselines too, but fill their width."""
    if len(columns) < 2 or any(_holds_columns(column) for column in columns):
        return False
    lines = [line for column in columns for line in column]
    aligned = sum(1 for column in columns for line in column
                  if _has_row_partner(line, columns, column))
    if aligned < 0.6 * len(lines):
        return False
    top, bottom = min(line.y0 for line in lines), max(line.y1 for line in lines)
    ruled = sum(1 for r in _horizontal(rules) if top < r[1] < bottom) >= 2
    return ruled or statistics.median(_fill(line, column) for column in columns
                                      for line in column) < 0.75


def _holds_columns(column: list[Line]) -> bool:
    """Most lines have a neighbour beside them in their own column: it is prose columns
    whose gutter a line across them (a title over two of three columns) hid, not a table
    column, which holds one cell per row."""
    wide = [line for line in column if line.x1 - line.x0 > 6 * line.size]  # prose lines
    beside = sum(1 for line in wide if any(
        other is not line and abs(other.y0 - line.y0) < 0.4 * line.size
        and (other.x0 >= line.x1 or other.x1 <= line.x0) for other in wide))
    return beside > 0.5 * len(column)


def _fill(line: Line, column: list[Line]) -> float:
    width = max(other.x1 for other in column) - min(other.x0 for other in column)
    return (line.x1 - line.x0) / width if width > 0 else 1.0


def _horizontal(rules: Rules) -> list[tuple[float, float, float, float]]:
    return [rule for rule in rules if abs(rule[3] - rule[1]) < 0.5]


def _ruled_between(above: Line, below: Line, rules: Rules) -> bool:
    x0, x1 = below.x0, below.x1
    return any(above.y1 - 1 <= y <= below.y0 + 1 and min(rx1, x1) - max(rx0, x0) > 0
               for rx0, y, rx1, _ in _horizontal(rules))


def _has_row_partner(line: Line, columns: list[list[Line]], own: list[Line]) -> bool:
    return any(abs(other.y0 - line.y0) < 0.4 * line.size
               for column in columns if column is not own for other in column)


def _table_rows(columns: list[list[Line]], rules: Rules) -> list[list[Line]]:
    """Read a table row by row, left to right; each cell is a region of its own.

    A line continues the cell above it when no ruled line separates them; in a table
    without rules, when it is close below and has no neighbour in another column.
    """
    cells: list[list[Line]] = []
    for column in columns:
        previous: list[Line] | None = None
        for line in sorted(column, key=lambda line: line.y0):
            wrapped = previous is not None and line.y0 - previous[-1].y1 < 0.8 * line.size and (
                not _ruled_between(previous[-1], line, rules) if rules
                else not _has_row_partner(line, columns, column))
            if wrapped and previous is not None:
                previous.append(line)  # a cell wrapped over lines
            else:
                previous = [line]
                cells.append(previous)
            line.kind_hint = line.kind_hint or "cell"
    ordered: list[list[Line]] = []
    for row in _rows([cell[0] for cell in cells]):
        firsts = {id(line) for line in row}
        ordered.extend(sorted((c for c in cells if id(c[0]) in firsts), key=lambda c: c[0].x0))
    return ordered
