"""Deep codebooks: refused beyond MAX_DEPTH, and a stored deep tree never becomes unlistable."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from annotator.codebook.service import MAX_DEPTH
from annotator.errors import InvalidInputError
from annotator.formats.codebook_sheet import CodebookFileError
from annotator.ids import CodeId
from annotator.project import Project
from tests.support.helpers import run
from tests.support.samples import import_text


def _chain_in_the_file(project: Project, depth: int) -> None:
    """Write a chain straight into the file, as an older version or another tool might."""
    parent = None
    with project.db.write() as s:
        for n in range(depth):
            s.execute(text(
                "INSERT INTO codes (guid, key, name, name_ja, color, parent_id, position, "
                "definition, include_note, exclude_note, examples) VALUES (:g, :k, :k, '', "
                "'#888888', :p, 0, '', '', '', '')"), {"g": f"g{n}", "k": f"deep{n}", "p": parent})
            parent = s.execute(text("SELECT last_insert_rowid()")).scalar()


def test_a_stored_chain_1000_deep_still_lists_exports_and_round_trips(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deep.annot"
    with Project(path) as project:
        import_text(project, ["交付金の配分について。"])
        _chain_in_the_file(project, 1000)
    code, out, err = run(capsys, "codes", str(path))
    assert code == 0, err
    assert "deep999" in out
    code, _out, err = run(capsys, "export", str(path), str(tmp_path / "deep.xlsx"))
    assert code == 0, err
    code, _out, err = run(capsys, "codebook", "export", str(path), str(tmp_path / "deep.qdc"))
    assert code == 0, err
    code, _out, err = run(capsys, "codebook", "import", str(path), str(tmp_path / "deep.qdc"),
                          "--dry-run")
    assert code == 2 and len(err.splitlines()) == 1, err  # too deep for a file: one line


def test_adding_or_moving_beyond_the_limit_is_refused(project: Project) -> None:
    parent: CodeId | None = None
    for n in range(MAX_DEPTH - 1):
        parent = project.codebook.add(f"level{n}", parent=parent).value
    last = project.codebook.add("last", parent=parent).value
    with pytest.raises(InvalidInputError, match="at most 50"):
        project.codebook.add("one too many", parent=last)
    other = project.codebook.add("other").value
    child = project.codebook.add("child", parent=other).value
    with pytest.raises(InvalidInputError, match="at most 50"):
        project.codebook.move(other, last)
    assert project.codebook.get(child).parent == other  # nothing moved
    assert "one too many" not in [c.name for c in project.codebook.all()]


def test_a_qdc_file_nested_too_deep_is_refused_in_one_line(project: Project,
                                                            tmp_path: Path) -> None:
    depth = 60
    opening = "".join(f'<Code guid="{n:08d}-0000-4000-8000-000000000000" name="c{n}" '
                      f'isCodable="true">' for n in range(depth))
    path = tmp_path / "deep.qdc"
    path.write_text('<?xml version="1.0" encoding="utf-8"?>'
                    '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
                    + opening + "</Code>" * depth + "</Codes></CodeBook>", encoding="utf-8")
    before = project.codebook.all()
    with pytest.raises(CodebookFileError, match="nested more than 50 levels"):
        project.codebook_files.import_file(path)
    assert project.codebook.all() == before
