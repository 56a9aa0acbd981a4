"""Typesetting Japanese test PDFs, including characters outside the BMP.

No font shipped with PyMuPDF has a glyph for 𠮷 (U+20BB7). Real PDFs carry such
characters through the font's ToUnicode map, so we do the same: draw the stand-in
glyph 吉 and map it to 𠮷 in ToUnicode. The page shows 吉, the text layer says 𠮷.
"""

from __future__ import annotations

import pymupdf

from annotator.ids import DocumentId
from annotator.importing import IMPORTED
from annotator.project import Project

ASTRAL = {"𠮷": "吉"}  # character in the text layer → glyph drawn in its place
_font = pymupdf.Font("cjk")


def typeset(pages: list[str], *, fontsize: float = 10.5, width: float = 595,
            height: float = 842, margin: float = 56) -> bytes:
    """One PDF page per string; each '\\n' starts a new line; lines are not wrapped."""
    doc = pymupdf.open()
    for text in pages:
        page = doc.new_page(width=width, height=height)
        page.insert_font(fontname="cjk", fontbuffer=_font.buffer)
        y = margin + fontsize
        for line in text.split("\n"):
            drawn = "".join(ASTRAL.get(ch, ch) for ch in line)
            if drawn.strip():
                page.insert_text((margin, y), drawn, fontname="cjk", fontsize=fontsize)
            y += fontsize * 1.6
    if any(ch in text for text in pages for ch in ASTRAL):
        _map_astral(doc)
    data: bytes = doc.tobytes()
    return data


def _map_astral(doc: pymupdf.Document) -> None:
    entries = []
    for real, stand_in in ASTRAL.items():
        glyph = _font.has_glyph(ord(stand_in))
        utf16 = real.encode("utf-16-be").hex().upper()
        entries.append(f"<{glyph:04x}> <{utf16}>")
    mapping = f"{len(entries)} beginbfchar\n" + "\n".join(entries) + "\nendbfchar\nendcmap"
    for xref in range(1, doc.xref_length()):
        if doc.xref_get_key(xref, "ToUnicode")[0] == "xref":
            cmap_xref = int(doc.xref_get_key(xref, "ToUnicode")[1].split()[0])
            stream = doc.xref_stream(cmap_xref).decode("latin-1")
            doc.update_stream(cmap_xref, stream.replace("endcmap", mapping, 1).encode("latin-1"))


def import_text(project: Project, pages: list[str], name: str = "sample.pdf") -> DocumentId:
    outcome = project.importer.import_bytes(name, typeset(pages))
    assert outcome.status == IMPORTED, outcome.line()
    assert outcome.document_id is not None
    return outcome.document_id
