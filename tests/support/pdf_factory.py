"""Generate small test PDFs with PyMuPDF, so tests never need binary fixtures.

Plain functions returning ``bytes``; no pytest fixtures, so any test module can
``from tests.support.pdf_factory import make_pdf``.

Fonts: the default ``fontname="japan"`` is MuPDF's built-in, *non-embedded*
Adobe-Japan1 CID font (encoding UniJIS-UTF16-H). PDFs stay around 1-2 KB, and
MuPDF extracts the text back exactly, one CharBox per code point, including
half-width katakana, circled digits and IVS-free variants like 髙.

Characters outside the BMP (e.g. 𠮷 U+20BB7): PyMuPDF 1.28's ``insert_text``
writes them as five hex digits instead of a UTF-16 surrogate pair, which
shifts and garbles the whole rest of the line. ``make_pdf`` repairs the
content stream afterwards (see ``_fix_non_bmp``), and then 𠮷 extracts as a
single code point with a single box. The embeddable Font("cjk") (Droid Sans
Fallback) has no glyph for 𠮷 at all and extracts it as U+FFFD, so it is not
used here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pymupdf as _pymupdf

pymupdf: Any = _pymupdf  # partly untyped, as in annotator/pdf/reader.py

CJK_FONTS = frozenset({"japan", "japan-s", "china-s", "china-t", "korea", "korea-s"})

A4 = (595.0, 842.0)


def _is_non_bmp(text: str) -> bool:
    return any(ord(ch) > 0xFFFF for ch in text)


def _fix_non_bmp(doc: pymupdf.Document, page: pymupdf.Page, lines: Sequence[str]) -> None:
    """Rewrite PyMuPDF's broken hex for non-BMP characters as UTF-16.

    insert_text writes each character as ``%04x`` of its code point; for a CID
    font with a UTF-16 CMap the correct bytes are the UTF-16BE encoding.
    """
    for xref in page.get_contents():
        stream = doc.xref_stream(xref)
        for line in lines:
            if not _is_non_bmp(line):
                continue
            wrong = "".join(f"{ord(ch):04x}" for ch in line).encode()
            right = line.encode("utf-16-be").hex().encode()
            stream = stream.replace(b"<" + wrong + b">", b"<" + right + b">")
        doc.update_stream(xref, stream)
    text = page.get_text()
    missing = [line for line in lines if _is_non_bmp(line) and line.strip() not in text]
    if missing:
        raise RuntimeError(f"could not write non-BMP text {missing!r}")


def _write_lines(
    page: pymupdf.Page,
    lines: Sequence[str],
    *,
    fontname: str,
    fontsize: float,
    margin: float,
    line_height: float,
) -> None:
    y = margin + fontsize
    for line in lines:
        if line:
            page.insert_text((margin, y), line, fontname=fontname, fontsize=fontsize)
        y += line_height


def make_pdf(
    pages: Sequence[str],
    *,
    fontname: str = "japan",
    fontsize: float = 10.5,
    width: float = A4[0],
    height: float = A4[1],
    margin: float = 72.0,
    line_height: float | None = None,
    rotate: int = 0,
    title: str | None = None,
) -> bytes:
    """One page per string; ``\\n`` separates lines, written left to right.

    ``rotate`` sets the page's /Rotate (0, 90, 180, 270): the text is then
    displayed rotated, as in scanned-then-rotated or landscape slide PDFs.
    Empty strings give blank pages (no text layer).
    """
    if fontname not in CJK_FONTS and any(_is_non_bmp(text) for text in pages):
        raise ValueError("non-BMP characters need a CJK font such as 'japan'")
    doc = pymupdf.open()
    for text in pages:
        page = doc.new_page(width=width, height=height)
        lines = text.split("\n")
        _write_lines(
            page,
            lines,
            fontname=fontname,
            fontsize=fontsize,
            margin=margin,
            line_height=line_height or fontsize * 1.6,
        )
        if fontname in CJK_FONTS and _is_non_bmp(text):
            _fix_non_bmp(doc, page, lines)
        if rotate:
            page.set_rotation(rotate)
    if title is not None:
        doc.set_metadata({"title": title})
    return bytes(doc.tobytes(garbage=3, deflate=True))


def make_vertical_pdf(
    columns: Sequence[str], *, fontsize: float = 12.0, width: float = A4[0], height: float = A4[1]
) -> bytes:
    """縦書き: each string is a column, laid out right to left.

    Uses the vertical CMap UniJIS-UTF16-V, so MuPDF sees real vertical writing
    mode (WMode 1), like the dvipdfmx sample in the corpus.
    """
    doc = pymupdf.open()
    page = doc.new_page(width=width, height=height)
    x = width - 72.0
    for column in columns:
        page.insert_text((x, 72.0), column, fontname="japan", fontsize=fontsize)
        x -= fontsize * 1.8
    for font in page.get_fonts():
        if font[5] == "UniJIS-UTF16-H":
            doc.xref_set_key(font[0], "Encoding", "/UniJIS-UTF16-V")
    return bytes(doc.tobytes(garbage=3, deflate=True))


def make_scanned_pdf(
    pages: int = 1, text: str = "事務連絡　令和６年４月１日\n各都道府県　御中", dpi: int = 72
) -> bytes:
    """Image-only pages: the text is rendered to pixels, with no text layer."""
    source = pymupdf.open(stream=make_pdf([text]), filetype="pdf")
    pix = source[0].get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    doc = pymupdf.open()
    for _ in range(pages):
        page = doc.new_page(width=A4[0], height=A4[1])
        page.insert_image(page.rect, pixmap=pix)
    return bytes(doc.tobytes(garbage=3, deflate=True))


def make_encrypted_pdf(
    user_pw: str = "u", owner_pw: str = "o", text: str = "秘密の文書です"
) -> bytes:
    """AES-256 with a user password: cannot be opened without one."""
    doc = pymupdf.open(stream=make_pdf([text]), filetype="pdf")
    return bytes(
        doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=user_pw, owner_pw=owner_pw)
    )


def make_owner_only_pdf(owner_pw: str = "o", text: str = "印刷のみ許可された文書です") -> bytes:
    """Owner password only (empty user password), copying/editing forbidden.

    Opens without a password, like many government PDFs with restrictions.
    """
    doc = pymupdf.open(stream=make_pdf([text]), filetype="pdf")
    return bytes(
        doc.tobytes(
            encryption=pymupdf.PDF_ENCRYPT_AES_128,
            owner_pw=owner_pw,
            user_pw="",
            permissions=pymupdf.PDF_PERM_PRINT | pymupdf.PDF_PERM_ACCESSIBILITY,
        )
    )


GARBLED_SOURCE = (
    "令和６年度の調達について、以下のとおり公告します。入札に参加を希望する者は、"
    "所定の期日までに必要な書類を提出してください。なお、提出された書類は返却しません。"
    "契約の相手方は、予定価格の制限の範囲内で最低の価格をもって有効な入札を行った者とします。"
)


def make_garbled_pdf(text: str = GARBLED_SOURCE, *, first_glyph: int = 3) -> bytes:
    """A text layer that cannot be decoded: a CID font without ToUnicode.

    Like a subsetting PDF producer, each distinct character of *text* gets
    the next glyph id in order of first use (so frequent characters get low
    ids). The font is declared Identity-H with no ToUnicode map, so MuPDF has
    to guess: it reports the ids through the standard TrueType glyph order
    (3 = space, 4 = "!", 5 = '"', ...), i.e. ASCII punctuation and letters
    instead of Japanese. ``first_glyph=1`` makes the first two ids unmappable
    (U+FFFD). Lines are 30 glyphs long.
    """
    ids: dict[str, int] = {}
    for ch in text:
        ids.setdefault(ch, first_glyph + len(ids))
    codes = [ids[ch] for ch in text]
    rows = [codes[i : i + 30] for i in range(0, len(codes), 30)]
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    page.insert_text((72, 72), " ", fontname="helv")  # creates the /Resources /Font dict
    _, resources = doc.xref_get_key(page.xref, "Resources")
    doc.xref_set_key(int(resources.split()[0]), "Font/FG", f"{_add_identity_font(doc)} 0 R")
    body = " ".join(
        f"1 0 0 1 72 {760 - 14 * n} Tm <{''.join(f'{g:04x}' for g in row)}> Tj"
        for n, row in enumerate(rows)
    )
    xref = doc.get_new_xref()
    doc.update_object(xref, "<< >>")
    doc.update_stream(xref, f"BT /FG 10 Tf {body} ET".encode())
    doc.xref_set_key(page.xref, "Contents", f"{xref} 0 R")
    return bytes(doc.tobytes(garbage=3, deflate=True))


def _add_identity_font(doc: pymupdf.Document) -> int:
    descriptor = doc.get_new_xref()
    doc.update_object(
        descriptor,
        "<< /Type /FontDescriptor /FontName /NoUnicode /Flags 4 /FontBBox [0 -200 1000 900]"
        " /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    )
    cid_font = doc.get_new_xref()
    doc.update_object(
        cid_font,
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoUnicode"
        " /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
        f" /FontDescriptor {descriptor} 0 R /DW 1000 >>",
    )
    font = doc.get_new_xref()
    doc.update_object(
        font,
        "<< /Type /Font /Subtype /Type0 /BaseFont /NoUnicode /Encoding /Identity-H"
        f" /DescendantFonts [{cid_font} 0 R] >>",
    )
    return font
