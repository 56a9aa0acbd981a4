"""Scans made from born-digital pages, so OCR is measured against a known text.

A page is rendered to a grey image (optionally with scan noise: turned 0.5°, blurred,
JPEG-compressed) and put alone on a page of an image-only PDF. What the text layer of the
original said is the truth the OCR'd text is compared with.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Any, Final

import numpy as np
import pymupdf as _pymupdf

pymupdf: Any = _pymupdf  # PyMuPDF is only partly typed

_BLANK: Final = re.compile(r"\s+")


def scan(pdf: bytes, pages: list[int], dpi: int, *, noise: bool = False) -> bytes:
    """An image-only PDF of the given pages (0-based) of *pdf*, at *dpi*."""
    source = pymupdf.open(stream=pdf, filetype="pdf")
    out = pymupdf.open()
    for number in pages:
        page = source[number]
        zoom = dpi / 72
        matrix = pymupdf.Matrix(zoom, zoom)
        if noise:
            matrix = matrix.prerotate(0.5)
        pix = page.get_pixmap(matrix=matrix, colorspace=pymupdf.csGRAY, alpha=False)
        if noise:
            pix = _blurred(pix)
            image = pix.tobytes("jpeg", jpg_quality=70)
        else:
            image = pix.tobytes("png")
        target = out.new_page(width=page.rect.width, height=page.rect.height)
        target.insert_image(target.rect, stream=image)
    return bytes(out.tobytes(garbage=3, deflate=True))


def _blurred(pix: Any) -> Any:
    """A 3×3 box blur, the softness of a flatbed scan."""
    pixels = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)
    pixels = pixels[:, :pix.width].astype(np.float32)
    padded = np.pad(pixels, 1, mode="edge")
    total = sum(padded[dy:dy + pix.height, dx:dx + pix.width]
                for dy in range(3) for dx in range(3))
    blurred = (total / 9).astype(np.uint8)
    return pymupdf.Pixmap(pymupdf.csGRAY, pix.width, pix.height, blurred.tobytes(), False)


def page_text(pdf: bytes, number: int) -> str:
    return str(pymupdf.open(stream=pdf, filetype="pdf")[number].get_text())


def normal(text: str) -> str:
    """Whitespace-free and NFKC (OCR writes ASCII digits where the page has full-width)."""
    return _BLANK.sub("", unicodedata.normalize("NFKC", text))


def similarity(truth: str, read: str) -> float:
    """Character similarity of the whitespace-free texts (difflib's ratio)."""
    return difflib.SequenceMatcher(None, normal(truth), normal(read), autojunk=False).ratio()


def cer(truth: str, read: str) -> float:
    """Character error rate: edit distance over the true length."""
    a, b = normal(truth), normal(read)
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (char != other)))
        previous = current
    return previous[-1] / max(len(a), 1)


def coverage(sample: str, read: str) -> float:
    """Share of *sample*'s characters found, in order, in *read* (a sample of a page)."""
    a, b = normal(sample), normal(read)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / max(len(a), 1)
