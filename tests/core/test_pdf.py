"""annotator.pdf.reader: extraction, validation and page verdicts.

Generated PDFs (tests/pdf_factory.py) cover each rule in isolation; the real
government PDFs in ../shared/corpus/pdfs check the rules against the traps that
SOURCES.tsv describes.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest

from annotator.pdf import reader as pdf
from annotator.pdf.garbled import is_garbled
from annotator.pdf.reader import CharBox, PageContent, PdfError, PdfFile
from tests.support.pdf_factory import (
    make_encrypted_pdf,
    make_garbled_pdf,
    make_owner_only_pdf,
    make_pdf,
    make_scanned_pdf,
    make_vertical_pdf,
)

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "pdfs"

_WHITESPACE = re.compile(r"[\s\u3000]+")


def page_text(page: PageContent) -> str:
    return "".join(ch.char for block in page.blocks for line in block.lines for ch in line.chars)


def squeeze(text: str) -> str:
    return _WHITESPACE.sub("", text)


def all_chars(page: PageContent) -> Iterator[CharBox]:
    for block in page.blocks:
        for line in block.lines:
            yield from line.chars


def ink(image: pdf.RenderedPage, box: tuple[float, float, float, float], zoom: float) -> float:
    """Share of dark pixels of a rendered page inside *box* (page coordinates)."""
    x0, y0, x1, y1 = (round(v * zoom) for v in box)
    dark = total = 0
    for y in range(max(y0, 0), min(y1, image.height)):
        row = y * image.stride
        for x in range(max(x0, 0), min(x1, image.width)):
            r, g, b = image.samples[row + 3 * x : row + 3 * x + 3]
            total += 1
            dark += r + g + b < 384
    return dark / total if total else 0.0


# ---------------------------------------------------------------------------
# Generated PDFs
# ---------------------------------------------------------------------------

LINES_P1 = ["令和６年度　事業計画について", "第１　目的（ＡＢＣ、abc、123）", "ｶﾀｶﾅと①②と髙橋"]
LINES_P2 = ["二ページ目の本文です。"]


@pytest.fixture(scope="module")
def japanese_pdf() -> bytes:
    return make_pdf(["\n".join(LINES_P1), "\n".join(LINES_P2)], title="事業計画")


def test_japanese_text_round_trips(japanese_pdf: bytes) -> None:
    with PdfFile(japanese_pdf) as doc:
        assert doc.page_count == 2
        assert doc.title == "事業計画"
        assert not doc.repaired
        assert not doc.owner_password_only
        pages = list(doc.pages())
    assert [p.number for p in pages] == [0, 1]
    for page, lines in zip(pages, (LINES_P1, LINES_P2), strict=True):
        text = page_text(page)
        for line in lines:
            assert line in text
        assert not page.needs_ocr
        assert not page.garbled


def test_boxes_are_inside_the_page_and_run_left_to_right(japanese_pdf: bytes) -> None:
    with PdfFile(japanese_pdf) as doc:
        page = doc.page(0)
    assert (page.width, page.height) == (595, 842)
    assert len(page.blocks) >= 1
    for block in page.blocks:
        for line in block.lines:
            assert not line.vertical
            xs = [ch.x0 for ch in line.chars]
            assert xs == sorted(xs)
            for ch in line.chars:
                assert len(ch.char) == 1
                assert 0 <= ch.x0 < ch.x1 <= page.width
                assert 0 <= ch.y0 < ch.y1 <= page.height
                assert ch.size == pytest.approx(10.5)
                assert line.bbox[0] - 0.01 <= ch.x0 and ch.x1 <= line.bbox[2] + 0.01
    lines = [line for block in page.blocks for line in block.lines]
    assert [line.bbox[1] for line in lines] == sorted(line.bbox[1] for line in lines)


def test_characters_outside_the_bmp_are_one_code_point() -> None:
    # PyMuPDF's insert_text writes U+20BB7 wrongly; pdf_factory repairs it (see there).
    data = make_pdf(["𠮷野家の𠮷と髙"])
    with PdfFile(data) as doc:
        page = doc.page(0)
    chars = list(all_chars(page))
    assert page_text(page) == "𠮷野家の𠮷と髙"
    assert [ch.char for ch in chars].count("𠮷") == 2
    first = chars[0]
    assert first.x1 - first.x0 == pytest.approx(10.5)
    assert chars[1].x0 == pytest.approx(first.x1)


def test_blank_page_needs_ocr() -> None:
    with PdfFile(make_pdf(["本文があるページ", ""])) as doc:
        text_page, blank = doc.page(0), doc.page(1)
    assert not text_page.needs_ocr
    assert blank.needs_ocr
    assert blank.blocks == ()
    assert not blank.garbled


def test_scanned_pages_need_ocr() -> None:
    with PdfFile(make_scanned_pdf(pages=2)) as doc:
        pages = list(doc.pages())
        image = doc.render(0, zoom=0.5)
    assert [p.needs_ocr for p in pages] == [True, True]
    assert not any(p.garbled for p in pages)
    assert all(p.blocks == () for p in pages)
    assert min(image.samples) < 128  # the "scan" has visible text in its pixels


def test_whitespace_only_text_still_needs_ocr() -> None:
    with PdfFile(make_pdf(["\u3000\u3000   \u3000"])) as doc:
        page = doc.page(0)
    assert page.needs_ocr


def test_rotated_page_uses_displayed_coordinates() -> None:
    """Boxes must land on the rendered pixels, not on the unrotated page."""
    data = make_pdf(["回転したページの本文"], fontsize=20, rotate=90)
    with PdfFile(data) as doc:
        page = doc.page(0)
        image = doc.render(0, zoom=2)
    assert (page.width, page.height) == (842, 595)
    assert (image.width, image.height) == (1684, 1190)
    line = page.blocks[0].lines[0]
    assert line.vertical  # displayed top to bottom
    ys = [ch.y0 for ch in line.chars]
    assert ys == sorted(ys)
    for ch in line.chars:
        assert 0 <= ch.x0 < ch.x1 <= page.width and 0 <= ch.y0 < ch.y1 <= page.height
    inked = sum(ink(image, (ch.x0, ch.y0, ch.x1, ch.y1), 2) for ch in line.chars)
    assert inked / len(line.chars) > 0.1
    first = line.chars[0]
    elsewhere = (first.x0 - 200, first.y0, first.x1 - 200, first.y1)
    assert ink(image, elsewhere, 2) == 0


def test_vertical_writing_is_flagged() -> None:
    with PdfFile(make_vertical_pdf(["縦書きの文章", "二列目です"])) as doc:
        page = doc.page(0)
    lines = [line for block in page.blocks for line in block.lines]
    assert lines and all(line.vertical for line in lines)
    assert squeeze(page_text(page)) == "縦書きの文章二列目です"
    chars = list(all_chars(page))
    first_column = chars[:6]
    assert [c.y0 for c in first_column] == sorted(c.y0 for c in first_column)
    assert chars[6].x0 < chars[0].x0  # the second column is to the left


def test_render_is_rgb888() -> None:
    with PdfFile(make_pdf(["描画"])) as doc:
        full = doc.render(0)
        double = doc.render(0, zoom=2.0)
        clipped = doc.render(0, zoom=2.0, clip=(72.0, 72.0, 172.0, 122.0))
        with pytest.raises(ValueError, match="zoom"):
            doc.render(0, zoom=0)
    assert (full.width, full.height) == (595, 842)
    assert (double.width, double.height) == (1190, 1684)
    assert (clipped.width, clipped.height) == (200, 100)
    for image in (full, double, clipped):
        assert image.stride >= image.width * 3
        assert len(image.samples) == image.stride * image.height
        assert isinstance(image.samples, bytes)
    assert min(clipped.samples) < 128 < max(clipped.samples)  # the text is inside the clip


def test_pages_is_lazy_and_closing_is_enforced() -> None:
    doc = PdfFile(make_pdf(["一", "二", "三"]))
    pages = doc.pages()
    assert isinstance(pages, Iterator)
    assert page_text(next(pages)) == "一"
    with pytest.raises(IndexError):
        doc.page(3)
    with pytest.raises(IndexError):
        doc.page(-1)
    doc.close()
    doc.close()  # idempotent, so __exit__ after an explicit close() is fine
    with pytest.raises(ValueError, match="closed"):
        doc.page(0)
    with pytest.raises(ValueError, match="closed"):
        doc.render(0)


def test_lines_keep_one_box_and_size_per_character() -> None:
    box = CharBox("あ", 1.0, 2.0, 3.0, 4.0, 10.5)
    assert [f.name for f in dataclasses.fields(CharBox)] == ["char", "x0", "y0", "x1", "y1", "size"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        box.char = "い"  # type: ignore[misc]
    with PdfFile(make_pdf(["速い𠮷"])) as doc:
        line = doc.page(0).blocks[0].lines[0]
    assert len(line.text) == len(line.boxes) == len(line.sizes) == len(line.chars)
    assert line.text.startswith("速い𠮷")
    first = line.chars[0]
    assert type(first) is CharBox
    assert (first.char, (first.x0, first.y0, first.x1, first.y1), first.size) == (
        line.text[0], line.boxes[0], line.sizes[0])


def test_sha256_and_version() -> None:
    assert pdf.sha256(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert pdf.EXTRACTOR_RAW_VERSION.startswith("pymupdf-" + pymupdf.VersionBind)


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


def reason_of(data: bytes, password: str | None = None) -> str:
    with pytest.raises(PdfError) as caught:
        PdfFile(data, password=password)
    reason = caught.value.reason
    assert str(caught.value) == reason
    assert "\n" not in reason
    return reason


def test_zero_bytes() -> None:
    assert reason_of(b"") == "empty file (0 bytes)"


@pytest.mark.parametrize(
    ("data", "shown"),
    [
        (
            b"<!DOCTYPE html><html><body>404</body></html>",
            "HTML/XML, starts with '<!DOCTYPE html><…'",
        ),
        ('<?xml version="1.0"?><html>大阪府</html>'.encode(), "starts with '<?xml version=\"1…'"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "a ZIP or Office file"),
        (b"\x00\x01\x02junk\r\n\x1b[31m", "starts with '...junk...[31m'"),
        (b"%PD", "starts with '%PD'"),
    ],
)
def test_not_a_pdf(data: bytes, shown: str) -> None:
    reason = reason_of(data)
    assert reason.startswith("not a PDF (")
    assert shown in reason
    assert reason.isprintable()


def test_header_may_follow_junk() -> None:
    data = make_pdf(["前置きのあるファイル"])
    with PdfFile(b"\r\n" * 100 + data) as doc:
        assert "前置き" in page_text(doc.page(0))


@pytest.mark.parametrize("pages", [1, 3, 10])
@pytest.mark.parametrize("fraction", [0.25, 0.5])
def test_truncated_file_is_corrupt(pages: int, fraction: float) -> None:
    data = make_pdf([f"{n + 1}ページ目の本文です。" * 4 for n in range(pages)])
    reason = reason_of(data[: int(len(data) * fraction)])
    assert reason.startswith("corrupt or truncated PDF (")


def test_truncated_blank_pages_are_not_mistaken_for_scans() -> None:
    data = make_pdf([f"{n + 1}ページ目" for n in range(10)])
    reason = reason_of(data[: len(data) // 2])
    assert "end of the file is missing" in reason
    assert "pages are empty" in reason


def test_repaired_file_with_all_pages_readable_is_accepted() -> None:
    data = make_pdf(["壊れた相互参照表", "二ページ目"])
    broken = re.sub(rb"startxref\s+\d+", b"startxref\n999999", data)
    assert broken != data
    with PdfFile(broken) as doc:
        assert doc.repaired
        assert doc.page_count == 2
        assert page_text(doc.page(0)) == "壊れた相互参照表"


def test_junk_appended_after_the_end_is_accepted() -> None:
    """Junk after %%EOF hides startxref too, but nothing was lost."""
    data = make_pdf(["末尾にごみ", "二ページ目"]) + b"<html>" + b"x" * 4096
    with PdfFile(data) as doc:
        assert doc.repaired
        assert [page_text(p) for p in doc.pages()] == ["末尾にごみ", "二ページ目"]


def test_garbage_after_header_is_corrupt() -> None:
    reason = reason_of(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    assert reason.startswith("corrupt or truncated PDF")


def test_user_password() -> None:
    data = make_encrypted_pdf(user_pw="u", owner_pw="o", text="秘密の文書です")
    assert reason_of(data) == "encrypted: needs a password to open"
    assert reason_of(data, password="wrong") == "wrong password"
    for password in ("u", "o"):
        with PdfFile(data, password=password) as doc:
            assert page_text(doc.page(0)) == "秘密の文書です"
            assert not doc.owner_password_only


def test_owner_password_only_opens() -> None:
    with PdfFile(make_owner_only_pdf(text="印刷のみ許可")) as doc:
        assert doc.owner_password_only
        assert page_text(doc.page(0)) == "印刷のみ許可"


def test_password_is_ignored_for_unencrypted_files() -> None:
    with PdfFile(make_pdf(["暗号化なし"]), password="x") as doc:
        assert page_text(doc.page(0)) == "暗号化なし"


# ---------------------------------------------------------------------------
# Garbled text
# ---------------------------------------------------------------------------


def test_garbled_pdf_is_flagged() -> None:
    for first_glyph in (1, 3):
        with PdfFile(make_garbled_pdf(first_glyph=first_glyph)) as doc:
            page = doc.page(0)
        assert page.garbled, page_text(page)[:40]
        assert not page.needs_ocr


@pytest.mark.parametrize(
    "text",
    [
        "令和６年度の事業計画について、以下のとおり定める。" * 5,
        "\uf06c 制度の概要\n\uf06c 申請の流れ\n\uf06c 審査の期間\n\uf06c 問い合わせ先",  # slides
        "外字\ue000を含む氏名の表記について、システム上の制約がある。" * 3,
        "聖路加国際病院 104-8560 03-3541-5151 http://hospital.luke.ac.jp/ 有 8：30-17：00" * 4,
        "1,234 5,678 9,012 (3.4) 56.7% -8.9 10,000 (12) 2024-03-31 " * 6,
        "Contents 1. Introduction ........................ 3 2. Method ........................ 7",
        "The Digital Agency (https://www.digital.go.jp/) publishes open data, e.g. CSV files.",
        "x = (a + b) * c;",  # too short to judge
        "",
    ],
)
def test_normal_text_is_not_garbled(text: str) -> None:
    assert not is_garbled(text)


@pytest.mark.parametrize(
    "text",
    [
        "\ufffd" * 40 + "官報",
        "\ue0a8\ue0a9\ue892\ue88c" * 10 + "本文" * 20,
        "入札公告\x04\x13\x0c\x12\x11 e i n t r o \x14\x19\x1b" * 8,  # controls, low PUA share
        "!\"#$%&'()*+,#-./01234567&89:;<4=>?*@A#BC3D&EFGHI:JK2)LMN(",  # identity-mapped ids
        "\x85\x86\x87\x88\x89" + "abc" * 10,
    ],
)
def test_broken_text_is_garbled(text: str) -> None:
    assert is_garbled(text)


# ---------------------------------------------------------------------------
# The real corpus (../shared/corpus/pdfs, described by SOURCES.tsv)
# ---------------------------------------------------------------------------


def corpus_rows() -> list[dict[str, str]]:
    sources = CORPUS / "SOURCES.tsv"
    if not sources.exists():
        return []
    with sources.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


ROWS = corpus_rows()


def corpus_params() -> list[object]:
    if not ROWS:
        return [pytest.param(None, id="corpus-missing")]
    return [pytest.param(row, id=row["file"]) for row in ROWS]


def corpus_bytes(row: dict[str, str] | None) -> bytes:
    if row is None or not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is missing")
    return (CORPUS / row["file"]).read_bytes()


def password_in(notes: str) -> str:
    found = re.search(r"password '([^']+)'", notes)
    assert found, notes
    return found.group(1)


@pytest.mark.parametrize("row", corpus_params())
def test_real_pdf(row: dict[str, str] | None) -> None:
    data = corpus_bytes(row)
    assert row is not None
    expected = row["expected"]
    if expected.startswith("error_"):
        check_error(row, data)
        return
    with PdfFile(data) as doc:
        assert doc.page_count == int(row["pages"])
        pages = list(doc.pages())
        owner_only = doc.owner_password_only
    for page in pages:
        check_geometry(page)
    if expected == "text":
        check_text(row, pages)
        assert owner_only == (row["kind"] == "encrypted")
    elif expected == "needs_ocr":
        assert all(p.needs_ocr for p in pages)
    elif expected == "garbled":
        assert any(p.garbled for p in pages)
        assert not any(p.needs_ocr for p in pages)
    else:
        pytest.fail(f"unknown expectation {expected!r} in SOURCES.tsv")


def check_error(row: dict[str, str], data: bytes) -> None:
    reason = reason_of(data)
    expected = row["expected"]
    if expected == "error_corrupt":
        assert reason.startswith("corrupt or truncated PDF (")
    elif expected == "error_not_pdf":
        # MuPDF would open this XHTML as a document (and crash on page_count).
        assert reason.startswith("not a PDF (HTML/XML, starts with '<?xml")
    elif expected == "error_encrypted":
        assert reason == "encrypted: needs a password to open"
        with PdfFile(data, password=password_in(row["notes"])) as doc:
            assert not doc.page(0).needs_ocr
    else:
        pytest.fail(f"unknown expectation {expected!r} in SOURCES.tsv")


def check_text(row: dict[str, str], pages: list[PageContent]) -> None:
    assert not any(p.needs_ocr for p in pages)
    assert sum(p.garbled for p in pages) <= len(pages) // 10
    # The sample was read off the first page. A strict substring test holds for
    # every kind, including the slides (the title is extracted ~35 characters
    # after a mid-page box, but still as one run) and the vertical text (one
    # character per line, in reading order), because whitespace is ignored.
    head = squeeze(row["sample"])[:10]
    text = squeeze("".join(page_text(p) for p in pages[:2]))
    assert head in text


def check_geometry(page: PageContent) -> None:
    slack = 5.0  # glyph boxes may overhang the media box by part of an ascender
    for ch in all_chars(page):
        assert -slack <= ch.x0 <= ch.x1 <= page.width + slack
        assert -slack <= ch.y0 <= ch.y1 <= page.height + slack
        assert len(ch.char) == 1


def test_corpus_kanpo_is_garbled_even_with_raw_glyph_ids() -> None:
    """With CID-for-unknown extraction the 官報 page is controls, not U+FFFD."""
    row = next((r for r in ROWS if r["expected"] == "garbled"), None)
    data = corpus_bytes(row)
    doc = pymupdf.open(stream=data, filetype="pdf")
    try:
        flags = pdf.TEXT_FLAGS | pymupdf.TEXT_CID_FOR_UNKNOWN_UNICODE
        text = doc[0].get_text("text", flags=flags)
    finally:
        doc.close()
    assert "\ufffd" not in text
    assert is_garbled(text)


def test_corpus_truncated_files_are_corrupt() -> None:
    """Cut-off real files: no pages, blank pages, or text whose fonts are gone."""
    row = next((r for r in ROWS if r["file"] == "minutes_digital_society_4.pdf"), None)
    data = corpus_bytes(row)
    # At 10% the page objects survive but the fonts (ToUnicode maps) do not.
    reason = reason_of(data[: len(data) // 10])
    assert reason.startswith("corrupt or truncated PDF (the end of the file is missing")
    assert "lost their fonts" in reason
    for other in ("report_court_judgment_18p.pdf", "scanned_mhlw_jimurenraku.pdf"):
        blob = corpus_bytes(next((r for r in ROWS if r["file"] == other), None))
        assert reason_of(blob[: len(blob) // 2]).startswith("corrupt or truncated PDF (")


def test_corpus_rotated_slide_matches_rendering() -> None:
    row = next((r for r in ROWS if r["file"] == "slides_mlit_jtsb_overview.pdf"), None)
    data = corpus_bytes(row)
    with PdfFile(data) as doc:
        page = doc.page(0)
        image = doc.render(0, zoom=1.5)
    assert (page.width, page.height) == (780, 540)  # /Rotate 90 on a portrait page
    title = next(
        line for block in page.blocks for line in block.lines if "再発防止" in page_text_of(line)
    )
    assert not title.vertical
    assert title.bbox[1] < 50  # the title is at the top of the displayed slide
    inked = [ink(image, (c.x0, c.y0, c.x1, c.y1), 1.5) for c in title.chars if c.char.strip()]
    assert sum(inked) / len(inked) > 0.15


def page_text_of(line: pdf.TextLine) -> str:
    return "".join(ch.char for ch in line.chars)
