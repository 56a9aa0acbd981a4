"""Re-anchoring codings on a new text by their quotes: pure functions, no project file."""

from __future__ import annotations

import random
import time

from annotator.documents.reanchor import EXACT, FUZZY, LOST, MOVED, Placement, loose, reanchor

# Unique filler, so that the alignment has something to hold on to around each change.
INTRO = "本報告書は、国と地方の役割分担の見直しについて、有識者会議の議論を整理したものである。"
CLOSING = "以上の論点について、引き続き関係府省と地方団体の間で協議を進めることとする。"


def place(old: str, new: str, quote: str, occurrence: int = 0,
          furniture: tuple[str, ...] = ()) -> Placement:
    start = -1
    for _ in range(occurrence + 1):
        start = old.index(quote, start + 1)
    placed = reanchor(old, new, [("a", start, start + len(quote), quote)], furniture)
    result = placed["a"]
    assert 0 <= result.start < result.end <= len(new)
    return result


def test_identical_text_keeps_every_coding_exactly() -> None:
    text = INTRO + "\n\n" + CLOSING
    codings = [(i, s, s + n, text[s:s + n]) for i, (s, n) in enumerate([(0, 5), (10, 30),
                                                                         (44, 6), (50, 20)])]
    placed = reanchor(text, text, codings)
    assert [placed[i] for i, *_ in codings] == [Placement(s, e, EXACT) for _, s, e, _ in codings]


def test_text_inserted_before_shifts_the_offsets() -> None:
    old = INTRO + "\n交付金の配分を見直す。\n" + CLOSING
    new = "令和６年度 地方分権改革の推進\n\n" + INTRO + "\n交付金の配分を見直す。\n" + CLOSING
    result = place(old, new, "交付金の配分")
    shift = len("令和６年度 地方分権改革の推進\n\n")
    assert result == Placement(old.index("交付金の配分") + shift,
                               old.index("交付金の配分") + shift + 6, EXACT)


def test_a_removed_line_break_inside_the_quote_is_a_fuzzy_match_on_the_same_words() -> None:
    old = INTRO + "行政のデ\nジタル化を推進する。" + CLOSING
    new = INTRO + "行政のデジタル化を推進する。" + CLOSING
    result = place(old, new, "デ\nジタル化")
    assert result.status == FUZZY
    assert new[result.start:result.end] == "デジタル化"
    assert result.start == new.index("デジタル化")


def test_a_quote_that_starts_or_ends_with_a_line_break_keeps_only_its_words() -> None:
    old = INTRO + "\n\n交付金の配分\nを見直す。" + CLOSING
    new = INTRO + "交付金の配分を見直す。" + CLOSING
    result = place(old, new, "\n\n交付金の配分\n")
    assert (result.status, new[result.start:result.end]) == (FUZZY, "交付金の配分")


def test_a_removed_running_header_inside_the_quote_is_a_fuzzy_match() -> None:
    old = INTRO + "地方財政措置の拡充を\n\n- 12 -\n\n求める意見が出された。" + CLOSING
    new = INTRO + "地方財政措置の拡充を\n\n求める意見が出された。" + CLOSING
    quote = "措置の拡充を\n\n- 12 -\n\n求める意見"
    result = place(old, new, quote)
    assert result.status == FUZZY
    assert new[result.start:result.end] == "措置の拡充を\n\n求める意見"


def test_known_furniture_is_taken_out_of_a_short_quote_before_matching() -> None:
    header = "第３回 国と地方の協議の場 資料"
    old = INTRO + "拡充を\n" + header + "\n求める" + CLOSING
    new = INTRO + "拡充を\n求める" + CLOSING
    quote = "拡充を\n" + header + "\n求める"
    assert place(old, new, quote).status == LOST  # too little of the quote is left to match
    result = place(old, new, quote, furniture=(header, "- 3 -"))
    assert (result.status, new[result.start:result.end]) == (FUZZY, "拡充を\n求める")


def test_a_changed_character_is_a_fuzzy_match_of_the_similar_text() -> None:
    old = INTRO + "国⺠健康保険の財政運営について" + CLOSING  # ⺠ is the CJK radical, not 民
    new = INTRO + "国民健康保険の財政運営について" + CLOSING
    result = place(old, new, "国⺠健康保険の財政運営")
    assert result.status == FUZZY
    assert new[result.start:result.end] in "国民健康保険の財政運営"
    assert len(new[result.start:result.end]) >= 9


def test_a_long_quote_with_scattered_changes_keeps_its_boundaries() -> None:
    article = "条に定める交付金の額は、当該年度の予算の範囲内で算定する。"
    body = "".join(f"第{i}{article}" for i in range(30))
    changed = "".join("〓" if i % 37 == 5 else c for i, c in enumerate(body))
    old = INTRO + "\n" + body + "\n" + CLOSING
    new = INTRO + changed + CLOSING
    result = place(old, new, body)
    assert len(body) > 900
    assert result == Placement(len(INTRO), len(INTRO) + len(body), FUZZY)


def test_full_width_letters_and_digits_match_their_ascii_forms() -> None:
    old = INTRO + "ＤＸ推進のため２０２４年度に" + CLOSING
    new = INTRO + "DX推進のため2024年度に" + CLOSING
    result = place(old, new, "ＤＸ推進のため２０２４年度")
    assert (result.status, new[result.start:result.end]) == (FUZZY, "DX推進のため2024年度")


def test_of_two_occurrences_the_nearest_to_the_expected_position_wins() -> None:
    middle = "このため、各団体の実情に応じた柔軟な運用を認めることが求められる。"
    old = INTRO + "交付金を配分する。" + middle + "交付金を配分する。" + CLOSING
    new = (INTRO + "交付金を配分する。" + middle + "なお、" + "交付金を配分する。"
           + "また、必要に応じて見直す。" + CLOSING)  # both sides of the second one changed
    second = place(old, new, "交付金を配分する。", occurrence=1)
    assert second.status == MOVED
    assert second.start == new.rindex("交付金を配分する。")
    first = place(old, new, "交付金を配分する。", occurrence=0)
    assert first == Placement(new.index("交付金"), new.index("交付金") + 9, EXACT)


def test_reordered_blocks_are_followed() -> None:
    blocks = [INTRO, "人材の確保については、保健師の増員に係る地方財政措置を講ずる。", CLOSING]
    old = "\n\n".join(blocks)
    new = "\n\n".join([blocks[1], blocks[2], blocks[0]])
    for quote in ("保健師の増員", "役割分担の見直し", "関係府省と地方団体"):
        result = place(old, new, quote)
        assert result == Placement(new.index(quote), new.index(quote) + len(quote), EXACT)


def test_offsets_are_code_points_after_characters_outside_the_bmp() -> None:
    old = "𠮷野家の件。" + INTRO + "𠮷田委員が質問した。" + CLOSING
    new = "𠮷野家の件。\n𠮷" + INTRO + "𠮷田委員が\n質問した。" + CLOSING
    exact = place(old, new, "𠮷田委員")
    assert exact == Placement(new.index("𠮷田委員"), new.index("𠮷田委員") + 4, EXACT)
    assert new.index("𠮷田委員") == old.index("𠮷田委員") + 2  # '\n𠮷': two code points
    fuzzy = place(old, new, "𠮷田委員が質問")
    assert (fuzzy.status, new[fuzzy.start:fuzzy.end]) == (FUZZY, "𠮷田委員が\n質問")


def test_deleted_text_is_lost_and_keeps_its_old_offsets_clamped() -> None:
    old = INTRO + "この段落は新しい抽出では消えている。" + CLOSING
    new = INTRO + CLOSING
    quote = "この段落は新しい抽出では消えている。"
    start = old.index(quote)
    assert place(old, new, quote) == Placement(start, start + len(quote), LOST)
    short = INTRO[:20]
    placed = reanchor(old, short, [(1, start, start + len(quote), quote)])[1]
    assert placed == Placement(19, 20, LOST)  # still a range of the new text: start < end


def test_a_short_quote_is_not_sent_far_away_but_a_long_one_is_followed() -> None:
    filler = "".join(f"第{i}項について審議した。" for i in range(400))
    old = INTRO + "交付金" + filler + CLOSING
    new = INTRO + filler + "交付金" + CLOSING
    assert place(old, new, "交付金").status == LOST  # far from where it was: another instance
    long_quote = "関係府省と地方団体の間で協議を進める"
    old = INTRO + long_quote + filler + CLOSING
    new = INTRO + filler + long_quote + CLOSING
    result = place(old, new, long_quote)
    assert result.status in (EXACT, MOVED)
    assert new[result.start:result.end] == long_quote


def test_an_empty_new_text_cannot_hold_any_coding() -> None:
    assert reanchor("交付金", "", [(1, 0, 3, "交付金")]) == {1: Placement(0, 0, LOST)}


def test_loose_drops_whitespace_and_folds_full_width_ascii() -> None:
    assert loose("Ａ１\u3000デ\nジ タ\tル！") == "A1デジタル!"


def test_a_thousand_codings_on_a_long_text_in_well_under_a_few_seconds() -> None:
    rng = random.Random(7)
    words = ["地方財政", "交付金", "について", "の", "を", "保健師", "増員", "デジタル化", "推進",
             "委員", "質問", "した。", "令和", "年度", "予算", "措置", "自治体", "情報共有", "人材",
             "権限", "𠮷田", "、"]
    body = "".join(rng.choice(words) for _ in range(110_000))[:300_000]
    pages = [body[i:i + 1500] for i in range(0, len(body), 1500)]
    old = "\n\n".join(f"- {n} -\n" + "\n".join(p[j:j + 38] for j in range(0, len(p), 38))
                      for n, p in enumerate(pages, start=1))
    new = "\n\n".join(pages)
    codings = []
    for i in range(1000):
        start = rng.randrange(len(old) - 300)
        codings.append((i, start, start + rng.randrange(3, 300), ""))
    codings = [(i, s, e, old[s:e]) for i, s, e, _ in codings]
    began = time.perf_counter()
    placed = reanchor(old, new, codings)
    elapsed = time.perf_counter() - began
    assert elapsed < 20  # about half a second on a laptop; generous for a loaded CI machine
    assert len(placed) == 1000
    for i, _s, _e, quote in codings:
        result = placed[i]
        assert result.status != LOST
        if "-" not in quote:  # quotes without a page header: the very same words
            assert loose(new[result.start:result.end]) == loose(quote)
