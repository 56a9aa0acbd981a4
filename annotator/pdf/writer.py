"""Typesetting simple Japanese PDFs (the bundled sample project, the test layouts).

The sample documents are typeset here rather than shipped as binaries, so the repository
holds only their text and a new user still gets PDFs that look like council papers. The
layout (wrapping, pagination, headers) is decided by the caller; this module only draws.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from annotator.pdf.reader import pymupdf

#: MuPDF's built-in, non-embedded Adobe-Japan1 font: nothing to download, PDFs stay small,
#: and MuPDF extracts the text back exactly, one character per box. (Its Mincho variant
#: "japan-s" is the same font object to MuPDF, so headings get weight from `bold`.)
JAPANESE_FONT: Final = "japan"

# Adobe-Japan1 CIDs of the half-width glyphs: proportional Latin (1-230, of which
# UniJIS-UTF16-H maps ASCII to 1-95) and half-width Latin and katakana (231-632). PyMuPDF
# declares no widths, so every glyph would take a full em and "P.24" would come out
# letter-spaced; the /W array below gives them the half em that Japanese fonts use.
_HALF_WIDTH_CIDS: Final = "[1 632 500]"
_RGB = tuple[float, float, float]


@dataclass(frozen=True, slots=True)
class TextRun:
    """One line of text: (x, y) is the left end of its baseline, in points from the top left."""

    x: float
    y: float
    text: str
    size: float
    color: _RGB = (0.0, 0.0, 0.0)
    bold: bool = False  # drawn filled and stroked, as word processors fake a bold CJK face


@dataclass(frozen=True, slots=True)
class Rule:
    """A stroked straight line (the rule under a running header, a table border)."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.5
    color: _RGB = (0.0, 0.0, 0.0)


@dataclass(frozen=True, slots=True)
class Fill:
    """A filled rectangle without outline (a slide's title band)."""

    x0: float
    y0: float
    x1: float
    y1: float
    color: _RGB = (0.9, 0.9, 0.9)


@dataclass(frozen=True, slots=True)
class PageSpec:
    """Everything drawn on one page; fills first, then rules, then text."""

    width: float
    height: float
    runs: tuple[TextRun, ...] = ()
    rules: tuple[Rule, ...] = ()
    fills: tuple[Fill, ...] = ()


# Outside ASCII and half-width katakana, these map to proportional Adobe-Japan1 glyphs.
_HALF_WIDTH_EXTRA: Final = frozenset("¡¢£¤¥¦©ª«¬®¯²³µ·¸¹º»¼½¾¿ıŁłŒœŠšŸŽž‒‘’‚“”„•‹›⁄™")


def is_half_width(char: str) -> bool:
    """Whether `write_pdf` sets `char` in half an em (ASCII, ｶﾀｶﾅ, Latin letters)."""
    code = ord(char)
    return (0x20 <= code <= 0x7E or 0xFF61 <= code <= 0xFF9F or char in _HALF_WIDTH_EXTRA
            or (0xC0 <= code <= 0xFF and code not in (0xD7, 0xF7)))


def text_width(text: str, size: float) -> float:
    """How wide `write_pdf` sets `text` (points), so callers can wrap lines to a measure."""
    return sum(0.5 if is_half_width(ch) else 1.0 for ch in text) * size


def write_pdf(
    pages: list[PageSpec] | tuple[PageSpec, ...], title: str = "", *, author: str = ""
) -> bytes:
    """Draw `pages` into a new PDF and return its bytes (Japanese text in built-in fonts).

    Characters outside the BMP (𠮷) are written as UTF-16 surrogate pairs: PyMuPDF 1.28's
    insert_text writes their code point as five hex digits, which garbles the rest of the
    run, so the content stream is repaired after drawing.
    """
    if not pages:
        raise ValueError("a PDF needs at least one page")
    doc = pymupdf.open()
    try:
        fonts: dict[str, int] = {}
        widened: set[int] = set()
        for spec in pages:
            page = doc.new_page(width=spec.width, height=spec.height)
            _share_fonts(doc, page, fonts)
            _draw(page, spec)
            _repair_non_bmp(doc, page, [run.text for run in spec.runs])
            _declare_half_widths(doc, page, fonts, widened)
        doc.set_metadata({"title": title, "author": author, "creator": "Annotator"})
        return bytes(doc.tobytes(garbage=3, deflate=True))
    finally:
        doc.close()


def _share_fonts(doc: Any, page: Any, fonts: dict[str, int]) -> None:
    """Point a new page at the fonts already in the file.

    PyMuPDF otherwise adds a fresh copy of the CJK font to every page, which costs 5 ms
    each and makes a 50-page deck take seconds to write.
    """
    kind, value = doc.xref_get_key(page.xref, "Resources")
    if kind != "xref":
        return
    resources = int(value.split()[0])
    for name, xref in fonts.items():
        doc.xref_set_key(resources, f"Font/{name}", f"{xref} 0 R")


def _draw(page: Any, spec: PageSpec) -> None:
    shape = page.new_shape()
    for fill in spec.fills:
        shape.draw_rect(pymupdf.Rect(fill.x0, fill.y0, fill.x1, fill.y1))
        shape.finish(color=None, fill=fill.color, width=0)
    for rule in spec.rules:
        shape.draw_line((rule.x0, rule.y0), (rule.x1, rule.y1))
        shape.finish(color=rule.color, width=rule.width)
    for run in spec.runs:
        if run.text.strip():
            shape.insert_text((run.x, run.y), run.text, fontname=JAPANESE_FONT,
                              fontsize=run.size, color=run.color, fill=run.color,
                              render_mode=2 if run.bold else 0, border_width=0.04)
    shape.commit()


def _repair_non_bmp(doc: Any, page: Any, texts: list[str]) -> None:
    broken = [text for text in texts if any(ord(ch) > 0xFFFF for ch in text)]
    if not broken:
        return
    for xref in page.get_contents():
        stream = doc.xref_stream(xref)
        for text in broken:
            wrong = "".join(f"{ord(ch):04x}" for ch in text).encode()
            right = text.encode("utf-16-be").hex().encode()
            stream = stream.replace(b"<" + wrong + b">", b"<" + right + b">")
        doc.update_stream(xref, stream)


def _declare_half_widths(doc: Any, page: Any, fonts: dict[str, int], done: set[int]) -> None:
    for font in page.get_fonts():
        fonts.setdefault(font[4], font[0])
        kind, value = doc.xref_get_key(font[0], "DescendantFonts")
        if kind != "array":
            continue
        match = re.match(r"\[\s*(\d+)\s+0\s+R", value)
        if match is None or int(match.group(1)) in done:
            continue
        descendant = int(match.group(1))
        doc.xref_set_key(descendant, "W", _HALF_WIDTH_CIDS)
        done.add(descendant)
