"""Ruled tables: generated grids over seeds, and the real tables of the corpus.

The generated tables (tests/support/random_tables.py) draw column counts and widths,
narrow columns, vertical header cells, type sizes and positions from a seed; every cell
must come out as one passage with exactly its text, in row order. A fast subset runs
here; bench/tables.py scores 200 seeds.
"""

from __future__ import annotations

from functools import cache

import pytest

from annotator.pdf.extract import ExtractedDocument, extract
from annotator.pdf.reader import PdfFile
from annotator.pdf.tables import find_tables
from tests.conftest import corpus_pdf
from tests.support.random_tables import random_table

FAST_SEEDS = [0, 3, 9, 13, 24, 28, 30, 33, 57]  # vertical headers, narrow numbers, top of page


def _extract(data: bytes) -> ExtractedDocument:
    with PdfFile(data) as pdf:
        return extract(pdf.pages())


@pytest.mark.parametrize("number", FAST_SEEDS)
def test_generated_table_reads_cell_by_cell(number: int) -> None:
    data, truth = random_table(number)
    doc = _extract(data)
    assert [(p.kind, doc.text[p.start:p.end]) for p in doc.passages] == [
        (kind, text) for kind, _, text in truth.passages]


def test_grid_with_a_spanned_cell() -> None:
    """A missing inner rule makes one larger cell, not two."""
    rules = [(0.0, y, 300.0, y) for y in (0.0, 20.0, 40.0)] + [
        (0.0, 0.0, 0.0, 40.0), (300.0, 0.0, 300.0, 40.0), (100.0, 20.0, 100.0, 40.0)]
    (table,) = find_tables(rules)
    assert table.cells == [(0.0, 0.0, 300.0, 20.0), (0.0, 20.0, 100.0, 40.0),
                           (100.0, 20.0, 300.0, 40.0)]


def test_a_framed_paragraph_is_no_table() -> None:
    assert find_tables([(0.0, 0.0, 300.0, 0.0), (0.0, 90.0, 300.0, 90.0),
                        (0.0, 0.0, 0.0, 90.0), (300.0, 0.0, 300.0, 90.0)]) == []


@cache
def real(name: str) -> ExtractedDocument:
    return _extract(corpus_pdf(name).read_bytes())


def _cells(doc: ExtractedDocument, page: int) -> list[str]:
    return [doc.text[p.start:p.end] for p in doc.passages if p.page == page]


def test_narrow_column_is_not_spliced_into_the_neighbouring_cell() -> None:
    """SOURCES.tsv: the SFIA codes (CNSL) stay in their own column, row by row."""
    cells = _cells(real("table_cio_data_personnel_att.pdf"), 9)
    assert "わかりやすい説明用資料を作り、説明する。" in cells
    at = cells.index("わかりやすい説明用資料を作り、説明する。")
    assert cells[at + 1] == "Consultancy CNSL"
    assert not any("CNSL" in cell and "。" in cell for cell in cells)


def test_adjacent_cells_are_not_glued() -> None:
    cells = _cells(real("table_mhlw_ec_clinics_18p.pdf"), 0)
    for value in ("学校法人聖路加国際大学聖路加国際病院", "104-8560", "中央区明石町９番１号",
                  "03-3541-5151", "http://hospital.luke.ac.jp/"):
        assert value in cells


def test_body_lines_of_a_table_report_are_rejoined() -> None:
    doc = real("table_cio_data_personnel_att.pdf")
    assert any(doc.text[p.start:p.end].startswith("社会全体のいたるところにデータがあり")
               and doc.text[p.start:p.end].endswith("可能性が高まってきている。")
               for p in doc.passages)


def test_each_reference_number_stays_with_its_own_entry() -> None:
    """SOURCES.tsv: [1]..[n] each with its entry, entries not merged or split at dates."""
    doc = real("report_cio_data_portability.pdf")
    notes = [doc.text[p.start:p.end] for p in doc.passages if p.kind == "note"]
    entries = [n for n in notes if n.startswith("[")]
    assert [e[:e.index("]") + 1] for e in entries] == [f"[{k}]" for k in range(1, 15)]
    assert entries[0].startswith("[1]JETRO") and entries[0].endswith("2021 年 6月 10日")
