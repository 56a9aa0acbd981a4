"""batch: `tag --batch` with 1,000,000 lines against a bare sqlite3 executemany of its rows.

The project is written straight into the tables (200 documents of 20 passages). The
batch file has a million lines: nine in ten code a free range (all different), one in ten
a whole passage by a second coder (those repeat, so they test the "same coding twice is
one coding" path too).

* app: ``python main.py tag P --batch FILE`` in a fresh child process: streaming the file,
  every check, the quotes, the containing passages, the history rows, one transaction;
* floor: a child that reads the same file with ``json.loads`` and inserts the same
  codings and a history row each with bare ``sqlite3`` executemany in one transaction,
  without any checking: what writing those rows costs at least.

Wall time, CPU time (user + system) and peak memory (ru_maxrss from ``os.wait4``) are each
child's own. Constant memory: the app's peak with a tenth of the lines is measured too.
Set BENCH_BATCH_LINES for a shorter run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from annotator.project import Project
from bench.common import REPO, Context, Target, ratio
from db.models import TABLES

LINES = int(os.environ.get("BENCH_BATCH_LINES", "1000000"))
DOCUMENTS, PASSAGES = 200, 20
SENTENCE = ("新型コロナ緊急包括支援交付金は全額国費でまかなっているため、"
            "配分の委任は困難と考えております。")
CODES = ("finance", "authority", "personnel", "information_sharing")
TARGET_RATIO = 8.0  # the app over the bare floor, CPU time
TARGET_GROWTH_MIB = 16.0  # peak memory with all the lines over a tenth of them

_FLOOR = """
import json, sqlite3, sys, uuid
from datetime import datetime
project, batch = sys.argv[1:3]
db = sqlite3.connect(project, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL"); db.execute("PRAGMA synchronous=FULL")
texts = dict(db.execute("SELECT id, text FROM documents"))
passages = {i: (d, a, b) for i, d, a, b in db.execute(
    "SELECT id, document_id, start, \\"end\\" FROM passages")}
codes = dict(db.execute("SELECT key, id FROM codes"))
coders = {"hanako": 1, "taro": 2}
stamp = datetime.now().isoformat(sep=" ")
def rows(history):
    with open(batch, encoding="utf-8") as stream:
        for n, line in enumerate(stream, start=1):
            item = json.loads(line)
            if "passage" in item:
                d, a, b = passages[item["passage"]]
            else:
                d, a, b = item["document"], item["start"], item["end"]
            if history:
                yield (n, 2, "create", n, json.dumps({"id": n, "document_id": d}))
            else:
                yield (n, d, a, b, codes[item["code"]], coders[item["coder"]], "",
                       texts[d][a:b], "exact", stamp, stamp, str(uuid.uuid4()), "human")
db.execute("BEGIN IMMEDIATE")
db.executemany("INSERT INTO annotations (id, document_id, start, \\"end\\", code_id, coder_id,"
               " memo, quote, anchor, created_at, updated_at, guid, origin)"
               " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows(False))
db.executemany("INSERT INTO history (id, coder_id, action, annotation_id, after, at)"
               " VALUES (?,?,?,?,?,'" + stamp + "')", rows(True))
db.execute("COMMIT")
"""
_LAUNCHER = """
import json, resource, subprocess, sys
code = subprocess.run(sys.argv[2:]).returncode
used = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as out:
    json.dump([used.ru_utime + used.ru_stime, used.ru_maxrss], out)
sys.exit(code)
"""
_APP = "import sys; from cli.main import main; sys.exit(main(sys.argv[1:]))"


@dataclass
class Child:
    wall_s: float = 0.0
    cpu_s: float = 0.0
    peak_mib: float = 0.0


@dataclass
class BatchResult:
    lines: int
    created: int = 0
    app: Child | None = None
    floor: Child | None = None
    tenth: Child | None = None

    def render(self) -> str:
        assert self.app and self.floor and self.tenth
        return "\n".join([
            f"batch: {self.lines:,} lines into {DOCUMENTS} documents "
            f"({self.created:,} codings new, the rest repeats)",
            f"{'':36}{'wall':>9}{'CPU':>9}{'peak':>10}",
            _row("tag --batch (app)", self.app),
            _row("bare sqlite3 executemany (floor)", self.floor),
            _row(f"tag --batch, {self.lines // 10:,} lines", self.tenth),
            f"ratio app/floor: wall {ratio(self.app.wall_s, self.floor.wall_s):.2f}x, "
            f"CPU {ratio(self.app.cpu_s, self.floor.cpu_s):.2f}x; peak memory grows "
            f"{self.app.peak_mib - self.tenth.peak_mib:+.1f} MiB from a tenth of the lines "
            "to all of them",
        ])

    def targets(self) -> list[Target]:
        assert self.app and self.floor and self.tenth
        return [Target(f"tag --batch {self.lines:,} lines / bare executemany (CPU)",
                       ratio(self.app.cpu_s, self.floor.cpu_s), TARGET_RATIO, "x"),
                Target("tag --batch peak memory growth, a tenth → all the lines",
                       max(self.app.peak_mib - self.tenth.peak_mib, 0.0), TARGET_GROWTH_MIB,
                       " MiB")]


def _row(name: str, child: Child) -> str:
    return f"{name:36}{child.wall_s:8.1f}s{child.cpu_s:8.1f}s{child.peak_mib:7.0f} MiB"


def run(ctx: Context) -> BatchResult:
    folder = ctx.scratch("batch")
    empty = folder / "empty.annot"
    _fill(empty)
    lines = folder / "codings.jsonl"
    tenth = folder / "tenth.jsonl"
    _write_lines(lines, LINES)
    _write_lines(tenth, LINES // 10)
    result = BatchResult(LINES)
    for name, source in (("floor", lines), ("tenth", tenth), ("app", lines)):
        target = folder / f"{name}.annot"
        shutil.copyfile(empty, target)
        report = folder / f"{name}.json"
        if name == "floor":
            child = _child([sys.executable, "-c", _FLOOR, str(target), str(source)], report)
        else:
            child = _child([sys.executable, "-c", _APP, "tag", str(target), "--batch",
                            str(source)], report)
        setattr(result, name, child)
    with Project(folder / "app.annot", create=False) as project, project.db.read() as s:
        result.created = int(s.connection().exec_driver_sql(
            "SELECT count(*) FROM annotations").scalar_one())
    return result


def _child(command: list[str], report: Path) -> Child:
    """Run to the end; its own wall time, CPU time and peak memory (it must succeed).

    Through a small launcher: a child forked straight from this (large) process would
    report this process's peak as its own ru_maxrss.
    """
    begun = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _LAUNCHER, str(report), *command], cwd=REPO,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - begun
    if done.returncode != 0:
        raise RuntimeError(f"{command[2][:30]!r} exited {done.returncode}: "
                           f"{done.stderr.decode(errors='replace')[-500:]}")
    cpu, peak_kib = json.loads(report.read_text(encoding="utf-8"))
    return Child(wall, cpu, peak_kib / 1024)


def _write_lines(path: Path, count: int) -> None:
    length = len(SENTENCE) + 1
    span = PASSAGES * length - 8
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            if n % 10 == 9:
                item: dict[str, object] = {"code": CODES[n // 40_000 % 4], "coder": "taro",
                                           "passage": n // 10 % (DOCUMENTS * PASSAGES) + 1}
            else:
                rest = n // DOCUMENTS  # unique (document, start, end) for every n
                start = rest % span
                item = {"code": CODES[n % 4], "coder": "hanako", "document": n % DOCUMENTS + 1,
                        "start": start, "end": start + 1 + rest // span}
            out.write(json.dumps(item) + "\n")


def _fill(path: Path) -> None:
    text = (SENTENCE + "\n") * PASSAGES
    length = len(SENTENCE)
    stamp = datetime(2026, 1, 1)
    with Project(path) as project, project.db.write() as s:
        c = s.connection()
        c.execute(TABLES["blobs"].insert(), [{"sha256": f"{n:064x}", "data": b"%PDF-1.7"}
                                             for n in range(DOCUMENTS)])
        c.execute(TABLES["documents"].insert(), [
            {"id": n + 1, "name": f"文書{n + 1:04d}.pdf", "sha256": f"{n:064x}", "title": "",
             "page_count": 1, "text": text, "extractor": "2", "warnings": "[]",
             "imported_at": stamp} for n in range(DOCUMENTS)])
        c.execute(TABLES["passages"].insert(), [
            {"document_id": d + 1, "seq": p, "start": p * (length + 1),
             "end": p * (length + 1) + length, "page": 0, "page_end": 0, "kind": "paragraph",
             "speaker": None, "indexed": True}
            for d in range(DOCUMENTS) for p in range(PASSAGES)])
        c.execute(TABLES["coders"].insert(), [
            {"id": n, "name": name, "created_at": stamp} for n, name in ((1, "hanako"),
                                                                          (2, "taro"))])
