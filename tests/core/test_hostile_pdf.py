"""Damaged PDFs are refused or imported with a per-page warning, never silently altered."""

from __future__ import annotations

import re

import pytest

from annotator.pdf.reader import PdfError, PdfFile
from tests.conftest import corpus_pdf
from tests.support.pdf_factory import make_pdf, make_scanned_pdf


def _reason(data: bytes) -> str:
    with pytest.raises(PdfError) as caught:
        PdfFile(data).close()
    return caught.value.reason


def _texts_or_reason(data: bytes) -> list[str] | str:
    try:
        return _texts(data)
    except PdfError as err:
        return err.reason


def _texts(data: bytes) -> list[str]:
    with PdfFile(data) as pdf:
        return ["".join(line.text for block in page.blocks for line in block.lines)
                for page in pdf.pages()]


@pytest.mark.parametrize("fraction", [0.28, 0.5, 0.7, 0.9])
def test_a_cut_file_whose_text_changed_is_refused(fraction: float) -> None:
    data = corpus_pdf("minutes_digital_society_4.pdf").read_bytes()
    original = _texts(data)
    cut = data[: int(len(data) * fraction)]
    kept = _texts_or_reason(cut)
    assert kept == original or str(kept).startswith("corrupt or truncated PDF (")


def _page_dict_nesting(data: bytes, depth: int) -> bytes:
    found = re.search(rb"/Type\s*/Page(?![s\w])", data)
    assert found is not None
    pos = found.end()
    return data[:pos] + b" /Junk " + b"[" * depth + b"]" * depth + data[pos:]


@pytest.mark.parametrize("depth", [1000, 100_000])
def test_a_page_dictionary_nested_too_deep_is_not_called_a_scan(depth: int) -> None:
    data = corpus_pdf("minutes_digital_society_4.pdf").read_bytes()
    reason = _reason(_page_dict_nesting(data, depth))
    assert reason.startswith("corrupt or truncated PDF (")
    assert "page 1" in reason


def test_a_damaged_content_stream_is_a_page_warning_not_ocr() -> None:
    data = make_pdf(["壊れた内容のページ" * 10, "二ページ目は無事です"])
    with PdfFile(data) as pdf:
        assert all(not page.damage for page in pdf.pages())
    broken = _break_first_stream(data)
    with PdfFile(broken) as pdf:
        first, second = pdf.page(0), pdf.page(1)
    assert first.damage and not first.needs_ocr
    assert not second.damage


def _break_first_stream(data: bytes) -> bytes:
    """Garble the middle of the first compressed stream, as a bad download would."""
    start = data.index(b"stream", data.index(b"/FlateDecode")) + 8
    end = data.index(b"endstream", start)
    middle = (start + end) // 2
    return data[:middle] + bytes(b ^ 0x5A for b in data[middle:middle + 16]) + data[middle + 16:]


def test_a_scan_still_needs_ocr_and_is_not_damaged() -> None:
    with PdfFile(make_scanned_pdf(pages=1)) as pdf:
        page = pdf.page(0)
    assert page.needs_ocr and not page.damage


@pytest.mark.parametrize("fortieths", range(30, 40))
def test_repaired_file_whose_images_render_blank_is_corrupt(fortieths: int) -> None:
    """A cut scan still lists its images, but the last one renders white."""
    data = make_scanned_pdf(pages=3)
    cut = data[: len(data) * fortieths // 40]
    if isinstance(_texts_or_reason(cut), str):
        return  # refused (the reason is checked above)
    with PdfFile(cut) as pdf:
        renders = [pdf.render(n, zoom=0.1) for n in range(pdf.page_count)]
    assert all(min(image.samples) < 200 for image in renders)


def _text_bomb(chars: int) -> bytes:
    """A small file whose one page draws `chars` characters (a compressed content stream)."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "x", fontname="helv")  # gives the page a font resource
    font = next(iter(page.get_fonts()))[4]
    line = b"(" + b"A" * 1000 + b") Tj 0 -0.1 Td "  # tiny type, all inside the page
    content = b"BT /" + font.encode() + b" 0.1 Tf 50 700 Td " + line * (chars // 1000) + b"ET"
    doc.update_stream(page.get_contents()[0], content, compress=True)
    data: bytes = doc.tobytes(deflate=True)
    doc.close()
    return data


def test_a_page_that_expands_to_millions_of_characters_is_refused_quickly() -> None:
    import time

    bomb = _text_bomb(2_000_000)
    assert len(bomb) < 100_000
    started = time.monotonic()
    with PdfFile(bomb) as pdf, pytest.raises(PdfError) as caught:
        pdf.page(0)
    assert time.monotonic() - started < 10
    assert "has 2,00" in caught.value.reason and "limit of 100,000" in caught.value.reason


def test_the_page_limit_is_configurable() -> None:
    with PdfFile(_text_bomb(5_000), max_page_chars=1_000) as pdf, pytest.raises(PdfError):
        pdf.page(0)
    with PdfFile(_text_bomb(5_000)) as pdf:
        assert sum(len(line.text) for b in pdf.page(0).blocks for line in b.lines) >= 5_000
