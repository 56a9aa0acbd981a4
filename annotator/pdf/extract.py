"""From the characters on PDF pages to a document's text, pages and passages.

The text is what a careful person would type: hard-wrapped lines re-joined, running
headers, footers and page numbers left out (kept as page metadata), columns, vertical
writing and tables read in order. Every character keeps its box on its page. Passages
follow the structure researchers code by: speaker turns, bullets, numbered items,
headings, and paragraphs (long ones split at 。).

The version string is stored per document, so a better extractor can re-extract and
re-anchor existing codings by their quoted text.
"""

from __future__ import annotations

import itertools
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from annotator.pdf.furniture import mark_furniture
from annotator.pdf.layout import Line, PageLines, keep_table_cells, page_lines, reading_order
from annotator.pdf.reader import PageContent
from annotator.pdf.ruby import drop_ruby
from annotator.pdf.structure import classify, ends_sentence, split_sentences
from annotator.pdf.textbuild import Box, PageText, TextBuilder

EXTRACTOR_VERSION = "5"
SPLIT_ABOVE = 500  # only paragraphs longer than this are split at 。
FIGURE_RUN = 4  # this many short odd-sized fragments in a row are a figure's labels

_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_CLOSERS = "】）〕］〉》」』)]>"
_ANSWERS = frozenset({"回答", "答", "答弁"})
_QUESTION_MARKS = "○〇◯"
_URLISH = re.compile(r"(?:://|www\.|[/_=?&%#])\S*$")
_TOC_ENTRY = re.compile(r"(?:[.．…・‥]\s*){4,}[0-9０-９ivxIVX]+$")  # 目次: title ..... 12


@dataclass(frozen=True)
class PassageSpan:
    start: int
    end: int
    page: int
    page_end: int
    kind: str = "paragraph"
    speaker: str | None = None


@dataclass
class ExtractedDocument:
    text: str
    pages: list[PageText]
    passages: list[PassageSpan]
    warnings: list[str] = field(default_factory=list)


def extract(pages: Iterable[PageContent]) -> ExtractedDocument:
    laid_out = [page_lines(drop_ruby(page)) for page in pages]
    mark_furniture(laid_out)
    keep_table_cells(laid_out)
    for page in laid_out:
        if page.landscape:
            _mark_slide_title(page)
    builder = TextBuilder()
    assembler = _Assembler(builder, _body_size(laid_out), _text_frame(laid_out))
    for page in laid_out:
        for region in reading_order(page):  # garbled fonts' text is already left out
            assembler.region(region)
        builder.end_page(page.number, page.width, page.height, needs_ocr=page.needs_ocr,
                         garbled=page.garbled, furniture=_furniture(page))
    assembler.close()
    assembler.mark_figures()
    return ExtractedDocument(builder.text(), builder.pages, assembler.passages,
                             page_warnings(builder.pages))


def _mark_slide_title(page: PageLines) -> None:
    """A slide's title: the largest type in the top fifth of the page."""
    body = [line for line in page.lines if not line.furniture and not line.vertical]
    if not body:
        return
    largest = max(line.size for line in body)
    for line in body:
        if line.y0 < 0.2 * page.height and line.size >= 0.9 * largest:
            line.kind_hint = "title"


def _furniture(page: PageLines) -> tuple[str, ...]:
    return tuple(line.text for line in page.lines if line.furniture)


@dataclass
class _Paragraph:
    start: int
    page: int
    kind: str
    speaker: str | None
    first: Line
    last_page: int
    parts: list[str] = field(default_factory=list)
    lines: int = 1
    complete: bool = False  # a heading or speaker line that takes no continuation
    sized: bool = False  # a heading only by its larger type


class _Assembler:
    """Joins lines into paragraphs and paragraphs into passages, in reading order."""

    def __init__(self, builder: TextBuilder, body_size: float,
                 frame: tuple[float, float]) -> None:
        self.builder = builder
        self.body_size = body_size
        self.frame = frame
        self.passages: list[PassageSpan] = []
        self.fragments: list[bool] = []  # per passage: could be a label in a figure
        self.speaker: str | None = None
        self.questioner: str | None = None  # the last speaker who was not an answer
        self.paragraph: _Paragraph | None = None
        self.previous: Line | None = None
        self.previous_edge = 0.0  # right (or bottom) edge of the previous line's region

    def region(self, lines: list[Line]) -> None:
        edge = self._edge(lines)
        gap = _typical_gap(lines)
        for number, line in enumerate(lines):
            if self._starts_paragraph(line, number == 0, edge, gap):
                self._open(line)
            else:
                self._continue(line)
            self._append(line)
            self.previous, self.previous_edge = line, edge

    def _edge(self, lines: list[Line]) -> float:
        """Where a full line of this region ends: the column's edge, not the longest line.

        A region of short lines (a list of materials) in a single-column document ends at
        the document's right margin, so its lines count as short and stay apart.
        """
        if lines[0].vertical:
            return max(line.y1 for line in lines)
        left, right = self.frame
        x0, x1 = min(line.x0 for line in lines), max(line.x1 for line in lines)
        if x0 < left + 0.2 * (right - left) and x1 - x0 > 0.6 * (right - left):
            return max(x1, right)
        return x1

    def _turn(self, speaker: str | None) -> None:
        self.speaker = speaker
        if speaker not in _ANSWERS:
            self.questioner = speaker

    def _starts_paragraph(self, line: Line, new_region: bool, edge: float, gap: float) -> bool:
        previous, paragraph = self.previous, self.paragraph
        if previous is None or paragraph is None or paragraph.complete:
            return True
        if line.kind_hint == "title" or previous.kind_hint == "title":
            return line.kind_hint != previous.kind_hint or line.page != previous.page
        if line.kind_hint == "cell" or previous.kind_hint == "cell":
            return new_region
        if line.page != previous.page and (_landscape(line) or _landscape(previous)):
            return True  # a slide is complete in itself
        if _same_row(previous, line):
            return False  # pieces of one visual line (a superscript, a bullet glyph)
        if classify(line.text).kind != "none":
            return True
        if _hangs_under_note(paragraph, previous, line):
            return False  # a reference entry wraps under its text, past its own 。 and ：
        if ends_sentence(previous.text) or (
                _TOC_ENTRY.search(previous.text)):
            return True
        if _short(previous, self.previous_edge, line) or (
                abs(line.size - previous.size) > 0.2 * line.size):
            return True
        if new_region:  # a sentence running on to the next column or page, but not into
            return _notes_below(previous, line)  # the footnotes read after the columns
        if line.vertical:  # 字下げ: a paragraph's first column starts one character lower
            indented = line.y0 > previous.y0 + 0.8 * line.size
        else:
            if line.y0 - previous.y1 > max(1.2 * line.size, gap + 0.8 * line.size):
                return True
            indented = line.x0 > previous.x0 + 0.8 * line.size
        return indented and paragraph.lines > 1 and paragraph.kind in ("paragraph", "speech")

    def _open(self, line: Line) -> None:
        self.close()
        if self.builder.length:
            self.builder.gap("\n")
        start = classify(line.text)
        kind, complete, sized = start.kind, False, False
        if kind == "speaker_heading":
            kind, complete = "speaker", True
            self._turn(start.speaker)
        elif kind == "speech":
            self._turn(start.speaker)
        elif kind == "bullet" and line.text[0] in _QUESTION_MARKS and self.speaker in _ANSWERS:
            self.speaker = self.questioner  # Q&A minutes: ○ asks, the answer has ・ bullets
        elif line.kind_hint == "cell":
            kind = "cell"
        elif line.kind_hint == "title":
            kind = "heading"
        elif kind == "none":
            kind = "paragraph"
            if line.size >= 1.3 * self.body_size and len(line.text) <= 40 and not (
                    ends_sentence(line.text)):
                kind = "heading"  # a section title set in a larger font…
                sized = True
        if kind == "heading" and line.kind_hint != "title" and not sized and (
                line.text[-1] in _CLOSERS or len(line.text) <= 30):
            complete = True
        self.paragraph = _Paragraph(self.builder.length, line.page, kind, self.speaker, line,
                                    line.page, complete=complete, sized=sized)

    def _continue(self, line: Line) -> None:
        assert self.previous is not None and self.paragraph is not None
        if _needs_space(self.previous.text, line.text):
            self.builder.gap(" ")
            self.paragraph.parts.append(" ")
        self.paragraph.lines += 1

    def _append(self, line: Line) -> None:
        assert self.paragraph is not None
        text, boxes = _clean(line.text, line.boxes)
        self.builder.chars(text, boxes)
        self.paragraph.parts.append(text)
        self.paragraph.last_page = line.page

    def close(self) -> None:
        paragraph, self.paragraph = self.paragraph, None
        if paragraph is None:
            return
        text = "".join(paragraph.parts)
        if paragraph.sized and (paragraph.lines > 2 or len(text) > 60):
            paragraph.kind = "paragraph"  # …unless it runs on: then it is a box of large text
        elif paragraph.kind == "paragraph" and paragraph.lines > 1 and len(text) <= 80 and (
                classify(text).kind == "heading"):
            paragraph.kind = "heading"  # （…に関する意見） wrapped in a narrow column
        pieces = split_sentences(text, SPLIT_ABOVE) if len(text) > SPLIT_ABOVE else [
            (0, len(text))]
        for start, end in pieces:
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start == end:
                continue
            self.passages.append(PassageSpan(
                paragraph.start + start, paragraph.start + end, paragraph.page,
                paragraph.last_page, paragraph.kind, paragraph.speaker))
            self.fragments.append(_fragment(paragraph, end - start, self.body_size))

    def mark_figures(self) -> None:
        """Runs of short fragments in odd type sizes are labels inside a figure.

        They stay in the text (a coder may quote them) but get kind "figure", so
        moving from passage to passage can pass over them.
        """
        run: list[int] = []
        for index, fragment in enumerate([*self.fragments, False]):
            if fragment:
                run.append(index)
                continue
            if len(run) >= FIGURE_RUN:
                for member in run:
                    self.passages[member] = replace(self.passages[member], kind="figure")
            run = []


def _body_size(pages: list[PageLines]) -> float:
    """The font size most characters are set in (figure labels and footnotes are few)."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            if not line.furniture:
                sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _text_frame(pages: list[PageLines]) -> tuple[float, float]:
    """The document's usual left and right text margins (horizontal lines)."""
    lefts = sorted(line.x0 for page in pages for line in page.lines
                   if not line.furniture and not line.vertical)
    rights = sorted(line.x1 for page in pages for line in page.lines
                    if not line.furniture and not line.vertical)
    if not lefts:
        return 0.0, 0.0
    return lefts[len(lefts) // 10], _right_margin(rights)


def _right_margin(rights: list[float]) -> float:
    """Where justified lines end: the edge most lines share. The 90th percentile alone
    lands beyond it when wide tables or landscape pages end further right, and then every
    full line of the body counts as short and its paragraph is cut at each line."""
    percentile = rights[len(rights) * 9 // 10]
    edge, count = Counter(round(x) for x in rights).most_common(1)[0]
    if count >= 0.1 * len(rights) and edge >= rights[len(rights) // 2]:
        return min(percentile, edge + 1.0)
    return percentile


def _fragment(paragraph: _Paragraph, length: int, body_size: float) -> bool:
    if paragraph.lines > 2 or length > 16 or paragraph.first.cell is not None:
        return False
    size = paragraph.first.size
    odd = abs(size - body_size) > 0.1 * body_size
    tiny = size < 0.75 * body_size  # even bullets, at this size, are labels in a diagram
    return tiny or (odd and paragraph.kind in ("paragraph", "cell", "heading"))


def _notes_below(previous: Line, line: Line) -> bool:
    """A region in smaller type below the previous line on its page: the footnotes,
    read after every column (layout._peel_foot), never the rest of a sentence."""
    return (line.page == previous.page and line.y0 > previous.y1
            and line.size < 0.95 * previous.size)


def _typical_gap(lines: list[Line]) -> float:
    gaps = [b.y0 - a.y1 for a, b in itertools.pairwise(lines)
            if not a.vertical and b.y0 > a.y1]
    return statistics.median(gaps) if gaps else 0.0


def _hangs_under_note(paragraph: _Paragraph, previous: Line, line: Line) -> bool:
    """A line indented under a note's text, past its number ([1] JETRO… / https://…)."""
    first = paragraph.first
    return (paragraph.kind == "note" and not line.vertical and line.page == first.page
            and line.x0 > first.x0 + 1.5 * line.size and line.y0 - previous.y1 < 1.5 * line.size)


def _same_row(a: Line, b: Line) -> bool:
    if a.vertical or b.vertical or b.x0 < a.x1 - 0.5 * b.size:
        return False
    return min(a.y1, b.y1) - max(a.y0, b.y0) > 0.3 * min(a.size, b.size)


def _landscape(line: Line) -> bool:
    return line.page_landscape


def _short(line: Line, edge: float, following: Line) -> bool:
    """Clearly shorter than its column, so the paragraph ends there.

    Line breaking leaves up to a few characters free at the end of a line that goes on:
    Word wraps a Latin word or number whole, and 禁則 moves characters that may not end
    a line. A paragraph's last line is shorter than that.
    """
    end = line.y1 if line.vertical else line.x1
    del following
    return end < edge - 3.5 * line.size


def _needs_space(before: str, after: str) -> bool:
    """Latin words broken across lines get their space back; Japanese joins without one,
    and so does a URL or path wrapped in the middle."""
    return before[-1].isascii() and before[-1].isalnum() and after[0].isascii() and (
        after[0].isalnum()) and not _URLISH.search(before)


def _clean(text: str, boxes: list[Box]) -> tuple[str, list[Box]]:
    """Drop stray control characters and split ligatures; never NFKC (quotes stay exact)."""
    if text.isprintable() and not any(ch in _LIGATURES for ch in text):
        return text, boxes
    out, out_boxes = [], []
    for char, box in zip(text, boxes, strict=True):
        if unicodedata.category(char) == "Cc":
            continue
        for part in _LIGATURES.get(char, char):
            out.append(part)
            out_boxes.append(box)
    return "".join(out), out_boxes


def page_warnings(pages: list[PageText]) -> list[str]:
    """Plain-words warnings shown to the user; the document is imported all the same."""
    warnings = []
    ocr = [p.number + 1 for p in pages if p.needs_ocr]
    garbled = [p.number + 1 for p in pages if p.garbled]
    if ocr:
        warnings.append(f"needs OCR: {_pages(ocr)} {'has' if len(ocr) == 1 else 'have'} no text "
                        f"layer (scanned image)")
    if garbled:
        warnings.append(f"garbled: some text on {_pages(garbled)} is unreadable "
                        f"(broken font encoding) and was left out until it is OCR'd")
    return warnings


def _pages(numbers: list[int]) -> str:
    ranges: list[str] = []
    first = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        ranges.append(str(first) if first == prev else f"{first}–{prev}")
        if n is not None:
            first = prev = n
    label = "page" if len(numbers) == 1 else "pages"
    return f"{label} {', '.join(ranges)}"
