"""Japanese morphological analysis for search, highlighting and KWIC.

This is the only module that talks to SudachiPy, so the rest of the app deals in plain,
immutable `Token` values and strings and never has to know about Sudachi's objects, split
modes, input limits or threading rules.

Search model
------------
A passage is indexed with `index_terms` and a typed query becomes `query_terms`; a passage
matches when every query term is among its index terms (see `matches`).  Both sides use
Sudachi's *normalized form*, so 行った/行い find 行う, ＡＩ/ａｉ/AI meet at AI and
ｻｰﾊﾞ/サーバ/サーバー meet at サーバー.

The index holds the forms of the long (mode C) words *and* of their short (mode A)
constituents, because mode C keeps compounds such as 交付金 or 人材育成 whole: without the
mode A parts a search for 交付 or 人材 would miss them.  Queries are analysed in mode C only,
so a search for 交付金 asks for the compound rather than for 交付 *and* 金 anywhere.

Particles (助詞) and auxiliaries (助動詞) are left out of the index: they occur in nearly
every passage, so a term like の or た cannot narrow a search and would only bloat the
index, and a query consisting only of them is rare in practice.  Punctuation (補助記号) and
whitespace (空白) are left out too, except for symbol tokens holding a CJK ideograph:
Sudachi labels kanji missing from its character table (e.g. 𠮷) as 補助記号, and those are
real words to a researcher.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator, Sequence, Set
from dataclasses import dataclass
from typing import Any

from sudachipy import Dictionary, SplitMode
from sudachipy.errors import SudachiError

__all__ = [
    "LemmaStream",
    "Token",
    "find_hits",
    "index_terms",
    "kwic",
    "lemma_stream",
    "matches",
    "query_terms",
    "rule_forms",
    "tokenize",
    "warm_up",
]

# Sudachi refuses a call whose raw UTF-8 input exceeds this many bytes ...
_MAX_INPUT_BYTES = 49_149
# ... or whose input after its own normalisation (NFKC, e.g. ㍿ -> 株式会社) exceeds this.
_MAX_NORMALIZED_BYTES = 65_535
# Chunks are packed well below the raw limit so that ordinary expansion (up to 4x, as in
# ㍿) still fits the normalised limit and only pathological text needs re-splitting.
_TARGET_CHUNK_BYTES = 16_000
# NFKC expands one code point to at most 18 (33 UTF-8 bytes, U+FDFA), so no text of this
# many code points or fewer can exceed either limit; longer chunks are checked.
_ALWAYS_FITS_CHARS = _MAX_NORMALIZED_BYTES // 33

_SENTENCE = re.compile(r"[^。．！？!?\n]*[。．！？!?\n]*")
_SOFT_BREAKS = "、，, 　\t"
_LINE_BREAK_RUN = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")

_FUNCTION_WORD_POS = frozenset({"助詞", "助動詞"})
_SYMBOL_POS = frozenset({"補助記号", "空白"})
_WHITESPACE_POS = "空白"


@dataclass(frozen=True, slots=True)
class Token:
    """One morpheme; offsets are code-point indices into the text given to `tokenize`."""

    surface: str
    start: int
    end: int
    normalized: str
    dictionary: str
    pos: tuple[str, ...]
    reading: str


@dataclass(frozen=True, slots=True)
class _Word:
    """A mode C word with its mode A parts, so one analysis serves both granularities."""

    token: Token
    parts: tuple[Token, ...]


# --------------------------------------------------------------------------------------
# Sudachi handles
# --------------------------------------------------------------------------------------

_dictionary_lock = threading.Lock()
_dictionary: Any = None
_local = threading.local()


def _get_dictionary() -> Any:
    """Load the dictionary once per process: it is shared, only tokenizers are per thread."""
    global _dictionary
    with _dictionary_lock:
        if _dictionary is None:
            _dictionary = Dictionary(dict="core")
        return _dictionary


def _handles() -> tuple[Any, Any]:
    """Return this thread's (tokenizer, text normalizer).

    A Sudachi Tokenizer raises if two threads use it at once, so each thread (GUI and
    indexing worker) gets its own, built lazily from the shared dictionary.
    """
    handles: tuple[Any, Any] | None = getattr(_local, "handles", None)
    if handles is None:
        dictionary = _get_dictionary()
        handles = (dictionary.tokenizer(mode=SplitMode.C), dictionary.text_normalizer())
        _local.handles = handles
    return handles


def warm_up() -> None:
    """Load the dictionary ahead of time (e.g. from a worker) so the first search is snappy."""
    _handles()


# --------------------------------------------------------------------------------------
# Chunking long input
# --------------------------------------------------------------------------------------


def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


def _fits(chunk: str) -> bool:
    """Whether Sudachi accepts this chunk in one call (both of its input limits)."""
    if len(chunk) <= _ALWAYS_FITS_CHARS:
        return True
    if _utf8_len(chunk) > _MAX_INPUT_BYTES:
        return False
    normalizer = _handles()[1]
    try:
        normalized = str(normalizer.normalize(chunk))
    except SudachiError:  # the normalizer enforces the same limit, so this means "too long"
        return False
    return _utf8_len(normalized) <= _MAX_NORMALIZED_BYTES


def _cut_point(text: str, max_bytes: int) -> int:
    """A code-point index at most `max_bytes` in, preferring a 、 or space in its second half.

    Cutting mid-word can change the analysis, so a soft boundary is preferred; the hard
    cut is only for pathological runs with no punctuation at all.
    """
    prefix = text.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore")
    hard = max(len(prefix), 1)
    soft = max(prefix.rfind(ch) for ch in _SOFT_BREAKS) + 1
    return soft if soft > hard // 2 else hard


def _pieces(text: str) -> Iterator[str]:
    """Sentences (ending at 。 or a newline), with over-long ones cut to the chunk budget."""
    for match in _SENTENCE.finditer(text):
        sentence = match.group()
        while _utf8_len(sentence) > _TARGET_CHUNK_BYTES:
            cut = _cut_point(sentence, _TARGET_CHUNK_BYTES)
            yield sentence[:cut]
            sentence = sentence[cut:]
        if sentence:
            yield sentence


def _packed(text: str) -> Iterator[tuple[int, str]]:
    """(offset, chunk) pairs: whole sentences packed up to the budget, fewest calls."""
    offset = 0
    chunk: list[str] = []
    size = 0
    for piece in _pieces(text):
        piece_size = _utf8_len(piece)
        if chunk and size + piece_size > _TARGET_CHUNK_BYTES:
            joined = "".join(chunk)
            yield offset, joined
            offset += len(joined)
            chunk, size = [], 0
        chunk.append(piece)
        size += piece_size
    if chunk:
        yield offset, "".join(chunk)


def _checked(offset: int, chunk: str) -> Iterator[tuple[int, str]]:
    """Halve a chunk until Sudachi's normalised-size limit is met (extreme NFKC expansion)."""
    if _fits(chunk):
        yield offset, chunk
        return
    cut = _cut_point(chunk, _utf8_len(chunk) // 2)
    yield from _checked(offset, chunk[:cut])
    yield from _checked(offset + cut, chunk[cut:])


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """Split text into Sudachi-sized (offset, chunk) pairs; short text is one chunk."""
    if len(text) <= _ALWAYS_FITS_CHARS:
        yield 0, text
        return
    for offset, chunk in _packed(text):
        yield from _checked(offset, chunk)


# --------------------------------------------------------------------------------------
# Analysis
# --------------------------------------------------------------------------------------

_pos_cache: dict[int, tuple[str, ...]] = {}


def _pos_of(morpheme: Any) -> tuple[str, ...]:
    """POS tuples are few (one per POS id) and immutable, so share one instead of rebuilding."""
    pos_id = int(morpheme.part_of_speech_id())
    pos = _pos_cache.get(pos_id)
    if pos is None:
        pos = tuple(str(field) for field in morpheme.part_of_speech())
        _pos_cache[pos_id] = pos
    return pos


def _to_token(morpheme: Any, offset: int) -> Token:
    return Token(
        surface=str(morpheme.raw_surface()),
        start=offset + int(morpheme.begin()),
        end=offset + int(morpheme.end()),
        normalized=str(morpheme.normalized_form()),
        dictionary=str(morpheme.dictionary_form()),
        pos=_pos_of(morpheme),
        reading=str(morpheme.reading_form()),
    )


def _to_word(morpheme: Any, offset: int) -> _Word:
    token = _to_token(morpheme, offset)
    # add_single=False: in SudachiPy 0.7.0 the single morpheme returned for an unsplittable
    # word with add_single=True panics on access, so an empty split means "just itself".
    split = morpheme.split(SplitMode.A, add_single=False)
    parts = tuple(_to_token(part, offset) for part in split if _has_width(part))
    return _Word(token, parts if len(parts) > 1 else (token,))


def _has_width(morpheme: Any) -> bool:
    """False for the empty extra morphemes Sudachi emits when one character normalizes
    into several words (… -> . . ., ﷺ -> four Arabic words).

    They cover no text, so they could be neither highlighted nor coded; the first
    morpheme already stands for the character.
    """
    return int(morpheme.end()) > int(morpheme.begin())


def _morphemes(text: str) -> Iterator[tuple[int, Any]]:
    """(chunk offset, mode C morpheme) over the whole text, empty morphemes skipped."""
    if not text or text.isspace():
        return
    tokenizer = _handles()[0]
    for offset, chunk in _chunks(text):
        for morpheme in tokenizer.tokenize(chunk):
            if _has_width(morpheme):
                yield offset, morpheme


def _analyse(text: str) -> list[_Word]:
    """Mode C words with their mode A parts, offsets relative to the whole text."""
    return [_to_word(morpheme, offset) for offset, morpheme in _morphemes(text)]


def tokenize(text: str, *, fine: bool = False) -> list[Token]:
    """Morphemes of `text` (mode C, or mode A when `fine`), whitespace tokens dropped.

    Whitespace is dropped because PDF text is full of line breaks and padding that carry
    no meaning for coding; offsets still point into the original text.
    """
    words = _analyse(text)
    tokens = [part for word in words for part in word.parts] if fine else [w.token for w in words]
    return [token for token in tokens if token.pos[:1] != (_WHITESPACE_POS,)]


# --------------------------------------------------------------------------------------
# Search
# --------------------------------------------------------------------------------------


def _is_ideograph(char: str) -> bool:
    return unicodedata.name(char, "").startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY"))


def _is_content(pos: tuple[str, ...], surface: str) -> bool:
    """Content words only; see the module docstring for why function words are skipped."""
    head = pos[0] if pos else ""
    if head in _FUNCTION_WORD_POS:
        return False
    if head in _SYMBOL_POS:
        return any(_is_ideograph(char) for char in surface)
    return True


def _is_indexable(token: Token) -> bool:
    return _is_content(token.pos, token.surface)


def _forms(token: Token) -> tuple[str, ...]:
    """Both forms: a query's normalized form can equal another word's dictionary form."""
    return tuple(form for form in (token.normalized, token.dictionary) if form)


def _add_terms(terms: set[str], morpheme: Any) -> None:
    """`_is_indexable` and `_forms` read straight off a morpheme.

    index_terms runs over every passage of a project, and not building Token objects
    roughly halves its time.
    """
    if _is_content(_pos_of(morpheme), str(morpheme.raw_surface())):
        terms.update(
            form
            for form in (str(morpheme.normalized_form()), str(morpheme.dictionary_form()))
            if form
        )


def index_terms(text: str) -> set[str]:
    """The search keys stored for a passage: forms of content words in mode C and mode A."""
    terms: set[str] = set()
    for _offset, morpheme in _morphemes(text):
        _add_terms(terms, morpheme)
        for part in morpheme.split(SplitMode.A, add_single=False):
            if _has_width(part):
                _add_terms(terms, part)
    return terms


def query_terms(query: str) -> list[str]:
    """Normalized forms of the content words of a typed query, in order, without repeats.

    Words separated by (half- or full-width) spaces become separate terms, and every term
    must appear for a passage to match.  The query is analysed whole rather than split at
    spaces first, because some dictionary words contain a space (My HER-SYS, New York) and
    must stay the single term the index holds.  An empty list means nothing searchable
    (blank, or only particles/punctuation): callers should show no results rather than
    treat it as "match everything".
    """
    terms: dict[str, None] = {}
    for word in _analyse(query):
        if _is_indexable(word.token) and word.token.normalized:
            terms.setdefault(word.token.normalized, None)
    return list(terms)


def matches(passage_terms: Set[str], terms: Sequence[str]) -> bool:
    """Whether a passage with these `index_terms` satisfies a query: all terms, none empty."""
    return bool(terms) and all(term in passage_terms for term in terms)


def _token_matches(token: Token, wanted: Set[str]) -> bool:
    return _is_indexable(token) and any(form in wanted for form in _forms(token))


def _word_hits(word: _Word, wanted: Set[str]) -> list[tuple[int, int]]:
    """The whole word if it matches itself, else only its matching mode A parts.

    So a search for 交付 highlights 交付 inside 交付金 (showing what actually matched),
    while a search for 交付金 highlights the whole compound.
    """
    if _token_matches(word.token, wanted):
        return [(word.token.start, word.token.end)]
    return [(part.start, part.end) for part in word.parts if _token_matches(part, wanted)]


def _merge_touching(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join adjacent hits (人材|育成 for the query 人材 育成) into one keyword for KWIC."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def find_hits(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Code-point spans of the words in `text` that `terms` (from `query_terms`) match.

    Uses the same analysis and filtering as `index_terms`, so every indexed match has at
    least one highlight.  Spans are sorted, non-overlapping, and touching spans are merged.
    """
    wanted = frozenset(terms)
    if not wanted:
        return []
    spans: list[tuple[int, int]] = []
    for word in _analyse(text):
        spans.extend(_word_hits(word, wanted))
    return _merge_touching(spans)


# --------------------------------------------------------------------------------------
# KWIC
# --------------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return _LINE_BREAK_RUN.sub(" ", text)


def kwic(text: str, span: tuple[int, int], width: int = 20) -> tuple[str, str, str]:
    """(left context, keyword, right context) for a concordance line.

    Context is cut at `width` code points; each run of line breaks then becomes a single
    space so a line fits one table row (PDF text wraps mid-sentence).
    """
    start, end = span
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span {span!r} is outside a text of length {len(text)}")
    if width < 0:
        raise ValueError(f"width must not be negative, got {width}")
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return _one_line(left), _one_line(text[start:end]), _one_line(right)


# --------------------------------------------------------------------------------------
# Lemma streams, for suggestion rules (annotator/suggest) and their features
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LemmaStream:
    """The content words of a text in order, at the finest (mode A) granularity.

    `parts[i]` holds the forms of the i-th short word; a long (mode C) compound that spans
    several of them is listed in `compounds` as (first part, number of parts, forms), so
    a rule can ask for 交付金 whole or for 交付 inside it, and `near` counts short words.
    """

    parts: tuple[frozenset[str], ...]
    compounds: tuple[tuple[int, int, frozenset[str]], ...]

    def terms(self) -> frozenset[str]:
        """Every form anywhere in the text (what `index_terms` stores for it)."""
        found: set[str] = set()
        for forms in self.parts:
            found |= forms
        for _first, _count, forms in self.compounds:
            found |= forms
        return frozenset(found)


def lemma_stream(text: str) -> LemmaStream:
    """The `LemmaStream` of `text`: particles, auxiliaries and punctuation left out."""
    parts: list[frozenset[str]] = []
    compounds: list[tuple[int, int, frozenset[str]]] = []
    for word in _analyse(text):
        first = len(parts)
        parts.extend(frozenset(_forms(part)) for part in word.parts if _is_indexable(part))
        count = len(parts) - first
        if count > 1 and _is_indexable(word.token):
            compounds.append((first, count, frozenset(_forms(word.token))))
        elif count == 1 and _is_indexable(word.token):
            parts[first] = parts[first] | frozenset(_forms(word.token))
    return LemmaStream(tuple(parts), tuple(compounds))


def rule_forms(word: str) -> tuple[tuple[str, ...], ...]:
    """What a word in a suggestion rule stands for: its normalized forms in a row.

    One alternative per granularity (the long words, then the short ones), so 財政支援 is
    found whether the text's analysis keeps it whole or splits it; an empty tuple means
    the word has no content (only particles or punctuation).
    """
    words = [w for w in _analyse(word) if _is_indexable(w.token)]
    long_forms = tuple(w.token.normalized for w in words if w.token.normalized)
    short_forms = tuple(p.normalized for w in words for p in w.parts
                        if _is_indexable(p) and p.normalized)
    alternatives = [forms for forms in (long_forms, short_forms) if forms]
    return tuple(dict.fromkeys(alternatives))
