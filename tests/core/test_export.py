"""The consolidated Excel workbook and the CSV files, opened again as a researcher would."""

from __future__ import annotations

import csv
import zipfile
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select, update

from annotator.errors import NotFoundError
from annotator.export.service import ExportCancelledError, ExportOptions
from annotator.formats.cells import EXCEL_CELL_LIMIT, utf16_length
from annotator.formats.files import ExportFileError
from annotator.formats.xlsx import FONT_NAME, SheetFullError
from annotator.ids import AnnotationId, DocumentId
from annotator.kinds import UNCODED
from annotator.project import Project
from annotator.records import Target
from annotator.review.service import CONSENSUS
from cli.main import main
from db.models import Document, Page, Passage
from tests.support.samples import import_text

SHEETS = ["Codings", "Long", "Matrix", "Agreement", "Codebook", "About"]
KEYS = ["finance", "grants", "authority", "personnel", "information_sharing"]
LONG_TEXT = "財政支援の𠮷" * 7000  # 42,000 characters, 49,000 UTF-16 units
MEMOS = ["=SUM(1,2)", "+81", "-", "@x"]


class Coded:
    """A project with three documents, a nested code, two coders, a consensus and reviews."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.minutes = import_text(project, [
            "【荒見委員】\n新型コロナ緊急包括支援交付金は全額国費でまかなっている。\n"
            "- 権限の移譲について検討する。",
            "保健師の増員に係る地方財政措置を行う。\n𠮷野家の交付金について𠮷田委員が質問した。"],
            "第4回議事録.pdf")
        self.opinions = import_text(project, ["情報提供に躊躇する事例があった。\n"
                                              "○ 人材の確保が課題である。"], "意見.pdf")
        self.long = _long_document(project)
        _grants = project.codebook.add("grants", name_ja="補助金", color="#123456",
                                         parent=project.codebook.get("finance").id).value
        self.ids: dict[str, list[AnnotationId]] = {"hanako": [], "taro": []}
        self._code()

    def tag(self, document: DocumentId, start: int, end: int, code: str, coder: str,
            memo: str = "", passage: Any = None) -> AnnotationId:
        annotation = self.project.coding.tag(Target(document, start, end, passage), code,
                                                coder, memo).value
        self.ids[coder].append(annotation)
        return annotation

    def _code(self) -> None:
        project = self.project
        passages = [p for p in project.documents.passages() if p.kind not in UNCODED]
        for number, p in enumerate(passages):
            memo = MEMOS[number] if number < len(MEMOS) else ""
            self.tag(p.document_id, p.start, p.end, "finance", "hanako", memo, p.id)
            if number % 2:
                self.tag(p.document_id, p.start, p.end, "authority", "taro", "", p.id)
        text = project.documents.text(self.minutes)
        start = text.index("𠮷野家")
        self.free = self.tag(self.minutes, text.index("保健師"), start + 3, "grants", "taro",
                             "across two passages")
        self.inner = self.tag(self.minutes, start, start + 3, "personnel", "hanako", "𠮷")
        for coder in ("hanako", "taro"):
            for document in (self.minutes, self.opinions, self.long):
                project.coding.set_done(document, coder)
        project.review.decide(self.ids["hanako"][0], "accept", "boss")
        project.review.decide(self.ids["taro"][0], "reject", "boss", "not about money")
        project.review.adjudicate(self.minutes, [self.ids["hanako"][0], self.free], actor="boss")


def _long_document(project: Project) -> DocumentId:
    """A one-passage document longer than an Excel cell holds, written straight to the rows."""
    document = import_text(project, ["長い答申"], "長い答申.pdf")
    with project.db.write() as s:
        s.execute(update(Document).where(Document.id == document).values(text=LONG_TEXT))
        s.execute(update(Passage).where(Passage.document_id == document)
                  .values(start=0, end=len(LONG_TEXT)))
        s.execute(update(Page).where(Page.document_id == document).values(end=len(LONG_TEXT)))
    return document


@pytest.fixture
def coded(project: Project) -> Coded:
    return Coded(project)


def _export(coded: Coded, tmp_path: Path, options: ExportOptions | None = None,
            name: str = "out.xlsx") -> Any:
    target = tmp_path / name
    coded.project.exports.workbook(target, options)
    return load_workbook(target)


def _rows(sheet: Worksheet) -> list[dict[str, Any]]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:] if any(
        v is not None for v in row)]


def _header(sheet: Worksheet) -> list[Any]:
    return [c.value for c in next(sheet.iter_rows(max_row=1))]


def test_sheets_and_their_headers(coded: Coded, tmp_path: Path) -> None:
    book = _export(coded, tmp_path)
    assert book.sheetnames == SHEETS
    assert _header(book["Codings"]) == [
        "doc_id", "document", "page", "page_end", "passage_id", "kind", "start", "end",
        "speaker", "text", *KEYS, *(f"{k}_coders" for k in KEYS), "memos", "review", "done_by",
        "suggested"]
    assert _header(book["Long"]) == [
        "id", "doc_id", "document", "page", "passage_id", "start", "end", "code", "coder",
        "memo", "quote", "created_utc", "review", "reviewer", "review_comment", "reviewed_utc",
        "anchor", "origin"]
    assert _header(book["Matrix"]) == ["document", *KEYS, "total"]
    assert _header(book["Codebook"]) == [
        "key", "name_ja", "name_en", "parent", "path", "color", "shortcut", "definition",
        "include", "exclude", "examples", "rules", "codings", "guid"]
    assert _header(book["Agreement"])[:4] == ["code", "n_units", "n_units_alpha", "percent"]
    assert _header(book["About"]) == ["item", "value"]


def test_row_counts_and_flags_match_the_database(coded: Coded, tmp_path: Path) -> None:
    project = coded.project
    rows = _rows(_export(coded, tmp_path)["Codings"])
    annotations = project.coding.annotations()
    passages = project.documents.passages()
    coded_passages = {a.passage_id for a in annotations}
    free = {(a.document_id, a.start, a.end) for a in annotations if a.passage_id is None}
    expected = [p for p in passages if p.kind not in UNCODED or p.id in coded_passages]
    assert len(rows) == len(expected) + len(free)
    by_passage = {r["passage_id"]: r for r in rows if r["passage_id"] is not None}
    for p in expected:
        applied = {a.code for a in annotations if a.passage_id == p.id}
        row = by_passage[p.id]
        assert {k for k in KEYS if row[k] == 1} == applied
        assert all(row[k] in (0, 1) and isinstance(row[k], int) for k in KEYS)
    (free_row,) = [r for r in rows if r["kind"] == "range"]
    assert free_row["grants"] == 1 and free_row["grants_coders"] == f"{CONSENSUS}, taro"
    assert free_row["text"] == project.coding.get(coded.free).quote
    assert free_row["page"] == free_row["page_end"] == 2  # two passages of page 2
    long = _rows(_export(coded, tmp_path, name="again.xlsx")["Long"])
    assert len(long) == len(annotations)
    assert Counter(r["coder"] for r in long) == Counter(a.coder for a in annotations)


def test_the_astral_character_keeps_its_offsets(coded: Coded, tmp_path: Path) -> None:
    long = _rows(_export(coded, tmp_path)["Long"])
    (inner,) = [r for r in long if r["id"] == coded.inner]
    text = coded.project.documents.text(coded.minutes)
    assert inner["quote"] == "𠮷野家" == text[inner["start"]:inner["end"]]


def test_formula_like_text_is_flagged_as_text_and_unaltered(coded: Coded,
                                                            tmp_path: Path) -> None:
    book = _export(coded, tmp_path)
    sheet = book["Long"]
    memo = _header(sheet).index("memo") + 1
    cells = {c.value: c for c in (row[memo - 1] for row in sheet.iter_rows(min_row=2))
             if c.value in MEMOS}
    assert set(cells) == set(MEMOS)
    for cell in cells.values():
        assert cell.data_type == "s" and cell.quotePrefix
    bullet = [c for row in book["Codings"].iter_rows(min_row=2) for c in row
              if isinstance(c.value, str) and c.value.startswith("- 権限")]
    assert bullet and all(c.quotePrefix for c in bullet)
    with zipfile.ZipFile(tmp_path / "out.xlsx") as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_text_over_the_cell_limit_is_cut_with_a_mark_and_counted(coded: Coded,
                                                                 tmp_path: Path) -> None:
    book = _export(coded, tmp_path)
    (row,) = [r for r in _rows(book["Codings"]) if r["doc_id"] == coded.long]
    assert utf16_length(row["text"]) <= EXCEL_CELL_LIMIT
    assert row["text"].startswith(LONG_TEXT[:1000]) and "cut by Annotator" in row["text"]
    assert f"{len(LONG_TEXT):,}" in row["text"]
    about = {r["item"]: r["value"] for r in _rows(book["About"])}
    assert about["cells_cut_at_excel_limit"] == 2  # the passage and its coding's quote
    assert "Codings!J" in about["cells_cut_where"]


def test_matrix_counts_totals_and_a_bar_chart(coded: Coded, tmp_path: Path) -> None:
    book = _export(coded, tmp_path)
    rows = _rows(book["Matrix"])
    annotations = coded.project.coding.annotations()
    names = {d.id: d.name for d in coded.project.documents.all()}
    expected = Counter((names[a.document_id], a.code) for a in annotations)
    for row in rows[:-1]:
        assert [row[k] for k in KEYS] == [expected[(row["document"], k)] for k in KEYS]
        assert row["total"] == sum(row[k] for k in KEYS)
    assert rows[-1]["document"] == "total" and rows[-1]["total"] == len(annotations)
    assert book["Matrix"].auto_filter.ref == f"A1:G{len(rows)}"  # not over the totals
    (chart,) = book["Matrix"]._charts
    assert chart.tagname == "barChart" and len(chart.series) == len(KEYS)
    with zipfile.ZipFile(tmp_path / "out.xlsx") as archive:
        assert b"<barChart>" in archive.read("xl/charts/chart1.xml")


def test_conventions_frozen_filtered_sized_japanese_font_real_dates(coded: Coded,
                                                                    tmp_path: Path) -> None:
    book = _export(coded, tmp_path)
    for name in ("Codings", "Long", "Codebook"):
        sheet = book[name]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}" \
                                        f"{len(_rows(sheet)) + 1}"
    codings = book["Codings"]
    assert codings.column_dimensions["J"].width >= 60  # the passage text
    assert codings["J2"].alignment.wrap_text
    assert codings["B2"].font.name == FONT_NAME == codings["A1"].font.name
    long = book["Long"]
    created = long.cell(2, _header(long).index("created_utc") + 1)
    assert isinstance(created.value, datetime) and created.is_date
    assert isinstance(long["A2"].value, int)
    codebook = book["Codebook"]
    color = codebook.cell(2, 6)
    assert color.value == "#E6862A" and color.fill.fgColor.rgb.endswith("E6862A")


def test_codebook_sheet_counts_codings_in_tree_order(coded: Coded, tmp_path: Path) -> None:
    rows = _rows(_export(coded, tmp_path)["Codebook"])
    assert [r["key"] for r in rows] == KEYS
    usage = Counter(a.code for a in coded.project.coding.annotations())
    assert {r["key"]: r["codings"] for r in rows} == {k: usage[k] for k in KEYS}
    assert rows[1]["parent"] == "finance" and rows[1]["path"] == "財源 › 補助金"


def test_agreement_between_the_two_coders_with_the_methods_note(coded: Coded,
                                                                 tmp_path: Path) -> None:
    sheet = _export(coded, tmp_path)["Agreement"]
    values = list(sheet.iter_rows(values_only=True))
    labels = [row[0] for row in values]
    assert labels[1:len(KEYS) + 1] == KEYS and "(pooled)" in labels and "(macro mean)" in labels
    assert "methods (en)" in labels and "methods (ja)" in labels
    pooled = values[labels.index("(pooled)")]
    assert isinstance(pooled[3], float)  # percent agreement, a number


@pytest.mark.parametrize(("options", "coders"), [
    (ExportOptions(), {"hanako", "taro", CONSENSUS}),
    (ExportOptions("taro"), {"taro"}),
    (ExportOptions.consensus(), {CONSENSUS}),
])
def test_whose_codings(coded: Coded, tmp_path: Path, options: ExportOptions,
                       coders: set[str]) -> None:
    book = _export(coded, tmp_path, options)
    long = _rows(book["Long"])
    assert {r["coder"] for r in long} == coders
    expected = [a for a in coded.project.coding.annotations() if a.coder in coders]
    assert len(long) == len(expected)
    flagged = sum(r[k] for r in _rows(book["Codings"]) for k in KEYS)
    assert flagged == len({(a.passage_id or (a.start, a.end), a.code) for a in expected})
    about = {r["item"]: r["value"] for r in _rows(book["About"])}
    assert about["filter"] == options.describe()


def test_accepted_only(coded: Coded, tmp_path: Path) -> None:
    long = _rows(_export(coded, tmp_path, ExportOptions(accepted_only=True))["Long"])
    assert [(r["id"], r["review"], r["reviewer"]) for r in long] == [
        (coded.ids["hanako"][0], "accepted", "boss")]


def test_review_columns(coded: Coded, tmp_path: Path) -> None:
    book = _export(coded, tmp_path)
    long = {r["id"]: r for r in _rows(book["Long"])}
    rejected = long[coded.ids["taro"][0]]
    assert (rejected["review"], rejected["reviewer"], rejected["review_comment"]) == (
        "rejected", "boss", "not about money")
    assert isinstance(rejected["reviewed_utc"], datetime)
    assert long[coded.inner]["review"] == "unreviewed"
    states = {r["review"] for r in _rows(book["Codings"])}
    assert "unreviewed" in states and any(s and "accepted 1" in s for s in states)


def test_an_unknown_coder_is_refused(coded: Coded, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="hanaco"):
        coded.project.exports.workbook(tmp_path / "x.xlsx", ExportOptions("hanaco"))
    assert not (tmp_path / "x.xlsx").exists()


def test_cancelling_keeps_the_previous_file_and_leaves_nothing_else(coded: Coded,
                                                                    tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    coded.project.exports.workbook(target)
    before = target.read_bytes()
    with pytest.raises(ExportCancelledError):
        coded.project.exports.workbook(target, cancelled=lambda: True)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_progress_ends_at_the_total(coded: Coded, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    coded.project.exports.workbook(tmp_path / "out.xlsx", progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1] and all(d <= t for d, t in seen)


def test_a_missing_folder_is_a_clear_error(coded: Coded, tmp_path: Path) -> None:
    with pytest.raises(ExportFileError, match="no such folder"):
        coded.project.exports.workbook(tmp_path / "nowhere" / "out.xlsx")


def test_csv_files_have_a_bom_full_texts_and_apostrophes(coded: Coded, tmp_path: Path) -> None:
    coded.project.exports.csv(tmp_path / "csv")
    raw = (tmp_path / "csv" / "codings.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with (tmp_path / "csv" / "long.csv").open(encoding="utf-8-sig", newline="") as f:
        long = list(csv.DictReader(f))
    with (tmp_path / "csv" / "codings.csv").open(encoding="utf-8-sig", newline="") as f:
        codings = list(csv.DictReader(f))
    assert len(long) == len(coded.project.coding.annotations())
    assert {"'=SUM(1,2)", "'+81", "'-", "'@x"} <= {r["memo"] for r in long}
    assert LONG_TEXT in {r["text"] for r in codings}  # CSV keeps the whole text
    assert len(codings) == len(_rows(_export(coded, tmp_path)["Codings"]))


def test_cli_export_writes_the_workbook_and_csv(coded: Coded, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = str(coded.project.path)
    coded.project.close()
    code = main(["export", path, str(tmp_path / "cli.xlsx"), "--csv", str(tmp_path / "c"),
                 "--coder", "taro"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "cli.xlsx" in out and (tmp_path / "c" / "long.csv").exists()
    assert {r["coder"] for r in _rows(load_workbook(tmp_path / "cli.xlsx")["Long"])} == {"taro"}
    assert main(["export", path]) == 2


def test_one_coder_project_says_why_there_is_no_agreement(project: Project,
                                                          tmp_path: Path) -> None:
    document = import_text(project, ["交付金を配分する。"])
    (passage,) = project.documents.passages(document)
    project.coding.tag(Target(document, passage.start, passage.end, passage.id), "finance", "a")
    project.exports.workbook(tmp_path / "one.xlsx")
    sheet = load_workbook(tmp_path / "one.xlsx")["Agreement"]
    assert "two or more coders" in str(sheet["A2"].value)


def test_the_passage_table_ignores_a_document_without_codings(project: Project,
                                                              tmp_path: Path) -> None:
    import_text(project, ["交付金を配分する。"])
    project.exports.workbook(tmp_path / "empty.xlsx")
    book = load_workbook(tmp_path / "empty.xlsx")
    assert len(_rows(book["Codings"])) == 1 and _rows(book["Long"]) == []
    assert not book["Matrix"]._charts or _rows(book["Matrix"])[-1]["total"] == 0
    with project.db.read() as s:
        assert s.scalar(select(Passage.id)) is not None


def test_review_states_are_those_of_the_review_service(coded: Coded, tmp_path: Path) -> None:
    """The export reads decisions in bulk; it must agree with the review queue on each one."""
    project = coded.project
    project.review.decide(coded.ids["hanako"][0], "discuss", "boss", "again?")  # a later one
    long = {r["id"]: r for r in _rows(_export(coded, tmp_path)["Long"])}
    queue = project.review.queue(include_consensus=True)  # the export has every coding
    assert len(queue) == len(long)
    for item in queue:
        row = long[item.id]
        assert (row["review"], row["reviewer"], row["review_comment"] or "") == (
            item.review.state, item.review.reviewer, item.review.comment)
    assert long[coded.ids["hanako"][0]]["review"] == "discussion"


def test_more_rows_than_excel_holds_is_a_clear_error_not_a_broken_file(
        coded: Coded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("annotator.formats.xlsx.EXCEL_ROWS", 5)
    with pytest.raises(SheetFullError, match="export CSV instead"):
        coded.project.exports.workbook(tmp_path / "big.xlsx")
    assert [p.name for p in tmp_path.iterdir() if ".xlsx" in p.name] == []


def test_a_coder_can_keep_coding_during_an_export(coded: Coded, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The export reads one snapshot; a coding made meanwhile waits for the next export."""
    monkeypatch.setattr("annotator.export.tables._TICK", 1)  # report after every row
    project = coded.project
    passage = project.documents.passages(coded.opinions)[0]
    made: list[AnnotationId] = []

    def progress(_done: int, _total: int) -> None:
        if not made:
            made.append(project.coding.tag(Target(coded.opinions, passage.start, passage.end,
                                                  passage.id), "personnel", "jiro").value)

    project.exports.workbook(tmp_path / "out.xlsx", progress=progress)
    assert made and project.coding.get(made[0]).coder == "jiro"
    long = _rows(load_workbook(tmp_path / "out.xlsx")["Long"])
    assert "jiro" not in {r["coder"] for r in long}
