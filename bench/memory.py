"""memory: peak resident memory of importing the 300-page report, in child processes.

Each stage runs in its own fresh ``python -c`` child that reports its own
``getrusage(RUSAGE_SELF).ru_maxrss`` (the peak RSS, KiB on Linux), so the numbers do not
mix with the benchmark process.  The child is started through a small launcher because
Linux keeps ru_maxrss across fork+exec: a child of the benchmark process itself would
report the benchmark's own peak (VmHWM from /proc is checked against it).

Every child imports the same modules and opens a fresh empty project; the stages then
add, one at a time, what an import does:

* baseline: nothing more (the cost of the app's modules and an open project);
* sudachi: load Sudachi's dictionary and analyse one sentence;
* extract: open the PDF and run `extract()` over its pages (no lemmas, no database);
* lemmas: extract, then `index_terms` of every passage, all kept (as `index_passages`
  holds them before writing), still without the database;
* import: the full `import_file` (validate, extract, store, index).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import REPO, Context, Target, table

TARGET_MIB = 300.0

_CHILD = """
import json, resource, sys, time
from pathlib import Path
stage, project_path, pdf_path = sys.argv[1:4]
from annotator.search import tokens as japanese
from annotator.pdf.extract import extract
from annotator.pdf.reader import PdfFile
from annotator.project import Project
info = {}
with Project(Path(project_path)) as project:
    start = time.perf_counter()
    if stage == "sudachi":
        japanese.index_terms("交付金を交付する。")
    elif stage == "extract":
        with PdfFile(Path(pdf_path).read_bytes()) as pdf:
            info["chars"] = len(extract(pdf.pages()).text)
    elif stage == "lemmas":
        with PdfFile(Path(pdf_path).read_bytes()) as pdf:
            extracted = extract(pdf.pages())
        text = extracted.text
        kept = [japanese.index_terms(text[p.start:p.end]) for p in extracted.passages]
        info["links"] = sum(len(terms) for terms in kept)
    elif stage == "import":
        outcome = project.importer.import_file(Path(pdf_path))
        info.update(status=outcome.status, pages=outcome.pages, passages=outcome.passages)
    info["seconds"] = time.perf_counter() - start
info["peak_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    with open("/proc/self/status", encoding="ascii") as status:
        fields = dict(line.split(":", 1) for line in status if ":" in line)
    for key, name in (("VmHWM", "hwm_kib"), ("RssAnon", "anon_kib"), ("RssFile", "file_kib")):
        if key in fields:
            info[name] = int(fields[key].split()[0])
except (OSError, ValueError):
    pass
print(json.dumps(info))
"""

# Linux carries a process's peak RSS (ru_maxrss) across fork and exec, so a child
# started straight from this (by then large) process would report *our* peak.  The
# child is therefore started by a small launcher process, whose own peak is tiny.
_LAUNCHER = "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:]).returncode)"

STAGES = {
    "baseline": "import the app's modules, open an empty project",
    "sudachi": "baseline + Sudachi dictionary loaded",
    "extract": "baseline + PdfFile + extract() of all pages",
    "lemmas": "extract + index_terms() of every passage, kept",
    "import": "baseline + full import_file()",
}


@dataclass
class Stage:
    name: str
    description: str
    peak_mib: float
    over_baseline_mib: float
    seconds: float
    anon_mib: float | None  # private memory (heap) at the end of the child
    file_mib: float | None  # file-backed pages (mmapped Sudachi dictionary, libraries)


@dataclass
class MemoryResult:
    pdf: str
    pages: int
    passages: int
    baseline_mib: float = 0.0
    import_peak_mib: float = 0.0
    difference_mib: float = 0.0
    stages: list[Stage] = field(default_factory=list)

    def targets(self) -> list[Target]:
        return [Target(f"peak memory importing {self.pages} pages", self.import_peak_mib,
                       TARGET_MIB, " MiB")]

    def render(self) -> str:
        rows = [[s.name, s.description, f"{s.peak_mib:.1f}", f"{s.over_baseline_mib:+.1f}",
                 _mib(s.anon_mib), _mib(s.file_mib), f"{s.seconds:.2f}"] for s in self.stages]
        return "\n".join([
            f"memory: peak RSS of child processes, {self.pdf} "
            f"({self.pages} pages, {self.passages} passages)",
            table(["stage", "what the child does", "peak MiB", "vs baseline", "anon MiB",
                   "file MiB", "stage s"], rows, left=2),
            "peak = ru_maxrss of the child;  anon / file = private vs file-backed resident "
            "memory at its end",
            "(file-backed pages are mostly Sudachi's mmapped system.dic: shared and evictable)",
            f"import peak {self.import_peak_mib:.1f} MiB = baseline {self.baseline_mib:.1f} MiB "
            f"+ {self.difference_mib:.1f} MiB for the import",
        ])


def _kib_to_mib(value: float | int | str | None) -> float | None:
    return None if value is None else float(value) / 1024


def _mib(value: float | None) -> str:
    return "?" if value is None else f"{value:.1f}"


def _child(stage: str, project: Path, pdf: Path) -> dict[str, float | int | str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-c", _LAUNCHER,
               sys.executable, "-c", _CHILD, stage, str(project), str(pdf)]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(f"memory child '{stage}' failed:\n{done.stderr.strip()}")
    info: dict[str, float | int | str] = json.loads(done.stdout.strip().splitlines()[-1])
    hwm = info.get("hwm_kib")
    if hwm is not None and abs(float(info["peak_kib"]) - float(hwm)) > 10 * 1024:
        print(f"warning: memory child '{stage}': ru_maxrss {info['peak_kib']} KiB but VmHWM "
              f"{hwm} KiB", file=sys.stderr)
    return info


def run(ctx: Context) -> MemoryResult:
    pdf = ctx.report(300)
    folder = ctx.scratch("memory")
    measured = {name: _child(name, folder / f"{name}.annot", pdf) for name in STAGES}
    base = float(measured["baseline"]["peak_kib"]) / 1024
    imported = measured["import"]
    if imported.get("status") != "imported":
        raise RuntimeError(f"the memory benchmark's import did not succeed: {imported}")
    result = MemoryResult(pdf.name, int(imported["pages"]), int(imported["passages"]))
    for name, description in STAGES.items():
        peak = float(measured[name]["peak_kib"]) / 1024
        info = measured[name]
        result.stages.append(Stage(name, description, peak, peak - base, float(info["seconds"]),
                                   _kib_to_mib(info.get("anon_kib")),
                                   _kib_to_mib(info.get("file_kib"))))
    result.baseline_mib = base
    result.import_peak_mib = float(imported["peak_kib"]) / 1024
    result.difference_mib = result.import_peak_mib - base
    return result
