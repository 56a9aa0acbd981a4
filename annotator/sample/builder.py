"""The sample project a new user opens on first start: five real council papers, a few codings.

Only the seed texts are in the repository (resources/seeds: naive text extractions of council
PDFs, hard-wrapped lines with blank lines between them), because binary PDFs would bloat it
and could not be reviewed. Building re-joins each seed into the paragraphs its drafters wrote,
sets them in the layout real papers of that kind have (Q&A minutes with speaker headings and a
running header, an opinion list of ○ bullets, meeting materials, a meeting summary, a 4:3
slide deck), and imports the PDFs through the ordinary importer, so the sample shows exactly
what a user's own PDFs go through. A handful of codings by the coder "sample" paint the four
default codes at once. Nothing is downloaded; building takes about a second.

The layout (wrapping with 禁則, pagination, headers and footers) is decided here;
`annotator.pdf.reader` only draws, being the one module that may use PyMuPDF.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from annotator.coding.service import TagRequest
from annotator.documents.importing import IMPORTED
from annotator.errors import AnnotatorError, ProjectFileError
from annotator.ids import DocumentId
from annotator.pdf.structure import (
    BULLET,
    HEADING,
    ITEM,
    NONE,
    NOTE,
    SPEAKER_HEADING,
    classify,
    ends_sentence,
)
from annotator.pdf.writer import Fill, PageSpec, Rule, TextRun, text_width, write_pdf
from annotator.project import Project
from annotator.records import Target
from resources import SEEDS

CODER: Final = "sample"

A4: Final = (595.0, 842.0)
SLIDE: Final = (720.0, 540.0)  # PowerPoint's 4:3, 10 × 7.5 in

_RGB = tuple[float, float, float]
_BLACK: Final[_RGB] = (0.0, 0.0, 0.0)
_GREY: Final[_RGB] = (0.35, 0.35, 0.35)
_NAVY: Final[_RGB] = (0.12, 0.22, 0.42)
_PALE: Final[_RGB] = (0.86, 0.90, 0.96)
_WHITE: Final[_RGB] = (1.0, 1.0, 1.0)

# Characters the built-in Adobe-Japan1 font cannot encode would vanish from the PDF.
_SUBSTITUTES: Final = str.maketrans({"长": "長", "✅": "◆"})

# 禁則: what may not begin or end a line in Japanese typesetting.
_NO_LINE_START: Final = frozenset(
    "、。，．,.・：；:;？！?!ー）」』】〕］｝〉》)]}％%"
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々ゝゞヽヾ"
)
_NO_LINE_END: Final = frozenset("（「『【〔［｛〈《([{")
_CLOSERS: Final = "】）〕］〉》」』)]>"
# A Latin word or number is kept whole (up to a length that still fits a line).
_ATOM: Final = re.compile(r"[A-Za-z0-9]{1,12}|.", re.DOTALL)
# A seed line clearly shorter than the usual line ends its paragraph.
_SHORT_LINE: Final = 0.8
# 「11パブリッククラウド」: slide decks glue the slide number to the title.
_GLUED_NUMBER: Final = re.compile(
    r"(?P<number>[0-9]{1,2})(?![0-9年月日.．,，、%％:：/])(?P<title>\S.*)"
)


@dataclass(frozen=True)
class Paragraph:
    """One logical paragraph of a seed, with what its first line starts (see structure.py)."""

    text: str
    kind: str
    body: int  # where the text after the marker (○, ・, ①, 【…】) begins
    page_start: bool  # its first line began a page of the original PDF


@dataclass(frozen=True)
class SampleDocument:
    name: str
    title: str
    data: bytes


# --- reading the seeds ---------------------------------------------------------------------


def read_seed(prefix: str) -> str:
    """The seed whose name starts with `prefix` ("000"), unencodable characters replaced."""
    (path,) = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8").translate(_SUBSTITUTES)


def seed_lines(raw: str) -> list[tuple[str, bool]]:
    """Non-blank lines, stripped, each with whether it began a page.

    Naive extractors start each page's first line with a space, which is the only trace of
    the page breaks. Lines indented with a tab are PowerPoint's notes placeholders
    (「スライド番号 12」) and are dropped.
    """
    lines = []
    for line in raw.splitlines():
        if line.strip() and not line.startswith("\t"):
            lines.append((line.strip().replace("\t", " "), line[:1].isspace()))
    return lines


def paragraphs(raw: str, measure: float | None = None) -> list[Paragraph]:
    """Re-join hard-wrapped lines into paragraphs, cutting where the drafters' markers say.

    A line opens a paragraph when it starts with a marker (【荒見委員】, ○, ・, ①, 〔…〕,
    （…意見）, ※) or when the line before it ended a sentence (。) or stopped clearly short of
    the usual line length (`measure`, in ems; by default that of `raw`); everything else
    continues the paragraph, since the lines were broken at a fixed width mid-word.
    """
    lines = seed_lines(raw)
    if measure is None:
        measure = _usual_width([text for text, _ in lines])
    result: list[Paragraph] = []
    parts: list[str] = []
    kind, body, first_on_page, complete, previous = NONE, 0, False, False, ""
    for text, page_start in lines:
        found = classify(text)
        if (not parts or complete or found.kind != NONE or ends_sentence(previous)
                or ems(previous) < _SHORT_LINE * measure):
            if parts:
                result.append(Paragraph("".join(parts), kind, body, first_on_page))
            parts, kind, body, first_on_page = [text], found.kind, found.body_start, page_start
            complete = _complete(found.kind, text)
        else:
            parts.append((" " if _needs_space(previous, text) else "") + text)
        previous = text
    if parts:
        result.append(Paragraph("".join(parts), kind, body, first_on_page))
    return result


def _usual_width(texts: list[str]) -> float:
    widths = sorted(ems(text) for text in texts)
    return widths[len(widths) * 4 // 5] if widths else 0.0


def _complete(kind: str, text: str) -> bool:
    """Speaker headings and short headings stand alone, as the extractor treats them."""
    return kind == SPEAKER_HEADING or (kind == HEADING and (
        text[-1] in _CLOSERS or len(text) <= 30))


def _needs_space(before: str, after: str) -> bool:
    """Latin words broken across lines get their space back; Japanese joins without one."""
    return before[-1].isascii() and before[-1].isalnum() and after[0].isascii() and (
        after[0].isalnum())


def ems(text: str) -> float:
    """Width in ems as set by annotator.pdf.reader (Latin and ｶﾅ half width)."""
    return sum(map(_char_ems, text))


@functools.cache
def _char_ems(char: str) -> float:
    return text_width(char, 1.0)


# --- line breaking and pages -----------------------------------------------------------------


def wrap(text: str, first: float, rest: float) -> list[str]:
    """Break `text` into lines of at most `first` ems (the first line) and `rest` ems.

    Japanese breaks between any two characters, but not before 、。）ー and small kana, not
    after （「 and not inside a Latin word. So that the extractor does not take a wrapped line
    for the end of a paragraph or the start of an item, a line that goes on also does not end
    with 。 or ： and the next line does not begin like a marker (・, ①, 1.).
    """
    atoms = _ATOM.findall(text)
    lines: list[str] = []
    start, limit = 0, first
    while start < len(atoms):
        end, width = start, 0.0
        while end < len(atoms) and width + ems(atoms[end]) <= limit:
            width += ems(atoms[end])
            end += 1
        if end == len(atoms):
            lines.append("".join(atoms[start:]))
            break
        end = _break_at(atoms, start, max(end, start + 1), rest)
        lines.append("".join(atoms[start:end]))
        start, limit = end, rest
    return [line for line in lines if line.strip()] or [""]


def _break_at(atoms: list[str], start: int, end: int, rest: float) -> int:
    if atoms[end - 1] != " " and end < len(atoms) and atoms[end] == " ":
        return end + 1  # a space hangs invisibly at the end of the line
    for _ in range(2):
        if end - start <= 1:
            break
        following = "".join(atoms[end:end + int(rest)])
        if (atoms[end][0] in _NO_LINE_START or atoms[end - 1][-1] in _NO_LINE_END
                or classify(following).kind != NONE
                or ends_sentence("".join(atoms[max(start, end - 3):end]))):
            end -= 1
        else:
            break
    return end


@dataclass(frozen=True)
class Style:
    """How one paragraph is set; indents are in ems of its own size."""

    size: float = 10.5
    bold: bool = False
    indent: float = 0.0  # first line
    hang: float = 0.0  # following lines
    before: float = 0.0  # extra space above, in lines
    after: float = 0.0
    align: str = "left"  # left | center | right
    keep: bool = False  # keep with the next paragraph (headings)
    band: _RGB | None = None  # a tinted band behind the paragraph
    color: _RGB = _BLACK
    leading: float = 1.75


Furniture = Callable[[int], tuple[list[TextRun], list[Rule]]]


@dataclass
class Sheet:
    """Flows styled paragraphs down the frame of page after page, adding the furniture."""

    width: float
    height: float
    frame: tuple[float, float, float, float]  # left, top, right, bottom
    furniture: Furniture = lambda _number: ([], [])
    pages: list[PageSpec] = field(default_factory=list)
    _runs: list[TextRun] = field(default_factory=list)
    _rules: list[Rule] = field(default_factory=list)
    _fills: list[Fill] = field(default_factory=list)
    _y: float = 0.0
    _open: bool = False

    def add(self, text: str, style: Style) -> None:
        left, top, right, bottom = self.frame
        size = style.size
        measure = (right - left) / size
        lines = wrap(text, measure - style.indent, measure - style.hang)
        step = size * style.leading
        if not self._open:
            self.new_page()
        elif self._y > top:
            self._y += style.before * step
        wanted = step * (len(lines) + 2 if style.keep else min(len(lines), 2))
        if self._y + wanted > bottom and self._y > top:
            self.new_page()
        for number, line in enumerate(lines):
            if self._y + step > bottom + 0.1:
                self.new_page()
            offset = (style.indent if number == 0 else style.hang) * size
            x = {"center": (left + right - text_width(line, size)) / 2,
                 "right": right - text_width(line, size)}.get(style.align, left + offset)
            if style.band is not None:
                self._fills.append(Fill(left - 4, self._y, right + 4, self._y + step,
                                        style.band))
            self._runs.append(TextRun(x, self._y + 0.5 * (step + 0.7 * size), line, size,
                                      style.color, style.bold))
            self._y += step
        self._y += style.after * step

    def new_page(self) -> None:
        self._close_page()
        runs, rules = self.furniture(len(self.pages) + 1)
        self._runs, self._rules, self._fills = list(runs), list(rules), []
        self._y, self._open = self.frame[1], True

    def _close_page(self) -> None:
        if self._open:
            self.pages.append(PageSpec(self.width, self.height, tuple(self._runs),
                                       tuple(self._rules), tuple(self._fills)))
            self._open = False

    def finish(self) -> list[PageSpec]:
        self._close_page()
        return self.pages


def _footer(width: float, y: float, size: float = 9.0) -> Callable[[int], TextRun]:
    def run(number: int) -> TextRun:
        label = f"- {number} -"
        return TextRun((width - text_width(label, size)) / 2, y, label, size, _GREY)
    return run


# --- the documents ------------------------------------------------------------------------


def minutes(raw: str) -> list[PageSpec]:
    """Q&A minutes: speaker headings on their own lines, 40 characters a line, A4."""
    size, per_line = 10.5, 40
    left = (A4[0] - per_line * size) / 2
    right = left + per_line * size
    header = "地方制度調査会 専門小委員会　委員からの質問に対する回答"
    footer = _footer(A4[0], 806)

    def furniture(number: int) -> tuple[list[TextRun], list[Rule]]:
        head = TextRun(right - text_width(header, 8.5), 46, header, 8.5, _GREY)
        return [head, footer(number)], [Rule(left, 52, right, 52, 0.5, _GREY)]

    sheet = Sheet(*A4, (left, 70, right, 780), furniture)
    sheet.add("委員からの質問に対する各府省の回答", Style(14, True, align="center", after=0.6))
    for paragraph in paragraphs(raw):
        sheet.add(paragraph.text, _minutes_style(paragraph, size))
    return sheet.finish()


def _minutes_style(paragraph: Paragraph, size: float) -> Style:
    text, kind = paragraph.text, paragraph.kind
    marker = ems(text[:paragraph.body])
    if kind in (SPEAKER_HEADING, HEADING):
        return Style(size, True, before=0.5, keep=True)
    if kind == ITEM and len(text) <= 20 and not ends_sentence(text):
        return Style(12, True, before=0.6, keep=True)  # １．厚生労働省
    if kind == BULLET and text.startswith(("・", "･")):
        return Style(size, indent=1, hang=1 + marker)
    if kind in (ITEM, NOTE):
        return Style(size, hang=marker)
    if kind == BULLET:
        return Style(size, before=0.3)  # ○ questions run on at the margin, as in the original
    return Style(size, indent=1)


def opinion_list(raw: str) -> list[PageSpec]:
    """An opinion list: section titles, （…に関する意見） headings, one opinion per ○."""
    size = 10.5
    sheet = Sheet(*A4, (68, 64, 527, 780), _page_number_only)
    last_section = ""
    for number, paragraph in enumerate(paragraphs(raw)):
        text = paragraph.text
        if number == 0 and len(text) <= 8:  # 参考資料１
            sheet.add(text, Style(size, True, align="right"))
        elif number <= 1:
            sheet.add(text, _title(text, sheet, before=0.5))
        elif paragraph.kind == NONE and not ends_sentence(text) and ems(text) <= 60:
            if text != last_section:  # the original repeats it on every page
                sheet.add(text, Style(11.5, True, before=0.8, keep=True, band=_PALE))
            last_section = text
        elif paragraph.kind == HEADING:
            sheet.add(text, Style(size, True, before=0.5, keep=True))
        elif paragraph.kind in (BULLET, ITEM, NOTE):
            sheet.add(text, Style(size, hang=ems(text[:paragraph.body]), before=0.25))
        else:
            sheet.add(text, Style(size, indent=1))
    return sheet.finish()


def meeting_materials(raw: str) -> list[PageSpec]:
    """Meeting materials: themes 1. 2. with - bullets, 【検討項目】 headings, a schedule."""
    size = 10.5
    sheet = Sheet(*A4, (68, 64, 527, 780), _page_number_only)
    for number, paragraph in enumerate(paragraphs(raw)):
        text, kind = paragraph.text, paragraph.kind
        if number == 0:
            sheet.add(text, _title(text, sheet, 15))
        elif kind == NONE and not ends_sentence(text) and not text[0].isdigit() and (
                ems(text) >= 20 or text.endswith("（案）")):
            sheet.add(text, Style(11.5, True, before=0.8, keep=True, band=_PALE))
        elif kind == HEADING:
            sheet.add(text, Style(size, True, before=0.3, keep=True))
        elif kind == ITEM:
            sheet.add(text, Style(size, True, hang=ems(text[:paragraph.body]), before=0.5))
        elif kind in (BULLET, NOTE):
            sheet.add(text, Style(size, indent=1, hang=1 + ems(text[:paragraph.body])))
        else:
            sheet.add(text, Style(size, indent=1))
    return sheet.finish()


def meeting_summary(raw: str) -> list[PageSpec]:
    """A 議事概要: date and place, attendee lists under 【座長】…, remarks as - bullets."""
    size = 10.5
    sheet = Sheet(*A4, (68, 64, 527, 780), _page_number_only)
    for number, paragraph in enumerate(paragraphs(raw)):
        text, kind = paragraph.text, paragraph.kind
        if number == 0:
            sheet.add(text, _title(text, sheet))
        elif kind in (SPEAKER_HEADING, HEADING):
            sheet.add(text, Style(size, True, before=0.4, keep=True))
        elif kind == NONE and ems(text) <= 8 and not ends_sentence(text):
            sheet.add(text, Style(12, True, before=0.8, keep=True))  # 議題, 議事概要
        elif kind in (BULLET, ITEM, NOTE):
            sheet.add(text, Style(size, hang=ems(text[:paragraph.body])))
        else:
            sheet.add(text, Style(size, indent=1))
    return sheet.finish()


def _title(text: str, sheet: Sheet, size: float = 14, before: float = 0.0) -> Style:
    """A centred bold title, in smaller type if that keeps it on one line."""
    width = sheet.frame[2] - sheet.frame[0]
    fitting = width / max(ems(text), 1.0)
    size = size if fitting >= size else max(fitting, 10.5)
    return Style(size, True, align="center", before=before, after=0.8)


def _page_number_only(number: int) -> tuple[list[TextRun], list[Rule]]:
    return [_footer(A4[0], 806)(number)], []


# Slides: a title band, the body in the largest type that fits, the number in the corner.
_SLIDE_MARGIN: Final = 40.0
_SLIDE_BODY: Final = (104.0, 486.0)
# One body size for the whole deck: short lines in sizes other than the usual one look like
# the labels of a diagram to the extractor. A fuller slide continues on the next.
_SLIDE_SIZE: Final = 14.0
_SLIDE_FOOTER: Final = "自治体デジタルトランスフォーメーション協議会（Cos-DEC）"


@dataclass(frozen=True)
class Slide:
    title: str
    body: list[Paragraph]


def slides(raw: str) -> list[Slide]:
    """Cut a flattened slide deck back into slides, each with its title.

    A slide begins where the seed shows a page break, or at a title with its slide number
    glued on (「11パブリッククラウド」). PowerPoint exports the title first or last, so a short
    line at either end is taken as the title; a slide without one continues the one before.
    """
    chunks: list[list[str]] = []
    glued: list[bool] = []
    seed = seed_lines(raw)
    measure = _usual_width([text for text, _ in seed])  # of the deck: a slide has few lines
    for text, page_start in seed:
        if text.isdigit():
            continue  # a bare page number
        match = _GLUED_NUMBER.fullmatch(text)
        title_with_number = match is not None and ems(match["title"]) <= 30
        if page_start or title_with_number or not chunks:
            chunks.append([])
            glued.append(title_with_number)
        chunks[-1].append(match["title"] if title_with_number and match else text)
    result: list[Slide] = []
    title = ""
    for lines, numbered in zip(chunks, glued, strict=True):
        if numbered:
            title, lines = lines[0], lines[1:]
        elif _title_like(lines[-1]) and len(lines) > 1:
            title, lines = lines[-1], lines[:-1]
        elif _title_like(lines[0]) and len(lines) > 1:
            title, lines = lines[0], lines[1:]
        body = paragraphs("\n".join(lines), measure) if lines else []
        if body or not result:
            result.append(Slide(title or "（無題）", body))
    return result


def _title_like(line: str) -> bool:
    return ems(line) <= 30 and classify(line).kind == NONE and not ends_sentence(line)


def slide_deck(raw: str) -> list[PageSpec]:
    """4:3 slides: large title on a band, bullets, the slide number in the corner."""
    left, right = _SLIDE_MARGIN, SLIDE[0] - _SLIDE_MARGIN
    pages: list[PageSpec] = []
    for slide in slides(raw):
        for part in _fit(slide.body, (right - left)):
            pages.append(_slide_page(slide.title, part, len(pages) + 1))
    return pages


def _fit(body: list[Paragraph], measure: float) -> list[list[tuple[str, Style]]]:
    """The body's lines, slide by slide; a paragraph moves whole to the next if it can."""
    room = _SLIDE_BODY[1] - _SLIDE_BODY[0]
    parts: list[list[tuple[str, Style]]] = [[]]
    used = 0.0
    for paragraph in body:
        lines = _slide_lines(paragraph, _SLIDE_SIZE, measure)
        height = sum(style.size * style.leading for _, style in lines)
        if used + height > room and parts[-1] and height <= room:
            parts.append([])
            used = 0.0
        for line, style in lines:
            step = style.size * style.leading
            if used + step > room and parts[-1]:
                parts.append([])
                used = 0.0
            parts[-1].append((line, style))
            used += step
    return parts


def _slide_lines(paragraph: Paragraph, size: float, measure: float,
                 ) -> list[tuple[str, Style]]:
    text = paragraph.text
    hang = ems(text[:paragraph.body]) if paragraph.kind in (BULLET, ITEM, NOTE) else 0.0
    bold = paragraph.kind in (HEADING, SPEAKER_HEADING)
    first = Style(size, bold, leading=1.45)
    rest = Style(size, bold, indent=hang, leading=1.45)
    return [(line, first if number == 0 else rest)
            for number, line in enumerate(wrap(text, measure / size, measure / size - hang))]


def _slide_page(title: str, lines: list[tuple[str, Style]], number: int) -> PageSpec:
    width, height = SLIDE
    left, right = _SLIDE_MARGIN, width - _SLIDE_MARGIN
    title_size = max(16.0, min(26.0, (right - left) / max(ems(title), 1.0)))
    title_lines = wrap(title, (right - left) / title_size, (right - left) / title_size)[:2]
    runs = [TextRun(left, 44 + n * title_size * 1.2 + (14 if len(title_lines) == 1 else 0),
                    line, title_size, _WHITE, True) for n, line in enumerate(title_lines)]
    y = _SLIDE_BODY[0]
    for line, style in lines:
        step = style.size * style.leading
        runs.append(TextRun(left + style.indent * style.size, y + 0.5 * (step + 0.7 * style.size),
                            line, style.size, bold=style.bold))
        y += step
    runs.append(TextRun(left, height - 22, _SLIDE_FOOTER, 8, _GREY))
    label = str(number)
    runs.append(TextRun(right - text_width(label, 10), height - 22, label, 10, _GREY))
    return PageSpec(width, height, tuple(runs),
                    (Rule(left, height - 36, right, height - 36, 0.5, _GREY),),
                    (Fill(0, 0, width, 84, _NAVY),))


# --- the project ---------------------------------------------------------------------------

MINUTES = "専門小委員会_質疑応答.pdf"
OPINIONS = "参考資料1_専門小委員会における主な意見.pdf"
MATERIALS = "デジタル行財政改革_今後の進め方について.pdf"
SUMMARY = "自治体DX推進検討会_第2回議事概要.pdf"
SLIDES = "自治体DX協議会_デジタル行政・地域DXの実行に向けた提言.pdf"

_DOCUMENTS: Final[tuple[tuple[str, str, str, Callable[[str], list[PageSpec]]], ...]] = (
    ("000", MINUTES, "専門小委員会 委員からの質問に対する各府省の回答", minutes),
    ("001", OPINIONS, "専門小委員会における主な意見（地方行政のデジタル化関係）", opinion_list),
    ("002", MATERIALS, "今後の進め方について", meeting_materials),
    ("003", SUMMARY,
     "地方自治体のデジタルトランスフォーメーション推進に係る検討会（第2回）議事概要",
     meeting_summary),
    ("004", SLIDES, "デジタル行政・地域DXの実行に向けた提言", slide_deck),
)

# (document, words in the passage, codes, memo): the example passages of the codebook,
# and one passage more for each kind of document, so every code shows up painted.
EXAMPLES: Final[tuple[tuple[str, str, tuple[str, ...], str], ...]] = (
    (MINUTES, "新型コロナ緊急包括支援交付金は全額国費", ("finance", "authority"),
     "交付金の配分（財源）を都道府県に委任するか（権限）"),
    (MINUTES, "指定都市市長会の要請で都道府県知事の権限", ("authority", "finance"),
     "権限を財源と合わせて移譲する要請"),
    (MINUTES, "保健師の増員に係る地方財政措置", ("personnel", "finance"),
     "保健師の増員（人材）への地方財政措置（財源）"),
    (MINUTES, "市町村に情報提供することができる旨の規定", ("information_sharing", "authority"),
     "情報提供の根拠規定がないことが共有を妨げた"),
    (OPINIONS, "クラウドベースの情報共有について、情報の性質", ("information_sharing",),
     "クラウドでの国・地方の情報共有"),
    (SLIDES, "DX推進のための地方に対する財政支援の拡充", ("finance",), "財政支援の拡充を要望"),
)


def sample_documents() -> list[SampleDocument]:
    """The five sample PDFs, typeset from the seeds."""
    return [SampleDocument(name, title, write_pdf(build(read_seed(prefix)), title))
            for prefix, name, title, build in _DOCUMENTS]


def build_sample(path: Path) -> Path:
    """Create the sample project at `path` and return `path`.

    It is built under a temporary name and renamed when complete, so an interrupted first
    start never leaves a half-built sample that later starts would open as if it were whole.
    """
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        raise ProjectFileError(f"{path}: already exists; the sample is only built once")
    partial = path.with_name(path.name + ".building")
    for leftover in _with_journals(partial):
        leftover.unlink(missing_ok=True)
    with Project(partial) as project:
        ids: dict[str, DocumentId] = {}
        for document in sample_documents():
            outcome = project.importer.import_bytes(document.name, document.data)
            if outcome.status != IMPORTED or outcome.document_id is None:
                raise AnnotatorError(f"the sample could not be built: {outcome.line()}")
            ids[document.name] = outcome.document_id
        code_examples(project, ids)
    os.replace(partial, path)
    return path


def _with_journals(path: Path) -> list[Path]:
    return [path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm"))]


def code_examples(project: Project, documents: dict[str, DocumentId]) -> int:
    """Code the example passages as the coder "sample"; returns how many codings were made.

    Passages are found by their words in the extracted text, so the codings sit exactly on
    passages whatever the extractor made of the layout; a passage it cannot find is skipped.
    """
    requests: list[TagRequest] = []
    for name, words, codes, memo in EXAMPLES:
        document = documents.get(name)
        if document is None:
            continue
        text = project.documents.text(document)
        found = text.find(words)
        passage = next((p for p in project.documents.passages(document)
                        if p.start <= found < p.end), None) if found >= 0 else None
        if passage is None:
            continue
        target = Target(document, passage.start, passage.end, passage.id)
        requests.extend(TagRequest(target, code, CODER, memo) for code in codes)
    if requests:
        project.coding.tag_many(requests)
    return len(requests)
