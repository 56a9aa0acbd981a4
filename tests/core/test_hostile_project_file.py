"""Faults at the project file: foreign, empty, read-only, damaged, busy."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from annotator.errors import ProjectFileError
from annotator.project import Project
from tests.support.helpers import run
from tests.support.samples import import_text


def _foreign(path: Path, tables: bool = True) -> bytes:
    with closing(sqlite3.connect(path)) as connection:
        if tables:
            connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
            connection.execute("INSERT INTO notes (body) VALUES ('keep me')")
        else:
            connection.execute("PRAGMA user_version = 7")  # a real, table-less SQLite file
        connection.commit()
    return path.read_bytes()


def test_a_foreign_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    before = _foreign(path)
    with pytest.raises(ProjectFileError, match="unknown tables"):
        Project(path, create=False)
    assert path.read_bytes() == before  # not switched to WAL, header unchanged
    assert not (tmp_path / "other.db-wal").exists()


@pytest.mark.parametrize("kind", ["zero bytes", "empty sqlite"])
def test_a_read_command_does_not_turn_an_empty_file_into_a_project(
        tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.annot"
    if kind == "zero bytes":
        path.write_bytes(b"")
    else:
        _foreign(path, tables=False)
    before = path.read_bytes()
    code, _out, err = run(capsys, "documents", str(path))
    assert code == 2 and "an empty file, not a project" in err
    assert path.read_bytes() == before
    with Project(path) as project:  # import and the GUI create
        assert project.codebook.all()


@contextmanager
def _immutable(path: Path) -> Iterator[None]:
    """chattr +i stops even root, where chmod does not."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not here")
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("this file system has no immutable flag")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def _project(tmp_path: Path) -> Path:
    path = tmp_path / "p.annot"
    with Project(path) as project:
        import_text(project, ["交付金の配分について。"])
    return path


def test_a_read_only_project_file_reads_and_refuses_writes_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _project(tmp_path)
    with _immutable(path):
        code, out, err = run(capsys, "documents", str(path))
        assert code == 0 and "1 pages" in out, err
        code, out, err = run(capsys, "tag", str(path), "--code", "finance", "--coder", "a",
                             "--passage", "1")
        assert code == 2 and err == f"error: read-only: {path}\n"
        code, out, err = run(capsys, "code", "add", str(path), "新しい")
        assert code == 2 and err == f"error: read-only: {path}\n"


def test_a_read_only_folder_reads_and_refuses_writes_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = _project(folder)
    with _immutable(folder):
        code, _out, err = run(capsys, "annotations", str(path))
        assert code == 0, err
        code, _out, err = run(capsys, "done", str(path), "--document", "1", "--coder", "a")
        assert code == 2 and err == f"error: read-only: {path}\n"


def test_a_damaged_project_reads_but_refuses_writes_saying_how_to_recover(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _project(tmp_path)
    with closing(sqlite3.connect(path)) as connection:  # break an index's pages
        connection.execute("PRAGMA writable_schema = ON")
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'index' AND rootpage > 1 "
            "LIMIT 1").fetchone()[0]
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    with path.open("r+b") as stream:
        stream.seek((root - 1) * page_size)
        stream.write(b"\xff" * page_size)
    code, _out, err = run(capsys, "tag", str(path), "--code", "finance", "--coder", "a",
                         "--passage", "1")
    assert code == 2
    assert err.startswith(f"error: damaged: {path} fails SQLite's check") and ".recover" in err
    assert len(err.splitlines()) == 1


def test_a_busy_project_is_retried_then_one_line(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import annotator.database as database

    path = _project(tmp_path)
    monkeypatch.setattr(database, "BUSY_BACKOFF_S", (0.01, 0.01))
    with Project(path) as project:
        attempts = []

        def locked(*_args: object) -> None:
            attempts.append(1)
            raise OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked"))

        monkeypatch.setattr("annotator.database.Session.connection", locked)
        with pytest.raises(ProjectFileError, match=r"^busy: another Annotator is writing "):
            project.coding.set_done(project.documents.all()[0].id, "a")
    assert len(attempts) == 3
