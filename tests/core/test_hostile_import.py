"""Import is bounded: odd files, giant files and full disks get one line; a batch goes on."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from annotator.documents import importing
from annotator.documents.importing import FAILED, IMPORTED, ImportLimits, bounded_passages
from annotator.pdf.extract import PassageSpan
from annotator.project import Project
from db.models import Document
from tests.core.test_hostile_pdf import _break_first_stream, _text_bomb
from tests.support.samples import typeset

ROOT = Path(__file__).resolve().parents[2]


def _documents(project: Project) -> int:
    with project.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(Document)) or 0)


def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    good = tmp_path / "good.pdf"
    good.write_bytes(typeset(["本文です。"]))
    script = ("import sys; from pathlib import Path; from annotator.project import Project\n"
              "with Project(Path(sys.argv[1])) as p:\n"
              "    for o in p.importer.import_files([Path(a) for a in sys.argv[2:]]).value:\n"
              "        print(o.line())\n")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "p.annot"), str(fifo),
                           str(good)], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "error pipe.pdf: not a PDF (a named pipe (FIFO), not a regular file)"
    assert lines[1].startswith("imported good.pdf")


def test_a_device_is_refused_without_reading_it(project: Project) -> None:
    (outcome,) = project.importer.import_files([Path("/dev/zero")]).value
    assert outcome.status == FAILED
    assert outcome.reason == "not a PDF (a device, not a regular file)"


def test_a_folder_is_refused(project: Project, tmp_path: Path) -> None:
    (outcome,) = project.importer.import_files([tmp_path]).value
    assert outcome.reason.startswith("not a PDF (a folder")


def test_a_file_over_the_size_limit_is_refused_and_the_batch_goes_on(tmp_path: Path) -> None:
    big, small = tmp_path / "big.pdf", tmp_path / "small.pdf"
    big.write_bytes(typeset(["大きい"]) + b"\n%" + b"x" * 3 * 2**20)
    small.write_bytes(typeset(["小さい"]))
    with Project(tmp_path / "p.annot") as project:
        project.importer.limits = ImportLimits(max_file_bytes=2 * 2**20)
        outcomes = project.importer.import_files([big, small]).value
    assert outcomes[0].status == FAILED
    assert outcomes[0].reason.startswith("too large (3 MB; the limit is 2 MB")
    assert outcomes[1].status == IMPORTED


def test_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANNOTATOR_MAX_PDF_MB", "7")
    monkeypatch.setenv("ANNOTATOR_MAX_PAGE_CHARS", "x")  # not a number: the default
    limits = ImportLimits.from_environment()
    assert limits.max_file_bytes == 7 * 2**20
    assert limits.max_page_chars == ImportLimits().max_page_chars


def test_a_text_bomb_is_refused_in_seconds(project: Project) -> None:
    outcome = project.importer.import_bytes("bomb.pdf", _text_bomb(2_000_000))
    assert outcome.status == FAILED
    assert "more than the limit of 100,000 a page" in outcome.reason
    assert _documents(project) == 0


def test_the_document_character_limit(project: Project) -> None:
    project.importer.limits = ImportLimits(max_document_chars=50)
    outcome = project.importer.import_bytes("long.pdf", typeset(["長い本文。" * 8] * 3))
    assert outcome.status == FAILED
    assert outcome.reason.startswith("more than 50 characters of text (by page 2)")


def test_a_damaged_page_is_imported_with_a_warning_naming_it(project: Project) -> None:
    data = _break_first_stream(typeset(["壊れた内容のページ" * 10, "二ページ目は無事です"]))
    outcome = project.importer.import_bytes("damaged.pdf", data)
    assert outcome.status == IMPORTED
    assert any(w.startswith("damaged: page 1 could not be read whole (") for w in outcome.warnings)
    assert "needs OCR" not in outcome.line()
    assert outcome.document_id is not None
    assert any("damaged" in w for w in project.documents.get(outcome.document_id).warnings)


def test_huge_passages_are_split_at_sentence_ends() -> None:
    text = ("あ" * 40 + "。") * 100
    pieces = list(bounded_passages(text, [PassageSpan(0, len(text), 0, 0)], 100))
    assert all(p.end - p.start <= 100 for p in pieces)
    assert pieces[0].start == 0 and pieces[-1].end == len(text)
    assert all(a.end == b.start for a, b in itertools.pairwise(pieces))
    assert all(text[p.end - 1] == "。" for p in pieces)
    unbroken = "い" * 250
    assert [(p.start, p.end) for p in bounded_passages(
        unbroken, [PassageSpan(0, 250, 0, 0)], 100)] == [(0, 100), (100, 200), (200, 250)]


def _disk_full(*_args: object, **_kwargs: object) -> int:
    raise OperationalError("INSERT", {}, Exception("database or disk is full"))


def test_a_full_disk_stops_the_batch_with_one_line_and_keeps_what_was_stored(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = []
    for n in range(3):
        files.append(tmp_path / f"{n}.pdf")
        files[-1].write_bytes(typeset([f"{n}番目の文書です。"]))
    with Project(tmp_path / "p.annot") as project:
        real = importing._store
        calls = iter([real, _disk_full])
        monkeypatch.setattr(importing, "_store", lambda *a: next(calls)(*a))
        outcomes = project.importer.import_files(files).value
        assert [o.status for o in outcomes] == [IMPORTED, FAILED]
        assert outcomes[1].line() == ("error 1.pdf: not stored: the disk is full: nothing "
                                      f"was written to {tmp_path / 'p.annot'}")
        assert _documents(project) == 1


def test_a_blob_too_big_for_sqlite_is_one_line(project: Project,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def too_big(*_a: object) -> int:
        raise OperationalError("INSERT", {}, Exception("string or blob too big"))
    monkeypatch.setattr(importing, "_store", too_big)
    outcome = project.importer.import_bytes("huge.pdf", typeset(["巨大"]))
    assert outcome.status == FAILED and "too large to store" in outcome.reason
