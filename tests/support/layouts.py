"""Generated PDFs whose exact text and passages are known, one per page layout.

Every generator returns ``(pdf_bytes, Truth)``. The content is real text from
``resources/seeds/*.txt`` (copies of ../shared/corpus/seeds, naive extractions of
government PDFs): excerpts are cut out of a seed by their first and last words, cleaned
into logical paragraphs, and then typeset here with hard line wrapping, so the text a
careful reader would type from the page is known exactly.

Typesetting rules that keep the truth unambiguous, i.e. a careful reader of the page and
the extractor's rules (issue: "a new line starts a new paragraph only at structure,
after 。/：, or after a line clearly shorter than the column") agree:

* lines are filled to the column width by measured glyph widths and every line a
  paragraph goes on after is justified (両端揃え, character spacing), so it ends at the
  column end; a 、 that does not fit hangs past it (ぶら下げ), as in Word;
* such a line never ends with 。 or ：, and the next line never starts with a bullet or
  number mark, an opening bracket, a digit or 、。）」 (禁則): up to three characters go
  down to the next line instead (追い出し);
* Latin words are never broken; the space between two Latin words at a line end is not
  drawn (the extractor has to give it back);
* a plain paragraph follows either 。/： or a last line at least 4 em short.

Passages (issue rules): one per paragraph, bullet, item, heading, speaker heading and
table cell; a paragraph longer than 500 characters is split at sentence ends by the
project's policy, ``annotator.pdf.structure.split_sentences`` (greedy spans of about 250
characters, never inside brackets; unit-tested in test_structure.py). A turn (【名前】
on its own line, or ○/〇 + name with title + space/colon) sets the speaker of every
passage that follows, headings included, until the next turn.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Final

from tests.support.typeset import (
    A4,
    HEADER,
    Block,
    Frame,
    Placed,
    Sheet,
    Truth,
    _spans_pages,
    bullet,
    cell,
    excerpt,
    heading,
    item,
    note,
    pages_of,
    para,
    pour,
    seed,
    speaker,
    speech,
)

BODY: Final = 10.5


def _column(page: int, *, left: float = (A4[0] - 40 * BODY) / 2, top: float = 100.0,
            chars: int = 40, lines: int = 32, pitch: float = 1.75, font: str = "cjk") -> Frame:
    return Frame(page, left, top, chars * BODY, lines, BODY, pitch, font=font)


def single_column_report() -> tuple[bytes, Truth]:
    """A4 report: running header, "- n -" footer, numbered sections, 1-em paragraph
    indents, (１) items, ・ bullets with hanging indent, a paragraph over 500 characters,
    paragraphs running over page breaks and a line break between two Latin words."""
    blocks = _report_blocks()
    sheet = Sheet(*A4)
    placed = pour(blocks, pages_of(lambda page: [_column(page, lines=30, pitch=2.0)]))
    sheet.draw(blocks, placed)
    right = (A4[0] + 40 * BODY) / 2
    for page in range(sheet.page_count):
        sheet.add_furniture(page, HEADER, y=60, align="right", edge=right)
        sheet.add_furniture(page, f"- {page + 1} -", y=800)
    truth = sheet.truth("single_column_report", blocks, placed)
    _spans_pages(truth, "paragraph")
    _wraps_between_latin_words(blocks, placed)
    return sheet.pdf(), truth


def _wraps_between_latin_words(blocks: Sequence[Block], placed: list[list[Placed]]) -> None:
    """Some line must end inside a Latin phrase, its space left undrawn (Flow|with)."""
    for block, lines in zip(blocks, placed, strict=True):
        for a, b in itertools.pairwise(lines):
            if block.text[a.line.end:b.line.start] == " ":
                return
    raise ValueError("no line breaks between two Latin words; adjust the layout")


def _report_blocks() -> list[Block]:
    s = "004"
    return [
        heading("１　はじめに"),
        para(excerpt(s, "今般の市町村では", "明らかとなっています。"), indent=1),
        para(excerpt(s, "このような予測不能な局面において", "思います。")
             + excerpt(s, "『デジタルガバメント実行計画』では", "必要があります。"), indent=1),
        para(excerpt(s, "そこで、以下の提言をいたします。"), indent=1),
        item("（１）", excerpt(s, "「誰一人取り残さないデジタル化」を実現", "取り組みを支援")),
        item("（２）", excerpt(s, "「あらゆる手続が役所に行かずにできる」真に", "取り組みを実施")),
        item("（３）", excerpt(s, "「必要な給付が迅速に行われる」取り組み", "負担軽減")),
        para("国民目線のUI・UXの改善と国民向けサービスの実現として、"  # wraps "Flow|with"
             + excerpt(s, "DFFT（Data Free Flow with Trust：", "データ流通）") + "や"
             + excerpt(s, "Visit Japan Webサービス") + "がある。", indent=1),
        heading("２　デジタルデバイド対策の現状"),
        bullet("・", excerpt(s, "誰一人取り残さない、人に優しい", "対策が必要。")),
        bullet("・", excerpt(s, "自治体DX推進計画においても", "示されている。")),
        bullet("・", excerpt(s, "今年度「利用者向けデジタル活用", "実施されている。")),
        bullet("・", excerpt(s, "高齢化が進んでおり", "顕著となっている。")),
        heading("３　地方に対する支援"),
        para(excerpt(s, "新型コロナウイルス感染症等の影響による", "拡充すること。"), indent=1),
        para(excerpt(s, "デジタル化の推進にあたり必要不可欠な", "図ること。"), indent=1),
        para(excerpt(s, "「あらゆる手続きが役所に行かずとも", "図ること。"), indent=1),
        para(excerpt(s, "国が定める標準準拠システムについて", "実施すること。"), indent=1),
        heading("４　国と地方の関係"),
        para(excerpt("001", "国のデジタル化については", "必要があるのではないか。"), indent=1),
        para(excerpt("001", "現在は、地方自治法の制定時に", "意味があるのではないか。"), indent=1),
        para(excerpt("001", "システムの共通化など地方行政のデジタル化", "必要があるのではないか。"),
             indent=1),
        para(excerpt("001", "将来的に人材等の不足など", "考えていかなければならないのではないか。"),
             indent=1),
    ]


def minutes_with_speakers() -> tuple[bytes, Truth]:
    """Q&A minutes from seed 000: 【委員】/【回答】 headings, ○ questions, ・ bullets,
    ① items, 〔…〕 headings, then inline turns (〇河野大臣：…, ○東会長　…) whose speech
    runs over a page break; no indents, lines cut mid-word, lone page numbers."""
    blocks = _minutes_blocks()
    sheet = Sheet(*A4)
    placed = pour(blocks, pages_of(lambda page: [_column(page, top=90, lines=31, pitch=2.0)]))
    sheet.draw(blocks, placed)
    for page in range(sheet.page_count):
        sheet.add_furniture(page, str(page + 1), y=790, size=10.5)
    truth = sheet.truth("minutes_with_speakers", blocks, placed)
    _spans_pages(truth, "speech")
    return sheet.pdf(), truth


def _minutes_blocks() -> list[Block]:
    s = "000"
    return [
        heading("〔保健所対応業務の整理について〕"),
        note("五十音順"),
        speaker("荒見委員"),
        bullet("○", excerpt(s, "資料P.24ではコロナ以外", "併せて聞きたい。"), hang=False),
        speaker("回答"),
        para(excerpt(s, "資料P.24につきまして")),
        bullet("・", excerpt(s, "各都道府県においては、地域医療構想", "踏まえつつ、")),
        bullet("・", excerpt(s, "2024年度からの第８次医療計画", "対応できるようにいたします。")),
        para(excerpt(s, "資料P.23につきまして、例えば", "考えております。")),
        speaker("岡崎委員"),
        bullet("○", excerpt(s, "「今回のコロナ禍で病床確保", "方法しかありません。"), hang=False),
        para(excerpt(s, "そこで、以下の2点について質問します。")),
        item("①", excerpt(s, "医療が税金や社会保険料で", "必要と考えます。"), hang=False),
        para(excerpt(s, "「骨太2021」にも", "ご教示ください。")),
        item("②", excerpt(s, "病床確保の責任は都道府県に", "配っているようです。"), hang=False),
        para(excerpt(s, "小委員会でも宮崎審議官が", "お聞かせください。")),
        speaker("回答"),
        para(excerpt(s, "国や自治体の権限強化のみにより民間医療機関のご協力を得ることは想定して"
                        "おらず、資料P.24のとおり", "考えております。")),
        heading("〔情報共有について〕"),
        speech("〇", "河野大臣", "：",
               excerpt("002", "第1に、デジタルを活用した規制・制度改革について", "ください。")),
        para(excerpt("002", "第2に、人口減少社会においても", "必要です。")),
        speech("○", "東会長", "　", "それでは、"
               + excerpt("002", "デジタル化の推進に当たっては", "いけない。")
               + excerpt("002", "住民にとって使いやすいシステムであり", "共有する必要。")
               + excerpt("002", "移行補助金について、制度改正への対応等により", "可能性もある。")),
        speaker("市川会長"),
        para(excerpt("002", "標準準拠システムへの移行後の運用経費", "システム更新が必要。")),
    ]


def _columns(page: int, count: int, chars: int, lines: int, top: float) -> list[Frame]:
    gutter = 3 * BODY
    total = count * chars * BODY + (count - 1) * gutter
    left = (A4[0] - total) / 2
    return [Frame(page, left + k * (chars * BODY + gutter), top, chars * BODY, lines, BODY)
            for k in range(count)]


def _multi_column(name: str, title: str, blocks: list[Block], count: int,
                  chars: int) -> tuple[bytes, Truth]:
    """A full-width 14 pt title, then *count* columns; all but the last column full."""
    head = [heading(title)]
    sheet = Sheet(*A4)
    top = _columns(0, count, chars, 1, 80)[0]
    title_frame = Frame(0, top.x, 80, A4[0] - 2 * top.x, 2, 14.0, 1.5)
    placed_head = pour(head, [title_frame])
    placed = pour(blocks, _columns(0, count, chars, 36, 130))
    used = {p.frame for lines in placed for p in lines}
    if len(used) != count:
        raise ValueError(f"{name}: the text fills {len(used)} of {count} columns")
    sheet.draw(head + blocks, placed_head + placed)
    sheet.add_furniture(0, "- 1 -", y=800)
    return sheet.pdf(), sheet.truth(name, head + blocks, placed_head + placed)


def two_columns() -> tuple[bytes, Truth]:
    """Seed 001 opinions in two columns under a full-width title; the text runs from the
    bottom of the left column to the top of the right one mid-sentence."""
    s = "001"
    firsts = ["フロントヤード、バックヤード", "国のデジタル化については",
              "優先的に議論すべきことは", "現在は、地方自治法の制定時に比べ",
              "住民にとって使いやすいシステム"]
    blocks = [bullet("○", _opinion(s, first), hang=False) for first in firsts]
    blocks.append(heading(excerpt(s, "（地方公共団体相互間の連携に及ぼす影響に関する意見）")))
    blocks += [bullet("○", _opinion(s, first), hang=False)
               for first in ["システムの共通化など", "将来的に人材等の不足など"]]
    title = excerpt(s, "（デジタル分野に関する国・地方関係", "に関する意見）")
    return _multi_column("two_columns", title, blocks, 2, 21)


def _opinion(prefix: str, first: str) -> str:
    """One opinion of seed 001: from *first* up to the next ○, - or （ (the next opinion
    or section heading)."""
    text = seed(prefix)
    start = text.index(first)
    end = min(i for i in (text.find("○", start), text.find("-", start), text.find("（", start + 1))
              if i > 0)
    if not text[start:end].endswith("。"):
        raise ValueError(f"not a whole opinion: {text[start:end]!r}")
    return text[start:end]


def three_columns() -> tuple[bytes, Truth]:
    """Seed 002 numbered opinions ("1. …") with "- " bullets in three narrow columns."""
    s = "002"
    blocks = [
        item("1. ", excerpt(s, "デジタル技術の活用が自己目的化しない", "意見。")),
        bullet("- ", excerpt(s, "デジタル化の推進に当たっては、", "いけない。")),
        bullet("- ", excerpt(s, "住民にとって使いやすいシステムであり", "必要。")),
        item("2. ", excerpt(s, "現状の20業務の標準化やガバメントクラウド", "意見。")),
        bullet("- ", excerpt(s, "移行補助金について", "可能性もある。")),
        bullet("- ", excerpt(s, "移行困難システムの移行期限について", "お願いしたい。")),
        bullet("- ", excerpt(s, "標準準拠システムへの移行後の運用経費について", "必要。")),
        item("3. ", excerpt(s, "新たな取組を考えるにしても", "意見。")),
        bullet("- ", excerpt(s, "一気に標準化や共通化を進めるのは困難。", "必要。")),
        item("4. ", excerpt(s, "団体の規模や、事務の種類や内容に応じて", "意見。")),
        bullet("- ", excerpt(s, "事前に地方のニーズや課題を", "大変重要。")),
        bullet("- ", excerpt(s, "共通のシステムを構築することにより", "踏まえていただきたい。")),
        bullet("- ", excerpt(s, "小規模な自治体においても", "ないか。")),
    ]
    title = excerpt(s, "【検討項目1-2】国・地方デジタル共通基盤", "国と地方の役割分担")
    return _multi_column("three_columns", title, blocks, 3, 13)


def vertical() -> tuple[bytes, Truth]:
    """縦書き on a landscape page: columns top to bottom, right to left, 1-em paragraph
    indents; real vertical writing (Identity-V, WMode 1), the page number horizontal."""
    s = "001"
    blocks = [heading(excerpt(s, "（デジタル分野に関する国・地方関係に関する意見）"))]
    blocks += [para(_opinion(s, first), indent=1) for first in
               ["フロントヤード、バックヤード", "国のデジタル化については",
                "地方自治そのものが最終目的ではなく", "住民自治を進める手段としての"]]
    width, height = A4[1], A4[0]
    size = 12.0
    frame = Frame(0, width - 72, 72, 30 * size, 28, size, 1.9, vertical=True)
    sheet = Sheet(width, height)
    placed = pour(blocks, [frame])
    sheet.draw(blocks, placed)
    sheet.add_furniture(0, "- 1 -", y=height - 30, fontname="helv")
    return sheet.pdf(vertical_writing=True), sheet.truth("vertical", blocks, placed)


SLIDE: Final = (720.0, 540.0)  # 4:3 landscape


def slides() -> tuple[bytes, Truth]:
    """Slides from seed 004: a 28 pt title at the top, 18 pt bullets and items below,
    the slide number in the bottom-right corner."""
    sheet = Sheet(*SLIDE)
    blocks: list[Block] = []
    placed: list[list[Placed]] = []
    for page, (title, body) in enumerate(_slide_deck()):
        placed += pour([heading(title)], [Frame(page, 40, 70, 640, 2, 28.0, 1.3)])
        placed += pour(body, [Frame(page, 50, 140, 620, 13, 18.0, 1.5)])
        blocks += [heading(title), *body]
        sheet.page(page)
    sheet.draw(blocks, placed)
    for page in range(sheet.page_count):
        sheet.add_furniture(page, str(page + 1), y=515, size=12, align="right", edge=690)
    return sheet.pdf(), sheet.truth("slides", blocks, placed)


def _slide_deck() -> list[tuple[str, list[Block]]]:
    s = "004"
    return [
        ("デジタル庁　政策内容", [
            item("1. ", excerpt(s, "デジタル社会に必要な共通機能の整備・普及")),
            bullet("・", excerpt(s, "マイナンバー（個人番号）制度")),
            bullet("・", excerpt(s, "ガバメントクラウド")),
            item("2. ", excerpt(s, "国民目線のUI・UXの改善と国民向けサービスの実現")),
            bullet("・", excerpt(s, "地方公共団体の基幹業務等システムの統一・標準化")),
        ]),
        ("情報システム標準仕様の現状の課題", [
            bullet("・", excerpt(s, "個別システムが標準化されても、業務間連携は定義されない")),
            bullet("・", excerpt(s, "システムごとに仕様書作成を受注する事業者が異なる")),
            bullet("・", excerpt(s, "宛名管理が標準化されないと、住民記録以外は実装できない")),
            para(excerpt(s, "令和３年５月12日に可決・成立した", "求められており、")
                 + "国において標準仕様書の策定が進められている。"),
        ]),
        ("デジタル行政・地域DXの実行に向けた提言", [
            bullet("■", excerpt(s, "DX推進のための地方に対する財政支援の拡充")),
            bullet("■", excerpt(s, "地方のデジタル人材不足に対する支援の拡充")),
            bullet("■", excerpt(s, "真に利便性の高い行政サービスの実現に向けた仕組みの構築")),
            bullet("■", excerpt(s, "令和７年度の標準準拠システム導入に向けた支援の強化")),
        ]),
    ]


def ruled_table() -> tuple[bytes, Truth]:
    """A table ruled with lines under a 〔…〕 heading, a paragraph below it; cells wrap
    over lines; the truth reads row by row, one cell passage per cell."""
    sheet = Sheet(*A4)
    size = 10.0
    left = 80.0
    head = [heading("〔提言・提案事項と現状の課題〕")]
    placed = pour(head, [Frame(0, left, 90, 420, 1, 12.0)])
    cells, cell_lines, bottom = _table(sheet, _table_rows(), left, 115.0, size)
    summary = excerpt("004", "行政DX・地域DX検討ワーキングチームでは", "まとめました。")
    tail = [para(summary, indent=1)]
    after = pour(tail, [Frame(0, left, bottom + 30, 40 * BODY, 4, BODY)])
    blocks, placed = head + cells + tail, placed + cell_lines + after
    sheet.draw(blocks, placed)
    sheet.add_furniture(0, "ページ 1", y=800)
    return sheet.pdf(), sheet.truth("ruled_table", blocks, placed)


def _table_rows() -> list[list[str]]:
    s = "004"
    return [
        ["番号", "提言・提案事項", "現状の課題"],
        ["（１）", excerpt(s, "「誰一人取り残さないデジタル化」を実現", "取り組みを支援"),
         excerpt(s, "窓口における市民の負担を軽減する施策に対する財政的措置がない。")],
        ["（２）", excerpt(s, "「あらゆる手続が役所に行かずにできる」真に", "取り組みを実施"),
         excerpt(s, "ぴったりサービスによるダウンロードは可能となったが", "必要となる。")],
        ["（３）", excerpt(s, "「必要な給付が迅速に行われる」取り組みの実施と自治体の負担軽減"),
         excerpt(s, "マイナンバーを活用した簡素で効率的な給付の実現には至っていない。")],
    ]


def _table(sheet: Sheet, rows: list[list[str]], left: float, top: float,
           size: float) -> tuple[list[Block], list[list[Placed]], float]:
    """Typeset and rule a table; the cells' blocks and lines, and the table's bottom."""
    widths = [4.0, 16.0, 17.0]  # em
    pad = 5.0
    blocks: list[Block] = []
    placed: list[list[Placed]] = []
    y = top
    edges = [left]
    for width in widths:
        edges.append(edges[-1] + width * size + 2 * pad)
    for row in rows:
        height = 0.0
        for column, text in enumerate(row):
            frame = Frame(0, edges[column] + pad, y + pad + size, widths[column] * size, 9,
                          size, 1.5)
            lines = pour([cell(text)], [frame])[0]
            blocks.append(cell(text))
            placed.append(lines)
            height = max(height, len(lines) * 1.5 * size)
        page = sheet.page(0)
        page.draw_line((left, y), (edges[-1], y), width=0.8)
        y += height + 2 * pad - 0.5 * size
    page = sheet.page(0)
    page.draw_line((left, y), (edges[-1], y), width=0.8)
    for x in edges:
        page.draw_line((x, top), (x, y), width=0.8)
    return blocks, placed, y


def astral() -> tuple[bytes, Truth]:
    """Minutes with 𠮷 (U+20BB7, outside the BMP) in a heading, a speaker's name, at the
    end and the start of wrapped lines and in a bullet; "n/N" page footers.

    Font("cjk") has no 𠮷, so this one is set in the built-in "japan" font and its content
    stream repaired with tests.support.pdf_factory's _fix_non_bmp: 𠮷 extracts as one code point.
    """
    blocks = _astral_blocks()
    sheet = Sheet(*A4, font="japan")
    placed = pour(blocks, pages_of(lambda page: [_column(page, lines=14, font="japan")]))
    sheet.draw(blocks, placed)
    for page in range(sheet.page_count):
        sheet.add_furniture(page, f"{page + 1}/{sheet.page_count}", y=800)
    lines = [b.text[p.line.start:p.line.end] for b, ls in zip(blocks, placed, strict=True)
             for p in ls]
    if not any(line.endswith("𠮷") for line in lines) or not any(
            line.startswith("𠮷") for line in lines):
        raise ValueError("astral: 𠮷 should end one line and start another")
    return sheet.pdf(), sheet.truth("astral", blocks, placed)


def _astral_blocks() -> list[Block]:
    s = "001"
    wrapped = excerpt(s, "地方自治そのものが最終目的ではなく", "ではないか。")
    cut = 39  # the first line holds 40 characters: 𠮷 ends it and starts the next one
    return [
        heading("〔𠮷野町における取組について〕"),
        speech("○", "𠮷田委員", "　", excerpt(s, "住民にとって使いやすいシステム", "ではないか。")),
        para(wrapped[:cut] + "𠮷𠮷" + wrapped[cut:]),
        bullet("・", "𠮷野町では、" + excerpt(s, "住民自治を進める手段としての", "ではないか。")),
        speaker("回答"),
        para("𠮷田委員の御指摘のとおり、" + excerpt(s, "国のデジタル化については", "ではないか。")),
    ]


LAYOUTS: Final[dict[str, Callable[[], tuple[bytes, Truth]]]] = {
    "single_column_report": single_column_report,
    "minutes_with_speakers": minutes_with_speakers,
    "two_columns": two_columns,
    "three_columns": three_columns,
    "vertical": vertical,
    "slides": slides,
    "ruled_table": ruled_table,
    "astral": astral,
}
