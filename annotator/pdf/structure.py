"""Where a passage starts in text extracted from Japanese council PDFs, and what kind it is.

PDF extraction gives physical lines, hard-wrapped at a fixed width in the middle of words, so
a new line alone says nothing about a new paragraph.  What does say so are the markers the
drafters of council papers use: speaker tags in minutes (【荒見委員】, ○東会長　…), bullets
(○ ・ - ●), numbered items (① （１） 1.), headings (（…に関する意見）, 〔…〕, 【検討項目1-1】,
第１章) and notes (※, （※）, 注1)).  `classify` recognises them on one line; `ends_sentence`
tells whether a wrapped line closes its paragraph; `split_sentences` cuts an over-long
paragraph into passages small enough to code.

The rules lean towards "none" when in doubt: a missed marker only merges two passages, which
a coder can still code, while a false one cuts a sentence in half mid-thought.

All offsets are code-point indices into the `str` given, so characters outside the BMP
(𠮷) count as one and never make offsets drift.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "BULLET",
    "HEADING",
    "ITEM",
    "NONE",
    "NOTE",
    "SPEAKER_HEADING",
    "SPEAKER_TITLES",
    "SPEAKER_WORDS",
    "SPEECH",
    "LineStart",
    "classify",
    "ends_sentence",
    "is_speaker",
    "split_sentences",
]

SPEAKER_HEADING = "speaker_heading"
SPEECH = "speech"
BULLET = "bullet"
ITEM = "item"
HEADING = "heading"
NOTE = "note"
NONE = "none"

# A speaker tag is a name followed by one of these.  Ministries (省, 庁) are here because
# Q&A minutes attribute answers to them (【厚生労働省】) as often as to people.
SPEAKER_TITLES: tuple[str, ...] = (
    "委員", "委員長", "委員長代理", "副委員長", "専門委員", "臨時委員", "特別委員",
    "会長", "会長代理", "副会長", "部会長", "分科会長", "座長", "座長代理", "副座長",
    "議長", "副議長", "議員", "構成員", "幹事", "参与", "顧問",
    "大臣", "副大臣", "大臣政務官", "政務官", "総理", "総理大臣", "副総理",
    "長官", "官房長官", "副長官", "次官", "事務次官", "官房長", "統括官", "統括監",
    "審議官", "参事官", "局長", "部長", "課長", "室長", "次長", "所長", "センター長",
    "補佐", "主査", "主幹", "係長", "企画官", "調査官", "専門官", "事務局", "事務局長",
    "知事", "副知事", "市長", "副市長", "町長", "村長", "区長",
    "理事", "理事長", "代表", "社長", "会頭", "教授", "准教授", "講師", "先生",
    "氏", "様", "君", "参考人", "説明員", "省", "庁",
)
# Tags that name a role in the exchange rather than a person: 【回答】, 【質問】, 問：
SPEAKER_WORDS: tuple[str, ...] = (
    "回答", "質問", "意見", "事務局", "説明", "答", "問", "答弁", "発言", "司会",
    "内閣官房", "内閣府",
)
# A bare collective title (【構成員】 over an attendee list) heads a group, it is no speaker.
_COLLECTIVE_TITLES = frozenset(
    {"委員", "専門委員", "臨時委員", "特別委員", "議員", "構成員", "幹事"}
)
# 【事務局説明】, 【厚生労働省回答】: a speaker and what kind of turn it is.
_TURN_SUFFIXES: tuple[str, ...] = ("説明", "補足", "回答", "発言", "質問", "意見")

_MAX_NAME = 12  # a name before its title; longer means a sentence that mentions a title
_MAX_SHORT_TITLE = 30  # "１ 国民にとって真に利便性の高いサービスの実現に向けた提言" is 28
_MAX_PAREN_HEADING = 60
_MAX_LABEL = 8  # （参考） （例） : a label in round brackets, not an aside
_MAX_BRACKET_LABEL = 24
_MAX_LABEL_TITLE = 40


@dataclass(frozen=True, slots=True)
class LineStart:
    """What a line starts, so the extractor can open a passage and record its speaker.

    `body_start` is where the content after the marker begins (after 〇河野大臣： and the
    spaces that follow).  Headings that are bracketed as a whole (（…に関する意見）, 【現状】)
    have no marker apart from their content, so their `body_start` is 0, as for "none".
    """

    kind: str
    speaker: str | None
    body_start: int


_NO_START = LineStart(NONE, None, 0)


def _alternation(words: tuple[str, ...]) -> str:
    """Longest first, so 委員長 is not read as 委員 followed by 長."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# Particles and inflection kana rarely occur in a name but always in a sentence; keeping
# them out is what stops ○保健所の常勤職員の… from being read as a speaker.
_SENTENCE_KANA = "のはがをにでともやへてたしっ"
_NAME_KANA = "".join(chr(c) for c in range(0x3041, 0x3097) if chr(c) not in _SENTENCE_KANA)
_NAME_CHAR = (
    "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f々〆ヶ"
    "\u30a1-\u30fa\u30fc\uff66-\uff9fA-Za-z\uff21-\uff3a\uff41-\uff5a・･" + _NAME_KANA + "]"
)
# 山田 太郎委員: one space may separate family and given name.
_NAME = rf"(?:{_NAME_CHAR}{{1,8}}?[ \u3000\u00a0])?{_NAME_CHAR}{{0,{_MAX_NAME}}}?"
_DIGIT = "[0-9０-９]"
_SPEAKER = (
    rf"(?:{_NAME}(?:{_alternation(SPEAKER_TITLES)})|(?:{_alternation(SPEAKER_WORDS)}){_DIGIT}{{0,3}})"
    rf"(?:{_alternation(_TURN_SUFFIXES)})?"
)
# 河野国務大臣（デジタル大臣）： the office in brackets is not part of the speaker.
_OFFICE = r"(?:[（(][^（）()]{1,20}[）)])?"

_SPEAKER_RE = re.compile(_SPEAKER)
# The marks minutes put before a turn: ○ (the Diet, ministries, officials in councils),
# ◎ (a council's chair), ◆ ◇ ● (members; ◇ also in some city minutes).
_TURN_MARKS = "○〇◯◎◆◇●"
# After a bracket that closes the tag (◎委員長（平山たかお）ただいまから…) no space is needed.
_SEP = r"(?P<sep>\s*[：:]\s*|\s+|(?=「)|(?<=[）)])|$)"
_CIRCLE_SPEECH_RE = re.compile(
    rf"[{_TURN_MARKS}]\s?(?P<speaker>{_SPEAKER})(?P<office>{_OFFICE}){_SEP}"
)
_COLON_SPEECH_RE = re.compile(rf"(?P<speaker>{_SPEAKER})(?P<office>{_OFFICE})\s*[：:]\s*")
# A tag alone on its line without a mark: 委員長（平山たかお）, 山本委員.
_NAME_LINE_RE = re.compile(rf"(?P<speaker>{_SPEAKER})(?P<office>{_OFFICE})")
_PARTICLES_AFTER_SPACE = (
    "が", "を", "に", "の", "から", "より", "など", "等", "、", "。", "）", ")",
)
_PLACEHOLDER_RE = re.compile(r"[○〇◯]{2}")  # 〇〇市: a masked name, not a bullet

_NOTE_RES = (
    re.compile(rf"[※＊*]\s*{_DIGIT}{{0,2}}[)）]?\s*"),
    re.compile(r"[（(]\s*※[^（）()]{0,20}[）)]\s*"),
    re.compile(rf"[（(]\s*注\s*{_DIGIT}{{0,2}}\s*[）)]\s*"),
    re.compile(rf"注\s*{_DIGIT}{{0,2}}(?:\s*[)）:：]\s*|\s+)"),
    re.compile(rf"[\[［]{_DIGIT}{{1,3}}[\]］]\s*"),
)
# After （※）, a particle or punctuation means the line refers to the mark: （※）で示した…
_CONTINUATION_PREFIXES = (
    "は", "が", "を", "に", "で", "の", "と", "も", "や", "へ", "から", "まで", "より",
    "など", "等", "、", "。", "，", "．", ",", ".", ")", "）", "」", "』",
)

_KANJI_NUMBER = "[一二三四五六七八九十百]"
_ITEM_RES = (
    re.compile(r"[\u2460-\u24ff\u2776-\u2793\u3220-\u3229\u3251-\u325f\u3280-\u3289\u32b1-\u32bf]\s*"),
    re.compile(
        rf"[(（]\s*(?:{_DIGIT}{{1,2}}|{_KANJI_NUMBER}{{1,3}}|[ア-ン]|[ｱ-ﾝ]|[ivx]{{1,4}}"
        r"|[A-Za-zＡ-Ｚａ-ｚ])\s*[)）]\s*"
    ),
    # 1. and １．, but not 1.5倍 or 2021.4
    re.compile(rf"{_DIGIT}{{1,2}}[.．](?![0-9０-９.．])\s*"),
    re.compile(rf"{_DIGIT}{{1,2}}[)）]\s*"),
    re.compile(r"[ア-ン][.．]\s*"),
    re.compile(r"[A-Za-zＡ-Ｚａ-ｚ][.．]\s+(?![0-9０-９])"),  # a. b. but not e.g. or p. 23
    re.compile(r"[ア-ン]\u3000+(?=\S)"),  # ア　国は… in legal-style documents
    re.compile(rf"第(?:{_DIGIT}|{_KANJI_NUMBER})+条(?:の(?:{_DIGIT}|{_KANJI_NUMBER})+)?(?=[\s（(])\s*"),
)
_CHAPTER_RE = re.compile(
    rf"第(?:{_DIGIT}|{_KANJI_NUMBER})+(?:[章節款編]|部(?!会))(?![のはがをにでともや])\s*"
)
_SECTION_RE = re.compile(rf"第(?:{_DIGIT}|{_KANJI_NUMBER})+\s+(?=\S)")
_NUMBERED_RE = re.compile(  # 1 開催日時, １.２ 目的 (dotted section numbers), 三 総則
    rf"(?P<number>{_DIGIT}{{1,2}}(?:[.．]{_DIGIT}{{1,2}})*|{_KANJI_NUMBER}{{1,3}})"
    r"(?P<space>\s+)(?=\S)"
)
# "20 業務も…" wraps a sentence after a number; a counter right after it gives that away.
_COUNTERS = frozenset(
    "年月日時分秒名人件回点倍割%％万億円歳条項号床県市区町村業週代階位度台枚つ"
)
_SENTENCE_PUNCT_RE = re.compile(r"[。、，．！？]")
_SENTENCE_END_PUNCT_RE = re.compile(r"[。！？]")

_BRACKETS = {
    "（": "）", "(": ")", "【": "】", "〔": "〕", "［": "］", "[": "]", "＜": "＞", "<": ">",
    "《": "》", "≪": "≫", "〈": "〉", "«": "»", "〘": "〙", "〖": "〗",
}
_ROUND = frozenset("（(")

_BULLET_RE = re.compile(
    "(?:[○〇◯●◎◆◇■□▪▫•◦‣∙⦿▶►▷▸➢➤✓✔✅☆★❖"
    "\uf06c\uf06e\uf0a7\uf0d8\uf0fc\uf0b7\uf075\uf09f]"
    r"|[・･](?![・･])"  # ・・・ is an ellipsis wrapped onto the line, not a bullet
    r"|[-–－‐⁃](?=\s|[^\x00-\x7f0-9０-９]))\s*"
)

_SENTENCE_END_RE = re.compile(r"[。．！？：:!?][」』）)】〕］\]＞>”’\s]*$")


def classify(line: str) -> LineStart:
    """Tell whether `line` opens a structural unit, so paragraphs split where drafters meant.

    Leading whitespace is tolerated (indices still refer to `line`), because extractors
    keep the indentation of answers in Q&A minutes.
    """
    core = line.strip()
    if not core:
        return _NO_START
    offset = len(line) - len(line.lstrip())
    found = _classify_core(core)
    if found.kind == NONE or offset == 0:
        return found
    return LineStart(found.kind, found.speaker, found.body_start + offset)


def _classify_core(line: str) -> LineStart:
    """Try the markers from the most to the least specific: speaker tags share ○ and 【 with
    bullets and headings, so they must win first."""
    for rule in (_speech, _bracket_speaker, _note, _item, _heading, _bullet):
        found = rule(line)
        if found is not None:
            return found
    return _NO_START


def is_speaker(name: str) -> bool:
    """Whether bracket contents name a speaker: 荒見委員, 回答 yes; 検討項目1-1, 構成員 no."""
    name = name.strip()
    return _SPEAKER_RE.fullmatch(name) is not None and name not in _COLLECTIVE_TITLES


def _speech(line: str) -> LineStart | None:
    """○東会長　それでは… and 河野大臣：… open a speaker's turn."""
    if _PLACEHOLDER_RE.match(line):
        return _NO_START
    match = _CIRCLE_SPEECH_RE.match(line) or _COLON_SPEECH_RE.match(line)
    if match is None:
        match = _bare_name_line(line)
    if match is None or _spaced_into_sentence(match):
        return None
    speaker = _printed_speaker(match["speaker"], match["office"])
    if speaker is None:
        return None
    if match.end() == len(line):
        return LineStart(SPEAKER_HEADING, speaker, len(line))
    return LineStart(SPEECH, speaker, match.end())


def _bare_name_line(line: str) -> re.Match[str] | None:
    """A line that is nothing but a tag names the next speaker even without a mark, when
    it carries a person's name in brackets (委員長（平山たかお）); a bare 山本委員 could as
    well be the signature of a notice (審査管理課長), so it needs the brackets."""
    match = _NAME_LINE_RE.fullmatch(line)
    if match is None or not _is_person(match["office"][1:-1]):
        return None
    return match


# In brackets a name may hold any kana (平山たかお): there is no sentence to tell it from.
_PERSON_CHAR = _NAME_CHAR[:-1] + _SENTENCE_KANA + "]"
_PERSON_RE = re.compile(rf"{_PERSON_CHAR}{{1,8}}(?:[ \u3000]{_PERSON_CHAR}{{1,8}})?")


def _is_person(text: str) -> bool:
    """平山たかお, 中村 一郎, 大島理森君: a personal name, not an office or a date."""
    text = text.strip()
    return _PERSON_RE.fullmatch(text) is not None and (
        not _is_title(text) or text.endswith(("君", "氏", "さん")))


def _is_title(text: str) -> bool:
    return _SPEAKER_RE.fullmatch(text.strip()) is not None


def _printed_speaker(tag: str, office: str) -> str | None:
    """The speaker as printed: 委員長（平山たかお） and 議長（大島理森君） keep the person's
    name in brackets, for a bare title names no one; 河野国務大臣（デジタル大臣） drops the
    office, which only says what the named person is. None when the tag names no speaker
    (委員 alone heads a group)."""
    tag = tag.replace("\u00a0", " ")
    inner = office[1:-1].strip()
    bare_title = tag in SPEAKER_TITLES or tag in _COLLECTIVE_TITLES
    if _is_person(inner) and (bare_title or not _is_title(inner)):
        return tag + office
    return tag if is_speaker(tag) else None


def _spaced_into_sentence(match: re.Match[str]) -> bool:
    """○総務省 において…: extractors put spaces into sentences, so a space after a title
    followed by a particle is the sentence going on, not a turn starting.  (では and はい
    do open speeches, so で and は are not among them.)"""
    sep = match.groupdict().get("sep")
    if sep is None or not sep.isspace():
        return False
    return match.string[match.end():].startswith(_PARTICLES_AFTER_SPACE)


def _bracket_speaker(line: str) -> LineStart | None:
    """【荒見委員】 alone names who speaks next; with text after it, the turn starts here."""
    if not line.startswith("【"):
        return None
    close = _matching_close(line, 0)
    if close is None or not is_speaker(line[1:close]):
        return None
    speaker = line[1:close].strip()
    body = _skip_separator(line, close + 1)
    if body == len(line):
        return LineStart(SPEAKER_HEADING, speaker, len(line))
    return LineStart(SPEECH, speaker, body)


def _skip_separator(line: str, index: int) -> int:
    """Step over the colon and spaces that sit between a tag and what is said."""
    while index < len(line) and (line[index].isspace() or line[index] in "：:"):
        index += 1
    return index


def _note(line: str) -> LineStart | None:
    """※, ※1, （※）, 注1) start a note, unless the line only refers to the mark: （※）で…"""
    for pattern in _NOTE_RES:
        match = pattern.match(line)
        if match is None:
            continue
        if line[match.end():].startswith(_CONTINUATION_PREFIXES):
            return _NO_START
        return LineStart(NOTE, None, match.end())
    return None


def _item(line: str) -> LineStart | None:
    """① （１） (ア) 1. １） ア． a. 第３条: the enumerations drafters number points with."""
    for pattern in _ITEM_RES:
        match = pattern.match(line)
        if match is not None:
            return LineStart(ITEM, None, match.end())
    return _spaced_number_item(line)


def _spaced_number_item(line: str) -> LineStart | None:
    """１　国は、… is a numbered point in legal-style text; an ASCII space after a number is
    usually the extractor's (20 業務も…), so only the ideographic space counts."""
    match = _NUMBERED_RE.match(line)
    if match is None or "\u3000" not in match["space"]:
        return None
    if _is_short_title(line[match.end():]):
        return None  # a numbered heading, see _numbered_heading
    return LineStart(ITEM, None, match.end())


def _heading(line: str) -> LineStart | None:
    """第１章, １ 開催日時, 〔…について〕, 【検討項目1-1】 and titles wrapped in brackets."""
    for rule in (_chapter_heading, _numbered_heading, _bracketed_heading):
        found = rule(line)
        if found is not None:
            return found
    return None


def _chapter_heading(line: str) -> LineStart | None:
    """第１章 総則, 第２ 総則; 第1に、… or 第4回会議 are ordinary text."""
    match = _CHAPTER_RE.match(line) or _SECTION_RE.match(line)
    if match is None or line[match.end():match.end() + 1] in _COUNTERS:
        return None
    return LineStart(HEADING, None, match.end())


def _numbered_heading(line: str) -> LineStart | None:
    """1 開催日時: a number, a space and a short title without sentence punctuation."""
    match = _NUMBERED_RE.match(line)
    if match is None:
        return None
    title = line[match.end():]
    if _counter(title) or not _is_short_title(title):
        return None
    return LineStart(HEADING, None, match.end())


def _counter(text: str) -> bool:
    """「2 人が」 counts people; 「２ 人材の確保」 is a title: a counter stands alone."""
    return text[0] in _COUNTERS and not (len(text) > 1 and "\u4e00" <= text[1] <= "\u9fff")


def _is_short_title(text: str) -> bool:
    """Titles are short and unpunctuated; a 、 or 。 means a sentence."""
    return len(text) <= _MAX_SHORT_TITLE and _SENTENCE_PUNCT_RE.search(text) is None


def _bracketed_heading(line: str) -> LineStart | None:
    """A bracketed line, or a bracketed label followed by a short title, is a heading."""
    closer = _BRACKETS.get(line[0])
    if closer is None:
        return None
    close = _matching_close(line, 0)
    if close is None:
        return None
    inside, rest = line[1:close], line[close + 1:].strip()
    if line[0] in _ROUND:
        return _round_bracket_heading(line, inside, rest, close)
    if not rest:
        return LineStart(HEADING, None, 0)
    if len(inside) > _MAX_BRACKET_LABEL:
        return None
    return _labelled(line, close)


def _round_bracket_heading(line: str, inside: str, rest: str, close: int) -> LineStart | None:
    """（…に関する意見） is a heading, but （補助金など）を工夫する… or （例えば、…。）
    are asides inside a paragraph."""
    if not rest:
        if len(inside) > _MAX_PAREN_HEADING or _SENTENCE_END_PUNCT_RE.search(inside):
            return None
        return LineStart(HEADING, None, 0)
    if len(inside) > _MAX_LABEL or _SENTENCE_PUNCT_RE.search(inside):
        return None
    if rest.startswith(_CONTINUATION_PREFIXES):
        return None
    found = _labelled(line, close)
    return found if found.kind == HEADING else None


def _labelled(line: str, close: int) -> LineStart:
    """【検討項目1】目指す姿 is a heading; a label followed by a whole sentence is an item
    whose content should still be coded."""
    body = _skip_separator(line, close + 1)
    rest = line[body:]
    if len(rest) <= _MAX_LABEL_TITLE and _SENTENCE_END_PUNCT_RE.search(rest) is None:
        return LineStart(HEADING, None, body)
    return LineStart(ITEM, None, body)


def _matching_close(line: str, start: int) -> int | None:
    """Index of the bracket closing the one at `start`, honouring nesting: 【案（β版）】."""
    opener = line[start]
    closer = _BRACKETS[opener]
    depth = 0
    for index in range(start, len(line)):
        char = line[index]
        if char == opener:
            depth += 1
        elif char == closer:
            depth -= 1
            if depth == 0:
                return index
    return None


def _bullet(line: str) -> LineStart | None:
    """○ ・ - ● ◆ and the Wingdings bullets of PowerPoint PDFs (U+F06C …)."""
    match = _BULLET_RE.match(line)
    if match is None:
        return None
    return LineStart(BULLET, None, match.end())


def ends_sentence(line: str) -> bool:
    """A wrapped line that ends like a sentence ends its paragraph; one cut mid-word does not."""
    return _SENTENCE_END_RE.search(line) is not None


# --- splitting long paragraphs --------------------------------------------------------------

_OPENERS = frozenset("「『（(【〔［[〈《｛{")
_CLOSERS = frozenset("」』）)】〕］]〉》｝}")
_TERMINATORS = frozenset("。！？")
# After 。」 these mean the sentence goes on: 「…。」との回答があった。
_QUOTE_CONTINUATIONS = frozenset("とのはをにでがもやへ、，")
_MIN_TAIL_DIVISOR = 4  # a tail under target/4 joins the span before it


def split_sentences(text: str, limit: int = 500, target: int = 250) -> list[tuple[int, int]]:
    """Cut a paragraph longer than `limit` into passages of about `target` code points.

    Long answers in minutes run to thousands of characters; one code for all of that is
    useless, so they are cut at sentence ends, greedily, into spans of at least `target`.
    Cuts inside 「」 or （） are avoided, because a quoted statement must stay in one
    passage, unless a bracketed stretch is itself longer than `limit`.  The whitespace after
    a sentence stays with it, so the spans concatenate to `text` exactly; a tail shorter
    than a quarter of `target` is joined to the span before it rather than left orphaned.
    """
    if len(text) <= limit:
        return [(0, len(text))]
    cuts = _sentence_cuts(text)
    outer = [cut for cut, depth in cuts if depth == 0]
    spans: list[tuple[int, int]] = []
    for start, end in _greedy_spans(0, len(text), outer, target):
        if end - start <= limit:
            spans.append((start, end))
            continue
        inner = [cut for cut, _ in cuts if start < cut < end]
        spans.extend(_greedy_spans(start, end, inner, target))
    return spans


def _greedy_spans(start: int, end: int, cuts: list[int], target: int) -> list[tuple[int, int]]:
    """Add sentences to a span until it reaches `target`, then start the next one."""
    spans: list[tuple[int, int]] = []
    for cut in cuts:
        if start < cut < end and cut - start >= target:
            spans.append((start, cut))
            start = cut
    if spans and end - start < target // _MIN_TAIL_DIVISOR:
        spans[-1] = (spans[-1][0], end)
    else:
        spans.append((start, end))
    return spans


def _sentence_cuts(text: str) -> list[tuple[int, int]]:
    """Every place a sentence ends, with the bracket depth there (0 = outside brackets)."""
    cuts: list[tuple[int, int]] = []
    depth = 0
    index = 0
    while index < len(text):
        char = text[index]
        index += 1
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS:
            depth = max(depth - 1, 0)
        elif _is_terminator(text, index - 1):
            index, depth = _end_of_sentence(text, index, depth)
            if not _continues_after_quote(text, index):
                cuts.append((_skip_spaces(text, index), depth))
    return cuts


def _continues_after_quote(text: str, index: int) -> bool:
    """「…。」との回答: a particle after a closing bracket carries the sentence on.  Right
    after 。 itself the same kana start sentences (では、…), so they only count after 」."""
    return (
        index < len(text)
        and text[index - 1] in _CLOSERS
        and text[index] in _QUOTE_CONTINUATIONS
    )


def _is_terminator(text: str, index: int) -> bool:
    """。！？ end sentences, and so does ． except between digits (１．５倍)."""
    char = text[index]
    if char in _TERMINATORS:
        return True
    following = text[index + 1:index + 2]
    return char == "．" and not (following.isdigit() or following == "")


def _end_of_sentence(text: str, index: int, depth: int) -> tuple[int, int]:
    """Take in the closing brackets and repeated marks that belong to a sentence: 。」 ！？"""
    while index < len(text) and (text[index] in _CLOSERS or text[index] in _TERMINATORS):
        if text[index] in _CLOSERS:
            depth = max(depth - 1, 0)
        index += 1
    return index, depth


def _skip_spaces(text: str, index: int) -> int:
    """Whitespace after a sentence belongs to it, so every span starts with text."""
    while index < len(text) and text[index].isspace():
        index += 1
    return index
