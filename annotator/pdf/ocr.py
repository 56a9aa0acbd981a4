"""OCR with the Tesseract command line: page images in, lines of characters with boxes out.

Tesseract is a system program, not a Python dependency: it is looked up on PATH, run once
per page image (``OMP_THREAD_LIMIT=1``: with its own threads a page cost ten times the CPU,
so two pages run side by side instead), and its TSV output is turned into the same lines of
characters with boxes in page points that the text layer gives, so OCR text goes through
the same layout, structure, offsets and re-anchoring as born-digital text.

Horizontal pages are read with ``jpn``; vertical pages need ``jpn+jpn_vert`` with page
segmentation mode 3 (``jpn`` alone reads 縦書き at a few percent). Tesseract's word and line
boxes are right, its character boxes approximate, so each word's box is divided among its
characters by their width (a half-width character takes half a cell).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import Final

Box = tuple[float, float, float, float]

#: Never below 200 dpi: at 150 dpi three-tier vertical pages read at 0.16.
MIN_DPI: Final = 200
DEFAULT_DPI: Final = 200
#: One Tesseract process per core at most (the machine has two).
WORKERS: Final = 2
#: A character read with less confidence than this is shown underlined in the text pane.
LOW_CONFIDENCE: Final = 60
TIMEOUT_S: Final = 300

INSTALL_HINT: Final = (
    "OCR needs Tesseract with Japanese: install tesseract-ocr tesseract-ocr-jpn "
    "tesseract-ocr-jpn-vert (Debian/Ubuntu: sudo apt install tesseract-ocr tesseract-ocr-jpn "
    "tesseract-ocr-jpn-vert; macOS: brew install tesseract tesseract-lang; Windows: the "
    "UB Mannheim Tesseract installer with Japanese and Japanese (vertical) ticked)"
)


class OcrError(Exception):
    """Tesseract is missing or failed on a page; ``str(err)`` is one line for the user."""


@dataclass(frozen=True, slots=True)
class OcrLine:
    """One line Tesseract read: a code point, a box (page points) and a confidence each."""

    text: str
    boxes: tuple[Box, ...]
    confidences: tuple[int, ...]  # 0..100 per character
    vertical: bool
    block: int  # Tesseract's block number: lines of one block form a TextBlock

    def to_json(self) -> list[object]:
        return [self.text, [list(b) for b in self.boxes], list(self.confidences),
                self.vertical, self.block]

    @classmethod
    def from_json(cls, value: list[object]) -> OcrLine:
        text, boxes, confidences, vertical, block = value
        assert isinstance(text, str) and isinstance(boxes, list)
        assert isinstance(confidences, list) and isinstance(block, int)
        return cls(text, tuple((float(b[0]), float(b[1]), float(b[2]), float(b[3]))
                               for b in boxes), tuple(int(c) for c in confidences),
                   bool(vertical), block)


@dataclass(frozen=True, slots=True)
class PageImage:
    """A rendered page (or a region of one) to read, and where it sits on the page."""

    number: int  # 0-based page number
    png: bytes
    dpi: int
    vertical: bool
    origin: tuple[float, float] = (0.0, 0.0)  # the image's top left corner in page points


@dataclass(frozen=True, slots=True)
class OcrResult:
    number: int
    lines: tuple[OcrLine, ...]
    seconds: float  # CPU seconds Tesseract used


@cache
def tesseract_version() -> str | None:
    """``tesseract 5.3.0`` when Tesseract with jpn and jpn_vert is installed, else None."""
    program = shutil.which("tesseract")
    if program is None:
        return None
    try:
        langs = subprocess.run([program, "--list-langs"], capture_output=True, text=True,
                               timeout=30, check=False).stdout.split()
        version = subprocess.run([program, "--version"], capture_output=True, text=True,
                                 timeout=30, check=False).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return None
    if "jpn" not in langs or "jpn_vert" not in langs:
        return None
    return version[0].strip() if version else "tesseract"


def available() -> bool:
    return tesseract_version() is not None


def command(image: PageImage) -> list[str]:
    """The Tesseract call for one image: `jpn`, or `jpn+jpn_vert --psm 3` for 縦書き."""
    program = shutil.which("tesseract") or "tesseract"
    langs = ["-l", "jpn+jpn_vert", "--psm", "3"] if image.vertical else ["-l", "jpn"]
    return [program, "stdin", "stdout", *langs, "--dpi", str(image.dpi), "tsv"]


def recognise(image: PageImage) -> OcrResult:
    """Run Tesseract on one image (blocking) and parse what it read."""
    if not available():
        raise OcrError(INSTALL_HINT)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    before = os.times()
    try:
        done = subprocess.run(command(image), input=image.png, capture_output=True, env=env,
                              timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as err:
        raise OcrError(f"page {image.number + 1}: Tesseract took over {TIMEOUT_S} s") from err
    except OSError as err:
        raise OcrError(f"page {image.number + 1}: Tesseract cannot run ({err})") from err
    after = os.times()
    if done.returncode != 0:
        first = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["failed"])[-1]
        raise OcrError(f"page {image.number + 1}: Tesseract failed ({first[:120]})")
    seconds = (after.children_user - before.children_user) + (
        after.children_system - before.children_system)
    lines = parse_tsv(done.stdout.decode("utf-8", "replace"), image)
    return OcrResult(image.number, tuple(lines), seconds)


def recognise_all(images: Iterable[PageImage], done: Callable[[OcrResult | OcrError], None],
                  cancelled: Callable[[], bool] = lambda: False,
                  workers: int = WORKERS) -> None:
    """Read images two at a time; `done` is called (in this thread) as each one finishes,
    with what was read or with the error of that page (the others go on).

    Images are taken from the iterable only when a worker is free, so rendering (which
    needs the PDF, in this thread) keeps pace with reading and a cancel stops both; pages
    already being read are finished and reported.
    """
    with ThreadPoolExecutor(max_workers=workers) as pool:
        running: list[Future[OcrResult]] = []
        source: Iterator[PageImage] = iter(images)
        exhausted = False
        while running or not exhausted:
            while not exhausted and len(running) < workers and not cancelled():
                image = next(source, None)
                if image is None:
                    exhausted = True
                else:
                    running.append(pool.submit(recognise, image))
            if cancelled():
                exhausted = True
            if not running:
                break
            first = running.pop(0)
            try:
                result: OcrResult | OcrError = first.result()
            except OcrError as err:
                result = err
            done(result)


# ---------------------------------------------------------------------------
# TSV → lines
# ---------------------------------------------------------------------------


@dataclass
class _Word:
    text: str
    box: Box  # page points
    confidence: int


def parse_tsv(tsv: str, image: PageImage) -> list[OcrLine]:
    """Tesseract's TSV (one row per block, paragraph, line and word) as lines of characters.

    Pixel boxes become page points (72 / dpi, shifted by the image's origin). Words of a line
    are joined without a space, as Japanese is written, except between two Latin words.
    """
    scale = 72.0 / image.dpi
    ox, oy = image.origin
    lines: dict[tuple[int, int, int], list[_Word]] = {}
    line_boxes: dict[tuple[int, int, int], Box] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        try:
            level = int(row["level"])
            key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
            left, top = float(row["left"]), float(row["top"])
            box = (ox + left * scale, oy + top * scale,
                   ox + (left + float(row["width"])) * scale,
                   oy + (top + float(row["height"])) * scale)
        except (KeyError, TypeError, ValueError):
            continue
        if level == 4:
            line_boxes[key] = box
        elif level == 5:
            text = _clean((row.get("text") or "").strip())
            if text:
                confidence = max(0, min(100, round(float(row.get("conf") or 0))))
                lines.setdefault(key, []).append(_Word(text, box, confidence))
    result = []
    for key, words in lines.items():
        line = _line(words, line_boxes.get(key), key[0])
        if line is not None:
            result.append(line)
    return result


def _clean(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")


def _vertical(words: list[_Word], line_box: Box | None) -> bool:
    x0, y0, x1, y1 = line_box or _union([w.box for w in words])
    chars = sum(len(w.text) for w in words)
    return chars > 1 and (y1 - y0) > 1.5 * (x1 - x0)


def _line(words: list[_Word], line_box: Box | None, block: int) -> OcrLine | None:
    vertical = _vertical(words, line_box)
    box = line_box or _union([w.box for w in words])
    if vertical:
        words.sort(key=lambda w: w.box[1])
    else:
        words.sort(key=lambda w: w.box[0])
    text: list[str] = []
    boxes: list[Box] = []
    confidences: list[int] = []
    for word in words:
        if text and not vertical and _latin_gap(text[-1], word.text[0]):
            gap = (boxes[-1][2], box[1], max(boxes[-1][2], word.box[0]), box[3])
            text.append(" ")
            boxes.append(gap)
            confidences.append(word.confidence)
        for char, char_box in zip(word.text, _split(word, box, vertical), strict=True):
            text.append(char)
            boxes.append(char_box)
            confidences.append(word.confidence)
    if not text:
        return None
    return OcrLine("".join(text), tuple(boxes), tuple(confidences), vertical, block)


def _latin_gap(before: str, after: str) -> bool:
    return before.isascii() and before.isalnum() and after.isascii() and after.isalnum() and (
        not (before.isdigit() and after.isdigit()))


def _width(char: str) -> float:
    return 1.0 if unicodedata.east_asian_width(char) in "WF" else 0.55


def _split(word: _Word, line_box: Box, vertical: bool) -> list[Box]:
    """Divide a word's box among its characters by their widths.

    Across the line every character gets the line's extent (as a font's ascent and descent
    give born-digital characters), so sizes and selections do not jump with the ink.
    """
    weights = [_width(c) for c in word.text]
    total = sum(weights)
    x0, y0, x1, y1 = word.box
    lx0, ly0, lx1, ly1 = line_box
    boxes: list[Box] = []
    at = 0.0
    for weight in weights:
        a, b = at / total, (at + weight) / total
        if vertical:
            boxes.append((lx0, y0 + a * (y1 - y0), lx1, y0 + b * (y1 - y0)))
        else:
            boxes.append((x0 + a * (x1 - x0), ly0, x0 + b * (x1 - x0), ly1))
        at += weight
    return boxes


def _union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))
