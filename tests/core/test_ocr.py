"""OCR with Tesseract, measured against the text layer of the pages the scans were made from.

Truth by construction: born-digital pages (generated and from the corpus) are rendered to
images, with and without scan noise, put into image-only PDFs and OCR'd; the OCR'd text
must come close to what the extractor reads from the original page. Few pages and 200–300
dpi keep the whole file to about half a minute of CPU.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from openpyxl import load_workbook

from annotator.documents.ocr import CANCELLED, READ
from annotator.ids import DocumentId
from annotator.project import Project
from annotator.records import Target
from tests.conftest import corpus_pdf
from tests.core.test_ocr_garbling import NOTE_TEXT, partly_garbled_pdf
from tests.support import layouts
from tests.support.requires import require
from tests.support.scans import cer, coverage, scan, similarity

WHY = "OCR of scanned and garbled pages"


@pytest.fixture(autouse=True)
def _tesseract() -> None:
    require("tesseract", WHY)


def _import(project: Project, tmp_path: Path, name: str, data: bytes) -> DocumentId:
    path = tmp_path / name
    path.write_bytes(data)
    (outcome,) = project.importer.import_files([path]).value
    assert outcome.document_id is not None, outcome.line()
    return outcome.document_id


def _page_text(project: Project, document: DocumentId, page: int) -> str:
    info = project.documents.pages(document)[page]
    return project.documents.text(document)[info.start:info.end]


@pytest.mark.parametrize(("layout", "dpi", "noise", "floor"), [
    ("report", 300, False, 0.97),
    ("minutes", 200, True, 0.96),
])
def test_horizontal_scans_read_close_to_the_text_layer(
        project: Project, tmp_path: Path, layout: str, dpi: int, noise: bool,
        floor: float) -> None:
    make = {"report": layouts.single_column_report, "minutes": layouts.minutes_with_speakers}
    pdf, _truth = make[layout]()
    original = _import(project, tmp_path, "original.pdf", pdf)
    scanned = _import(project, tmp_path, "scan.pdf", scan(pdf, [0], dpi, noise=noise))
    assert project.documents.pages(scanned)[0].needs_ocr
    report, changes = project.ocr.run([scanned], dpi=dpi)
    assert [o.status for o in report.documents] == [READ], report.lines()
    assert scanned in changes.passages_in
    truth, read = _page_text(project, original, 0), _page_text(project, scanned, 0)
    assert similarity(truth, read) >= floor, (similarity(truth, read), read[:200])
    assert cer(truth, read) <= 1.5 * (1 - floor) + 0.01
    assert not project.documents.pages(scanned)[0].needs_ocr
    assert any(w.startswith("OCR: page 1 read by tesseract") for w in
               project.documents.get(scanned).warnings)
    if layout == "minutes":  # speakers are found in OCR text as in born-digital text
        kinds = {p.kind for p in project.documents.passages(scanned)}
        assert kinds & {"speech", "speaker"}, kinds


def test_a_vertical_page_is_read_with_the_vertical_model(project: Project,
                                                         tmp_path: Path) -> None:
    pdf = corpus_pdf("vertical_jo_miyazawa.pdf").read_bytes()
    original = _import(project, tmp_path, "jo.pdf", pdf)
    scanned = _import(project, tmp_path, "jo-scan.pdf", scan(pdf, [0], 300))
    project.ocr.run([scanned], dpi=300)
    truth, read = _page_text(project, original, 0), _page_text(project, scanned, 0)
    assert similarity(truth, read) >= 0.95, (similarity(truth, read), read[:200])
    boxes = [b for b in project.documents.geometry(scanned, 0).boxes if b is not None]
    down = sum(1 for a, b in itertools.pairwise(boxes)
               if abs(a[0] - b[0]) < 1 and b[1] > a[1])
    assert down > 0.8 * len(boxes), "characters follow each other down their columns"


def test_a_scanned_corpus_file_becomes_codable_resumably(project: Project,
                                                         tmp_path: Path) -> None:
    """The SOURCES.tsv sample reads back; a cancelled run keeps its page; a coding on OCR
    text survives re-OCR at another resolution and goes through export."""
    path = corpus_pdf("scanned_mhlw_jimurenraku.pdf")
    (outcome,) = project.importer.import_files([path]).value
    document = outcome.document_id
    assert document is not None and project.ocr.pending(document) == list(range(8))
    stop: list[bool] = []
    report, _ = project.ocr.run([document], {0, 1},
                                progress=lambda _n, done, _t: stop.append(done >= 1),
                                cancelled=lambda: bool(stop and stop[-1]))
    first = report.documents[0]
    assert first.status in (CANCELLED, READ) and first.read >= 1, first.line()
    text = project.documents.text(document)
    sample = "事務連絡　平成１７年７月２８日　独立行政法人医薬品医療機器総合機構　御中"
    assert coverage(sample, text) >= 0.85, text[:80]
    start = text.index("厚生労働省")
    coding = project.coding.tag(Target(document, start, start + 5), "finance", "hanako").value
    rects = project.documents.rects(document, start, start + 5)
    assert rects and all(r.page == 0 and 0 <= r.x0 < r.x1 <= 600 for r in rects)

    again, _ = project.ocr.run([document], {0, 1})
    assert again.documents[0].kept >= 1, again.lines()
    assert project.ocr.pending(document) == list(range(2, 8))
    redo, _ = project.ocr.run([document], {0}, dpi=300)
    assert redo.documents[0].read == 1, redo.lines()
    moved = next(a for a in project.coding.annotations() if a.id == coding)
    assert moved.quote == "厚生労働省" and moved.anchor in ("exact", "moved")

    out = tmp_path / "out.xlsx"
    project.exports.workbook(out)
    long = list(load_workbook(out)["Long"].iter_rows(values_only=True))
    assert any("厚生労働省" in str(cell) for row in long[1:] for cell in row)


def test_the_garbled_kanpo_page_is_read_and_keeps_its_readable_english(
        project: Project) -> None:
    (outcome,) = project.importer.import_files([corpus_pdf("garbled_kanpo_procurement.pdf")]).value
    document = outcome.document_id
    assert document is not None
    before = project.documents.text(document)
    assert "Salesforce" in before and "Digital" in before  # readable fonts are kept
    project.ocr.run([document])
    text = project.documents.text(document)
    sample = "官報　発行　内閣府（原稿作成　国立印刷局）　政府調達公告版　目次　入札公告"
    assert coverage(sample, text) >= 0.8, text[:120]
    assert "Salesforce" in text and text.count("Salesforce") == before.count("Salesforce")
    assert not project.documents.pages(document)[0].garbled


def test_a_garbled_footnote_is_recovered_by_ocr(project: Project, tmp_path: Path) -> None:
    document = _import(project, tmp_path, "partly.pdf", partly_garbled_pdf())
    before = project.documents.text(document)
    project.ocr.run([document], dpi=300)
    text = project.documents.text(document)
    assert coverage(NOTE_TEXT, text) >= 0.8, text
    assert before.replace("\n", "") in text.replace("\n", "")  # the body is all still there
    low = project.documents.low_confidence(document)
    assert all(0 <= a < b <= len(text) for a, b in low)
