"""Codebook files: .qdc (REFI-QDA) and .xlsx, their round trip, merging, and bad files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from openpyxl import Workbook, load_workbook

from annotator.codebook.files import CodebookIO
from annotator.errors import InvalidInputError
from annotator.formats.codebook_sheet import CodebookFileError
from annotator.formats.qdc import NS
from annotator.project import Project
from annotator.records import CodeRow, Target
from cli.main import main
from tests.support.samples import import_text

STANDARDS = Path(__file__).resolve().parents[3] / "shared" / "standards" / "refi-qda"
FIELDS = ("guid", "key", "name", "name_ja", "color", "shortcut", "definition", "include_note",
          "exclude_note", "examples")
FORMATS = (".qdc", ".xlsx")


def snapshot(project: Project) -> list[tuple[Any, ...]]:
    """Every field of every code, in tree order, the parent by GUID (ids differ by project)."""
    codes = project.codebook.all()
    guids = {c.id: c.guid for c in codes}
    return [(*(getattr(c, f) for f in FIELDS), guids.get(c.parent) if c.parent else None)
            for c in codes]


@pytest.fixture
def edited(project: Project) -> Project:
    """The default codebook edited the ways users edit it: nested, renamed, described."""
    book = project.codebook
    finance = book.get("finance").id
    grants = book.add("grants", name_ja="補助金", parent=finance, color="#abcdef",
                         definition="=補助金 and 交付金\r\nnot <taxes> & \"levies\" ?>",
                         include_note="Include: 補助金\n\nExamples: not a section",
                         examples="「𠮷野町への補助金」", shortcut="5").value
    book.add("", name_ja="国庫負担", parent=grants, definition="-負担金")
    book.add("devolution", key="devolution_key", color="#000000",
             exclude_note="+ not 委任 alone")
    book.update(book.get("authority").id, definition="", name_ja="権限・関与")
    book.move(book.get("personnel").id, None, 0)
    return project


@pytest.mark.parametrize("suffix", FORMATS)
def test_export_then_import_gives_back_the_same_codebook(edited: Project, tmp_path: Path,
                                                         suffix: str) -> None:
    path = tmp_path / f"codebook{suffix}"
    assert edited.codebook_files.export_file(path) == len(edited.codebook.all())
    with Project(tmp_path / "fresh.annot") as fresh:
        _op = fresh.codebook_files.import_file(path, prune=True)
        report, changes = _op.value.report, _op.changes
        assert snapshot(fresh) == snapshot(edited)
        assert changes.codebook and report.changed
    report = edited.codebook_files.import_file(path).value.report
    assert not report.changed and report.unchanged == len(edited.codebook.all())


@pytest.mark.parametrize("suffix", FORMATS)
def test_import_undoes_edits_field_for_field(edited: Project, tmp_path: Path,
                                             suffix: str) -> None:
    path = tmp_path / f"codebook{suffix}"
    edited.codebook_files.export_file(path)
    before = snapshot(edited)
    book = edited.codebook
    book.update(book.get("finance").id, color="#111111", definition="changed", shortcut="9")
    book.update(book.get("authority").id, shortcut="1", key="auth")  # takes finance's 1
    book.move(book.get("grants").id, None)
    report = edited.codebook_files.import_file(path).value.report
    assert snapshot(edited) == before
    updated = dict(report.updated)
    assert set(updated["finance"]) == {"color", "definition", "shortcut"}
    assert set(updated["auth"]) == {"key", "shortcut"}
    assert updated["grants"] == ["parent"]


def test_qdc_is_valid_refi_qda(edited: Project, tmp_path: Path) -> None:
    xsd = STANDARDS / "Codebook.xsd"
    if not xsd.exists():
        pytest.skip(f"{xsd} is not here (../shared is missing)")
    schema = etree.XMLSchema(etree.parse(str(xsd)))
    path = tmp_path / "codebook.qdc"
    edited.codebook_files.export_file(path)
    document = etree.parse(str(path))
    assert schema.validate(document), schema.error_log
    root = document.getroot()
    assert root.tag == f"{{{NS}}}CodeBook"
    finance = root.find(f"{{{NS}}}Codes/{{{NS}}}Code[@name='finance']")
    assert finance is not None and finance.get("color") == "#E6862A"
    assert finance.get("guid") == "5b1c1e7a-0f2d-4a51-9c3e-1a0f00000001"
    (grants,) = finance.findall(f"{{{NS}}}Code")  # nested
    assert grants.get("isCodable") == "true" and len(grants.findall(f"{{{NS}}}Code")) == 1
    description = finance.findtext(f"{{{NS}}}Description")
    assert description.startswith("Money flowing") and "\n\nInclude: " in description


def test_default_codes_have_the_same_guids_everywhere(tmp_path: Path) -> None:
    with Project(tmp_path / "a.annot") as a, Project(tmp_path / "b.annot") as b:
        assert snapshot(a) == snapshot(b)
        assert {c.guid for c in a.codebook.all()} == {
            f"5b1c1e7a-0f2d-4a51-9c3e-1a0f0000000{n}" for n in range(1, 5)}


FOREIGN = f"""<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="{NS}" origin="MAXQDA 2022">
  <Codes>
    <Code guid="{{AAAAAAAA-0000-4000-8000-000000000001}}" name="finance" isCodable="true"
          color="#F00">
      <Description>Money.

Exclude: taxes</Description>
      <Code guid="aaaaaaaa-0000-4000-8000-000000000002" name="地方交付税" isCodable="true"/>
    </Code>
    <Code guid="5b1c1e7a-0f2d-4a51-9c3e-1a0f00000002" name="Authority (renamed)"
          isCodable="false" color="#3B6FB6"><Description>Powers.</Description></Code>
  </Codes>
</CodeBook>
"""


def _write(tmp_path: Path, text: str, name: str = "in.qdc") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_foreign_codebook_merges_by_guid_then_by_name(project: Project,
                                                        tmp_path: Path) -> None:
    report = project.codebook_files.import_file(_write(tmp_path, FOREIGN)).value.report
    finance = project.codebook.get("finance")
    assert finance.guid == "5b1c1e7a-0f2d-4a51-9c3e-1a0f00000001"  # the project's GUID stays
    assert (finance.color, finance.definition, finance.exclude_note) == ("#FF0000", "Money.",
                                                                         "taxes")
    assert finance.include_note == "" and finance.shortcut == "1"  # not in the file: kept
    child = project.codebook.get("地方交付税")
    assert child.parent == finance.id and child.name_ja == "地方交付税" and child.name == ""
    assert child.guid == "aaaaaaaa-0000-4000-8000-000000000002"
    authority = project.codebook.get("authority")  # matched by GUID, renamed elsewhere
    assert authority.name == "Authority (renamed)" and authority.name_ja == "権限"
    assert authority.definition == "Powers." and authority.include_note.startswith("連携")
    assert report.added == [child.key]
    # A description with sections says all the notes (so include and examples are now
    # empty); one without says only the definition, and the notes stay.
    assert dict(report.updated)["finance"] == ["color", "definition", "include_note",
                                               "exclude_note", "examples"]
    assert dict(report.updated)["authority"] == ["name", "definition"]
    assert len(project.codebook.all()) == 5  # nothing removed


def test_prune_never_deletes_a_code_with_codings(project: Project, tmp_path: Path) -> None:
    document = import_text(project, ["人材の確保が課題である。"])
    (passage,) = project.documents.passages(document)
    project.coding.tag(Target(document, passage.start, passage.end, passage.id), "personnel",
                       "hanako")
    report = project.codebook_files.import_file(_write(tmp_path, FOREIGN), prune=True).value.report
    keys = [c.key for c in project.codebook.all()]
    assert "personnel" in keys and "information_sharing" not in keys
    assert report.kept == [("personnel", 1)] and report.removed == ["information_sharing"]
    assert any("kept personnel" in line for line in report.lines())


def test_dry_run_reports_and_changes_nothing(edited: Project, tmp_path: Path) -> None:
    before = snapshot(edited)
    _op = edited.codebook_files.import_file(_write(tmp_path, FOREIGN),
                                                        dry_run=True, prune=True)
    report, changes = _op.value.report, _op.changes
    assert report.changed and not changes.codebook
    assert snapshot(edited) == before


def test_a_hand_made_sheet_matches_by_key_and_nests_by_parent_key(project: Project,
                                                                  tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["key", "name_en", "parent", "definition"])
    sheet.append(["finance", "finance", None, "Money, redefined."])
    sheet.append(["tax", "local tax", "finance", "地方税"])
    sheet.append([None, None, None, None])  # an empty row is skipped
    path = tmp_path / "hand.xlsx"
    book.save(path)
    report = project.codebook_files.import_file(path).value.report
    tax = project.codebook.get("tax")
    assert tax.parent == project.codebook.get("finance").id and tax.definition == "地方税"
    assert project.codebook.get("finance").definition == "Money, redefined."
    assert project.codebook.get("finance").include_note  # no include column: kept
    assert report.added == ["tax"]


def test_shortcut_and_key_clashes_with_codes_outside_the_file_are_reported(
        project: Project, tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["key", "name_en", "shortcut"])
    book.active.append(["authority", "new", 1])  # key and shortcut of codes not in the file
    path = tmp_path / "clash.xlsx"
    book.save(path)
    report = project.codebook_files.import_file(path).value.report
    assert project.codebook.get("authority").shortcut == "2"  # matched by key: updated
    assert project.codebook.get("authority").name == "new"
    assert project.codebook.get("finance").shortcut == "1"
    assert any("shortcut 1" in note for note in report.notes)


BAD_FILES = {
    "not-xml.qdc": ("this is not XML <", "not a well-formed XML file"),
    "root.qdc": (f'<Project xmlns="{NS}"><Codes/></Project>', "root element is <Project>"),
    "guid.qdc": (f'<CodeBook xmlns="{NS}"><Codes><Code name="x" isCodable="true"/></Codes>'
                 f'</CodeBook>', "has no guid"),
    "color.qdc": (f'<CodeBook xmlns="{NS}"><Codes><Code guid="aaaaaaaa-0000-4000-8000-'
                  f'000000000009" name="x" isCodable="true" color="red"/></Codes></CodeBook>',
                  "color 'red' is not of the form #RRGGBB"),
    "bad-guid.qdc": (f'<CodeBook xmlns="{NS}"><Codes><Code guid="42" name="x" '
                     f'isCodable="true"/></Codes></CodeBook>', "is not a GUID"),
    "empty.qdc": (f'<CodeBook xmlns="{NS}"><Codes/></CodeBook>', "has no codes"),
    "pi.qdc": (f'<CodeBook xmlns="{NS}"><Codes><Code guid="aaaaaaaa-0000-4000-8000-'
               f'000000000009" name="x" isCodable="true"><?annotator {{broken?></Code>'
               f'</Codes></CodeBook>', "not valid JSON"),
    "twice.qdc": (f'<CodeBook xmlns="{NS}"><Codes>'
                  + 2 * '<Code guid="aaaaaaaa-0000-4000-8000-000000000009" name="x" '
                        'isCodable="true"/>' + '</Codes></CodeBook>', "the same guid"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_malformed_qdc_is_refused_and_changes_nothing(project: Project, tmp_path: Path,
                                                        name: str) -> None:
    text, message = BAD_FILES[name]
    before = snapshot(project)
    with pytest.raises(CodebookFileError, match=message):
        project.codebook_files.import_file(_write(tmp_path, text, name))
    assert snapshot(project) == before


@pytest.mark.parametrize(("rows", "message"), [
    ([["Code", "Name", "Farbe"], ["x", "y", "z"]], "not a codebook header"),
    ([["key", "name_en", "color"], ["x", "y", "blue"]], "color 'blue'"),
    ([["key", "name_en", "shortcut"], ["x", "y", 12]], "shortcut '12'"),
    ([["key", "name_en", "parent"], ["x", "y", "nowhere"]], "parent 'nowhere'"),
    ([["key", "name_en", "parent"], ["x", "y", "z"], ["z", "w", "x"]], "nested inside itself"),
    ([["key", "name_en", "name_ja"], ["x", None, None]], "has no name"),
    ([["key", "name_en"]], "no codes"),
])
def test_a_malformed_sheet_is_refused_and_changes_nothing(project: Project, tmp_path: Path,
                                                          rows: list[list[Any]],
                                                          message: str) -> None:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / "bad.xlsx"
    book.save(path)
    before = snapshot(project)
    with pytest.raises(CodebookFileError, match=message):
        project.codebook_files.import_file(path)
    assert snapshot(project) == before


def test_not_a_workbook_and_wrong_suffix(project: Project, tmp_path: Path) -> None:
    with pytest.raises(CodebookFileError, match="not an Excel workbook"):
        project.codebook_files.import_file(_write(tmp_path, "plain text", "fake.xlsx"))
    with pytest.raises(InvalidInputError, match=r"\.xlsx or \.qdc"):
        project.codebook_files.import_file(_write(tmp_path, "x", "codes.csv"))


def test_the_codebook_sheet_is_ready_for_an_appendix(edited: Project, tmp_path: Path) -> None:
    path = tmp_path / "codebook.xlsx"
    edited.codebook_files.export_file(path)
    sheet = load_workbook(path)["Codebook"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["key", "name_ja", "name_en"] and header[-1] == "guid"
    assert sheet.freeze_panes == "A2" and sheet.page_setup.orientation == "landscape"
    grants = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "grants")
    assert grants[5].fill.fgColor.rgb.endswith("ABCDEF")
    assert grants[7].value.startswith("=補助金") and grants[7].quotePrefix
    assert grants[4].value == "財源 › 補助金"


def test_cli_codebook_export_and_import(edited: Project, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    path, project = tmp_path / "cb.qdc", str(edited.path)
    assert main(["codebook", "export", project, str(path)]) == 0
    fresh = tmp_path / "fresh.annot"
    Project(fresh).close()
    capsys.readouterr()
    assert main(["codebook", "import", str(fresh), str(path), "--dry-run", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["dry_run"] is True
    assert main(["codebook", "import", str(fresh), str(path), "--prune"]) == 0
    assert "added grants" in capsys.readouterr().out
    with Project(fresh) as reopened:
        assert snapshot(reopened) == snapshot(edited)
    assert main(["codebook", "import", str(fresh), str(tmp_path / "missing.qdc")]) == 2


def test_the_reader_is_usable_alone(edited: Project, tmp_path: Path) -> None:
    path = tmp_path / "codebook.qdc"
    edited.codebook_files.export_file(path)
    entries = CodebookIO(edited.db).read(path)
    assert [e.key for e in entries] == [c.key for c in edited.codebook.all()]
    assert all(isinstance(c, CodeRow) for c in edited.codebook.all())
