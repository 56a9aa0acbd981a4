"""Generated layouts drawn per seed (tests/support/variety.py): furniture and speakers.

A fast subset of seeds runs here; more seeds can be scored the same way.
"""

from __future__ import annotations

from functools import cache

import pytest

from annotator.pdf.extract import ExtractedDocument, extract
from annotator.pdf.reader import PdfFile
from tests.support.typeset import Truth, furniture_leaks
from tests.support.variety import FAMILIES, Extras

SEEDS = range(6)


@cache
def generated(family: str, seed: int) -> tuple[Truth, Extras, ExtractedDocument]:
    data, truth, extras = FAMILIES[family](seed)
    with PdfFile(data) as pdf:
        return truth, extras, extract(pdf.pages())


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("family", list(FAMILIES))
def test_no_header_page_number_or_margin_tab_leaks(family: str, seed: int) -> None:
    truth, extras, doc = generated(family, seed)
    assert furniture_leaks(doc.text, truth) == {}
    squeezed = "".join(doc.text.split())
    assert [tab for tab in set(extras.tabs) if tab in squeezed] == []


@pytest.mark.parametrize("seed", SEEDS)
def test_council_turns_have_the_speaker_as_printed(seed: int) -> None:
    """◎委員長（平山たかお）, ◆委員（山本ひとし）, ○産業観光局長（中村一郎）: every turn opens
    a passage whose speaker is the whole tag as printed."""
    truth, _, doc = generated("council", seed)
    found = {(p.kind, p.speaker) for p in doc.passages}
    turns = {(kind, speaker) for kind, speaker, _ in truth.passages
             if kind in ("speech", "speaker")}
    assert turns <= found


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("family", list(FAMILIES))
def test_ruby_is_never_in_the_text_and_the_text_is_the_truth(family: str, seed: int) -> None:
    truth, extras, doc = generated(family, seed)
    assert [r for r in set(extras.ruby) if doc.text.count(r) > truth.text.count(r)] == []
    assert doc.text == truth.text
