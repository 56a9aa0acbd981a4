"""`qdpx export|import` on the command line."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from annotator.project import Project
from annotator.records import Target
from tests.support.helpers import run, run_json
from tests.support.samples import import_text


def test_export_then_import_into_a_new_project(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "a.annot"
    with Project(source) as project:
        document = import_text(project, ["交付金を交付する。𠮷野の人材育成。"])
        project.coding.tag(Target(document, 0, 3), "finance", "hanako", "😀")
        project.coding.tag(Target(document, 0, 3), "authority", "taro")
    out = tmp_path / "a.qdpx"
    summary = run_json(capsys, "qdpx", "export", str(source), str(out), "--coder", "hanako")
    assert summary["codings"] == 1 and out.exists()
    report = run_json(capsys, "qdpx", "import", str(tmp_path / "b.annot"), str(out))
    assert report["codings"] == {"imported": 1, "existing": 0}
    assert report["reanchored"]["exact"] == 1
    code, text, _err = run(capsys, "qdpx", "import", str(tmp_path / "b.annot"), str(out))
    assert code == 0 and "codings: 0 imported, 1 already there" in text
    with Project(tmp_path / "b.annot") as imported:
        [coding] = imported.coding.annotations()
        assert (coding.coder, coding.memo, coding.quote) == ("hanako", "😀", "交付金")


def test_a_hostile_archive_is_one_line_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.qdpx"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("project.qde", "<Project/>")
        archive.writestr("../../escape.txt", "x")
    code, out, err = run(capsys, "qdpx", "import", str(tmp_path / "new.annot"), str(bad))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "zip-slip" in err and "bad.qdpx" in err
    assert not (tmp_path / "new.annot").exists()


def test_export_needs_a_qdpx_name_and_a_project(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "qdpx", "export", str(tmp_path / "none.annot"),
                          str(tmp_path / "x.qdpx"))
    assert code == 2 and "no such project file" in err
    code, _out, err = run(capsys, "qdpx", "export", str(tmp_path / "none.annot"),
                          str(tmp_path / "x.zip"))
    assert code == 2 and ".qdpx" in err
