"""REFI-QDA project exchange: round trips, stable GUIDs, XSD validity, idempotent import."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from annotator.formats.qdpx import ProjectFileError
from annotator.ids import DocumentId
from annotator.project import Project
from annotator.records import Target
from tests.conftest import SHARED
from tests.support.samples import import_text

REFI = SHARED / "standards" / "refi-qda"
MEMO = "全額国費 𠮷野 😀 memo"


def schema() -> etree.XMLSchema:
    if not (REFI / "Project.xsd").exists():
        pytest.skip("../shared/standards/refi-qda is not here")
    return etree.XMLSchema(etree.parse(str(REFI / "Project.xsd")))


def qde(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("project.qde")


def build(project: Project) -> tuple[DocumentId, DocumentId]:
    """Two PDFs, nested codes, three coders, memos with astral characters, reviews, done."""
    first = import_text(project, ["交付金を交付する。\n𠮷野の人材育成について。",
                                  "二頁目の情報共有の話。"], "first.pdf")
    second = import_text(project, ["権限の移譲について議論した。"], "second.pdf")
    finance = project.codebook.get("finance")
    sub = project.codebook.add("Grants", name_ja="交付金", parent=finance.id, color="#123456",
                               definition="定義 𠮷", include_note="incl",
                               exclude_note="excl").value
    project.codebook.add("Deep", parent=sub, key="deep")
    text = project.documents.text(first)
    tag = project.coding.tag
    one = tag(Target(first, 0, 3), "finance", "hanako", MEMO).value
    two = tag(Target(first, text.index("𠮷"), text.index("𠮷") + 4), "deep", "taro", "🎌").value
    tag(Target(first, 0, 3), "finance", "taro")
    tag(Target(second, 0, 2), "authority", "hanako", "権限")
    project.review.set_reviewer("boss")
    project.review.decide(one, "accept", "boss")
    project.review.decide(two, "discuss", "boss", "本当に? 😀")
    project.coding.set_done(first, "hanako")
    return first, second


def codings(project: Project) -> list[tuple[str, int, int, str, str, str]]:
    sha = {d.id: d.sha256 for d in project.documents.all()}
    guids = {c.id: c.guid for c in project.codebook.all()}
    return sorted((sha[a.document_id], a.start, a.end, guids[a.code_id], a.coder, a.memo)
                  for a in project.coding.annotations())


def reviews(project: Project) -> list[tuple[str, str, str, str]]:
    return sorted((a.coder, r.decision, r.comment, r.reviewer)
                  for a in project.coding.annotations() for r in project.review.decisions(a.id))


def tree(project: Project) -> list[tuple[str, str | None, str, str]]:
    codes = project.codebook.all()
    guid = {c.id: c.guid for c in codes}
    return [(c.guid, guid.get(c.parent) if c.parent else None, c.color, c.definition)
            for c in codes]


def test_round_trip_keeps_everything_and_the_second_export_is_byte_identical(
        tmp_path: Path) -> None:
    with Project(tmp_path / "a.annot") as a:
        build(a)
        a.exchange.export(tmp_path / "a.qdpx")
        assert schema().validate(etree.fromstring(qde(tmp_path / "a.qdpx")))
        a.exchange.export(tmp_path / "again.qdpx")
        expected = (codings(a), reviews(a), tree(a), sorted(d.sha256 for d in
                                                           a.documents.all()))
        assert qde(tmp_path / "again.qdpx") == qde(tmp_path / "a.qdpx")  # stable GUIDs
    with Project(tmp_path / "b.annot") as b:
        report = b.exchange.import_file(tmp_path / "a.qdpx").value
        assert report.codings == 4 and report.anchors["exact"] == 4, report.lines()
        assert report.reviews == 2 and report.statuses == 1
        assert (codings(b), reviews(b), tree(b), sorted(d.sha256 for d in
                                                       b.documents.all())) == expected
        assert b.review.reviewers() == ["boss"]
        first = b.documents.all()[0].id
        assert b.coding.status(first, "hanako") == "done"
        b.exchange.export(tmp_path / "b.qdpx")
        assert qde(tmp_path / "b.qdpx") == qde(tmp_path / "a.qdpx")
        again = b.exchange.import_file(tmp_path / "a.qdpx")
        assert not again.value.changed and again.value.codings_existing == 4
        assert codings(b) == expected[0] and reviews(b) == expected[1]


def test_a_coding_on_one_page_also_has_a_pdf_selection_from_the_bottom_left(
        tmp_path: Path) -> None:
    with Project(tmp_path / "a.annot") as a:
        first, _ = build(a)
        a.exchange.export(tmp_path / "a.qdpx")
        page = a.documents.pages(first)[0]
        rects = a.documents.rects(first, 0, 3)
    root = etree.fromstring(qde(tmp_path / "a.qdpx"))
    ns = {"q": "urn:QDA-XML:project:1.0"}
    selections = root.findall(".//q:PDFSelection", ns)
    assert selections
    top = min(r.y0 for r in rects)
    first_box = next(s for s in selections if s.get("name") == "交付金")
    assert first_box.get("page") == "0"
    assert int(first_box.get("secondY")) == pytest.approx(page.height - top, abs=1)
    assert int(first_box.get("firstY")) < int(first_box.get("secondY"))


def test_export_of_some_coders_only(tmp_path: Path) -> None:
    with Project(tmp_path / "a.annot") as a:
        build(a)
        summary = a.exchange.export(tmp_path / "t.qdpx", coders=["taro"])
        assert summary.codings == 2
        with pytest.raises(Exception, match="no coder named 'nobody'"):
            a.exchange.export(tmp_path / "x.qdpx", coders=["nobody"])
    assert not (tmp_path / "x.qdpx").exists()


def _archive(path: Path, project_qde: str, files: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", project_qde)
        for name, data in (files or {}).items():
            archive.writestr(name, data)
    return path


def _text_project(text_path: str, selections: str, origin: str) -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" '
            f'name="t" origin="{origin}"><Users><User guid="00000000-0000-0000-0000-000000000001"'
            f' name="u"/></Users><CodeBook><Codes><Code guid="00000000-0000-0000-0000-0000000000c1"'
            f' name="c" isCodable="true"/></Codes></CodeBook><Sources><TextSource '
            f'guid="00000000-0000-0000-0000-0000000000a1" name="doc" plainTextPath="{text_path}">'
            f'{selections}</TextSource></Sources></Project>')


def _selection(start: int, end: int, number: int = 1) -> str:
    return (f'<PlainTextSelection guid="00000000-0000-0000-0000-00000000{number:04d}" '
            f'startPosition="{start}" endPosition="{end}" creatingUser='
            f'"00000000-0000-0000-0000-000000000001"><Coding guid="10000000-0000-0000-0000-'
            f'00000000{number:04d}"><CodeRef targetGUID="00000000-0000-0000-0000-0000000000c1"/>'
            f'</Coding></PlainTextSelection>')


RAW = "😀😀 first line\r\n𠮷野 second word\r\nthird"


def _utf16(text: str, at: int) -> int:
    return len(text[:at].encode("utf-16-le")) // 2


@pytest.mark.parametrize(("origin", "units"), [("NVivo for Mac 12.7", True),
                                               ("QualCoder 3.5", False)])
def test_positions_are_decoded_in_the_producers_unit(tmp_path: Path, origin: str,
                                                    units: bool) -> None:
    word = RAW.index("second")
    start, end = (_utf16(RAW, word), _utf16(RAW, word + 6)) if units else (word, word + 6)
    path = _archive(tmp_path / "t.qdpx", _text_project("internal://t.txt",
                                                       _selection(start, end), origin),
                    {"sources/t.txt": b"\xef\xbb\xbf" + RAW.encode()})
    with Project(tmp_path / "p.annot") as project:
        report = project.exchange.import_file(path).value
        [coding] = project.coding.annotations()
        assert coding.quote == "second"
        assert report.sources[0].unit == ("UTF-16 code units" if units else "code points")
        [document] = project.documents.all()
        assert document.kind == "text" and not document.has_pages
        assert project.documents.text(document.id) == RAW.replace("\r\n", "\n")


def test_the_text_decides_when_the_producer_is_not_what_its_origin_says(
        tmp_path: Path) -> None:
    starts = [RAW.index(w) for w in ("first", "second", "third")]
    selections = "".join(_selection(_utf16(RAW, s), _utf16(RAW, s) + 5, n)
                         for n, s in enumerate(starts, start=1))
    path = _archive(tmp_path / "t.qdpx", _text_project("t.txt", selections, "Somebody 1.0"),
                    {"Sources/t.txt": RAW.encode()})
    with Project(tmp_path / "p.annot") as project:
        report = project.exchange.import_file(path).value
        assert report.sources[0].unit == "UTF-16 code units"
        assert sorted(a.quote for a in project.coding.annotations()) == [
            "first", "secon", "third"]


def _refused(tmp_path: Path, path: Path, match: str) -> None:
    with Project(tmp_path / "p.annot") as project:
        codes = len(project.codebook.all())
        with pytest.raises(ProjectFileError, match=match):
            project.exchange.import_file(path)
        assert project.documents.all() == [] and len(project.codebook.all()) == codes


def test_zip_slip_names_are_refused(tmp_path: Path) -> None:
    path = _archive(tmp_path / "t.qdpx", _text_project("t.txt", "", "x"),
                    {"../evil.txt": b"x"})
    _refused(tmp_path, path, "zip-slip")
    path = _archive(tmp_path / "u.qdpx", _text_project("t.txt", "", "x"),
                    {"/etc/evil.txt": b"x"})
    _refused(tmp_path, path, "zip-slip")


def test_zip_bombs_are_refused(tmp_path: Path) -> None:
    path = _archive(tmp_path / "t.qdpx", _text_project("t.txt", "", "x"),
                    {"sources/t.txt": b"\0" * (8 << 20)})
    _refused(tmp_path, path, "zip bomb")


def test_entities_are_never_expanded(tmp_path: Path) -> None:
    laughs = ('<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa">'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
              '<Project xmlns="urn:QDA-XML:project:1.0" name="&b;"/>')
    _refused(tmp_path, _archive(tmp_path / "t.qdpx", laughs), "DTD")
    external = ('<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                '<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>')
    _refused(tmp_path, _archive(tmp_path / "u.qdpx", external), "DTD")


def test_not_a_qdpx(tmp_path: Path) -> None:
    (tmp_path / "t.qdpx").write_bytes(b"not a zip")
    _refused(tmp_path, tmp_path / "t.qdpx", "not a .qdpx")
    with zipfile.ZipFile(tmp_path / "e.qdpx", "w") as archive:
        archive.writestr("readme.txt", "x")
    _refused(tmp_path, tmp_path / "e.qdpx", "no project.qde")
    _refused(tmp_path, _archive(tmp_path / "m.qdpx", "<Project"), "well-formed")


def test_codebook_namespace_variants_are_read(tmp_path: Path) -> None:
    from annotator.formats.qdc import from_xml

    for ns in ("urn:QDA-XML:codebook:1.0", "urn:QDA-XML:codebook:1:0",
               "urn:QDA-XML:codebook:0:4"):
        data = (f'<CodeBook xmlns="{ns}"><Codes><Code guid="00000000-0000-0000-0000-'
                f'000000000001" name="a" isCodable="true"/></Codes></CodeBook>').encode()
        assert [e.name for e in from_xml(data, "x.qdc")] == ["a"]


# the real samples ------------------------------------------------------------------------------

def sample(name: str) -> Path:
    path = REFI / "samples" / name
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is missing)")
    return path


def provenance() -> dict[str, dict[str, str]]:
    import csv

    with (REFI / "samples" / "SOURCES.tsv").open(encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle, delimiter="\t")}


@pytest.mark.parametrize("name", ["nvivo-win-12.6_oltas.qdpx",
                                  "atlasti-8.4-mac_refi-standard-project.qdpx"])
def test_the_samples_import_with_the_counts_their_provenance_lists(tmp_path: Path,
                                                                   name: str) -> None:
    import json

    path = sample(name)
    expected = provenance()[name]
    with Project(tmp_path / "p.annot") as project:
        report = project.exchange.import_file(path).value
        found = report.found
        assert found["users"] == int(expected["users"])
        assert found["codes"] == int(expected["codes"])
        assert {k: found.get(k, 0) for k in json.loads(expected["sources"])} == json.loads(
            expected["sources"])
        assert found["text selections"] == int(expected["plain_text_selections"])
        assert found["codings"] == int(expected["codings"])
        assert report.codes_added == int(expected["codes"])
        assert report.users_added == int(expected["users"])
        imported = [s for s in report.sources if s.status == "imported"]
        if name.startswith("nvivo"):
            assert report.codings == int(expected["codings"])
            assert imported[0].unit == "UTF-16 code units"
        else:  # its source files are not in the archive: reported, the rest imported
            assert imported == [] and report.codings == 0
            assert sum("not in the archive" in s.why for s in report.sources) == 8
            assert report.notes == 2


def test_nvivo_spans_decode_to_the_text_nvivo_showed(tmp_path: Path) -> None:
    import json

    path = sample("nvivo-win-12.6_oltas.qdpx")
    spans = json.loads((REFI / "samples" / "sample_spans.json").read_text(encoding="utf-8"))
    with Project(tmp_path / "p.annot") as project:
        project.exchange.import_file(path)
        quotes = [a.quote.replace("\n", "\r\n") for a in project.coding.annotations()]
        for span in spans[path.name]:
            assert any(q.startswith(span["text"]) for q in quotes), span


def test_a_text_only_project_round_trips_byte_identical_and_reimports_as_a_no_op(
        tmp_path: Path) -> None:
    path = sample("nvivo-win-12.6_oltas.qdpx")
    with Project(tmp_path / "a.annot") as a:
        a.exchange.import_file(path)
        again = a.exchange.import_file(path).value
        assert not again.changed and again.codings_existing == 97
        a.exchange.export(tmp_path / "a.qdpx")
        assert schema().validate(etree.fromstring(qde(tmp_path / "a.qdpx")))
        before = codings(a)
        [document] = a.documents.all()
        assert document.kind == "text" and document.passages > 0
        assert a.search.search("oltás")  # search works on a text-only document
    with Project(tmp_path / "b.annot") as b:
        b.exchange.import_file(tmp_path / "a.qdpx")
        assert codings(b) == before
        b.exchange.export(tmp_path / "b.qdpx")
    assert qde(tmp_path / "b.qdpx") == qde(tmp_path / "a.qdpx")
