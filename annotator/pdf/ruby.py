"""Ruby (furigana): small kana set over its base word is a reading aid, not text.

Left in, it splices readings into words (ふかんず…俯瞰図). A line is ruby when it holds only
kana, is set at most 0.6 times the size of a line right below it, and lies within that
line's width: geometry alone, no dictionary.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Final

from annotator.pdf.reader import PageContent, TextBlock, TextLine

RUBY_SIZE: Final = 0.6  # ruby is about half the size of its base text
_KANA: Final = re.compile(r"[\u3041-\u309f\u30a0-\u30ffー]+")


def drop_ruby(page: PageContent) -> PageContent:
    """The page without its ruby lines (unchanged, the same object, when it has none)."""
    lines = [line for block in page.blocks for line in block.lines if not line.vertical]
    ruby = {id(line) for line in lines if _is_ruby(line, lines)}
    if not ruby:
        return page
    blocks = []
    for block in page.blocks:
        kept = tuple(line for line in block.lines if id(line) not in ruby)
        if kept:
            blocks.append(TextBlock(kept, block.bbox))
    return replace(page, blocks=tuple(blocks))


def _size(line: TextLine) -> float:
    return max(line.sizes, default=0.0)


def _is_ruby(line: TextLine, lines: list[TextLine]) -> bool:
    if not _KANA.fullmatch(line.text.strip()):
        return False
    size = _size(line)
    x0, _, x1, y1 = line.bbox
    for base in lines:
        bsize = _size(base)
        if base is line or size > RUBY_SIZE * bsize:
            continue
        bx0, by0, bx1, _ = base.bbox
        if bx0 - size <= x0 and x1 <= bx1 + size and -0.3 * bsize <= by0 - y1 <= 0.3 * bsize:
            return True
    return False
