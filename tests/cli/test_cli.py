"""The command-line interface, end to end, on generated and real PDFs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli.main import main
from tests.conftest import corpus_pdf
from tests.support.helpers import run, run_json
from tests.support.samples import typeset

ROOT = Path(__file__).resolve().parents[2]
MINUTES = ["〇河野大臣：ただいまから会議を開催いたします。\n交付金の配分について議論します。",
           "𠮷田委員　人材の確保が課題です。\n保健師を増員し、交付した。"]






@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "第4回議事録.pdf"
    path.write_bytes(typeset(MINUTES))
    return path


@pytest.fixture
def project(tmp_path: Path, pdf: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "p.annot")
    code, out, _err = run(capsys, "import", path, str(pdf))
    assert code == 0
    assert out.startswith("imported 第4回議事録.pdf: 2 pages, ")
    return path


def test_import_lines_and_exit_code_for_a_mixed_batch(tmp_path: Path, pdf: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    html = tmp_path / "page.pdf"
    html.write_text("<!DOCTYPE html><html><body>見つかりません</body></html>", encoding="utf-8")
    truncated = tmp_path / "cut.pdf"
    truncated.write_bytes(pdf.read_bytes()[: len(pdf.read_bytes()) // 3])
    path = tmp_path / "p.annot"
    code, out, err = run(capsys, "import", str(path), str(empty), str(pdf), str(html),
                         str(truncated), str(pdf), str(tmp_path / "missing.pdf"))
    lines = out.splitlines()
    assert code == 1
    assert lines[0] == "error empty.pdf: empty file (0 bytes)"
    assert lines[1].startswith("imported 第4回議事録.pdf: 2 pages, ")
    assert lines[2].startswith("error page.pdf: not a PDF")
    assert lines[3].startswith("error cut.pdf: corrupt")
    assert lines[4] == "skipped 第4回議事録.pdf: already in project"
    assert lines[5].startswith("error missing.pdf: cannot read the file")
    assert "page 2/2" in err  # progress goes to stderr
    documents = run_json(capsys, "documents", str(path))
    assert [d["name"] for d in documents] == ["第4回議事録.pdf"]  # nothing of the bad files


def test_documents_text_and_passages(project: str, capsys: pytest.CaptureFixture[str]) -> None:
    (doc,) = run_json(capsys, "documents", project)
    assert set(doc) == {"id", "name", "sha256", "pages", "chars", "passages", "warnings",
                        "extractor"}
    assert (doc["pages"], doc["warnings"], len(doc["sha256"])) == (2, [], 64)
    code, text, _ = run(capsys, "text", project, str(doc["id"]))
    assert code == 0 and len(text) == doc["chars"]
    assert "𠮷田委員" in text and not text.endswith("\n\n\n")
    passages = run_json(capsys, "passages", project, "--document", str(doc["id"]))
    assert len(passages) == doc["passages"]
    assert all(text[p["start"]:p["end"]] == p["text"] for p in passages)
    assert {p["page"] for p in passages} == {1, 2}  # pages counted from 1 for people


def test_tag_passage_and_free_range_then_list(project: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, text, _ = run(capsys, "text", project, "1")
    passage = run_json(capsys, "passages", project)[0]
    tagged = run_json(capsys, "tag", project, "--code", "finance", "--coder", "ann",
                      "--passage", str(passage["id"]), "--memo", "交付金")
    assert (tagged["passage_id"], tagged["quote"], tagged["memo"]) == (
        passage["id"], passage["text"], "交付金")
    start = text.index("𠮷田")
    code, out, _ = run(capsys, "tag", project, "--code", "人材", "--coder", "ben",
                       "--document", "1", "--start", str(start), "--end", str(start + 4))
    assert code == 0 and out.strip().isdigit()
    rows = run_json(capsys, "annotations", project)
    assert [(r["code"], r["coder"]) for r in rows] == [("finance", "ann"), ("personnel", "ben")]
    assert rows[1]["quote"] == "𠮷田委員" == text[rows[1]["start"]:rows[1]["end"]]
    assert set(rows[0]) >= {"id", "document_id", "passage_id", "start", "end", "code", "coder",
                            "memo", "quote", "created"}
    assert [r["coder"] for r in run_json(capsys, "annotations", project, "--coder", "ben")] == [
        "ben"]


def test_batch_is_all_or_nothing(project: str, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    passage = run_json(capsys, "passages", project)[0]["id"]
    batch = tmp_path / "codings.jsonl"
    good = [{"code": "finance", "coder": "ann", "passage": passage},
            {"code": "authority", "coder": "ann", "document": 1, "start": 0, "end": 2,
             "memo": "要請"}]
    batch.write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in good)
                     + '\n{"code": "finance", "coder": "ann", "passage": 99999}\n',
                     encoding="utf-8")
    code, _out, err = run(capsys, "tag", project, "--batch", str(batch))
    assert code == 2 and f"{batch} line 3" in err and "no passage" in err
    assert run_json(capsys, "annotations", project) == []
    batch.write_text("\n".join(json.dumps(g) for g in good) + "\nnot json\n", encoding="utf-8")
    code, _out, err = run(capsys, "tag", project, "--batch", str(batch))
    assert code == 2 and "line 3" in err
    batch.write_text("\n".join(json.dumps(g) for g in good), encoding="utf-8")
    code, out, _ = run(capsys, "tag", project, "--batch", str(batch))
    assert code == 0 and len(out.split()) == 2
    assert [r["memo"] for r in run_json(capsys, "annotations", project)] == ["要請", ""]


def test_untag_done_and_search(project: str, capsys: pytest.CaptureFixture[str]) -> None:
    passage = run_json(capsys, "passages", project)[0]["id"]
    tagged = run_json(capsys, "tag", project, "--code", "finance", "--coder", "ann",
                      "--passage", str(passage))
    code, _out, err = run(capsys, "untag", project, str(tagged["id"]), "--coder", "ben")
    assert code == 2 and "only that coder" in err
    assert run_json(capsys, "untag", project, str(tagged["id"]), "--coder", "ann")["id"] == (
        tagged["id"])
    assert run_json(capsys, "annotations", project) == []
    assert run_json(capsys, "done", project, "--document", "1", "--coder", "ann")["status"] == (
        "done")
    assert run_json(capsys, "done", project, "--document", "1", "--coder", "ann",
                    "--undo")["status"] == "in_progress"
    hits = run_json(capsys, "search", project, "交付")
    assert len(hits) >= 2  # 交付金 and 交付した: the lemma, not the string
    assert all("交付" in "".join(h["kwic"][0]) for h in hits)
    code, out, _ = run(capsys, "search", project, "人材")
    assert code == 0 and "【人材】" in out


@pytest.mark.parametrize("args", [
    ("text", "{p}", "99"),
    ("tag", "{p}", "--code", "finance", "--coder", "ann", "--passage", "9999"),
    ("tag", "{p}", "--code", "budget", "--coder", "ann", "--document", "1", "--start", "0",
     "--end", "2"),
    ("tag", "{p}", "--code", "finance", "--coder", "ann", "--document", "1", "--start", "0"),
    ("tag", "{p}", "--code", "finance", "--document", "1", "--start", "0", "--end", "2"),
    ("untag", "{p}", "12345", "--coder", "ann"),
    ("done", "{p}", "--document", "77", "--coder", "ann"),
    ("passages", "{p}", "--document", "5"),
    ("search", "{p}", "。"),
    ("documents", "{missing}"),
])
def test_usage_errors_exit_2_and_write_nothing(project: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               args: tuple[str, ...]) -> None:
    before = Path(project).read_bytes()
    missing = tmp_path / "nope.annot"
    argv = [a.format(p=project, missing=missing) for a in args]
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and err.startswith("error: ")
    assert "Traceback" not in err
    assert not missing.exists()
    assert run_json(capsys, "annotations", project) == []
    assert Path(project).read_bytes() == before


def test_argparse_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["tag"])
    assert exit_info.value.code == 2


def test_main_py_runs_as_a_program(project: str) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}  # output is UTF-8 whatever the locale
    done = subprocess.run([sys.executable, "main.py", "codes", project], cwd=ROOT,
                          capture_output=True, check=True, env=env)
    stdout = done.stdout.decode("utf-8")
    assert "財源" in stdout and "information_sharing" in stdout


def test_real_corpus_imports_with_one_line_per_file(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    folder = corpus_pdf("SOURCES.tsv").parent
    rows = [line.split("\t") for line in (folder / "SOURCES.tsv").read_text(
        encoding="utf-8").splitlines()[1:]]
    expected = {row[0]: row[7] for row in rows}
    path = str(tmp_path / "corpus.annot")
    code, out, _err = run(capsys, "import", path, "--no-ocr",
                          *(str(folder / name) for name in expected))
    assert code == 1
    lines = dict(line.split(" ", 1)[::-1] for line in out.splitlines())
    by_file = {rest.split(":", 1)[0]: status for rest, status in lines.items()}
    for name, want in expected.items():
        status = "error" if want.startswith("error") else "imported"
        assert by_file[name] == status, (name, out)
    documents = {d["name"]: d for d in run_json(capsys, "documents", path)}
    assert "needs OCR" in " ".join(documents["scanned_mhlw_jimurenraku.pdf"]["warnings"])
    assert "garbled" in " ".join(documents["garbled_kanpo_procurement.pdf"]["warnings"])
    assert documents["minutes_digital_society_4.pdf"]["warnings"] == []
    hits = run_json(capsys, "search", path, "人材")
    assert any(h["document"] == "report_cio_data_personnel_2021.pdf" for h in hits)


def test_codebook_editing_commands(project: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "code", "add", project, "grants", "--ja", "補助金", "--parent", "finance",
               "--color", "#aa3300", "--shortcut", "5")[:2] == (0, "added grants\n")
    assert run(capsys, "code", "edit", project, "補助金", "--definition", "国庫補助金")[0] == 0
    codes = {c["key"]: c for c in run_json(capsys, "codes", project)}
    assert (codes["grants"]["parent"], codes["grants"]["definition"]) == ("finance", "国庫補助金")
    run_json(capsys, "tag", project, "--code", "grants", "--coder", "ann", "--document", "1",
             "--start", "0", "--end", "3")
    code, _out, err = run(capsys, "code", "delete", project, "grants", "--coder", "ann")
    assert code == 2 and "1 coding" in err
    assert run(capsys, "code", "move", project, "grants", "--top")[0] == 0
    code, out, _ = run(capsys, "code", "merge", project, "grants", "finance", "--coder", "ann")
    assert (code, out) == (0, "merged grants into finance (1 codings)\n")
    assert [a["code"] for a in run_json(capsys, "annotations", project)] == ["finance"]
    code, _out, err = run(capsys, "code", "edit", project, "finance", "--color", "blue")
    assert code == 2 and "#RRGGBB" in err
