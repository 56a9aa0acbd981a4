"""Export faults: the CSV pair is replaced together, read-only folders are one line, and no
hidden or temporary file outlives an export."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import pytest

from annotator.coding.service import TagRequest
from annotator.formats import files
from annotator.formats.files import ExportFileError
from annotator.project import Project
from annotator.records import Target
from tests.core.test_hostile_project_file import _immutable
from tests.support.samples import import_text


@pytest.fixture
def coded(project: Project) -> Project:
    document = import_text(project, ["交付金の配分について。", "人材の確保。"])
    passage = project.documents.passages(document)[0]
    project.coding.tag_many([TagRequest(Target(document, passage.start, passage.end, passage.id),
                                        "finance", "hanako")])
    return project


def test_the_csv_pair_is_replaced_together_or_not_at_all(
        coded: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "codings.csv").write_text("old codings")
    (folder / "long.csv").write_text("old long")
    real = os.replace
    calls: list[str] = []

    def second_fails(source: object, target: object) -> None:
        calls.append(str(target))
        if str(target).endswith("long.csv"):
            raise PermissionError(13, "Permission denied")
        real(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr("annotator.formats.files.os.replace", second_fails)
    with pytest.raises(ExportFileError, match=r"long\.csv"):
        coded.exports.csv(folder)
    monkeypatch.setattr("annotator.formats.files.os.replace", real)
    assert (folder / "codings.csv").read_text() == "old codings"  # put back
    assert (folder / "long.csv").read_text() == "old long"
    assert sorted(p.name for p in folder.iterdir()) == ["codings.csv", "long.csv"]


def test_exporting_into_a_read_only_folder_is_one_line(coded: Project, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    with _immutable(folder):
        with pytest.raises(ExportFileError) as caught:
            coded.exports.workbook(folder / "out.xlsx")
        assert str(caught.value) == f"read-only: {folder}"
        assert caught.value.__cause__ is not None and caught.value.__cause__.__context__ is None
        with pytest.raises(ExportFileError, match=f"^read-only: {folder}$"):
            coded.exports.csv(folder / "csv")
        with pytest.raises(ExportFileError, match=f"^read-only: {folder}$"):
            coded.exports.csv(folder)
    assert list(folder.iterdir()) == []


def test_stale_part_files_of_a_killed_export_are_removed(coded: Project, tmp_path: Path) -> None:
    gone = subprocess.Popen(["true"])
    gone.wait()
    stale = tmp_path / f".out.xlsx.{gone.pid}.deadbeef.part"
    stale.write_text("coded text of a killed export")
    mine = files.part_name(tmp_path, "out.xlsx")  # this process: alive, kept
    mine.write_text("")
    coded.exports.workbook(tmp_path / "out.xlsx")
    assert not stale.exists() and mine.exists()
    mine.unlink()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_sheet_temporaries_are_beside_the_target_not_in_the_system_temp(
        coded: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    system = tmp_path / "system-tmp"
    system.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system))
    seen: list[Path] = []
    real = files.part_name

    def spy(folder: Path, stem: str) -> Path:
        seen.append(folder)
        return real(folder, stem)

    monkeypatch.setattr("annotator.formats.xlsx.part_name", spy)
    out = tmp_path / "out"
    out.mkdir()
    coded.exports.workbook(out / "book.xlsx")
    assert seen and all(folder == out for folder in seen)
    assert list(system.iterdir()) == []
    assert [p.name for p in out.iterdir()] == ["book.xlsx"]
