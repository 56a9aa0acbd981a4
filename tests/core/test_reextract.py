"""Re-extraction: code with an older extractor, extract again, and keep every coding."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pytest
from sqlalchemy import func, select

import annotator.documents.importing
import annotator.documents.reextract
from annotator.documents.reanchor import loose
from annotator.ids import AnnotationId, DocumentId
from annotator.pdf.extract import EXTRACTOR_VERSION, ExtractedDocument, PassageSpan, extract
from annotator.pdf.reader import PageContent, PdfFile
from annotator.pdf.textbuild import TextBuilder
from annotator.project import Project
from annotator.records import AnnotationRow, Target
from cli.main import main
from db.models import Annotation, Document, History, Page, Passage, PassageTerm
from tests.support.samples import import_text

OLD_VERSION = "0"
WRAP = 20
PAGES = [
    "本日は地方分権について議論する。行政のデジタル化の推進が課題である。\n"
    "交付金の配分について議論します。\n"
    "地方財政措置の拡充を求める意見が出された。",
    "𠮷田委員　人材の確保が課題です。保健師を増員し、交付した。\n情報共有の仕組みを整える。",
]


def older_extract(pages: Iterable[PageContent]) -> ExtractedDocument:
    """A cruder extractor: a running header '- N -' per page and a hard line break every
    20 characters of a line (so 'デジタル' comes out as 'デ\\nジタル')."""
    builder = TextBuilder()
    passages = []
    for page in pages:
        header = f"- {page.number + 1} -"
        if builder.length:
            builder.gap("\n\n")
        passages.append(PassageSpan(builder.length, builder.length + len(header), page.number,
                                    page.number, kind="header"))
        builder.chars(header, [(0.0, 0.0, 1.0, 1.0)] * len(header))
        for block in page.blocks:
            builder.gap("\n\n")
            start = builder.length
            for number, line in enumerate(block.lines):
                if number:
                    builder.gap("\n")
                for i, char in enumerate(line.chars):
                    if i and i % WRAP == 0:
                        builder.gap("\n")
                    builder.char(char.char, (char.x0, char.y0, char.x1, char.y1))
            passages.append(PassageSpan(start, builder.length, page.number, page.number))
        builder.end_page(page.number, page.width, page.height)
    return ExtractedDocument(builder.text(), builder.pages, passages, [])


def import_old(project: Project, name: str = "old.pdf") -> DocumentId:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(annotator.documents.importing, "extract", older_extract)
        patch.setattr(annotator.documents.importing, "EXTRACTOR_VERSION", OLD_VERSION)
        return import_text(project, PAGES, name)


def tag_range(project: Project, doc: DocumentId, quote: str, code: str,
              coder: str = "hanako") -> AnnotationId:
    text = project.documents.text(doc)
    start = text.index(quote)
    annotation = project.coding.tag(Target(doc, start, start + len(quote)), code, coder).value
    return annotation


def tag_passage(project: Project, doc: DocumentId, quote: str, code: str,
                coder: str = "hanako") -> AnnotationId:
    (passage,) = [p for p in project.documents.passages(doc) if p.text == quote]
    annotation = project.coding.tag(Target(doc, passage.start, passage.end, passage.id), code,
                                       coder).value
    return annotation


CODINGS = {  # name: (tag as passage?, old quote, new quote, anchor)
    "passage": (True, "交付金の配分について議論します。", "交付金の配分について議論します。",
                "exact"),
    "line_break": (False, "デ\nジタル化の推進", "デジタル化の推進", "fuzzy"),
    "astral": (False, "𠮷田委員", "𠮷田委員", "exact"),
    "over_pages": (False, "出された\n。\n\n- 2 -\n\n𠮷田委員", "出された。\n\n𠮷田委員", "fuzzy"),
    "header": (True, "- 1 -", None, "lost"),
    "wrapped": (True, "地方財政措置の拡充を求める意見が出された\n。",
                "地方財政措置の拡充を求める意見が出された。", "fuzzy"),
}


@pytest.fixture
def coded(project: Project) -> tuple[DocumentId, dict[str, AnnotationId]]:
    doc = import_old(project)
    assert project.documents.get(doc).extractor == OLD_VERSION
    ids = {}
    for name, (as_passage, quote, _new, _anchor) in CODINGS.items():
        tag = tag_passage if as_passage else tag_range
        ids[name] = tag(project, doc, quote, "finance")
    ids["other_coder"] = tag_passage(project, doc, "情報共有の仕組みを整える。", "authority", "ben")
    return doc, ids


def rows_by_id(project: Project) -> dict[AnnotationId, AnnotationRow]:
    return {a.id: a for a in project.coding.annotations()}


def current_extraction(project: Project, doc: DocumentId) -> ExtractedDocument:
    """What the current extractor makes of the document (it is being improved meanwhile)."""
    with PdfFile(project.documents.pdf(doc)) as pdf:
        return extract(pdf.pages())


def summary(passages: int, exact: int, fuzzy: int, lost: int, name: str = "old.pdf") -> str:
    return (f"reextracted {name}: {passages} passages; codings: {exact} exact, 0 moved, "
            f"{fuzzy} fuzzy, {lost} lost")


def test_every_coding_follows_its_quote_to_the_new_extraction(
        project: Project, coded: tuple[DocumentId, dict[str, AnnotationId]]) -> None:
    doc, ids = coded
    before = rows_by_id(project)
    _op = project.reextract.run()
    report, changes = _op.value, _op.changes

    expected = current_extraction(project, doc)
    (outcome,) = report.documents
    assert outcome.line() == summary(len(expected.passages), 3, 3, 1)
    assert changes.passages_in == changes.annotations_in == changes.documents == {doc}
    text = project.documents.text(doc)
    assert text == expected.text
    assert "- 1 -" not in text and "デジタル化" in text
    assert project.documents.get(doc).extractor == EXTRACTOR_VERSION

    after = rows_by_id(project)
    assert after.keys() == before.keys()  # nothing dropped
    assert all(text[a.start:a.end] == a.quote for a in after.values())
    for name, (_as_passage, _old, new_quote, anchor) in CODINGS.items():
        row = after[ids[name]]
        assert row.anchor == anchor, name
        if new_quote is not None:  # the separators between passages are the extractor's choice
            assert loose(row.quote) == loose(new_quote), name
            assert row.quote == new_quote or anchor == "fuzzy", name
    assert after[ids["other_coder"]].anchor == "exact"
    assert after[ids["other_coder"]].memo == before[ids["other_coder"]].memo

    lost = after[ids["header"]]
    assert (lost.start, lost.end) == (before[ids["header"]].start, before[ids["header"]].end)
    assert lost.passage_id is None  # parked, not coding a passage
    flagged = {f.id: f for f in outcome.flagged}
    assert set(flagged) == {ids[n] for n in ("line_break", "over_pages", "header", "wrapped")}
    assert (flagged[ids["header"]].old_quote, flagged[ids["header"]].anchor) == ("- 1 -", "lost")
    assert flagged[ids["line_break"]].old_quote == "デ\nジタル化の推進"
    at = text.index("デジタル化の推進")
    assert flagged[ids["line_break"]].line() == (
        f"  fuzzy #{ids['line_break']} finance (hanako) [{at}:{at + 8}]: "
        "was 'デ\\nジタル化の推進', now 'デジタル化の推進'")


def test_passage_links_follow_the_new_passages(
        project: Project, coded: tuple[DocumentId, dict[str, AnnotationId]]) -> None:
    doc, ids = coded
    project.reextract.run()
    passages = {p.id: p for p in project.documents.passages(doc)}
    expected = current_extraction(project, doc)
    assert [(p.start, p.end) for p in passages.values()] == [
        (p.start, p.end) for p in expected.passages]
    after = rows_by_id(project)
    for row in after.values():
        if row.passage_id is not None:
            passage = passages[row.passage_id]
            assert passage.start <= row.start < row.end <= passage.end
    for name in ("passage", "wrapped", "line_break", "astral"):
        assert after[ids[name]].passage_id is not None, name  # inside one new passage
    assert after[ids["over_pages"]].passage_id is None  # spans two passages


def test_an_identical_extraction_changes_no_coding(project: Project) -> None:
    doc = import_text(project, PAGES)  # by the current extractor: same passages, same ids
    ids = [tag_range(project, doc, "デジタル化", "finance"),
           tag_passage(project, doc, "情報共有の仕組みを整える。", "authority")]
    before = rows_by_id(project)
    assert all(row.passage_id is not None for row in before.values())
    report = project.reextract.run(force=True).value
    assert report.documents[0].line() == summary(len(project.documents.passages(doc)), 2, 0, 0,
                                                 "sample.pdf")
    assert rows_by_id(project) == before  # passage ids were reused, and links kept
    with project.db.read() as s:
        assert s.scalars(select(History.annotation_id).where(
            History.action == "reanchor")).all() == []
    assert sorted(before) == sorted(ids)


def test_history_keeps_what_each_coding_was(
        project: Project, coded: tuple[DocumentId, dict[str, AnnotationId]]) -> None:
    _doc, ids = coded
    before = rows_by_id(project)
    project.reextract.run(actor="migration")
    with project.db.read() as s:
        rows = s.scalars(select(History).where(History.action == "reanchor")).all()
    assert sorted(r.annotation_id for r in rows) == sorted(before)
    by_id = {r.annotation_id: r for r in rows}
    for annotation_id, row in before.items():
        old = json.loads(by_id[annotation_id].before or "{}")
        new = json.loads(by_id[annotation_id].after or "{}")
        assert (old["start"], old["end"], old["quote"], old["anchor"]) == (
            row.start, row.end, row.quote, "exact")
        assert new["id"] == annotation_id
    assert json.loads(by_id[ids["header"]].after or "{}")["anchor"] == "lost"


def test_search_finds_the_new_passages(
        project: Project, coded: tuple[DocumentId, dict[str, AnnotationId]]) -> None:
    doc, _ids = coded
    assert project.search.search("デジタル") == []  # 'デ\nジタル' in the old text
    project.reextract.run()
    passages = project.documents.passages(doc)
    hits = project.search.search("デジタル")
    assert [h.passage.id for h in hits] == [p.id for p in passages if "デジタル" in p.text] != []
    assert [h.passage.id for h in project.search.search("交付")] == [
        p.id for p in passages if "交付" in p.text]
    with project.db.read() as s:
        orphans = s.scalar(select(func.count()).select_from(PassageTerm).where(
            PassageTerm.passage_id.not_in(select(Passage.id))))
    assert orphans == 0


def test_a_current_document_is_skipped_unless_forced_or_named(
        project: Project, coded: tuple[DocumentId, dict[str, AnnotationId]]) -> None:
    old, ids = coded
    current = import_text(project, ["保健師の増員に係る地方財政措置を行う。"], "current.pdf")
    kept = tag_range(project, current, "地方財政措置", "finance")
    _op = project.reextract.run()
    report, changes = _op.value, _op.changes
    assert [o.line() for o in report.documents] == [
        summary(len(current_extraction(project, old).passages), 3, 3, 1),
        f"skipped current.pdf: already current (extractor {EXTRACTOR_VERSION})"]
    assert changes.documents == {old}

    _op = project.reextract.run()
    again, changes = _op.value, _op.changes
    assert [o.status for o in again.documents] == ["skipped", "skipped"]
    assert changes.documents == frozenset()

    named = project.reextract.run(current).value
    assert [o.line() for o in named.documents] == [
        summary(len(current_extraction(project, current).passages), 1, 0, 0, "current.pdf")]
    assert project.coding.get(kept).anchor == "exact"

    forced = project.reextract.run(force=True).value
    assert [o.status for o in forced.documents] == ["reextracted", "reextracted"]
    (first, _second) = forced.documents
    # Flags stay until a person deals with them, and a lost coding still remembers its quote.
    assert (first.exact, first.moved, first.fuzzy, first.lost) == (3, 0, 3, 1)
    lost = {f.id: f for f in first.flagged}[ids["header"]]
    assert lost.old_quote == "- 1 -"
    assert project.coding.get(ids["header"]).anchor == "lost"


def test_a_document_from_a_newer_extractor_is_only_redone_when_forced(
        project: Project, coded: tuple[DocumentId, dict[str, AnnotationId]]) -> None:
    doc, _ids = coded
    newer = str(int(EXTRACTOR_VERSION) + 1)
    with project.db.write() as s:
        s.get_one(Document, doc).extractor = newer
    for named in (None, doc):
        report = project.reextract.run(named).value
        assert [o.line() for o in report.documents] == [
            f"skipped old.pdf: extracted by a newer extractor ({newer}) than this one "
            f"({EXTRACTOR_VERSION}); --force to redo it"]
    report = project.reextract.run(force=True).value
    assert report.documents[0].status == "reextracted"
    assert project.documents.get(doc).extractor == EXTRACTOR_VERSION


def test_a_failure_leaves_the_document_exactly_as_it_was(
        project: Project, coded: tuple[DocumentId, dict[str, AnnotationId]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    doc, _ids = coded
    before = dump(project, doc)

    def broken(*_args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(annotator.documents.reextract, "store_extraction", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        project.reextract.run()
    assert dump(project, doc) == before


def test_an_extraction_without_text_is_refused_when_codings_would_have_nowhere_to_go(
        project: Project, coded: tuple[DocumentId, dict[str, AnnotationId]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    doc, _ids = coded
    before = dump(project, doc)
    monkeypatch.setattr(annotator.documents.reextract, "extract",
                        lambda pages: ExtractedDocument("", [], [], []))
    _op = project.reextract.run()
    report, changes = _op.value, _op.changes
    assert [o.line() for o in report.documents] == [
        "error old.pdf: the new extraction has no text; 7 codings would have nowhere to go "
        "(kept the old extraction)"]
    assert changes.documents == frozenset()
    assert dump(project, doc) == before


def dump(project: Project, doc: DocumentId) -> tuple[object, ...]:
    """Everything a re-extraction touches, as plain values."""
    with project.db.read() as s:
        document = s.get_one(Document, doc)
        return (
            document.text, document.extractor, document.warnings,
            s.execute(select(Page.id, Page.start, Page.end, Page.boxes)
                      .where(Page.document_id == doc).order_by(Page.id)).all(),
            s.execute(select(Passage.id, Passage.start, Passage.end, Passage.indexed)
                      .where(Passage.document_id == doc).order_by(Passage.id)).all(),
            s.execute(select(Annotation.id, Annotation.passage_id, Annotation.start,
                             Annotation.end, Annotation.quote, Annotation.anchor,
                             Annotation.updated_at).order_by(Annotation.id)).all(),
            s.scalar(select(func.count()).select_from(History)),
            s.scalar(select(func.count()).select_from(PassageTerm)),
        )


# the command line ------------------------------------------------------------------------------

def test_cli_prints_a_line_per_document_and_per_coding_to_look_at(
        project: Project, coded: tuple[DocumentId, dict[str, AnnotationId]],
        capsys: pytest.CaptureFixture[str]) -> None:
    doc, ids = coded
    path = str(project.path)
    assert main(["reextract", path]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == summary(len(current_extraction(project, doc).passages), 3, 3, 1)
    assert len(lines) == 5
    assert lines[1].startswith(f"  fuzzy #{ids['line_break']} finance (hanako) [")
    assert any(line.startswith(f"  lost #{ids['header']} finance (hanako) [")
               and "was '- 1 -'" in line for line in lines)
    assert "old.pdf: page 2/2" in err

    assert main(["reextract", path]) == 0
    assert capsys.readouterr().out == (
        f"skipped old.pdf: already current (extractor {EXTRACTOR_VERSION})\n")

    assert main(["reextract", path, "--force", "--json"]) == 0
    (outcome,) = json.loads(capsys.readouterr().out)
    assert (outcome["status"], outcome["lost"], outcome["fuzzy"]) == ("reextracted", 1, 3)
    lost = [f for f in outcome["flagged"] if f["anchor"] == "lost"]
    assert [(f["id"], f["old_quote"], f["code"], f["coder"]) for f in lost] == [
        (ids["header"], "- 1 -", "finance", "hanako")]


def test_cli_unknown_document_is_a_usage_error(project: Project, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    import_old(project)
    assert main(["reextract", str(project.path), "--document", "99"]) == 2
    assert "no document with id 99" in capsys.readouterr().err
    assert main(["reextract", str(tmp_path / "missing.annot")]) == 2
    assert project.documents.all()[0].extractor == OLD_VERSION


def test_older_extract_really_differs_from_the_current_one() -> None:
    """Guards the premise of these tests: the toy extractor is not the real one."""
    assert older_extract is not extract and OLD_VERSION != EXTRACTOR_VERSION
