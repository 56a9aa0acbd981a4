"""Two processes writing one project lose nothing; a killed process loses no acknowledged coding."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import text

from annotator.project import Project
from tests.support.samples import import_text

ROOT = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent("""
    import sys
    from annotator.project import Project
    from annotator.records import Target
    from annotator.ids import DocumentId
    path, coder, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with Project(path) as project:
        n = len(project.documents.text(DocumentId(1)))
        for i in range(count):
            start, length = i % (n - 3), 1 + (i // (n - 3)) % 3   # a new range each time
            annotation_id = project.coding.tag(
                Target(DocumentId(1), start, start + length), "finance", coder, memo=str(i)).value
            print(annotation_id, flush=True)   # acknowledged only once committed
""")


def _writer(path: Path, coder: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(path), coder, str(count)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def _make_project(tmp_path: Path) -> Path:
    path = tmp_path / "shared.annot"
    with Project(path) as project:
        line = "新型コロナ緊急包括支援交付金は全額国費でまかなっている。"
        import_text(project, ["\n".join([line] * 8)])
    return path


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = _make_project(tmp_path)
    writers = [_writer(path, coder, 150) for coder in ("ann", "ben")]
    outputs = [w.communicate(timeout=120) for w in writers]
    for writer, (_out, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
    acknowledged = {int(line) for out, _ in outputs for line in out.split()}
    assert len(acknowledged) == 300
    with Project(path) as project:
        rows = project.coding.annotations()
        document = project.documents.text(rows[0].document_id)
    assert {a.id for a in rows} == acknowledged
    assert {a.coder for a in rows} == {"ann", "ben"}
    assert all(document[a.start:a.end] == a.quote for a in rows)


def test_killing_the_process_loses_no_acknowledged_coding(tmp_path: Path) -> None:
    path = _make_project(tmp_path)
    writer = _writer(path, "ann", 150)
    assert writer.stdout is not None
    acknowledged = [int(writer.stdout.readline()) for _ in range(40)]
    os.kill(writer.pid, signal.SIGKILL)  # mid-way through the next transactions
    writer.wait(timeout=30)
    with Project(path) as project:
        with project.db.engine.connect() as c:
            assert c.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        stored = {a.id for a in project.coding.annotations()}
    assert set(acknowledged) <= stored
    assert len(stored) - len(acknowledged) <= 2  # at most what was committed but not yet printed
