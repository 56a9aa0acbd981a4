"""Import: what is stored, page geometry, and that failures leave nothing behind."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from sqlalchemy import func, select

from annotator.documents import importing
from annotator.documents.importing import FAILED, IMPORTED, SKIPPED
from annotator.pdf.extract import EXTRACTOR_VERSION
from annotator.pdf.reader import PdfFile
from annotator.project import Project
from db.models import Blob, Document, Page, Passage
from tests.support.samples import typeset

PAGES = ["第1回検討会\n交付金の配分について議論した。\n𠮷田委員が質問した。",
         "保健師の増員に係る地方財政措置を行う。"]


def _count(project: Project, model: type) -> int:
    with project.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_import_stores_the_pdf_text_pages_and_extractor(project: Project) -> None:
    data = typeset(PAGES)
    outcome = project.importer.import_bytes("会議.pdf", data)
    assert (outcome.status, outcome.pages) == (IMPORTED, 2)
    assert outcome.document_id is not None
    info = project.documents.get(outcome.document_id)
    assert (info.name, info.extractor, info.pages) == ("会議.pdf", EXTRACTOR_VERSION, 2)
    assert project.documents.pdf(info.id) == data  # the project file travels alone
    text = project.documents.text(info.id)
    assert "交付金の配分について議論した。" in text and "𠮷田委員" in text
    pages = project.documents.pages(info.id)
    assert [p.number for p in pages] == [0, 1]
    assert pages[0].start == 0 and pages[-1].end == len(text)
    assert all(a.end == b.start for a, b in itertools.pairwise(pages))
    assert info.chars == len(text)


def test_every_character_maps_to_its_box_and_back(project: Project) -> None:
    outcome = project.importer.import_bytes("会議.pdf", typeset(PAGES))
    assert outcome.document_id is not None
    doc = outcome.document_id
    text = project.documents.text(doc)
    start = text.index("𠮷田委員")
    (rect,) = project.documents.rects(doc, start, start + 4)  # one line, one rectangle
    assert rect.page == 0 and rect.x1 > rect.x0 and rect.y1 > rect.y0
    with PdfFile(project.documents.pdf(doc)) as pdf:
        page = pdf.page(0)
    chars = [c for b in page.blocks for line in b.lines for c in line.chars]
    first = next(c for c in chars if c.char == "𠮷")
    assert (rect.x0, rect.y0) == pytest.approx((first.x0, first.y0), abs=0.01)
    middle = ((rect.x0 + rect.x1) / 2, (rect.y0 + rect.y1) / 2)
    assert text[project.documents.offset_at(doc, 0, *middle) or 0] in "𠮷田委員"
    second = text.index("保健師")
    rects = project.documents.rects(doc, start, second + 3)  # across the page break
    assert {r.page for r in rects} == {0, 1}
    assert project.documents.page_of(doc, second) == 1


def test_a_failure_while_storing_leaves_nothing_half_written(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(importing, "store_extraction", broken)
    with pytest.raises(OSError, match="disk full"):
        project.importer.import_bytes("会議.pdf", typeset(PAGES))
    for model in (Blob, Document, Page, Passage):
        assert _count(project, model) == 0, model


def test_bad_files_are_reported_and_not_stored(project: Project) -> None:
    data = typeset(PAGES)
    outcomes = [project.importer.import_bytes(name, payload) for name, payload in [
        ("empty.pdf", b""), ("half.pdf", data[: len(data) // 2]),
        ("page.pdf", b"<html><body>404</body></html>"), ("good.pdf", data),
        ("copy.pdf", data)]]
    assert [o.status for o in outcomes] == [FAILED, FAILED, FAILED, IMPORTED, SKIPPED]
    assert outcomes[4].reason == "already in project (as good.pdf)"
    assert _count(project, Blob) == _count(project, Document) == 1


def test_cancel_stops_before_the_file_is_written(project: Project) -> None:
    checks = iter([False, False, True])  # before page 1, before page 2, before writing
    with pytest.raises(importing.CancelledError):
        project.importer.import_bytes("会議.pdf", typeset(PAGES), cancelled=lambda: next(checks))
    assert _count(project, Document) == _count(project, Blob) == 0


def test_cancelling_a_batch_keeps_the_files_already_imported(project: Project,
                                                             tmp_path: Path) -> None:
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    first.write_bytes(typeset(PAGES))
    second.write_bytes(typeset(PAGES[::-1]))
    progress: list[tuple[str, int, int]] = []
    _op = project.importer.import_files(
        [first, second], progress=lambda *p: progress.append(p),
        cancelled=lambda: len(progress) >= 3)
    outcomes, changes = _op.value, _op.changes
    assert [o.name for o in outcomes] == ["a.pdf"]
    assert progress[:2] == [("a.pdf", 1, 2), ("a.pdf", 2, 2)]
    assert changes.documents == {outcomes[0].document_id}
    assert [d.name for d in project.documents.all()] == ["a.pdf"]


def test_scanned_pages_are_flagged_and_the_document_kept(project: Project) -> None:
    from tests.support.pdf_factory import make_scanned_pdf

    outcome = project.importer.import_bytes("scan.pdf", make_scanned_pdf())
    assert outcome.status == IMPORTED and outcome.passages == 0
    assert any("needs OCR" in w for w in outcome.warnings)
    assert outcome.document_id is not None
    assert all(p.needs_ocr for p in project.documents.pages(outcome.document_id))
