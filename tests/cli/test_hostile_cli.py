"""Hostile CLI input: strict batch lines, huge ids, names that try to drive the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.project import Project
from tests.cli.test_cli import MINUTES
from tests.support.helpers import run
from tests.support.samples import typeset


@pytest.fixture
def project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    pdf = tmp_path / "minutes.pdf"
    pdf.write_bytes(typeset(MINUTES))
    path = str(tmp_path / "p.annot")
    assert run(capsys, "import", path, str(pdf))[0] == 0
    return path


GOOD = '{"code": "finance", "coder": "hanako", "document": 1, "start": 0, "end": 3}'
BAD_LINES = {
    '{"code": "finance", "coder": null, "passage": 1}': "coder must be text, not null",
    '{"code": "finance", "coder": ["a"], "passage": 1}': "coder must be text, not a list",
    '{"code": "finance", "coder": "a", "memo": {"x": 1}, "passage": 1}':
        "memo must be text, not an object",
    '{"code": 1, "coder": "a", "passage": 1}': "code must be text, not a number",
    '{"code": "finance", "coder": "a", "passage": 9223372036854775808}':
        "passage 9223372036854775808 is out of range",
    '{"code": "finance", "coder": "a", "document": 1, "start": -18446744073709551616, "end": 3}':
        "start -18446744073709551616 is out of range",
    '{"code": "finance", "coder": "\\ud800", "passage": 1}': "coder is not valid Unicode",
    "[" * 100_000: "nested too deep",
    '{"code": "finance", "coder": "a", "passage": 1, "Code": "x"}': "unknown field 'Code'",
    '{"code": "finance", "coder": "a", "passage": NaN}': "NaN is not a number JSON allows",
    '{"code": "finance", "coder": "a", "passage": 1.0}': "passage must be a whole number",
}


def test_each_bad_line_gets_one_line_and_nothing_is_written(
        project: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    batch = tmp_path / "b.jsonl"
    lines = [GOOD, *BAD_LINES]
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "tag", project, "--batch", str(batch))
    assert code == 2 and out == ""
    errors = err.splitlines()
    assert len(errors) == len(BAD_LINES) + 1
    for number, expected in enumerate(BAD_LINES.values(), start=2):
        assert f"{batch} line {number}: " in errors[number - 2]
        assert expected in errors[number - 2], errors[number - 2]
    assert errors[-1] == f"error: {batch}: {len(BAD_LINES)} bad line(s); nothing was written"
    with Project(Path(project)) as opened:
        assert opened.coding.annotations() == []


def test_a_bad_last_line_of_many_is_found_before_anything_is_written(
        project: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    batch = tmp_path / "b.jsonl"
    batch.write_text((GOOD + "\n") * 5000 + '{"code": "finance"}\n', encoding="utf-8")
    code, _out, err = run(capsys, "tag", project, "--batch", str(batch))
    assert code == 2 and "line 5001: coder must be text, not null" in err
    with Project(Path(project)) as opened:
        assert opened.coding.annotations() == []


def test_a_line_separator_inside_a_string_is_a_character(
        project: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    batch = tmp_path / "b.jsonl"
    memo = "一行目\u2028二行目"
    batch.write_text(json.dumps({"code": "finance", "coder": "a", "passage": 1, "memo": memo},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    code, _out, err = run(capsys, "tag", project, "--batch", str(batch))
    assert code == 0, err
    with Project(Path(project)) as opened:
        assert [a.memo for a in opened.coding.annotations()] == [memo]


@pytest.mark.parametrize("args", [
    ("text", "{p}", "9223372036854775808"),
    ("passages", "{p}", "--document", "9223372036854775808"),
    ("untag", "{p}", "99999999999999999999", "--coder", "a"),
    ("tag", "{p}", "--code", "finance", "--coder", "a", "--passage", "9223372036854775808"),
    ("done", "{p}", "--document", "9223372036854775808", "--coder", "a"),
    ("annotations", "{p}", "--document", "9223372036854775808"),
    ("review", "{p}", "9223372036854775808", "--decision", "accept", "--reviewer", "r"),
])
def test_ids_beyond_sqlite_integers_exit_2_with_one_line(
        project: str, args: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, *(a.format(p=project) for a in args))
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and err.startswith("error: "), err


def test_names_cannot_drive_the_terminal(project: str, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    hostile = "a\x1b]0;pwned\x07b\rc\u202ed\nx.pdf"
    pdf = tmp_path / hostile
    pdf.write_bytes(typeset(["名前の変なファイル"]))
    code, out, err = run(capsys, "import", project, str(pdf))
    assert code == 0, err
    assert out.count("\n") == 1
    for raw in ("\x1b", "\x07", "\r", "\u202e"):
        assert raw not in out
        assert raw not in err or raw == "\r"  # the progress line rewrites itself with CR
    assert "a\\x1b]0;pwned\\x07b\\x0dc\\u202ed\\x0ax.pdf" in out
    code, out, _ = run(capsys, "documents", project)
    assert "\x1b" not in out and out.count("\n") == 2
    with Project(Path(project)) as opened:
        assert hostile in [d.name for d in opened.documents.all()]  # stored exactly
    code, out, _ = run(capsys, "tag", project, "--code", "finance", "--coder", "\x1b[2Jeve",
                       "--passage", "1")
    code, out, _ = run(capsys, "annotations", project)
    assert "\x1b" not in out and "\\x1b[2Jeve" in out


def test_a_file_name_that_is_not_utf8_is_imported(project: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    name = tmp_path / "caf\udce9.pdf"  # b"caf\xe9.pdf" on disk
    Path(str(name).encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")
         ).write_bytes(typeset(["ラテン1の名前"]))
    code, out, err = run(capsys, "import", project, str(name))
    assert code == 0, err
    assert "imported caf\\xe9.pdf" in out
