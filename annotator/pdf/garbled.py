"""Whether text a PDF hands out is readable: garbled pages and fonts.

Kept apart from the reader (which turns MuPDF's output into dataclasses) because these are
rules about characters, not about PyMuPDF: they take strings and say yes or no, and the
OCR and import code ask them too.
"""

from __future__ import annotations

import re
from typing import Final

# ---------------------------------------------------------------------------
# Page classification
# ---------------------------------------------------------------------------

# Explicit list instead of ``\s``: Python counts U+001C..U+001F as whitespace,
# but in a text layer those are leaked glyph ids and must count as bad.
_BLANK_RE: Final = re.compile(r"[\t\n\r \u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000]+")
_CONTROL_RE: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BAD_RE: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd]")
_KANA_KANJI_RE: Final = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f]"
)
_DIGIT_RE: Final = re.compile(r"[0-9\uff10-\uff19]")
_ASCII_PUNCT_RE: Final = re.compile(r"[!-/:-@\[-`{-~]")
_LEADER_RE: Final = re.compile(r"([!-/:-@\[-`{-~])\1{2,}")

_BAD_SHARE: Final = 0.30
_CONTROL_SHARE: Final = 0.05
_MIN_CONTROLS: Final = 3
_MIN_VISIBLE_FOR_SCRIPT_TEST: Final = 20
_MAX_KANA_KANJI_SHARE: Final = 0.10
_MAX_DIGIT_SHARE: Final = 0.30
_MIN_JUNK_SHARE: Final = 0.25


def visible_chars(text: str) -> str:
    """The text without blanks (U+3000 included): what the shares below are shares of."""
    return _BLANK_RE.sub("", text)


def is_garbled(text: str) -> bool:
    """Tell whether a page's text layer is too broken to annotate.

    Three independent signs, none of which a normal page shows:

    1. More than 30% of the visible characters are private-use (U+E000-U+F8FF),
       U+FFFD or control characters. Unmapped glyphs come out as U+FFFD with
       our flags, so fonts without a usable ToUnicode land here. The threshold
       is high because slides legitimately use a few Wingdings bullets
       (U+F06C) and government documents occasionally put gaiji in the PUA.
    2. Control characters (C0 other than tab/LF/CR, DEL, C1) make up more than
       5% (and at least 3). A real text layer has none; they are glyph ids
       leaking through a broken ToUnicode map (the 官報 case, whose PUA share
       is low).
    3. At least 20 visible characters, under 10% kana/kanji, under 30% digits
       and over 25% ASCII punctuation or controls. Fonts with sequential
       custom encodings, or subset fonts reported by glyph id, turn the first
       glyphs used into ``!"#$%&'()`` (or U+0001, U+0002...), with letters and
       digits sprinkled in, so "no letters at all" would be too strict: such
       pages measure about 40% punctuation. Japanese pages have far more
       kana/kanji, English prose has about 5% punctuation and URL lists about
       15%, number tables are mostly digits, and runs like ``.....`` (dot
       leaders of a table of contents) are not counted.
    """
    visible = visible_chars(text)
    count = len(visible)
    if count == 0:
        return False
    if len(_BAD_RE.findall(visible)) > _BAD_SHARE * count:
        return True
    controls = len(_CONTROL_RE.findall(visible))
    if controls >= _MIN_CONTROLS and controls > _CONTROL_SHARE * count:
        return True
    return _looks_identity_mapped(visible)


def _looks_identity_mapped(visible: str) -> bool:
    # Dot leaders and rules ("......", "----") are layout, not words: a table
    # of contents is 70% '.' otherwise.
    text = _LEADER_RE.sub("", visible)
    count = len(text)
    if count < _MIN_VISIBLE_FOR_SCRIPT_TEST:
        return False
    # Cheapest test first: normal pages have little ASCII punctuation.
    junk = len(_ASCII_PUNCT_RE.findall(text)) + len(_CONTROL_RE.findall(text))
    if junk <= _MIN_JUNK_SHARE * count:
        return False
    if len(_DIGIT_RE.findall(text)) >= _MAX_DIGIT_SHARE * count:
        return False
    return len(_KANA_KANJI_RE.findall(text)) < _MAX_KANA_KANJI_SHARE * count


# Scripts that cannot occur in Japanese government body text: a font whose characters come
# out as these maps its glyphs to the wrong code points (white-paper footnotes that read as
# Lao or Sinhala). Greek and Cyrillic letters do occur (α線, μg), so only runs of three
# or more count.
_FOREIGN_RE: Final = re.compile(
    "[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f\u10a0-\u10ff\u1200-\u139f"
    "\u1780-\u18af\ua000-\ua4cf\ua980-\uabff]"
)
_GREEK_RUN_RE: Final = re.compile("[\u0370-\u03ff\u0400-\u04ff\u1f00-\u1fff]{3,}")
_SYMBOL_FONT_RE: Final = re.compile(r"(?i)wingding|webding|symbol|dingbat|marlett")
_FOREIGN_SHARE: Final = 0.30
_MIN_ID_RUN: Final = 6
_MIN_FOREIGN: Final = 3
_SYMBOL_SPAN: Final = 2  # private-use glyphs alone in spans this short are bullets


def font_is_garbled(font: str, spans: list[str]) -> bool:
    """Whether a font's characters on a page are not readable text.

    Decided per font, not per page: a footnote font that maps its glyphs to Lao must not
    cost the page its body text. A symbol font's bullets (Wingdings in the private use
    area, one or two glyphs a span) are not garbage, nor is a gaiji inside a normal font.
    """
    if _SYMBOL_FONT_RE.search(font):
        return False
    text = "".join(span for span in spans if len(visible_chars(span)) > _SYMBOL_SPAN
                   or not _BAD_RE.search(span) or _CONTROL_RE.search(span))
    visible = visible_chars(text)
    if not visible:
        return False
    foreign = len(_FOREIGN_RE.findall(visible)) + sum(
        len(run) for run in _GREEK_RUN_RE.findall(visible))
    if foreign >= _MIN_FOREIGN and foreign > _FOREIGN_SHARE * len(visible):
        return True
    return is_garbled(visible) or _few_glyphs_by_id(visible)


def _few_glyphs_by_id(visible: str) -> bool:
    """A short run of a font reported by glyph id (`` !"#$%&'()``): mostly ASCII punctuation,
    many different ones, no kana or kanji. A font that only sets brackets repeats a few."""
    junk = _ASCII_PUNCT_RE.findall(visible) + _CONTROL_RE.findall(visible)
    return (len(visible) >= _MIN_ID_RUN and len(junk) > 0.6 * len(visible)
            and len(set(junk)) >= _MIN_ID_RUN and not _KANA_KANJI_RE.search(visible))
