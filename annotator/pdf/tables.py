"""Ruled tables: the grid of cells drawn by a page's rules, and which text sits in each cell.

MuPDF groups characters into lines by their baseline alone, so in a ruled table a line
often runs across several cells: a narrow column of abbreviations (CNSL) ends up inside
the neighbouring cell's sentence, two numbers of adjacent cells are glued together. The
ruled lines say where the cells are, so characters are assigned to cells by where they
are drawn, not by how MuPDF grouped them.

The grid is rebuilt from the rules the reader already collects (the way pdfplumber and
PyMuPDF's ``find_tables`` do it: edges, their intersections, the smallest rectangles
closed by edges), in pure geometry: ``find_tables`` costs 50 to 250 ms on a dense table
page, this a few. A spanned cell is simply a larger rectangle: an edge missing inside it
means no smaller rectangle closes there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

Box = tuple[float, float, float, float]
SNAP = 2.0  # rules this close (points) are one line: double borders, rounding
JOIN = 3.0  # collinear rules this close end to end are one edge
MIN_CELL = 4.0  # a rectangle narrower or lower than this is a double border, not a cell


@dataclass
class Table:
    """One ruled table: its cells in reading order (row by row, left to right)."""

    bbox: Box
    cells: list[Box] = field(default_factory=list)


@dataclass
class _Edge:
    fixed: float  # y of a horizontal edge, x of a vertical one
    start: float
    end: float


def find_tables(rules: Sequence[Box]) -> list[Table]:
    """The ruled tables of a page: at least two rows or two columns of closed cells."""
    horizontal = _merge([_Edge(r[1], r[0], r[2]) for r in rules if abs(r[3] - r[1]) < 0.5])
    vertical = _merge([_Edge(r[0], r[1], r[3]) for r in rules if abs(r[2] - r[0]) < 0.5])
    if len(horizontal) < 3 or len(vertical) < 2 or len(horizontal) + len(vertical) < 6:
        return []  # a box around a paragraph is no table
    cells = _cells(horizontal, vertical)
    return [table for table in _group(cells) if _is_grid(table)]


def _merge(edges: list[_Edge]) -> list[_Edge]:
    """Collinear pieces that touch or overlap become one edge (Excel draws a border per cell)."""
    edges.sort(key=lambda e: (e.fixed, e.start))
    merged: list[_Edge] = []
    for edge in edges:
        for other in reversed(merged[-8:]):
            if abs(other.fixed - edge.fixed) <= SNAP and edge.start <= other.end + JOIN:
                other.end = max(other.end, edge.end)
                break
        else:
            merged.append(_Edge(edge.fixed, edge.start, edge.end))
    return merged


def _cells(horizontal: list[_Edge], vertical: list[_Edge]) -> list[Box]:
    """The smallest rectangles whose four sides are drawn, found from each top-left corner."""
    h_at: dict[int, list[tuple[float, int]]] = {}  # horizontal edge -> (x, vertical edge)
    v_at: dict[int, list[tuple[float, int]]] = {}  # vertical edge -> (y, horizontal edge)
    for hi, h in enumerate(horizontal):
        for vi, v in enumerate(vertical):
            if h.start - SNAP <= v.fixed <= h.end + SNAP and v.start - SNAP <= h.fixed <= (
                    v.end + SNAP):
                h_at.setdefault(hi, []).append((v.fixed, vi))
                v_at.setdefault(vi, []).append((h.fixed, hi))
    for points in (*h_at.values(), *v_at.values()):
        points.sort()
    cells: list[Box] = []
    for hi, crossings in h_at.items():
        y0 = horizontal[hi].fixed
        for index, (x0, vi) in enumerate(crossings):
            cell = _close(y0, x0, crossings[index + 1:], v_at.get(vi, []),
                          horizontal, vertical)
            if cell is not None:
                cells.append(cell)
    return cells


def _close(y0: float, x0: float, rights: list[tuple[float, int]],
           downs: list[tuple[float, int]], horizontal: list[_Edge],
           vertical: list[_Edge]) -> Box | None:
    """The first rectangle from corner (x0, y0), right along its top edge and down its
    left edge, whose other two sides are drawn too."""
    below = [(y, h) for y, h in downs if y > y0 + MIN_CELL]
    for x1, right in rights:
        if x1 < x0 + MIN_CELL:
            continue
        for y1, bottom in below:
            if _covers(vertical[right], y0, y1) and _covers(horizontal[bottom], x0, x1):
                return (x0, y0, x1, y1)
    return None


def _covers(edge: _Edge, a: float, b: float) -> bool:
    return edge.start - SNAP <= a and edge.end + SNAP >= b


def _group(cells: list[Box]) -> list[Table]:
    """Cells that share a side belong to one table."""
    tables: list[Table] = []
    for cell in sorted(cells, key=lambda c: (c[1], c[0])):
        touching = [t for t in tables if _touches(t.bbox, cell)]
        if not touching:
            tables.append(Table(cell, [cell]))
            continue
        first = touching[0]
        for other in touching[1:]:
            first.cells.extend(other.cells)
            first.bbox = _union(first.bbox, other.bbox)
            tables.remove(other)
        first.cells.append(cell)
        first.bbox = _union(first.bbox, cell)
    for table in tables:
        table.cells.sort(key=lambda c: (round(c[1]), c[0]))
    return tables


def _touches(a: Box, b: Box) -> bool:
    return a[0] - SNAP <= b[2] and b[0] - SNAP <= a[2] and a[1] - SNAP <= b[3] and (
        b[1] - SNAP <= a[3])


def _union(a: Box, b: Box) -> Box:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _is_grid(table: Table) -> bool:
    """Two cells or more, not all in one column: a framed paragraph with a title bar is
    a stack of boxes, read as text anyway."""
    return len(table.cells) >= 2 and len({round(c[0]) for c in table.cells}) >= 2


__all__ = ["Table", "find_tables"]
