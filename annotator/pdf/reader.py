"""PDF access for the annotator: the only module that imports PyMuPDF.

Everything handed out is a plain frozen dataclass, so the rest of the project
(database, UI, tests) never depends on PyMuPDF types or on its lifetime rules.

Coordinates are points with the origin at the top left of the page *as it is
displayed*: for pages with a /Rotate entry the character boxes are rotated the
same way as the rendered image, so a box can be drawn onto ``render()`` output
by simply multiplying by the zoom.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from types import TracebackType
from typing import Any, Final, Self

import pymupdf as _pymupdf

from annotator.pdf.garbled import font_is_garbled, is_garbled, visible_chars

# PyMuPDF's own annotations are partial (many functions are untyped), which
# mypy --strict rejects inside typed code. This module is the boundary where
# its objects become plain dataclasses, so it is treated as untyped here.
pymupdf: Any = _pymupdf

# MuPDF prints repair notices and font warnings on stderr; the CLI reports its
# own one-line errors, and we read the warnings programmatically instead.
pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)

#: Extraction flags, chosen once for the whole project because character
#: offsets stored in the database depend on them:
#:
#: * TEXT_PRESERVE_WHITESPACE: keep U+3000 and tabs as they are in the file.
#: * TEXT_INHIBIT_SPACES: do not invent spaces from glyph gaps. Word-made
#:   Japanese PDFs otherwise come out as ``2020 年6 月`` instead of ``2020年6月``;
#:   real space characters in the file are still kept.
#: * TEXT_MEDIABOX_CLIP: ignore text drawn outside the page.
#: * not TEXT_PRESERVE_LIGATURES: a ligature glyph is split into one entry per
#:   code point, so every CharBox holds exactly one character.
#: * not TEXT_PRESERVE_IMAGES: image blocks are never needed and cost time.
#: * not TEXT_CID_FOR_UNKNOWN_UNICODE: glyphs without a Unicode mapping come
#:   out as U+FFFD instead of raw glyph ids that look like control characters
#:   and ASCII punctuation, which makes broken text layers easy to recognise.
TEXT_FLAGS: Final[int] = (
    pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_INHIBIT_SPACES | pymupdf.TEXT_MEDIABOX_CLIP
)

#: Identifies the extractor that produced stored text, so a later upgrade of
#: PyMuPDF (or a change of flags) can be detected before offsets are compared.
EXTRACTOR_RAW_VERSION: Final[str] = f"pymupdf-{pymupdf.VersionBind}+flags{TEXT_FLAGS}"

# PyMuPDF raises RuntimeError subclasses (FileDataError, EmptyFileError) from
# its own Python layer, but errors coming straight from MuPDF (FzErrorFormat...)
# derive from FzErrorBase, which is *not* a RuntimeError.
_MUPDF_ERRORS: Final = (RuntimeError, ValueError, pymupdf.mupdf.FzErrorBase)

# The PDF spec lets a header appear after some junk; Acrobat accepts 1024 bytes.
_HEADER_WINDOW: Final = 1024

_SIGNATURES: Final = (
    (b"PK\x03\x04", "a ZIP or Office file"),
    (b"\xd0\xcf\x11\xe0", "an old Office file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)


class PdfError(Exception):
    """A file that cannot be imported; ``str(err)`` is one line for the user.

    The caller adds the file name, so the reason only says what is wrong.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class CharBox:
    """One code point and where it is drawn (points, origin top left)."""

    char: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float


@dataclass(frozen=True, slots=True)
class TextLine:
    """A run of characters that MuPDF considers one line.

    Kept as parallel sequences (one code point, box and size per character) rather
    than one object per character: a 300-page report has half a million characters,
    and building an object for each cost more than MuPDF's own extraction.
    """

    text: str
    boxes: tuple[tuple[float, float, float, float], ...]
    sizes: tuple[float, ...]
    bbox: tuple[float, float, float, float]
    vertical: bool

    @property
    def chars(self) -> tuple[CharBox, ...]:
        """The characters as objects, for callers that want one thing per character."""
        return tuple(CharBox(c, *box, size)
                     for c, box, size in zip(self.text, self.boxes, self.sizes, strict=True))


@dataclass(frozen=True, slots=True)
class TextBlock:
    """A group of lines, in MuPDF's (content stream) order."""

    lines: tuple[TextLine, ...]
    bbox: tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class PageContent:
    """The text layer of one page plus the two verdicts the importer needs."""

    number: int
    width: float
    height: float
    blocks: tuple[TextBlock, ...]
    needs_ocr: bool
    garbled: bool
    #: Ruled lines (x0, y0, x1, y1), horizontal (y0 == y1) or vertical (x0 == x1): table
    #: borders, so a cell's wrapped lines can be told from the next row or column.
    rules: tuple[tuple[float, float, float, float], ...] = ()
    #: What MuPDF could not read on this page (a broken content stream, a font it could
    #: not load, text it could not decode), in one short phrase; "" when the page is whole.
    #: The importer turns it into a per-page warning, so damage is never silent.
    damage: str = ""
    #: Where text in a font that does not map to readable characters was drawn (it is left
    #: out of ``blocks``; OCR reads these regions). ``garbled`` is True when there are any.
    garbled_regions: tuple[tuple[float, float, float, float], ...] = ()
    #: Writing direction of the garbled text, so OCR picks the right model for it.
    garbled_vertical: bool = False


@dataclass(frozen=True, slots=True)
class GrayImage:
    """An 8-bit grey page image: PNG bytes for OCR, raw pixels for measuring it."""

    width: int
    height: int
    png: bytes
    samples: bytes  # one byte per pixel, rows of `width` bytes


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """RGB888 pixels without alpha, laid out for ``QImage.Format_RGB888``."""

    width: int
    height: int
    stride: int
    samples: bytes


def sha256(data: bytes) -> str:
    """Hex digest used as the identity of an imported file."""
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------------------
# rawdict conversion (hot path: keep it a single pass)
# ---------------------------------------------------------------------------

_Box = tuple[float, float, float, float]
_Matrix = tuple[float, float, float, float, float, float]


def _plain_box(box: Any) -> _Box:
    x0, y0, x1, y1 = box
    return (x0, y0, x1, y1)


def _rotate_box(box: Any, m: _Matrix) -> _Box:
    """Map a box from unrotated to displayed page space (a 90° multiple)."""
    a, b, c, d, e, f = m
    x0, y0, x1, y1 = box
    px0, py0 = a * x0 + c * y0 + e, b * x0 + d * y0 + f
    px1, py1 = a * x1 + c * y1 + e, b * x1 + d * y1 + f
    return (min(px0, px1), min(py0, py1), max(px0, px1), max(py0, py1))


def _is_vertical(direction: Any, m: _Matrix | None) -> bool:
    """True for 縦書き: the writing direction points down the displayed page.

    Text rotated to run bottom-to-top (table headers) is not 縦書き.
    """
    dx, dy = direction
    if m is not None:
        dx, dy = m[0] * dx + m[2] * dy, m[1] * dx + m[3] * dy
    return bool(dy > abs(dx))


def _span_text(span: dict[str, Any]) -> str:
    text: str = "".join([ch["c"] for ch in span["chars"]])
    span["text"] = text
    return text


def _bad_fonts(raw_blocks: list[dict[str, Any]]) -> frozenset[str]:
    """The fonts whose text on this page is garbage (see font_is_garbled)."""
    by_font: dict[str, list[str]] = {}
    for block in raw_blocks:
        if block["type"] == 0:
            for line in block["lines"]:
                for span in line["spans"]:
                    by_font.setdefault(span["font"], []).append(_span_text(span))
    return frozenset(font for font, spans in by_font.items() if font_is_garbled(font, spans))


def _line_parts(line: dict[str, Any], m: _Matrix | None, bad: frozenset[str],
                garbled: list[_Box]) -> tuple[str, tuple[_Box, ...], tuple[float, ...]]:
    text: list[str] = []
    boxes: list[_Box] = []
    sizes: list[float] = []
    for span in line["spans"]:
        chars = span["chars"]
        if bad and span["font"] in bad:
            if visible_chars(span["text"]):
                garbled.append(_plain_box(span["bbox"]) if m is None
                               else _rotate_box(span["bbox"], m))
            continue
        text.append(span["text"])
        if m is None:
            boxes.extend([ch["bbox"] for ch in chars])
        else:
            boxes.extend([_rotate_box(ch["bbox"], m) for ch in chars])
        sizes.extend([span["size"]] * len(chars))
    return "".join(text), tuple(boxes), tuple(sizes)


def _convert_blocks(
    raw_blocks: list[dict[str, Any]], m: _Matrix | None, texts: list[str],
    garbled: list[_Box], directions: list[bool],
) -> tuple[TextBlock, ...]:
    """Turn rawdict blocks into dataclasses; append each line's text to *texts*.

    Collecting the text here saves a second walk over all characters when the
    page is classified. Spans in garbled fonts are left out; their boxes go to
    *garbled* and their lines' directions to *directions*.
    """
    bad = _bad_fonts(raw_blocks)
    blocks: list[TextBlock] = []
    for raw_block in raw_blocks:
        if raw_block["type"] != 0:
            continue
        lines: list[TextLine] = []
        for raw_line in raw_block["lines"]:
            before = len(garbled)
            text, boxes, sizes = _line_parts(raw_line, m, bad, garbled)
            vertical = _is_vertical(raw_line["dir"], m)
            if len(garbled) > before:
                directions.append(vertical)
            if not text:
                continue
            texts.append(text)
            bbox = _plain_box(raw_line["bbox"]) if m is None else _rotate_box(raw_line["bbox"], m)
            if len(garbled) > before:
                bbox = _union(boxes)
            lines.append(TextLine(text, boxes, sizes, bbox, vertical))
        if lines:
            bbox = _plain_box(raw_block["bbox"]) if m is None else _rotate_box(raw_block["bbox"], m)
            blocks.append(TextBlock(tuple(lines), bbox))
    return tuple(blocks)


def _union(boxes: tuple[_Box, ...]) -> _Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def _display_matrix(page: Any) -> _Matrix | None:
    """rawdict uses unrotated coordinates; None when no rotation is needed."""
    if page.rotation % 360 == 0:
        return None
    r = page.rotation_matrix
    return (r.a, r.b, r.c, r.d, r.e, r.f)


def _rules(page: Any, m: _Matrix | None) -> tuple[_Box, ...]:
    """Ruled lines, horizontal (y0 == y1) and vertical (x0 == x1): strokes, hairline
    rectangles and the edges of stroked rectangles. They bound table rows and columns.

    get_cdrawings is the C-level listing, about a tenth of the cost of rawdict.
    """
    rules: list[_Box] = []
    for path in page.get_cdrawings():
        stroked = "s" in path.get("type", "")
        for item in path["items"]:
            if item[0] == "l":
                rules.extend(_segment(*item[1], *item[2]))
            elif item[0] == "re":
                rules.extend(_rectangle_rules(item[1], stroked))
    if m is not None:
        rules = [_rotate_box(rule, m) for rule in rules]
    return tuple(rules)


def _segment(x0: float, y0: float, x1: float, y1: float) -> list[_Box]:
    if abs(y1 - y0) < 1.0 and abs(x1 - x0) > 3.0:
        return [(min(x0, x1), y0, max(x0, x1), y0)]
    if abs(x1 - x0) < 1.0 and abs(y1 - y0) > 3.0:
        return [(x0, min(y0, y1), x0, max(y0, y1))]
    return []


def _rectangle_rules(rect: Any, stroked: bool) -> list[_Box]:
    x0, y0, x1, y1 = rect
    width, height = abs(x1 - x0), abs(y1 - y0)
    if height < 2.5 and width > 3.0:
        return [(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2)]
    if width < 2.5 and height > 3.0:
        return [((x0 + x1) / 2, y0, (x0 + x1) / 2, y1)]
    if stroked and width > 3.0 and height > 3.0:
        return [(x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)]
    return []


def _extract(page: Any, number: int, textpage: Any) -> PageContent:
    matrix = _display_matrix(page)
    raw = page.get_text("rawdict", textpage=textpage)
    texts: list[str] = []
    garbled: list[_Box] = []
    directions: list[bool] = []
    blocks = _convert_blocks(raw["blocks"], matrix, texts, garbled, directions)
    text = "".join(texts)
    rect = page.rect
    if blocks and is_garbled(text):  # broken, though no single font looked it
        garbled.extend(line.bbox for block in blocks for line in block.lines)
        directions.extend(line.vertical for block in blocks for line in block.lines)
        blocks, text = (), ""
    return PageContent(
        number=number,
        width=rect.width,
        height=rect.height,
        blocks=blocks,
        needs_ocr=not visible_chars(text) and not garbled,
        garbled=bool(garbled),
        rules=_rules(page, matrix) if text or garbled else (),
        garbled_regions=tuple(garbled),
        garbled_vertical=sum(directions) * 2 > len(directions),
    )


# ---------------------------------------------------------------------------
# Opening and validation
# ---------------------------------------------------------------------------


def _detail(err: BaseException, warnings: str = "") -> str:
    """One line out of a PyMuPDF exception plus MuPDF's own first complaint.

    PyMuPDF's messages (``Failed to open stream``) say little; the first
    MuPDF warning (``cannot recognize xref format``) says what is broken.
    """
    message = (str(err).strip().splitlines() or [type(err).__name__])[0]
    first = _first_warning(warnings)
    if first and first not in message:
        message = f"{message}: {first}"
    return message[:160]


def _first_warning(warnings: str) -> str:
    for line in warnings.splitlines():
        line = line.strip()
        if line and "repair" not in line:
            return line.removeprefix("format error: ")
    return ""


def _describe_start(data: bytes) -> str:
    """Show the first bytes safely (no control characters, at most 16 chars)."""
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            return kind
    head = data[:48].decode("utf-8", errors="replace")
    shown = "".join(ch if ch.isprintable() else "." for ch in head)
    if len(shown) > 16:
        shown = shown[:16] + "…"
    kind = "HTML/XML, " if shown.lstrip(".").startswith("<") else ""
    return f"{kind}starts with '{shown}'"


def _check_bytes(data: bytes) -> None:
    """Reject non-PDFs before MuPDF sees them: it happily opens HTML/XHTML."""
    if not data:
        raise PdfError("empty file (0 bytes)")
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise PdfError(f"not a PDF ({_describe_start(data)})")


def _open_document(data: bytes) -> tuple[Any, str]:
    """Open and return the document with the warnings MuPDF emitted."""
    pymupdf.TOOLS.reset_mupdf_warnings()
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except _MUPDF_ERRORS as err:
        detail = _detail(err, pymupdf.TOOLS.mupdf_warnings())
        raise PdfError(f"corrupt or truncated PDF ({detail})") from err
    return doc, pymupdf.TOOLS.mupdf_warnings()


def _unlock(doc: Any, password: str | None) -> bool:
    """Authenticate if needed; return whether the file needed a password.

    ``doc.needs_pass`` must be read exactly once, before ``authenticate()``:
    MuPDF then reports it wrongly, and in PyMuPDF 1.28 merely *reading* it
    after a successful authenticate() breaks decryption of the page streams
    (pages come back empty with zlib errors).
    """
    if not doc.needs_pass:
        return False
    if password is None:
        raise PdfError("encrypted: needs a password to open")
    if not doc.authenticate(password):
        raise PdfError("wrong password")
    return True


def _count_pages(doc: Any, warnings: str) -> int:
    try:
        count = int(doc.page_count)
    except _MUPDF_ERRORS as err:
        raise PdfError(f"corrupt or truncated PDF ({_detail(err, warnings)})") from err
    if count == 0:
        raise PdfError("corrupt or truncated PDF (no pages found)")
    return count


# MuPDF's notices that say nothing was lost: a standard Japanese font it maps itself,
# and its own "... repeated 3 times..." lines.
_HARMLESS_WARNINGS: Final = ("non-embedded font using identity encoding", "... repeated")
_WARNING_PREFIXES: Final = ("format error: ", "syntax error: ", "library error: ", "limit error: ")
_TEXT_SHOWING_RE: Final = re.compile(rb"(?<![A-Za-z])(?:Tj|TJ)(?![A-Za-z])")
_BLANK_PIXEL: Final = 250  # a render whose darkest pixel is lighter than this shows nothing
#: A dense A3 table holds about 20,000 characters; more on one page is a bomb, not a page.
MAX_PAGE_CHARS: Final = 100_000
#: Content stream bytes allowed per character of the page limit (operators, positions,
#: two-byte codes and vector graphics around each glyph).
_CONTENT_BYTES_PER_CHAR: Final = 1000


def _damage(warnings: str) -> str:
    """The first thing MuPDF says it could not read on a page, as a short phrase; "" if none."""
    for line in warnings.splitlines():
        line = line.strip()
        if not line or any(line.startswith(h) or h in line for h in _HARMLESS_WARNINGS):
            continue
        for prefix in _WARNING_PREFIXES:
            line = line.removeprefix(prefix)
        shown = "".join(ch if ch.isprintable() else "?" for ch in line)
        return shown if len(shown) <= 100 else shown[:99] + "…"
    return ""


def _draws_text(page: Any) -> bool:
    """The content stream shows text (Tj/TJ): an empty extraction then means damage."""
    try:
        contents = page.read_contents()
    except _MUPDF_ERRORS:
        return False
    return bool(_TEXT_SHOWING_RE.search(contents))


def _has_images(page: Any) -> bool:
    try:
        return bool(page.get_images())
    except _MUPDF_ERRORS:
        return False


def _renders_blank(page: Any) -> bool:
    """A tiny render shows nothing: the images it lists were cut off."""
    pix = page.get_pixmap(matrix=pymupdf.Matrix(0.1, 0.1), colorspace=pymupdf.csGRAY,
                          alpha=False)
    return min(bytes(pix.samples), default=255) >= _BLANK_PIXEL


@dataclass(frozen=True, slots=True)
class _Verdict:
    """What one page of a repaired file still holds."""

    empty: bool
    garbled: bool = False
    damage: str = ""


def _page_verdict(doc: Any, number: int) -> _Verdict:
    """Empty means no text and no image that still shows: what is left of a page whose
    content was cut off. Garbled text means its fonts' ToUnicode maps were lost; damage is
    what MuPDF could not read (a stream, a font, an object nested too deep)."""
    pymupdf.TOOLS.reset_mupdf_warnings()
    try:
        page = doc.load_page(number)
        text = page.get_text("text", flags=TEXT_FLAGS)
        if not visible_chars(text):
            if not text.strip("\n") and _draws_text(page):
                return _Verdict(True, damage="it draws text that could not be read")
            empty = not _has_images(page) or _renders_blank(page)
            return _Verdict(empty, damage=_damage(pymupdf.TOOLS.mupdf_warnings()))
    except _MUPDF_ERRORS as err:
        return _Verdict(True, damage=_detail(err))
    return _Verdict(False, is_garbled(text), _damage(pymupdf.TOOLS.mupdf_warnings()))


def _check_repaired(doc: Any, count: int, warnings: str) -> None:
    """Tell a truncated download from a file with a merely broken xref table.

    MuPDF rebuilds a damaged file by scanning for objects, and a cut-off file
    then opens with blank pages that would otherwise pass for scans, with text
    that lost characters, or with garbled text because the fonts at the end of
    the file are gone. A repaired file is rejected when no page has text or an
    image that still renders, when the end of the file is missing (no
    ``startxref``) and some page came back empty or garbled, or when MuPDF could
    not read part of any page (a cut stream, a lost font, nesting too deep): its
    text would differ from the file the producer wrote, silently. A repaired
    file whose pages all read cleanly is accepted (``PdfFile.repaired`` is
    True): producers that write a wrong xref offset, or forget the trailer, are
    common and their text is fine.
    """
    verdicts = [_page_verdict(doc, n) for n in range(count)]
    empty = [n + 1 for n, v in enumerate(verdicts) if v.empty]
    if len(empty) == count:
        raise PdfError("corrupt or truncated PDF (repaired, but no page has any content)")
    if "cannot find startxref" in warnings:
        if empty:
            raise PdfError(
                f"corrupt or truncated PDF (the end of the file is missing; "
                f"{len(empty)} of {count} pages are empty, first: page {empty[0]})"
            )
        garbled = [n + 1 for n, v in enumerate(verdicts) if v.garbled]
        if garbled:
            raise PdfError(
                f"corrupt or truncated PDF (the end of the file is missing; "
                f"{len(garbled)} of {count} pages have lost their fonts, first: page {garbled[0]})"
            )
    damaged = [(n + 1, v.damage) for n, v in enumerate(verdicts) if v.damage]
    if damaged:
        first, damage = damaged[0]
        raise PdfError(
            f"corrupt or truncated PDF (repaired, but {len(damaged)} of {count} pages are "
            f"damaged, first: page {first}: {damage})"
        )


class PdfFile:
    """Opened, validated PDF. Use as a context manager.

    Constructing it raises PdfError for anything the importer must refuse, so
    a PdfFile that exists can always be paged through.
    """

    def __init__(self, data: bytes, password: str | None = None, *,
                 max_page_chars: int = MAX_PAGE_CHARS) -> None:
        self._max_page_chars = max_page_chars
        _check_bytes(data)
        doc, warnings = _open_document(data)
        try:
            needed_password = _unlock(doc, password)
            if not doc.is_pdf:
                raise PdfError("not a PDF (MuPDF opened it as another document type)")
            self._page_count = _count_pages(doc, warnings)
            self._repaired = bool(doc.is_repaired)
            if self._repaired:
                _check_repaired(doc, self._page_count, warnings)
            metadata = doc.metadata or {}
            # Owner-only files open without a password and report
            # is_encrypted False; the trailer's /Encrypt still shows up here.
            self._owner_password_only = not needed_password and bool(metadata.get("encryption"))
            self._title = str(metadata.get("title") or "").strip()
        except BaseException:
            doc.close()
            raise
        self._doc = doc

    @property
    def page_count(self) -> int:
        return self._page_count

    @property
    def owner_password_only(self) -> bool:
        """Encrypted with an owner password only: opens, but is restricted."""
        return self._owner_password_only

    @property
    def title(self) -> str:
        return self._title

    @property
    def repaired(self) -> bool:
        """MuPDF had to rebuild the cross-reference table to open the file."""
        return self._repaired

    def _check_page(self, number: int) -> None:
        """Programming errors stay ValueError/IndexError, never PdfError."""
        if self._doc.is_closed:
            raise ValueError("PdfFile is closed")
        if not 0 <= number < self._page_count:
            raise IndexError(f"page {number} out of range (0..{self._page_count - 1})")

    def page(self, number: int) -> PageContent:
        """Text of one page (0-based); PdfError if MuPDF cannot read it."""
        self._check_page(number)
        pymupdf.TOOLS.reset_mupdf_warnings()
        try:
            page = self._doc.load_page(number)
            content = _extract(page, number, self._textpage(page, number))
            damage = _damage(pymupdf.TOOLS.mupdf_warnings())
            if not damage and not content.blocks and _draws_text(page):
                damage = "it draws text that could not be read"
        except _MUPDF_ERRORS as err:
            raise PdfError(f"page {number + 1} cannot be read ({_detail(err)})") from err
        if not damage:
            return content
        # A page whose text could not be read is damaged, not a scan: OCR is for images.
        return replace(content, damage=damage, needs_ocr=content.needs_ocr and _has_images(page))

    def _textpage(self, page: Any, number: int) -> Any:
        """MuPDF's text of the page, refused before it is turned into Python objects when
        it is larger than any real page: a small file can expand to millions of characters
        (a compressed content stream, a form drawn a thousand times), and the per-character
        dictionaries would take gigabytes and minutes."""
        limit = self._max_page_chars
        contents = len(page.read_contents())
        if contents > limit * _CONTENT_BYTES_PER_CHAR:
            raise PdfError(f"page {number + 1} is too large to read ({contents:,} bytes of "
                           f"content for a limit of {limit:,} characters a page)")
        textpage = page.get_textpage(flags=TEXT_FLAGS)
        count = len(textpage.extractText())
        if count > limit:
            raise PdfError(f"page {number + 1} has {count:,} characters, more than the limit "
                           f"of {limit:,} a page")
        return textpage

    def pages(self) -> Iterator[PageContent]:
        """One page at a time, so a long PDF is never held in memory at once."""
        for number in range(self._page_count):
            yield self.page(number)

    def render(
        self,
        number: int,
        zoom: float = 1.0,
        clip: tuple[float, float, float, float] | None = None,
    ) -> RenderedPage:
        """Rasterise a page; *clip* is in the same coordinates as CharBox."""
        if zoom <= 0:
            raise ValueError(f"zoom must be positive, got {zoom}")
        self._check_page(number)
        try:
            pix = self._doc.load_page(number).get_pixmap(
                matrix=pymupdf.Matrix(zoom, zoom),
                clip=pymupdf.Rect(clip) if clip is not None else None,
                colorspace=pymupdf.csRGB,
                alpha=False,
            )
        except _MUPDF_ERRORS as err:
            raise PdfError(f"page {number + 1} cannot be rendered ({_detail(err)})") from err
        return RenderedPage(
            width=int(pix.width),
            height=int(pix.height),
            stride=int(pix.stride),
            samples=bytes(pix.samples),
        )

    def gray_image(self, number: int, dpi: int,
                   clip: tuple[float, float, float, float] | None = None) -> GrayImage:
        """The page (or the *clip* of it, in CharBox coordinates) as a grey image for OCR."""
        self._check_page(number)
        try:
            page = self._doc.load_page(number)
            pix = page.get_pixmap(dpi=dpi, clip=pymupdf.Rect(clip) if clip is not None else None,
                                  colorspace=pymupdf.csGRAY, alpha=False)
            png = pix.tobytes("png")
        except _MUPDF_ERRORS as err:
            raise PdfError(f"page {number + 1} cannot be rendered ({_detail(err)})") from err
        samples = bytes(pix.samples)
        width, height, stride = int(pix.width), int(pix.height), int(pix.stride)
        if stride != width:
            samples = b"".join(samples[row * stride:row * stride + width]
                               for row in range(height))
        return GrayImage(width, height, png, samples)

    def close(self) -> None:
        """Release MuPDF's document; safe to call more than once."""
        if not self._doc.is_closed:
            self._doc.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def cjk_font() -> bytes:
    """The CJK font shipped inside PyMuPDF (Droid Sans Fallback), for systems without one.

    The GUI loads it so Japanese never renders as tofu, with nothing downloaded.
    """
    data: bytes = pymupdf.Font("cjk").buffer
    return bytes(data)
