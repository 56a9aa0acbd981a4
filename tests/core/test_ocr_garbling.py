"""Garbling is per font, and the OCR plumbing that needs no Tesseract (TSV, pages, hint)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pymupdf as _pymupdf
import pytest

from annotator.documents.ocr import parse_pages
from annotator.errors import InvalidInputError
from annotator.pdf import ocr
from annotator.pdf.garbled import font_is_garbled
from annotator.pdf.ocrmerge import merge, ocr_clip
from annotator.pdf.reader import PdfFile
from annotator.project import Project
from cli.main import main
from tests.support.pdf_factory import make_garbled_pdf
from tests.support.typeset import FONT

pymupdf: Any = _pymupdf

BODY = ["第一章　地方財政の現状について述べる。", "国庫補助金の交付は、各府省が所管する。"]
GARBLED_NOTE = "注１総務省調べによる。"  # drawn in the broken font at the top left (y 60..80)
NOTE_TEXT = "注１　総務省調べによる。"  # what the footnote shows
NOTE_AREA = pymupdf.Rect(60, 56, 400, 84)


def partly_garbled_pdf() -> bytes:
    """Readable body text, and a footnote in a font without a usable ToUnicode map (its
    text layer reads as ASCII junk) showing Japanese (an image laid over its glyphs)."""
    doc = pymupdf.open(stream=make_garbled_pdf(GARBLED_NOTE), filetype="pdf")
    page = doc[0]
    page.insert_font(fontname="body", fontbuffer=FONT.buffer)
    for n, line in enumerate(BODY):
        page.insert_text((72, 300 + 24 * n), line, fontname="body", fontsize=12)
    scratch = pymupdf.open()
    note_page = scratch.new_page(width=595, height=842)
    note_page.insert_font(fontname="body", fontbuffer=FONT.buffer)
    note_page.draw_rect(NOTE_AREA, color=None, fill=(1, 1, 1))
    note_page.insert_text((72, 76), NOTE_TEXT, fontname="body", fontsize=10)
    image = note_page.get_pixmap(dpi=300, clip=NOTE_AREA).tobytes("png")
    page.insert_image(NOTE_AREA, stream=image, overlay=True)
    return bytes(doc.tobytes())


@pytest.mark.parametrize(("font", "spans", "garbled"), [
    ("MS-Mincho", ["地方財政の現状について", "国庫補助金"], False),
    ("Footnote", ["ສະບາຍດີ ທຸກຄົນ ຂອບໃຈ"], True),  # Lao
    ("Footnote", ["සිංහල අකුරු මෙහි"], True),  # Sinhala
    ("Footnote", ["αβγδεζηθικλμν"], True),  # runs of Greek letters
    ("MS-Mincho", ["α線とβ線の量を測る。μgで示す。"], False),  # Greek letters in Japanese
    ("Wingdings", ["\uf06c", "\uf06c", "\uf06c"], False),  # slide bullets
    ("Unnamed", ["\uf06c", "\uf0a7"], False),  # bullets alone in their spans
    ("MS-Gothic", ["この\ue000字は外字である。普通の本文です。"], False),  # a gaiji
    ("DFHSMincho", ["\x01\x02\x03\x04\x05\x06\x07\x08\t\x0b\x0c\x0e\x0f!\"#$%&'()"], True),
    ("Broken", ["\ufffd\ufffd\ufffd\ufffd年\ufffd\ufffd月"], True),
])
def test_a_font_is_garbled_by_what_its_characters_are(font: str, spans: list[str],
                                                      garbled: bool) -> None:
    assert font_is_garbled(font, spans) is garbled


def test_a_garbled_footnote_font_never_costs_the_page_its_body(project: Project,
                                                              tmp_path: Path) -> None:
    data = partly_garbled_pdf()
    with PdfFile(data) as pdf:
        page = pdf.page(0)
    assert page.garbled and not page.needs_ocr and page.garbled_regions
    kept = "".join(line.text for block in page.blocks for line in block.lines)
    assert "".join(BODY) == kept.replace(" ", "")
    clip = ocr_clip(page)
    assert clip is not None and clip[3] < 95  # only the footnote is read, not the page
    path = tmp_path / "partly.pdf"
    path.write_bytes(data)
    (outcome,) = project.importer.import_files([path]).value
    text = project.documents.text(outcome.document_id)  # type: ignore[arg-type]
    assert all(line in text for line in BODY)
    assert not any(ch in text for ch in "!\"#$%&'()")
    assert any("garbled" in w for w in outcome.warnings)


def test_ocr_lines_fill_only_what_the_text_layer_lacks() -> None:
    with PdfFile(partly_garbled_pdf()) as pdf:
        page = pdf.page(0)
    body_box = page.blocks[0].lines[0].boxes[0]
    twice = ocr.OcrLine("第X", (body_box, (72.0, 750.0, 82.0, 760.0)), (90, 40), False, 1)
    merged = merge(page, [twice])
    lines = [line.text for block in merged.blocks for line in block.lines]
    assert "X" in lines and not any(line.startswith("第X") for line in lines)
    assert not merged.garbled and not merged.needs_ocr


TSV = "\n".join([
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
    "4\t1\t1\t1\t1\t0\t200\t100\t400\t50\t-1\t",
    "5\t1\t1\t1\t1\t1\t200\t100\t200\t50\t96.5\t地方",
    "5\t1\t1\t1\t1\t2\t400\t100\t100\t50\t40.2\t12",
    "5\t1\t1\t1\t1\t3\t500\t100\t100\t50\t90\tab",
    "4\t1\t2\t1\t1\t0\t1000\t100\t50\t400\t-1\t",
    "5\t1\t2\t1\t1\t1\t1000\t100\t50\t400\t88\t縦書き文",
])


def test_tesseract_tsv_becomes_characters_with_boxes_in_page_points() -> None:
    image = ocr.PageImage(0, b"", 200, False, origin=(10.0, 20.0))
    horizontal, vertical = ocr.parse_tsv(TSV, image)
    scale = 72 / 200
    assert horizontal.text == "地方12 ab" and not horizontal.vertical
    assert horizontal.confidences == (96, 96, 40, 40, 90, 90, 90)
    first = horizontal.boxes[0]
    assert first == pytest.approx((10 + 200 * scale, 20 + 100 * scale, 10 + 300 * scale,
                                   20 + 150 * scale))
    assert vertical.vertical and vertical.text == "縦書き文"
    tops = [box[1] for box in vertical.boxes]
    assert tops == sorted(tops) and all(box[0] == vertical.boxes[0][0] for box in vertical.boxes)
    assert ocr.OcrLine.from_json(horizontal.to_json()) == horizontal


def test_vertical_pages_get_the_vertical_model_and_threads_are_limited() -> None:
    image = ocr.PageImage(0, b"", 300, True)
    call = ocr.command(image)
    assert call[call.index("-l") + 1] == "jpn+jpn_vert" and call[call.index("--psm") + 1] == "3"
    assert ocr.command(ocr.PageImage(0, b"", 300, False))[3:5] == ["-l", "jpn"]


def test_page_ranges() -> None:
    assert parse_pages("3-5,8") == {2, 3, 4, 7}
    for bad in ("0", "5-3", "x", "2-"):
        with pytest.raises(InvalidInputError):
            parse_pages(bad)


def test_without_tesseract_one_line_says_how_to_install_it(
        project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(ocr.OcrError, match="tesseract-ocr-jpn-vert"):
        project.ocr.run()
    path = str(project.path)
    project.close()
    assert main(["ocr", path]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "apt install tesseract-ocr tesseract-ocr-jpn" in err[0]
    assert "brew" in err[0] and "Windows" in err[0]
