"""Tests for annotator.search.tokens: offsets, search semantics, hits, KWIC and long input.

Expected values are what SudachiPy 0.7 with sudachidict-core actually produces; where the
dictionary's choice matters (e.g. 行った read as 行く out of context) the test says so.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from annotator.search.tokens import (
    Token,
    find_hits,
    index_terms,
    kwic,
    matches,
    query_terms,
    tokenize,
)

SEED_DIR = Path(__file__).resolve().parents[2] / "resources" / "seeds"

COVID_GRANT = (
    "新型コロナ緊急包括支援交付金は全額国費でまかなっているため、"
    "都道府県負担のない現時点では、配分まで委任することは困難と考えております。"
)
DESIGNATED_CITIES = (
    "指定都市市長会の要請で都道府県知事の権限を指定都市の市長に"
    "財源と合わせて移譲する要請が出ているようだが"
)
NON_BMP = "𠮷野家で人材育成を行った。令和５年度は１２３件、ＡＩを活用した。"
HUMAN_RESOURCES = "地域の人材育成を推進するため、研修を行った。"


def seed_texts() -> list[str]:
    """Real council texts shared by the project; tests needing them skip without them."""
    files = sorted(SEED_DIR.glob("*.txt")) if SEED_DIR.is_dir() else []
    if not files:
        pytest.skip(f"no seed texts in {SEED_DIR}")
    return [path.read_text(encoding="utf-8") for path in files]


def seed_sentences(limit: int = 300) -> list[str]:
    """Sentence-sized pieces of the seeds, the size of a typical coded passage."""
    sentences: list[str] = []
    for text in seed_texts():
        for piece in re.split(r"(?<=。)|\n", text):
            piece = piece.strip()
            if len(piece) >= 10:
                sentences.append(piece)
    return sentences[:limit]


def assert_offsets(text: str, tokens: list[Token]) -> None:
    """Every token slices back to its surface, in order, covering all non-space text."""
    position = 0
    for token in tokens:
        assert text[token.start : token.end] == token.surface
        assert token.start < token.end
        gap = text[position : token.start]
        assert gap.strip() == "", f"uncovered text {gap!r} before {token!r}"
        position = token.end
    assert text[position:].strip() == ""


# --------------------------------------------------------------------------------------
# Tokens and offsets
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [COVID_GRANT, DESIGNATED_CITIES, NON_BMP, HUMAN_RESOURCES])
@pytest.mark.parametrize("fine", [False, True])
def test_offsets_are_code_point_slices(text: str, fine: bool) -> None:
    assert_offsets(text, tokenize(text, fine=fine))


def test_long_mode_keeps_compounds_and_fine_mode_splits_them() -> None:
    coarse = [t.surface for t in tokenize(COVID_GRANT)]
    fine = [t.surface for t in tokenize(COVID_GRANT, fine=True)]
    assert coarse[:5] == ["新型コロナ", "緊急", "包括", "支援", "交付金"]
    assert fine[:7] == ["新型", "コロナ", "緊急", "包括", "支援", "交付", "金"]


def test_token_fields() -> None:
    tokens = tokenize("交付金を交付した。")
    grant = tokens[0]
    assert grant == Token(
        surface="交付金",
        start=0,
        end=3,
        normalized="交付金",
        dictionary="交付金",
        pos=("名詞", "普通名詞", "一般", "*", "*", "*"),
        reading="コウフキン",
    )
    did = next(t for t in tokens if t.surface == "し")
    assert (did.normalized, did.dictionary, did.pos[0]) == ("為る", "する", "動詞")


def test_offsets_after_non_bmp_character() -> None:
    """𠮷 is one Python code point (two UTF-16 units, four bytes); nothing after it shifts."""
    tokens = tokenize(NON_BMP)
    by_surface = {t.surface: t for t in tokens}
    assert tokens[0].surface == "𠮷"
    assert (tokens[0].start, tokens[0].end) == (0, 1)
    assert by_surface["野家"].start == 1
    assert by_surface["人材育成"].start == NON_BMP.index("人材育成") == 4
    ai = by_surface["ＡＩ"]
    assert (ai.start, ai.end) == (NON_BMP.index("ＡＩ"), NON_BMP.index("ＡＩ") + 2)


def test_full_width_characters_keep_surface_and_normalize() -> None:
    tokens = {t.surface: t for t in tokenize(NON_BMP)}
    assert tokens["１２３"].normalized == "123"
    assert tokens["５"].normalized == "5"
    assert tokens["ＡＩ"].normalized == "AI"


def test_whitespace_tokens_are_dropped_but_offsets_hold() -> None:
    text = "　交付金\n\n  を交付 した "
    tokens = tokenize(text)
    assert [t.surface for t in tokens] == ["交付金", "を", "交付", "し", "た"]
    assert_offsets(text, tokens)


def test_character_expanding_to_several_words_is_one_token() -> None:
    """Sudachi reads … as three periods, two of them empty; only the real one is kept."""
    text = "検討中…。ﷺ"
    tokens = tokenize(text)
    assert [t.surface for t in tokens] == ["検討中", "…", "。", "ﷺ"]
    assert_offsets(text, tokens)


@pytest.mark.parametrize("text", ["", " ", "　\n\t ", "\n\n"])
def test_empty_or_blank_text_gives_empty_results(text: str) -> None:
    assert tokenize(text) == []
    assert tokenize(text, fine=True) == []
    assert index_terms(text) == set()
    assert query_terms(text) == []
    assert find_hits(text, ["交付"]) == []


def test_seed_texts_offsets() -> None:
    for text in seed_texts():
        assert_offsets(text, tokenize(text))
        assert_offsets(text, tokenize(text, fine=True))


# --------------------------------------------------------------------------------------
# Long input (Sudachi refuses more than 49,149 bytes per call)
# --------------------------------------------------------------------------------------


def test_long_seed_text_tokenizes_with_right_offsets() -> None:
    seed = max(seed_texts(), key=len)
    text = seed * max(1, 60_000 // len(seed.encode("utf-8")) + 1)
    assert len(text.encode("utf-8")) > 50_000
    tokens = tokenize(text)
    assert_offsets(text, tokens)
    assert tokens[-1].end == len(text.rstrip())


def test_long_text_after_non_bmp_keeps_offsets() -> None:
    text = NON_BMP * 1_500  # ~100 KB, a 𠮷 in every sentence
    assert len(text.encode("utf-8")) > 100_000
    tokens = tokenize(text)
    assert_offsets(text, tokens)
    yoshi = [t for t in tokens if t.surface == "𠮷"]
    assert [t.start for t in yoshi] == [m.start() for m in re.finditer("𠮷", text)]


@pytest.mark.parametrize(
    "text",
    [
        "交付金を交付し、" * 5_000,  # no sentence end: cut at 、
        "あ" * 20_000,  # no break at all: hard cut
        "㍿" * 20_000,  # each expands to 株式会社 inside Sudachi (the 65,535-byte limit)
        "ﷺ" * 3_000,  # NFKC's longest expansion (18 code points each)
    ],
)
def test_pathological_long_input(text: str) -> None:
    assert len(text.encode("utf-8")) > 8_000
    assert_offsets(text, tokenize(text))


def test_long_text_index_and_hits() -> None:
    text = "予算を確保した。" * 4_000 + "最後に交付金を交付した。"
    assert len(text.encode("utf-8")) > 90_000
    assert "交付" in index_terms(text)
    hits = find_hits(text, ["交付"])
    assert [text[s:e] for s, e in hits] == ["交付", "交付"]
    assert hits[0][0] == text.index("交付金")


# --------------------------------------------------------------------------------------
# Search semantics
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("passage", ["交付金を交付した", "交付する", "交付し", COVID_GRANT])
def test_lemma_query_finds_inflections_and_compounds(passage: str) -> None:
    terms = query_terms("交付")
    assert terms == ["交付"]
    assert set(terms) <= index_terms(passage)
    assert matches(index_terms(passage), terms)


def test_compound_query_asks_for_the_compound() -> None:
    """交付金 stays one term, so it does not match a passage that only has 交付."""
    assert query_terms("交付金") == ["交付金"]
    assert matches(index_terms("交付金を交付した"), query_terms("交付金"))
    assert not matches(index_terms("交付した"), query_terms("交付金"))


def test_part_of_compound_matches() -> None:
    assert matches(index_terms("人材育成"), query_terms("人材"))
    assert matches(index_terms(HUMAN_RESOURCES), query_terms("育成"))
    assert matches(index_terms(HUMAN_RESOURCES), query_terms("人材育成"))


@pytest.mark.parametrize("passage", [HUMAN_RESOURCES, "協議を行い、", "事業を行う"])
def test_verb_lemma_matches_inflected_forms(passage: str) -> None:
    assert query_terms("行う") == ["行う"]
    assert matches(index_terms(passage), query_terms("行う"))


def test_isolated_okonatta_is_read_as_iku() -> None:
    """Out of context Sudachi reads 行った as 行く (went): researchers should type 行う."""
    assert query_terms("行った") == ["行く"]
    assert "行う" in index_terms("研修を行った")


def test_absent_word_does_not_match() -> None:
    assert not matches(index_terms(HUMAN_RESOURCES), query_terms("財源"))
    assert matches(index_terms(DESIGNATED_CITIES), query_terms("財源"))


@pytest.mark.parametrize("query", ["AI", "ＡＩ", "ai", "ａｉ"])
def test_width_and_case_variants_meet_at_normalized_form(query: str) -> None:
    """Sudachi normalizes ＡＩ, ａｉ and ai to AI, so any spelling finds any other."""
    assert query_terms(query) == ["AI"]
    for passage in ["ＡＩを活用した", "AIを活用した", "ａｉの活用"]:
        assert matches(index_terms(passage), query_terms(query))


@pytest.mark.parametrize(
    ("query", "passage"),
    [
        ("ｻｰﾊﾞ", "サーバーを更新"),
        ("サーバ", "ｻｰﾊﾞｰを更新"),
        ("子ども", "こどもの貧困"),
        ("１２３", "123件"),
    ],
)
def test_spelling_variants_match(query: str, passage: str) -> None:
    assert matches(index_terms(passage), query_terms(query))


def test_particles_and_punctuation_are_not_indexed() -> None:
    terms = index_terms(COVID_GRANT)
    assert {"は", "で", "の", "と", "て", "ます", "、", "。"}.isdisjoint(terms)
    assert {"新型コロナ", "新型", "コロナ", "交付金", "交付", "金", "まかなう", "賄う"} <= terms


def test_query_of_only_particles_or_punctuation_is_empty_and_matches_nothing() -> None:
    for query in ["の", "を", "、。", "  "]:
        assert query_terms(query) == []
        assert not matches(index_terms(COVID_GRANT), query_terms(query))


def test_unknown_kanji_is_indexed() -> None:
    """Sudachi tags 𠮷 (outside its character table) as a symbol; it is still a word here."""
    assert "𠮷" in index_terms(NON_BMP)
    assert query_terms("𠮷") == ["𠮷"]


def test_multi_word_query_needs_all_terms() -> None:
    terms = query_terms("人材　育成 研修")  # full- and half-width spaces
    assert terms == ["人材", "育成", "研修"]
    assert matches(index_terms(HUMAN_RESOURCES), terms)
    assert not matches(index_terms(HUMAN_RESOURCES), query_terms("人材 財源"))


def test_dictionary_words_with_a_space_stay_one_term() -> None:
    passage = "My HER-SYS等のシステムの活用"
    assert query_terms("My HER-SYS") == ["My HER-SYS"]
    assert matches(index_terms(passage), query_terms("My HER-SYS"))
    assert query_terms("New York") == ["ニューヨーク"]


def test_query_drops_particles_and_repeats() -> None:
    assert query_terms("人材を育成する人材") == ["人材", "育成", "為る"]


def test_index_terms_are_forms_of_content_tokens() -> None:
    """The index is exactly both forms of every non-function, non-symbol token, C and A."""
    skipped = {"助詞", "助動詞", "補助記号", "空白"}
    for sentence in seed_sentences(150):
        tokens = tokenize(sentence) + tokenize(sentence, fine=True)
        expected = {
            form for t in tokens if t.pos[0] not in skipped for form in (t.normalized, t.dictionary)
        }
        assert index_terms(sentence) == expected, sentence


def test_query_terms_of_a_sentence_are_in_its_index() -> None:
    """Queries and passages go through the same analysis, so a passage finds itself."""
    for sentence in seed_sentences():
        assert set(query_terms(sentence)) <= index_terms(sentence), sentence


# --------------------------------------------------------------------------------------
# Hits
# --------------------------------------------------------------------------------------


def test_hits_for_lemma_highlight_only_the_matching_part() -> None:
    text = "交付金を交付した"
    assert find_hits(text, query_terms("交付")) == [(0, 2), (4, 6)]
    assert find_hits(text, query_terms("交付金")) == [(0, 3)]


def test_hits_after_non_bmp_character() -> None:
    hits = find_hits(NON_BMP, query_terms("人材 行う ＡＩ"))
    assert [NON_BMP[s:e] for s, e in hits] == ["人材", "行っ", "ＡＩ"]
    assert hits[0] == (4, 6)
    assert find_hits(NON_BMP, ["𠮷"]) == [(0, 1)]


def test_adjacent_hits_merge() -> None:
    assert find_hits("人材育成の推進", query_terms("人材 育成")) == [(0, 4)]
    assert find_hits("支援交付金", query_terms("支援 交付金")) == [(0, 5)]


def test_hits_in_real_sentence() -> None:
    hits = find_hits(COVID_GRANT, query_terms("交付 都道府県 考える"))
    assert [COVID_GRANT[s:e] for s, e in hits] == ["交付", "都道府県", "考え"]
    assert hits == sorted(hits)


def test_no_terms_no_hits() -> None:
    assert find_hits(COVID_GRANT, []) == []
    assert find_hits(COVID_GRANT, query_terms("財源")) == []


def test_every_indexed_match_has_a_hit() -> None:
    for sentence in seed_sentences(100):
        terms = index_terms(sentence)
        for term in sorted(terms)[:5]:
            hits = find_hits(sentence, [term])
            assert hits, (term, sentence)
            assert all(0 <= s < e <= len(sentence) for s, e in hits)


# --------------------------------------------------------------------------------------
# KWIC
# --------------------------------------------------------------------------------------


def test_kwic_cuts_context_at_width() -> None:
    span = find_hits(COVID_GRANT, ["配分"])[0]
    left, keyword, right = kwic(COVID_GRANT, span, width=5)
    assert (left, keyword, right) == ("時点では、", "配分", "まで委任す")
    left, keyword, right = kwic(COVID_GRANT, span)
    assert len(left) == len(right) == 20
    assert left + keyword + right in COVID_GRANT


def test_kwic_at_text_edges() -> None:
    assert kwic("交付金を交付した", (0, 2), width=3) == ("", "交付", "金を交")
    assert kwic("交付金を交付した", (4, 6), width=10) == ("交付金を", "交付", "した")


def test_kwic_shows_line_breaks_as_a_space() -> None:
    text = "都道府県が中心と\n\nなり、\r\n交付金を交付した。\n次の"
    span = find_hits(text, ["交付金"])[0]
    assert kwic(text, span, width=6) == (" なり、 ", "交付金", "を交付した。")
    assert kwic(text, span, width=8) == ("と なり、 ", "交付金", "を交付した。 次")


def test_kwic_after_non_bmp_character() -> None:
    span = find_hits(NON_BMP, ["人材"])[0]
    assert kwic(NON_BMP, span, width=3) == ("野家で", "人材", "育成を")


@pytest.mark.parametrize("span", [(-1, 2), (3, 2), (0, 999)])
def test_kwic_rejects_span_outside_text(span: tuple[int, int]) -> None:
    with pytest.raises(ValueError, match="outside"):
        kwic("交付金を交付した", span)


# --------------------------------------------------------------------------------------
# Threads
# --------------------------------------------------------------------------------------


def test_concurrent_use_from_threads() -> None:
    """A Sudachi tokenizer refuses concurrent calls; each thread must get its own."""
    errors: list[BaseException] = []
    results: list[set[str]] = []

    def work() -> None:
        try:
            for _ in range(20):
                results.append(index_terms(COVID_GRANT))
        except Exception as error:  # noqa: BLE001 - reported to the main thread below
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == 80
    assert all(result == results[0] for result in results)
