"""The typesetting core of the generated test layouts: blocks, line breaking, frames, pages.

Split from tests/layouts.py, which holds the layouts themselves.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final

import pymupdf as _pymupdf

from annotator.pdf.structure import split_sentences
from tests.support.pdf_factory import _fix_non_bmp

pymupdf: Any = _pymupdf  # PyMuPDF is only partly typed

SEEDS: Final = Path(__file__).resolve().parents[2] / "resources" / "seeds"  # copies of ../shared
FONT: Final = pymupdf.Font("cjk")  # Droid Sans Fallback, embedded
A4: Final = (595.0, 842.0)
LONG_PARAGRAPH: Final = 500
BULLET_KINDS: Final = frozenset({"bullet", "item"})
HEADER: Final = "政府CIO補佐官等ディスカッションペーパー"

Passage = tuple[str, str | None, str]  # kind, speaker, text


@dataclass(frozen=True)
class Truth:
    """What the extractor should make of a generated PDF."""

    name: str
    text: str
    passages: list[Passage]
    pages: list[tuple[int, int]]  # (page, page_end) of each passage, 0-based
    page_furniture: list[tuple[str, ...]]  # headers, footers, page numbers drawn on each page
    furniture: tuple[str, ...] = field(init=False)  # distinct strings, never in the text
    bullets: int = field(init=False)  # passages of kind bullet or item

    def __post_init__(self) -> None:
        distinct = sorted({f for page in self.page_furniture for f in page})
        object.__setattr__(self, "furniture", tuple(distinct))
        object.__setattr__(self, "bullets",
                           sum(kind in BULLET_KINDS for kind, _, _ in self.passages))


def furniture_leaks(text: str, truth: Truth) -> dict[str, int]:
    """Furniture strings found in *text* more often than in the true text.

    A page number like "3" counts only as a whole number (not inside "2023"), and only
    beyond the times the document itself says "3"; at most once per page it was drawn on.
    """
    leaks: dict[str, int] = {}
    for item in truth.furniture:
        drawn = sum(item in page for page in truth.page_furniture)
        extra = _occurrences(text, item) - _occurrences(truth.text, item)
        if extra > 0:
            leaks[item] = min(extra, drawn)
    return leaks


def _occurrences(text: str, item: str) -> int:
    if item.strip().isdigit():
        return len(re.findall(rf"(?<![0-9０-９]){re.escape(item)}(?![0-9０-９])", text))
    return text.count(item)


# ---------------------------------------------------------------------------
# Seed texts
# ---------------------------------------------------------------------------


@cache
def seed(prefix: str) -> str:
    """A seed file as one string: lines joined, spaces next to Japanese removed."""
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    joined = "".join(line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    joined = re.sub(r"(?<=[^\x00-\x7f]) +| +(?=[^\x00-\x7f])", "", joined)  # "2025 年" → "2025年"
    return re.sub(r" {2,}", " ", joined)


def excerpt(prefix: str, first: str, last: str | None = None) -> str:
    """The seed text from *first* through the next *last* (just *first* without one)."""
    text = seed(prefix)
    start = text.index(first)
    end = text.index(last, start) + len(last) if last else start + len(first)
    return text[start:end]


# ---------------------------------------------------------------------------
# Logical blocks
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One logical paragraph: its passage kind, its text and how it is indented."""

    kind: str
    text: str
    turn: str | None = None  # the speaker this block hands the floor to
    indent: float = 0.0  # first line, em
    hang: float = 0.0  # continuation lines, em


def para(text: str, indent: float = 0.0) -> Block:
    return Block("paragraph", text, indent=indent)


def heading(text: str) -> Block:
    return Block("heading", text)


def bullet(mark: str, text: str, *, hang: bool = True) -> Block:
    return Block("bullet", mark + text, hang=_em(mark) if hang else 0.0)


def item(mark: str, text: str, *, hang: bool = True) -> Block:
    return Block("item", mark + text, hang=_em(mark) if hang else 0.0)


def note(text: str) -> Block:
    return Block("note", "※" + text)


def speaker(name: str) -> Block:
    """A speaker heading on its own line: 【荒見委員】."""
    return Block("speaker", f"【{name}】", turn=name)


def speech(mark: str, name: str, sep: str, text: str) -> Block:
    """A turn that opens a paragraph: ○東会長　それでは…, 〇河野大臣：ただいまから…."""
    return Block("speech", f"{mark}{name}{sep}{text}", turn=name)


def cell(text: str) -> Block:
    return Block("cell", text)


# ---------------------------------------------------------------------------
# Line breaking
# ---------------------------------------------------------------------------

_TOKEN: Final = re.compile(r"[!-~Ａ-Ｚａ-ｚ０-９]+|.", re.S)
_ALNUM: Final = re.compile(r"[A-Za-z0-9]")
_NO_LINE_END: Final = "。：:（(「『【〔"
_NO_LINE_START: Final = re.compile(
    r"[、。，．,.）)」』】〕ーぁぃぅぇぉっゃゅょァィゥェォッャュョ・･○◯〇●◆◇■□※【〔（(\-－‐"
    r"①-⑳0-9０-９\u3000 ]"
)
_HANGING: Final = "、，,"  # ぶら下げ: may hang past the column end
_PUSH_BACK: Final = 3  # at most this many characters go down to the next line (追い出し)
_SHORT: Final = 4.0  # a last line this many em short of the column ends a paragraph


@dataclass(frozen=True)
class Line:
    """Characters text[start:end] of a block on one line."""

    start: int
    end: int
    indent: float  # em from the column's start
    room: float  # em available on this line
    used: float  # em taken, before justification
    justify: bool  # a line the paragraph goes on after: spaced out to the column end


Measure = Callable[[str], float]  # width of a string in em


def proportional(text: str) -> float:
    """Width in the embedded CJK font: Latin letters and ○ are narrower than 1 em."""
    return float(FONT.text_length(text, 1.0))


def monospace(text: str) -> float:
    """縦書き, and the built-in "japan" font: every character advances 1 em."""
    return float(len(text))


def _em(mark: str) -> float:
    return proportional(mark)


def _tokens(text: str) -> list[tuple[int, int]]:
    """Break opportunities: every Japanese character, whole Latin words, and spaces
    between two Latin words (a space anywhere else is glued to its neighbours)."""
    tokens: list[tuple[int, int]] = []
    glue = False
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        if glue or (text[start] == " " and not _breakable(text, start)):
            tokens[-1] = (tokens[-1][0], end)
            glue = not glue
            continue
        tokens.append((start, end))
    return tokens


def _breakable(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and bool(_ALNUM.match(text[i - 1]) and _ALNUM.match(text[i + 1]))


def wrap(text: str, width: float, measure: Measure, *, indent: float = 0.0,
         hang: float = 0.0) -> list[Line]:
    """Hard-wrap *text* into lines *width* em long (see the module rules)."""
    tokens = _tokens(text)
    lines: list[Line] = []
    i = 0
    while i < len(tokens):
        left = indent if not lines else hang
        room = width - left
        j = _settle(text, tokens, i, _fill(text, tokens, i, room, measure))
        start, end = tokens[i][0], tokens[j - 1][1]
        lines.append(Line(start, end, left, room, measure(text[start:end]), j < len(tokens)))
        i = j + 1 if j < len(tokens) and text[tokens[j][0]] == " " else j
    return lines


def _fill(text: str, tokens: list[tuple[int, int]], i: int, room: float,
          measure: Measure) -> int:
    """The first token that does not fit on a line starting at token *i*."""
    j, used = i + 1, measure(text[slice(*tokens[i])])
    while j < len(tokens):
        width = measure(text[slice(*tokens[j])])
        if used + width > room + 0.01:
            break
        used += width
        j += 1
    return j


def _settle(text: str, tokens: list[tuple[int, int]], i: int, j: int) -> int:
    """Where the line really breaks: hang a 、 that does not fit (ぶら下げ), or send up to
    three characters down (追い出し) so no 禁則 or module rule is broken."""
    if j >= len(tokens):
        return j
    hangs = text[slice(*tokens[j])] in _HANGING or (
        text[slice(*tokens[j])] == "。" and j + 1 == len(tokens))
    for candidate in ([j + 1] if hangs else []) + [j - back for back in range(_PUSH_BACK + 1)]:
        if candidate == len(tokens):
            return candidate
        if i < candidate and text[tokens[candidate - 1][0]] != " " and _may_break(
                text, tokens, candidate):
            return candidate
    raise ValueError(f"cannot break {text[tokens[i][0]:tokens[j - 1][1]]!r} cleanly; "
                     "choose another excerpt")


def _may_break(text: str, tokens: list[tuple[int, int]], j: int) -> bool:
    before = text[tokens[j - 1][1] - 1]
    after = tokens[j + 1] if text[tokens[j][0]] == " " else tokens[j]
    return before not in _NO_LINE_END and not _NO_LINE_START.match(text[after[0]])


# ---------------------------------------------------------------------------
# Pouring blocks into columns
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    """A column on a page: where its lines go."""

    page: int
    x: float  # left edge of the lines; 縦書き: centre of the first (rightmost) column
    y: float  # baseline of the first line; 縦書き: top of the columns
    width: float  # points along a line
    lines: int
    size: float = 10.5
    pitch: float = 1.75  # line advance, em
    vertical: bool = False
    font: str = "cjk"  # "cjk": Font("cjk") embedded; "japan": built-in, for 𠮷

    @property
    def measure(self) -> Measure:
        return monospace if self.vertical or self.font == "japan" else proportional

    def place(self, row: int, line: Line) -> tuple[float, float]:
        step = row * self.pitch * self.size
        if self.vertical:
            return self.x - step, self.y + line.indent * self.size
        return self.x + line.indent * self.size, self.y + step


@dataclass(frozen=True)
class Placed:
    line: Line
    frame: Frame
    x: float
    y: float

    @property
    def page(self) -> int:
        return self.frame.page


def pour(blocks: Sequence[Block], frames: Iterable[Frame]) -> list[list[Placed]]:
    """Fill the frames in order with the blocks' lines; one list of lines per block."""
    source = iter(frames)
    frame, row = _next_frame(source), 0
    placed: list[list[Placed]] = []
    for block in blocks:
        lines = wrap(block.text, frame.width / frame.size, frame.measure, indent=block.indent,
                     hang=block.hang)
        here = []
        for line in lines:
            if row >= frame.lines:
                frame, row = _next_frame(source), 0
            here.append(Placed(line, frame, *frame.place(row, line)))
            row += 1
        placed.append(here)
    _check_paragraph_ends(blocks, placed)
    return placed


def _next_frame(frames: Iterator[Frame]) -> Frame:
    frame = next(frames, None)
    if frame is None:
        raise ValueError("the text does not fit into the frames")
    return frame


def _check_paragraph_ends(blocks: Sequence[Block], placed: list[list[Placed]]) -> None:
    """A plain paragraph must visibly start a new paragraph (module rules)."""
    for n in range(1, len(blocks)):
        before, block = blocks[n - 1], blocks[n]
        if block.kind != "paragraph" or before.text.endswith(("。", "：")):
            continue
        last = placed[n - 1][-1].line
        if last.used > last.room - _SHORT:
            raise ValueError(f"{block.text[:20]!r} would read as the continuation of "
                             f"{before.text[-20:]!r}")


def pages_of(columns: Callable[[int], list[Frame]]) -> Iterator[Frame]:
    """The frames of page 0, 1, 2, ... as long as needed."""
    page = 0
    while True:
        yield from columns(page)
        page += 1


# ---------------------------------------------------------------------------
# Drawing and the truth
# ---------------------------------------------------------------------------


class Sheet:
    """A PDF under construction: Japanese text, rules and furniture.

    Text goes in the embedded Font("cjk") by default; *font* "japan" is MuPDF's built-in
    Adobe-Japan1 font, the one that can carry 𠮷 (see tests.support.pdf_factory).
    """

    def __init__(self, width: float, height: float, font: str = "cjk") -> None:
        self.doc = pymupdf.open()
        self.width, self.height, self.font = width, height, font
        self.furniture: list[list[str]] = []
        self.drawn: list[list[str]] = []

    def page(self, number: int) -> Any:
        while self.doc.page_count <= number:
            page = self.doc.new_page(width=self.width, height=self.height)
            if self.font == "cjk":
                page.insert_font(fontname="cjk", fontbuffer=FONT.buffer)
            self.furniture.append([])
            self.drawn.append([])
        return self.doc[number]

    @property
    def page_count(self) -> int:
        return int(self.doc.page_count)

    def write(self, number: int, x: float, y: float, text: str, size: float,
              fontname: str | None = None, spacing: float = 0.0) -> None:
        """One line of text; *spacing* is PDF character spacing (Tc) in points."""
        page = self.page(number)
        page.insert_text((x, y), text, fontname=fontname or self.font, fontsize=size)
        self.drawn[number].append(text)
        if spacing:
            xref = page.get_contents()[-1]  # insert_text appends a stream of its own
            stream = self.doc.xref_stream(xref)
            self.doc.update_stream(xref, stream.replace(b"BT\n", b"BT\n%.4f Tc\n" % spacing, 1))

    def draw(self, blocks: Sequence[Block], placed: list[list[Placed]]) -> None:
        for block, lines in zip(blocks, placed, strict=True):
            for p in lines:
                text = block.text[p.line.start:p.line.end]
                self.write(p.page, p.x, p.y, text, p.frame.size, spacing=_justify(p, text))

    def add_furniture(self, number: int, text: str, *, y: float, size: float = 9.0,
                      align: str = "centre", edge: float = 0.0,
                      fontname: str | None = None) -> None:
        """A running header, footer or page number; *edge* is the right end for "right"."""
        fontname = fontname or self.font
        if fontname == "cjk":
            width = FONT.text_length(text, size)
        elif fontname == "japan":
            width = monospace(text) * size
        else:
            width = pymupdf.get_text_length(text, fontname=fontname, fontsize=size)
        x = {"centre": (self.width - width) / 2, "right": edge - width, "left": edge}[align]
        self.write(number, x, y, text, size, fontname)
        self.furniture[number].append(text)

    def pdf(self, *, vertical_writing: bool = False) -> bytes:
        if self.font == "japan":
            for number, lines in enumerate(self.drawn):
                if any(ord(ch) > 0xFFFF for line in lines for ch in line):
                    _fix_non_bmp(self.doc, self.doc[number], lines)
        else:
            self.doc.subset_fonts()
        if vertical_writing:  # the same glyphs, written down the page (WMode 1)
            for number in range(self.page_count):
                for font in self.doc.get_page_fonts(number):
                    if font[4] == "cjk":
                        self.doc.xref_set_key(font[0], "Encoding", "/Identity-V")
        return bytes(self.doc.tobytes(garbage=3, deflate=True))

    def truth(self, name: str, blocks: Sequence[Block], placed: list[list[Placed]]) -> Truth:
        passages: list[Passage] = []
        pages: list[tuple[int, int]] = []
        current: str | None = None
        for block, lines in zip(blocks, placed, strict=True):
            current = block.turn or current
            spans = ([(0, len(block.text))] if block.kind != "paragraph"
                     else split_sentences(block.text, LONG_PARAGRAPH))
            for start, end in spans:
                passages.append((block.kind, current, block.text[start:end]))
                pages.append((_page_at(lines, start), _page_at(lines, end - 1)))
        text = "\n".join(block.text for block in blocks)
        return Truth(name, text, passages, pages, [tuple(f) for f in self.furniture])


def _justify(placed: Placed, text: str) -> float:
    """Character spacing that takes a line the paragraph goes on after to the column end.

    In vertical writing (WMode 1) the advance is negative, so is the spacing that widens it.
    """
    line = placed.line
    if not line.justify or line.used >= line.room or len(text) < 2:
        return 0.0
    spacing = (line.room - line.used) * placed.frame.size / (len(text) - 1)
    return -spacing if placed.frame.vertical else spacing


def _page_at(lines: list[Placed], offset: int) -> int:
    return [p.page for p in lines if p.line.start <= offset][-1]


def _spans_pages(truth: Truth, kind: str) -> None:
    """The layout must have a passage of *kind* that runs over a page break (mid-sentence,
    as a continuing line never ends with 。)."""
    if not any(page != end and passage[0] == kind
               for passage, (page, end) in zip(truth.passages, truth.pages, strict=True)):
        raise ValueError(f"{truth.name}: no {kind} runs over a page break; adjust the layout")


# ---------------------------------------------------------------------------
# The layouts
# ---------------------------------------------------------------------------
