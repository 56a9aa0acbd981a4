"""Hostile .xlsx codebooks: zip bombs, endless rows, broken XML are one line, in bounded time."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from annotator.formats.codebook_sheet import CodebookFileError
from annotator.project import Project


def _rewrite(source: Path, target: Path, replace: dict[str, bytes]) -> None:
    with zipfile.ZipFile(source) as old, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item.filename, replace.get(item.filename, old.read(item.filename)))
        for name in set(replace) - set(old.namelist()):
            new.writestr(name, replace[name])


@pytest.fixture
def sheet(project: Project, tmp_path: Path) -> Path:
    path = tmp_path / "codebook.xlsx"
    project.codebook_files.export_file(path)
    return path


def _sheet_xml(rows: bytes) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
            b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + rows
            + b"</sheetData></worksheet>")


def _refused(project: Project, path: Path) -> str:
    before = project.codebook.all()
    started = time.monotonic()
    with pytest.raises(CodebookFileError) as caught:
        project.codebook_files.import_file(path)
    assert time.monotonic() - started < 20
    assert project.codebook.all() == before
    message = str(caught.value)
    assert "\n" not in message and message.startswith(path.name)
    return message


def test_shared_strings_that_unpack_to_gigabytes_are_refused(project: Project, sheet: Path,
                                                             tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    strings = (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
               b'spreadsheetml/2006/main"><si><t>' + b"A" * 200_000_000 + b"</t></si></sst>")
    _rewrite(sheet, bomb, {"xl/sharedStrings.xml": strings})
    assert bomb.stat().st_size < 2_000_000
    assert "unpacks to" in _refused(project, bomb)


def test_millions_of_empty_rows_are_refused(project: Project, sheet: Path,
                                            tmp_path: Path) -> None:
    rows = tmp_path / "rows.xlsx"
    _rewrite(sheet, rows, {"xl/worksheets/sheet1.xml": _sheet_xml(
        b"".join(b'<row r="%d"/>' % n for n in range(1, 30_001)))})
    assert "more than 20,000 rows" in _refused(project, rows)


def test_broken_xml_inside_the_sheet_is_one_line(project: Project, sheet: Path,
                                                 tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    _rewrite(sheet, broken, {"xl/worksheets/sheet1.xml": _sheet_xml(b"<row><c><v>1</row>")})
    _refused(project, broken)
