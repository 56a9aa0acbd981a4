"""Generated layouts drawn from distributions over a seed: variety by construction.

``tests/support/layouts.py`` has one hand-made PDF per layout family; this module draws a
family's free parameters (page count, type size, column width, line pitch, margins, running
header and page-number styles and positions, odd/even alternation, speaker-mark styles,
ruby over words, a chapter tab in the margin) from a ``random.Random(seed)``, so a test can
run many seeds and a fix tuned to one document shows up failing on another.

Every generator returns ``(pdf_bytes, Truth, Extras)``: the truth as in typeset.py, and what
else was drawn that must never reach the text (ruby readings, margin tabs).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

from annotator.pdf.structure import NONE, classify
from tests.support.typeset import (
    A4,
    FONT,
    Block,
    Frame,
    Placed,
    Sheet,
    Truth,
    _justify,
    heading,
    pages_of,
    para,
    pour,
    seed,
    speaker,
    speech,
)

#: Ruby readings for words that occur in the seeds (base word, reading).
RUBY: Final = (
    ("自治体", "じちたい"), ("行政", "ぎょうせい"), ("住民", "じゅうみん"),
    ("標準化", "ひょうじゅんか"),
    ("推進", "すいしん"), ("制度", "せいど"), ("情報", "じょうほう"), ("地方", "ちほう"),
    ("検討", "けんとう"), ("構築", "こうちく"), ("財政", "ざいせい"), ("人材", "じんざい"),
)
HEADERS: Final = ("デジタル行財政改革会議資料", "政府CIO補佐官等ディスカッションペーパー",
                  "令和６年度　市議会総務委員会記録", "第２章　地方公共団体の取組")
CHAPTER_TABS: Final = ("第２章", "第３章", "資料編")
#: (mark, name as printed) of a council's turns; the speaker is the name as printed.
COUNCIL_SPEAKERS: Final = (
    ("◎", "委員長（平山たかお）"), ("◆", "委員（山本ひとし）"), ("◆", "委員（佐藤みのる）"),
    ("○", "産業観光局長（中村一郎）"), ("○", "総務課長（鈴木花子）"), ("◇", "高橋一郎君"),
    ("○", "副市長（田中まさお）"),
)
BRACKET_SPEAKERS: Final = ("荒見委員", "市川会長", "回答", "事務局", "岡崎委員")


@dataclass
class Extras:
    """Drawn on the page but not text: must never be found in the extracted text."""

    ruby: list[str] = field(default_factory=list)
    tabs: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Style:
    """The drawn parameters of one document."""

    size: float
    chars: int
    pitch: float
    top: float
    lines: int
    header: str
    header_align: str  # "centre", "right", "outer" (alternating odd/even)
    number: str  # format of the page number, {n} and {N}
    number_align: str
    number_top: bool
    ruby: bool
    tab: str


_NUMBER_STYLES: Final = ("- {n} -", "{n} / {N}", "{n}", "－{n}－", "（{n}）", "P.{n}", "{n}/{N}")


def draw_style(rng: random.Random) -> Style:
    size = rng.choice((9.5, 10.0, 10.5, 11.0))
    return Style(
        size=size,
        chars=rng.randint(30, 44),
        pitch=rng.choice((1.7, 1.8, 2.0)),
        top=rng.uniform(95, 120),
        lines=rng.randint(22, 30),
        header=rng.choice(("", *HEADERS)),
        header_align=rng.choice(("centre", "right", "outer")),
        number=rng.choice(_NUMBER_STYLES),
        number_align=rng.choice(("centre", "outer", "right")),
        number_top=rng.random() < 0.2,
        ruby=rng.random() < 0.6,
        tab=rng.choice(("", "", *CHAPTER_TABS)),
    )


def sentences(rng: random.Random, count: int) -> str:
    """*count* consecutive sentences of a seed, as a paragraph."""
    text = seed(rng.choice(("000", "001", "002", "004")))
    parts = [s + "。" for s in text.split("。") if 15 <= len(s) <= 120 and _plain(s)]
    start = rng.randrange(len(parts) - count)
    return "".join(parts[start:start + count])


def council_minutes(seed_number: int) -> tuple[bytes, Truth, Extras]:
    """City-council minutes: ◎ chair, ◆ members, ○ officials with names in brackets, or
    【…】 headings; 1 to 5 pages; header, page-number and ruby styles drawn per seed."""
    rng = random.Random(seed_number)
    style = draw_style(rng)
    pages = rng.choice((1, 1, 2, 2, 3, 4, 5))
    bracketed = rng.random() < 0.3
    for _ in range(50):
        blocks = [heading(rng.choice(("〔総務委員会〕", "〔産業観光局の所管事務について〕",
                                      "〔令和６年度予算について〕")))]
        while sum(len(b.text) for b in blocks) < pages * style.chars * style.lines * 0.8:
            blocks.extend(_turn(rng, bracketed))
        try:
            return _typeset(f"council_{seed_number}", blocks, style, rng, pages)
        except ValueError:
            continue
    raise ValueError(f"seed {seed_number}: no layout fits")


def _plain(sentence: str) -> bool:
    """A sentence that reads as plain text wherever it lands: no marks that open a bullet,
    an item or a note, no brackets left open, no seed artefacts (-, ＜…＞ labels)."""
    if re.search(r"[○〇◯●◆◇■□・･※【】〔〕＜＞<>\-－]|^\s|\s$|[0-9０-９][.．]$", sentence):
        return False
    if classify(sentence).kind != NONE:
        return False
    return all(sentence.count(a) == sentence.count(b) for a, b in ("（）", "「」", "()"))


def _turn(rng: random.Random, bracketed: bool) -> list[Block]:
    if bracketed:
        return [speaker(rng.choice(BRACKET_SPEAKERS)),
                *[para(sentences(rng, rng.randint(1, 3))) for _ in range(rng.randint(1, 2))]]
    mark, name = rng.choice(COUNCIL_SPEAKERS)
    sep = rng.choice(("　", "　", "："))
    first = speech(mark, name, sep, sentences(rng, rng.randint(1, 4)))
    return [first, *[para(sentences(rng, rng.randint(1, 3))) for _ in range(rng.randint(0, 1))]]


def report(seed_number: int) -> tuple[bytes, Truth, Extras]:
    """A report of 1 to 6 pages: headings and indented paragraphs, with the drawn styles."""
    rng = random.Random(seed_number + 100_000)
    style = draw_style(rng)
    pages = rng.choice((1, 1, 2, 2, 3, 4, 6))
    for _ in range(50):
        blocks: list[Block] = []
        number = 1
        while sum(len(b.text) for b in blocks) < pages * style.chars * style.lines * 0.8:
            if rng.random() < 0.25:
                blocks.append(heading(f"{number}　{rng.choice(_TITLES)}"))
                number += 1
            blocks.append(para(sentences(rng, rng.randint(1, 4)), indent=1))
        try:
            return _typeset(f"report_{seed_number}", blocks, style, rng, pages)
        except ValueError:
            continue
    raise ValueError(f"seed {seed_number}: no layout fits")


_TITLES: Final = ("はじめに", "現状と課題", "国と地方の役割分担", "今後の方向性", "おわりに")


def _typeset(name: str, blocks: list[Block], style: Style, rng: random.Random,
             pages: int) -> tuple[bytes, Truth, Extras]:
    width = style.chars * style.size
    left = (A4[0] - width) / 2 + rng.uniform(-15, 15)

    def frames(page: int) -> list[Frame]:
        return [Frame(page, left, style.top, width, style.lines, style.size, style.pitch)]

    placed = pour(blocks, pages_of(frames))
    used = max(p.page for lines in placed for p in lines) + 1
    if used > pages + 1:
        blocks_cut = _cut(blocks, placed, pages)
        placed = pour(blocks_cut, pages_of(frames))
        blocks = blocks_cut
    sheet = Sheet(*A4)
    sheet.draw(blocks, placed)
    extras = Extras()
    if style.ruby:
        _draw_ruby(sheet, blocks, placed, rng, extras)
    count = sheet.page_count
    for page in range(count):
        _furniture(sheet, style, page, count, left, width)
        if style.tab:
            _tab(sheet, style.tab, page, left, width, extras)
    return sheet.pdf(), sheet.truth(name, blocks, placed), extras


def _cut(blocks: list[Block], placed: list[list[Placed]], pages: int) -> list[Block]:
    """The blocks that start within the first *pages* pages."""
    return [b for b, lines in zip(blocks, placed, strict=True) if lines[0].page < pages]


def _furniture(sheet: Sheet, style: Style, page: int, count: int, left: float,
               width: float) -> None:
    right = left + width
    odd = page % 2 == 0  # page 1 is odd: outer edge on the right
    if style.header:
        align = style.header_align
        if align == "outer":
            sheet.add_furniture(page, style.header, y=style.top - 40, size=8.0,
                                align="right" if odd else "left", edge=right if odd else left)
        else:
            sheet.add_furniture(page, style.header, y=style.top - 40, size=8.0, align=align,
                                edge=right)
    number = style.number.format(n=page + 1, N=count)
    y = style.top - 40 if style.number_top and not style.header else 842 - 40
    align = style.number_align
    if align == "outer":
        sheet.add_furniture(page, number, y=y, size=9.0, align="right" if odd else "left",
                            edge=right if odd else left)
    else:
        sheet.add_furniture(page, number, y=y, size=9.0, align=align, edge=right)


def _tab(sheet: Sheet, tab: str, page: int, left: float, width: float,
         extras: Extras) -> None:
    """A chapter tab: the characters stacked in the outer margin, one a line."""
    odd = page % 2 == 0
    x = left + width + 22 if odd else left - 34
    for k, char in enumerate(tab):
        sheet.write(page, x, 300 + 14 * k, char, 11.0)
    extras.tabs.append(tab)


def _draw_ruby(sheet: Sheet, blocks: list[Block], placed: list[list[Placed]],
               rng: random.Random, extras: Extras) -> None:
    """Readings in half-size type centred over some base words (not over every one)."""
    for block, lines in zip(blocks, placed, strict=True):
        for p in lines:
            text = block.text[p.line.start:p.line.end]
            for base, reading in RUBY:
                at = text.find(base)
                if at < 0 or rng.random() < 0.5:
                    continue
                size = p.frame.size
                spacing = _justify(p, text)
                x0 = p.x + FONT.text_length(text[:at], size) + at * spacing
                x1 = x0 + FONT.text_length(base, size) + (len(base) - 1) * spacing
                rsize = size * 0.5
                rwidth = FONT.text_length(reading, rsize)
                sheet.write(p.page, (x0 + x1 - rwidth) / 2, p.y - size * 0.95, reading, rsize)
                extras.ruby.append(reading)


FAMILIES: Final[dict[str, Callable[[int], tuple[bytes, Truth, Extras]]]] = {
    "council": council_minutes,
    "report": report,
}
