"""The sample project: seeds re-joined into paragraphs, typeset like the real papers, imported
with the passages a coder expects, and a few example codings, all offline and in seconds."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.errors import ProjectFileError
from annotator.pdf.reader import PdfFile
from annotator.pdf.structure import BULLET, HEADING, ITEM, SPEAKER_HEADING
from annotator.pdf.writer import PageSpec, TextRun, text_width, write_pdf
from annotator.project import Project
from annotator.records import DocumentInfo
from annotator.sample import builder as sample
from annotator.sample.builder import (
    CODER,
    MINUTES,
    OPINIONS,
    SLIDES,
    build_sample,
    ems,
    paragraphs,
    slides,
    wrap,
)
from resources import SEEDS as BUNDLED_SEEDS
from tests.conftest import SEEDS

BUILD: dict[str, object] = {}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """One sample for the module, built with the network unplugged."""
    path = tmp_path_factory.mktemp("sample") / "sample.annot"
    with pytest.MonkeyPatch.context() as patch:
        def offline(*_args: object, **_kwargs: object) -> None:
            raise AssertionError("building the sample must not use the network")

        patch.setattr(socket.socket, "connect", offline)
        patch.setattr(socket, "create_connection", offline)
        patch.setattr(socket, "getaddrinfo", offline)
        started = time.perf_counter()
        assert build_sample(path) == path
        BUILD["seconds"] = time.perf_counter() - started
    BUILD["files"] = sorted(p.name for p in path.parent.iterdir())
    with Project(path, create=False) as project:
        yield project


def _document(project: Project, name: str) -> DocumentInfo:
    return next(d for d in project.documents.all() if d.name == name)


def test_the_sample_builds_in_seconds_without_leftovers(built: Project) -> None:
    seconds = BUILD["seconds"]
    assert isinstance(seconds, float) and seconds < 10.0  # about one second on a laptop
    assert BUILD["files"] == ["sample.annot"]  # no journal, no half-built file
    assert built.path.name == "sample.annot"


def test_five_documents_in_the_layouts_of_the_real_papers(built: Project) -> None:
    documents = built.documents.all()
    assert len(documents) == 5
    assert documents[0].name == MINUTES  # the first in the list is the Q&A minutes
    assert all(d.name.endswith(".pdf") and d.passages > 40 and not d.warnings
               for d in documents)
    minutes = built.documents.pages(documents[0].id)
    assert len(minutes) > 10 and (minutes[0].width, minutes[0].height) == (595.0, 842.0)
    deck = built.documents.pages(_document(built, SLIDES).id)
    assert len(deck) > 20 and deck[0].width / deck[0].height == pytest.approx(4 / 3)


def test_the_minutes_have_speaker_turns_questions_and_answers(built: Project) -> None:
    minutes = _document(built, MINUTES)
    passages = built.documents.passages(minutes.id)
    speakers = {p.speaker for p in passages if p.kind == "speaker"}
    assert {"荒見委員", "回答", "市川会長", "岡崎委員"} <= speakers
    first_question = next(p for p in passages if p.text.startswith("○ 資料 P.24"))
    assert (first_question.kind, first_question.speaker) == ("bullet", "荒見委員")
    assert first_question.text.endswith("という点も併せて聞きたい。")  # one passage, not 8 lines
    answers = [p for p in passages if p.speaker == "回答" and p.kind == "bullet"]
    assert any(p.text.startswith("・") for p in answers)
    text = built.documents.text(minutes.id)
    assert "地方制度調査会 専門小委員会" not in text  # the running header is page furniture
    assert "- 2 -" not in text  # and so is the page number


def test_the_opinion_list_has_headings_and_one_passage_per_opinion(built: Project) -> None:
    opinions = _document(built, OPINIONS)
    passages = built.documents.passages(opinions.id)
    bullets = [p for p in passages if p.kind == "bullet"]
    assert len(bullets) >= 60 and all(p.text.startswith("○") for p in bullets)
    assert sum(p.kind == "heading" and p.text.endswith("に関する意見）") for p in passages) >= 8
    raw = sample.read_seed("001")
    assert sum(1 for line in raw.splitlines() if line.startswith("○")) == len(bullets)


def test_the_slides_have_a_title_heading_on_every_slide(built: Project) -> None:
    deck = _document(built, SLIDES)
    passages = built.documents.passages(deck.id)
    headings = [p for p in passages if p.kind == "heading"]
    assert headings[0].text == "デジタル庁 組織体制"  # 「2デジタル庁 組織体制」: number unglued
    assert {p.page for p in headings} >= set(range(deck.pages - 1))
    assert not any(p.kind == "figure" for p in passages[:10])
    assert any(p.text.startswith("・") and p.kind == "bullet" for p in passages)


def test_the_example_codings_are_painted_for_the_sample_coder(built: Project) -> None:
    codings = built.coding.annotations(coder=CODER)
    assert 8 <= len(codings) <= 12
    assert {c.code for c in codings} == {"finance", "authority", "personnel",
                                         "information_sharing"}
    texts = {d.id: built.documents.text(d.id) for d in built.documents.all()}
    for coding in codings:
        assert texts[coding.document_id][coding.start:coding.end] == coding.quote
        assert coding.passage_id is not None and coding.memo
    quotes = {c.code: [x.quote for x in codings if x.code == c.code] for c in codings}
    assert any("交付金" in q for q in quotes["finance"])
    assert any("権限" in q and "移譲" in q for q in quotes["authority"])
    assert any("保健師" in q and "増員" in q for q in quotes["personnel"])
    assert any("情報提供" in q for q in quotes["information_sharing"])


def test_the_sample_is_built_once(built: Project) -> None:
    with pytest.raises(ProjectFileError, match="already exists"):
        build_sample(built.path)


# --- the pieces ------------------------------------------------------------------------------


def test_hard_wrapped_lines_are_rejoined_at_the_drafters_markers() -> None:
    raw = ("【荒見委員】 \n\n"
           "○ 資料 P.24ではコロナ以外・通常医療との両立を含めて地域の医療機関間の役割分担が明\n\n"
           "確ではなかったとあった。 \n\n 【回答】 \n\n資料 P.24につきまして \n\n"
           "・ 各都道府県においては、地域医療構想において、2025 年に向けた平時の各医療機\n\n"
           "関の病床機能ごとの役割分担と病床数を決めるとともに、 \n\n"
           "① 医療が税金や社会保険料で支えられている重要な公共インフラであると考えると、非\n\n"
           "常時においては国や都道府県が今よりはるかに強い権限で要請や指示ができるようにす\n\n"
           "べきと考えます。\n\n〔保健所対応業務の整理について〕\n")
    found = [(p.kind, p.text) for p in paragraphs(raw)]
    assert found == [
        (SPEAKER_HEADING, "【荒見委員】"),
        (BULLET, "○ 資料 P.24ではコロナ以外・通常医療との両立を含めて地域の医療機関間の役割分担が"
                 "明確ではなかったとあった。"),
        (SPEAKER_HEADING, "【回答】"),
        ("none", "資料 P.24につきまして"),
        (BULLET, "・ 各都道府県においては、地域医療構想において、2025 年に向けた平時の各医療機"
                 "関の病床機能ごとの役割分担と病床数を決めるとともに、"),
        (ITEM, "① 医療が税金や社会保険料で支えられている重要な公共インフラであると考えると、非"
               "常時においては国や都道府県が今よりはるかに強い権限で要請や指示ができるようにす"
               "べきと考えます。"),
        (HEADING, "〔保健所対応業務の整理について〕"),
    ]


def test_wrapping_keeps_the_text_and_obeys_kinsoku() -> None:
    text = sample.read_seed("000").replace("\n", "")[:3000]
    lines = wrap(text, 39, 40)
    assert "".join(lines) == text
    assert all(ems(line.rstrip()) <= 40 for line in lines)
    assert not any(line[0] in "、。）」" for line in lines[1:])
    assert not any(line[-1] in "（「" for line in lines[:-1])
    assert not any(line.endswith("。") for line in lines[:-1])  # would end the paragraph


def test_slide_numbers_glued_to_titles_start_slides() -> None:
    first, second = slides(sample.read_seed("004"))[:2]  # 「 2デジタル庁 組織体制」…
    assert (first.title, second.title) == ("デジタル庁 組織体制", "デジタル庁 政策内容")
    assert [p.text for p in first.body] == ["民間登用", "自治体から派遣"]
    assert [p.text for p in second.body[:3]] == [
        "1. デジタル社会に必要な共通機能の整備・普及",
        "マイナンバー（個人番号）制度 公金受取口座登録制度",
        "GビズID",
    ]


def test_write_pdf_sets_latin_half_width_and_keeps_characters_outside_the_bmp() -> None:
    line = "𠮷田委員 P.24 ｱｲｳ"
    data = write_pdf([PageSpec(300, 200, (TextRun(20, 50, line, 10, bold=True),))], "試験")
    with PdfFile(data) as pdf:
        assert pdf.title == "試験"
        chars = [c for b in pdf.page(0).blocks for ln in b.lines for c in ln.chars]
    assert "".join(c.char for c in chars) == line
    for char in chars:
        assert char.x1 - char.x0 == pytest.approx(text_width(char.char, 10), abs=0.01)


def test_the_bundled_seeds_are_the_corpus_seeds() -> None:
    if not SEEDS.exists():
        pytest.skip("../shared is not here")
    bundled = sorted(p.name for p in BUNDLED_SEEDS.glob("*.txt"))
    assert bundled == sorted(p.name for p in SEEDS.glob("*.txt")) and len(bundled) == 5
    for name in bundled:
        assert (BUNDLED_SEEDS / name).read_bytes() == (SEEDS / name).read_bytes()


def test_a_half_built_sample_is_never_left_under_the_real_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> int:
        raise OSError("disk full")

    monkeypatch.setattr(sample, "code_examples", broken)
    with pytest.raises(OSError, match="disk full"):
        build_sample(tmp_path / "sample.annot")
    assert not (tmp_path / "sample.annot").exists()
    assert text_width("", 10) == 0.0
