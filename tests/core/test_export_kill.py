"""kill -9 during an export (.xlsx, .qdpx): the target is the previous complete file or
absent, never half-written; the project is intact; the next export cleans up after it.

The child exports in its own process and SIGKILLs itself at a chosen point (a zip entry
of the archive, a row of a sheet, just before or just after the rename into place), so
each point is hit every run; a few kills from outside at seeded moments add the points
nobody thought of.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import text

from annotator.coding.service import TagRequest
from annotator.project import Project
from annotator.records import Target
from tests.support.samples import import_text

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent("""
    import os, signal, sys, zipfile
    project_path, kind, target, point, nth = sys.argv[1:6]
    nth = int(nth)
    calls = {"n": 0}

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    def counting(real):
        def wrapped(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == nth:
                die()
            return real(*args, **kwargs)
        return wrapped

    if point == "entry":  # the nth entry written into the archive
        zipfile.ZipFile.writestr = counting(zipfile.ZipFile.writestr)
        zipfile.ZipFile.write = counting(zipfile.ZipFile.write)
    elif point == "row":  # the nth row of any sheet
        from openpyxl.worksheet._write_only import WriteOnlyWorksheet
        WriteOnlyWorksheet.append = counting(WriteOnlyWorksheet.append)
    elif point in ("before-rename", "after-rename"):
        real_replace = os.replace
        def replace(src, dst, **kwargs):
            if str(dst) == target and point == "before-rename":
                die()
            real_replace(src, dst, **kwargs)
            if str(dst) == target:
                die()
        os.replace = replace

    from pathlib import Path
    from annotator.project import Project
    with Project(Path(project_path), create=False) as project:
        print("ready", flush=True)
        if kind == "xlsx":
            project.exports.workbook(Path(target))
        else:
            project.exchange.export(Path(target))
    print("done", flush=True)
""")

POINTS = [("entry", 1), ("entry", 3), ("before-rename", 0), ("after-rename", 0)]


@pytest.fixture
def coded(tmp_path: Path) -> Path:
    """A project file with a few documents and codings, closed (the child opens it)."""
    path = tmp_path / "coded.annot"
    with Project(path) as project:
        for n in range(3):
            document = import_text(project, ["交付金の配分について。\n人材の確保が課題です。",
                                             f"保健師を増員した。第{n}回"], name=f"doc{n}.pdf")
            project.coding.tag_many([
                TagRequest(Target(document, p.start, p.end, p.id), code, coder)
                for p in project.documents.passages(document)
                for code, coder in (("finance", "hanako"), ("personnel", "taro"))])
    return path


def _child(project: Path, kind: str, target: Path, point: str = "none", nth: int = 0,
           system_temp: Path | None = None) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if system_temp is not None:
        env["TMPDIR"] = str(system_temp)
    return subprocess.Popen([sys.executable, "-c", CHILD, str(project), kind, str(target),
                             point, str(nth)], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _export(project: Path, kind: str, target: Path) -> None:
    child = _child(project, kind, target)
    out, err = child.communicate(timeout=180)
    assert child.returncode == 0 and out.split() == ["ready", "done"], err


def _complete(kind: str, path: Path) -> bool:
    """A whole archive: every entry reads back with its CRC, and the main part is there."""
    with zipfile.ZipFile(path) as archive:
        if archive.testzip() is not None:
            return False
        main = "xl/workbook.xml" if kind == "xlsx" else "project.qde"
        return main in archive.namelist()


def _intact(project: Path) -> int:
    """The project passes SQLite's integrity check; its number of codings."""
    with Project(project, create=False) as opened:
        with opened.db.engine.connect() as c:
            assert c.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        return len(opened.coding.annotations())


def _after_the_kill(kind: str, project: Path, target: Path, previous: bytes | None,
                    may_be_new: bool, codings: int) -> None:
    if not target.exists():
        assert previous is None, "the previous file is gone"
    elif target.read_bytes() != previous:
        assert may_be_new, "the target changed before the rename"
        assert _complete(kind, target), "the target is half-written"
    visible = [p.name for p in target.parent.iterdir() if not p.name.startswith(".")]
    assert visible in ([], [target.name]), visible
    assert _intact(project) == codings
    _export(project, kind, target)  # the next export works and cleans up after the killed one
    assert _complete(kind, target)
    assert [p.name for p in target.parent.iterdir()] == [target.name]


@pytest.mark.parametrize("kind", ["xlsx", "qdpx"])
@pytest.mark.parametrize(("point", "nth"), POINTS)
def test_a_kill_at_each_point_leaves_the_previous_file_or_a_whole_new_one(
        coded: Path, tmp_path: Path, kind: str, point: str, nth: int) -> None:
    out = tmp_path / "out"
    out.mkdir()
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    target = out / f"export.{kind}"
    codings = _intact(coded)
    previous = None
    if point != "entry" or nth != 1:  # the first point also runs with no earlier file
        _export(coded, kind, target)
        previous = target.read_bytes()
    child = _child(coded, kind, target, point, nth, system_temp)
    out_text, err = child.communicate(timeout=180)
    assert child.returncode == -signal.SIGKILL, (out_text, err)
    assert out_text.split() == ["ready"]  # it died inside the export
    assert list(system_temp.iterdir()) == []  # no coded text left in the system temp folder
    _after_the_kill(kind, coded, target, previous, point == "after-rename", codings)


def test_a_kill_in_the_middle_of_a_sheet_keeps_the_previous_workbook(
        coded: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "export.xlsx"
    target.parent.mkdir()
    codings = _intact(coded)
    _export(coded, "xlsx", target)
    previous = target.read_bytes()
    child = _child(coded, "xlsx", target, "row", 5)
    assert child.wait(timeout=180) == -signal.SIGKILL
    part_files = [p for p in target.parent.iterdir() if p.name.endswith(".part")]
    assert part_files  # the killed export's hidden files are there …
    _after_the_kill("xlsx", coded, target, previous, False, codings)  # … and then gone


@pytest.mark.parametrize("kind", ["xlsx", "qdpx"])
def test_kills_from_outside_at_seeded_moments(coded: Path, tmp_path: Path, kind: str) -> None:
    target = tmp_path / "out" / f"export.{kind}"
    target.parent.mkdir()
    codings = _intact(coded)
    _export(coded, kind, target)
    started = time.monotonic()
    _export(coded, kind, target.with_name("timing." + kind))
    took = time.monotonic() - started
    target.with_name("timing." + kind).unlink()
    previous = target.read_bytes()
    chance = random.Random(15)
    for _ in range(3):
        child = _child(coded, kind, target)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(chance.uniform(0.0, 0.3) * took)  # somewhere inside the export, mostly
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=60)
        _after_the_kill(kind, coded, target, previous, True, codings)
        previous = target.read_bytes()
