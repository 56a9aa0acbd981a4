"""The project file: SQLite settings, migrations, and refusing what is not a project."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from annotator.errors import ProjectFileError
from annotator.project import Project
from db.engine import current_revision, head_revision
from tests.support.helpers import old_project


def test_new_project_has_wal_foreign_keys_and_default_codebook(tmp_path: Path) -> None:
    with Project(tmp_path / "p.annot") as project:
        with project.db.engine.connect() as c:
            assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert (c.execute(text("PRAGMA busy_timeout")).scalar() or 0) >= 5000
        assert [c.key for c in project.codebook.all()] == [
            "finance", "authority", "personnel", "information_sharing"]
        assert current_revision(project.db.engine) == head_revision()


def test_default_codebook_is_not_reinstalled_after_the_user_deletes_it(tmp_path: Path) -> None:
    path = tmp_path / "p.annot"
    with Project(path) as project:
        for code in project.codebook.all():
            project.codebook.delete(code.id, actor="ann")
    with Project(path) as project:
        assert project.codebook.all() == []


def test_opening_an_older_project_migrates_it_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.annot"
    stamp = datetime(2026, 1, 5, 9, 30)
    engine = old_project(path, "0001", stamp)
    with engine.begin() as c:
        c.execute(text(
            "INSERT INTO annotations (document_id, passage_id, start, \"end\", code_id, coder_id, "
            "memo, quote, anchor, created_at, updated_at) VALUES (1, 7, 0, 3, 1, 1, '', '交付金', "
            "'exact', :t, :t)"), {"t": stamp})
    engine.dispose()

    with Project(path) as project:
        assert current_revision(project.db.engine) == head_revision() != "0001"
        (annotation,) = project.coding.annotations()
        assert (annotation.quote, annotation.coder, annotation.created) == ("交付金", "ann", stamp)
        # The lemma index did not exist in 0001; the first search fills it in.
        hits = project.search.search("交付")
        assert [h.passage.id for h in hits] == [7]
        assert [h.passage.id for h in project.search.search("人材")] == [8]
        assert [c.key for c in project.codebook.all()] == ["finance"]  # not re-seeded


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.annot"
    path.write_bytes(b"%PDF-1.7 this is a PDF, not a project" * 100)
    before = path.read_bytes()
    with pytest.raises(ProjectFileError, match="not an Annotator project"):
        Project(path)
    assert path.read_bytes() == before


def test_a_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as c:
        c.execute("CREATE TABLE mine (x)")
    with pytest.raises(ProjectFileError, match="unknown tables"):
        Project(path)
    with sqlite3.connect(path) as c:
        assert c.execute("SELECT name FROM sqlite_master").fetchall() == [("mine",)]


def test_a_project_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.annot"
    Project(path).close()
    with sqlite3.connect(path) as c:
        c.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(ProjectFileError, match="newer Annotator"):
        Project(path)


def test_a_missing_project_is_not_created_when_asked_not_to(tmp_path: Path) -> None:
    with pytest.raises(ProjectFileError, match="no such project"):
        Project(tmp_path / "missing.annot", create=False)
    assert not (tmp_path / "missing.annot").exists()
