"""`tag --batch` read as a stream: line numbers, encodings, long lines, ids in line order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.coding import batch
from cli.batch import MAX_LINE, read_batch
from tests.cli.test_hostile_cli import project  # noqa: F401 (the fixture)
from tests.support.helpers import run, run_json


def _line(start: int, end: int, **extra: object) -> str:
    return json.dumps({"code": "finance", "coder": "hanako", "document": 1, "start": start,
                       "end": end, **extra}, ensure_ascii=False)


def test_ids_come_out_in_line_order_and_repeats_get_the_stored_id(
        project: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "CHUNK", 2)
    path = tmp_path / "b.jsonl"
    path.write_text("\n".join([_line(0, 3), _line(1, 4), "", _line(0, 3), _line(2, 5),
                               _line(1, 4)]) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "tag", project, "--batch", str(path))
    assert (code, err) == (0, "")
    ids = [int(i) for i in out.split()]
    assert len(ids) == 5 and ids[0] == ids[2] and ids[1] == ids[4] and len(set(ids)) == 3
    rows = run_json(capsys, "annotations", project)
    assert sorted(r["id"] for r in rows) == sorted(set(ids))


def test_json_output_lists_every_line(project: str, tmp_path: Path,  # noqa: F811
                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "b.jsonl"
    path.write_text(_line(0, 3, memo="a\u2028b") + "\n" + _line(1, 2) + "\n", encoding="utf-8")
    rows = run_json(capsys, "tag", project, "--batch", str(path))
    assert [(r["start"], r["end"], r["memo"]) for r in rows] == [(0, 3, "a\u2028b"), (1, 2, "")]


def test_a_bad_line_after_many_chunks_writes_nothing(
        project: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "CHUNK", 7)
    path = tmp_path / "b.jsonl"
    good = [_line(n % 5, n % 5 + 1 + n // 5) for n in range(60)]
    path.write_text("\n".join([*good, _line(0, 10**9)]) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "tag", project, "--batch", str(path))
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert lines[0].startswith(f"{path} line 61: range 0–1000000000 is outside document 1")
    assert lines[1] == f"error: {path}: 1 bad line(s); nothing was written"
    assert run_json(capsys, "annotations", project) == []


def test_bad_bytes_a_bom_and_an_overlong_line_are_lines_of_their_own(
        project: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    path = tmp_path / "b.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + _line(0, 3).encode() + b"\n"
                     + b'{"code": "fin\xff"}\n'
                     + b"x" * (MAX_LINE + 5) + b"\n"
                     + _line(1, 3).encode() + b"\n")
    code, _out, err = run(capsys, "tag", project, "--batch", str(path))
    assert code == 2
    assert err.splitlines() == [f"{path} line 2: not UTF-8 text",
                                f"{path} line 3: longer than {MAX_LINE:,} bytes",
                                f"error: {path}: 2 bad line(s); nothing was written"]
    path.write_bytes(b"\xef\xbb\xbf" + _line(0, 3).encode() + b"\r\n" + _line(1, 3).encode())
    code, out, err = run(capsys, "tag", project, "--batch", str(path))
    assert (code, err, len(out.split())) == (0, "", 2)


def test_an_empty_or_missing_file_is_one_line(project: str, tmp_path: Path,  # noqa: F811
                                              capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    assert run(capsys, "tag", project, "--batch", str(empty))[2] == (
        f"error: {empty}: no codings in the file\n")
    missing = tmp_path / "missing.jsonl"
    code, _out, err = run(capsys, "tag", project, "--batch", str(missing))
    assert code == 2 and err == f"error: {missing}: cannot read (No such file or directory)\n"


def test_the_reader_is_lazy(tmp_path: Path) -> None:
    """It yields a line before it has read the file's end: a million lines are a stream."""
    path = tmp_path / "b.jsonl"
    path.write_text(_line(0, 1) + "\n" + "{broken\n" * 3, encoding="utf-8")
    lines = read_batch(path)
    first = next(lines)
    assert (first.number, first.start, first.problem) == (1, 0, "")
    with path.open("a", encoding="utf-8") as more:  # written after the first line was read
        more.write(_line(0, 2) + "\n")
    rest = list(lines)
    assert [line.number for line in rest] == [2, 3, 4, 5] and rest[-1].end == 2
