"""export: the consolidated workbook of 50,000 codings against a bare openpyxl dump of its rows.

The project is filled straight through Core inserts (1,000 documents of 20 passages, two
coders with 25,000 codings each, every document marked done by both, a tenth of the
codings reviewed), so the export has every sheet to write, agreement included.

* export: ``project.exports.workbook(...)``: reading the project, Codings (one row per
  passage), Long (one row per coding), Matrix with its chart, Agreement, Codebook, About,
  the cell rules (formula-like text, the cell limit, dates), written to a temporary
  file and renamed into place;
* bare dump: the very same Codings and Long rows, prepared beforehand (not timed), appended
  as plain values to a write-only workbook and saved: what writing them costs at least.

Peak memory is the ru_maxrss of fresh child processes (started through a launcher, as in
`bench.memory`): one that only opens the project, one that also exports it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from annotator.export.data import ExportOptions, read_documents
from annotator.export.tables import codings_columns, codings_row, long_columns, long_row
from annotator.formats.cells import Value
from annotator.project import Project
from bench.bigproject import DOCUMENTS, fill
from bench.common import REPO, Context, Target, median_of, ratio

TARGET_RATIO = 1.5
_BUDGET_S = 60.0

_CHILD = """
import json, resource, sys, time
from pathlib import Path
stage, project_path, out = sys.argv[1:4]
from annotator.project import Project
info = {}
with Project(Path(project_path), create=False) as project:
    start = time.perf_counter()
    if stage == "export":
        summary = project.exports.workbook(Path(out))
        info["codings"] = summary.codings
    info["seconds"] = time.perf_counter() - start
info["peak_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps(info))
"""
_LAUNCHER = "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:]).returncode)"


@dataclass
class ExportResult:
    codings: int
    rows: int
    export_s: float = 0.0
    dump_s: float = 0.0
    file_mib: float = 0.0
    dump_file_mib: float = 0.0
    baseline_peak_mib: float = 0.0
    export_peak_mib: float = 0.0

    def render(self) -> str:
        return "\n".join([
            f"export: {self.codings:,} codings in {DOCUMENTS:,} documents "
            f"({self.rows:,} rows in Codings and Long)",
            f"consolidated workbook (6 sheets, chart)  {self.export_s:7.2f} s   "
            f"{self.file_mib:6.1f} MiB",
            f"bare write-only dump of the same rows    {self.dump_s:7.2f} s   "
            f"{self.dump_file_mib:6.1f} MiB   ratio {ratio(self.export_s, self.dump_s):5.2f}x",
            f"peak memory (child ru_maxrss): open project {self.baseline_peak_mib:.1f} MiB, "
            f"export {self.export_peak_mib:.1f} MiB "
            f"(+{self.export_peak_mib - self.baseline_peak_mib:.1f} MiB)",
        ])

    def targets(self) -> list[Target]:
        return [Target(f"export {self.codings:,} codings / bare openpyxl dump",
                       ratio(self.export_s, self.dump_s), TARGET_RATIO, "x")]


def run(ctx: Context) -> ExportResult:
    folder = ctx.scratch("export")
    path = folder / "big.annot"
    fill(path)
    result = _timed(ctx, path, folder)
    result.file_mib = (folder / "export.xlsx").stat().st_size / 2**20
    result.dump_file_mib = (folder / "dump.xlsx").stat().st_size / 2**20
    result.baseline_peak_mib = _child("open", path, folder / "child.xlsx")["peak_kib"] / 1024
    exported = _child("export", path, folder / "child.xlsx")
    if exported.get("codings") != result.codings:
        raise RuntimeError(f"the child's export wrote {exported.get('codings')} codings")
    result.export_peak_mib = exported["peak_kib"] / 1024
    return result


def _timed(ctx: Context, path: Path, folder: Path) -> ExportResult:
    with Project(path, create=False) as project:
        codings, long, header = _rows(project)
        result = ExportResult(len(long), len(codings) + len(long))
        result.export_s = median_of(lambda: project.exports.workbook(folder / "export.xlsx"),
                                    ctx.repeats, budget_s=_BUDGET_S, at_least=1)
    result.dump_s = median_of(lambda: _dump(folder / "dump.xlsx", codings, long, header),
                              ctx.repeats, budget_s=_BUDGET_S, at_least=1)
    return result


def _rows(project: Project) -> tuple[list[list[Value]], list[list[Value]], tuple[list[str],
                                                                                  list[str]]]:
    """The rows the export writes, built by its own code: the dump writes the same values."""
    keys = [c.key for c in project.codebook.all()]
    codings: list[list[Value]] = []
    long: list[list[Value]] = []
    for doc in read_documents(project.exports.sources, ExportOptions()):
        codings.extend(codings_row(doc, unit, keys) for unit in doc.units)
        long.extend(long_row(doc, coding) for coding in doc.codings)
    header = ([c.header for c in codings_columns(keys)], [c.header for c in long_columns()])
    return codings, long, header


def _dump(path: Path, codings: list[list[Value]], long: list[list[Value]],
          header: tuple[list[str], list[str]]) -> None:
    book = Workbook(write_only=True)
    for title, names, rows in (("Codings", header[0], codings), ("Long", header[1], long)):
        sheet = book.create_sheet(title)
        sheet.append(names)
        for row in rows:
            sheet.append(row)
    book.save(path)


def _child(stage: str, project: Path, out: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-c", _LAUNCHER, sys.executable, "-c", _CHILD, stage,
               str(project), str(out)]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(f"export child '{stage}' failed:\n{done.stderr.strip()}")
    info: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return info
