"""import: a full `import_file` against raw PyMuPDF ``get_text("rawdict")`` on the same file.

The ratio's baseline is what the brief names: open the file with plain PyMuPDF and call
``page.get_text("rawdict")`` (default flags) on every page.  The same walk with the app's
extraction flags (no images, no invented spaces) is shown beside it, because that is the
part of MuPDF's work the app really asks for.

Every import goes into a fresh project file (a copy of an empty project made once, so
Alembic's migrations are not timed).  The breakdown times the stages of an import one
by one on the same file: opening and validating (`PdfFile`), reading every page
(`PdfFile.pages`: rawdict plus conversion to dataclasses), building the text and
passages (`extract`), lemma analysis of every passage (`index_terms`, Sudachi), and the
database write (`importing._store` with the lemmas precomputed, commit included).
"""

from __future__ import annotations

import contextlib
import math
import shutil
import time
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from unittest import mock

import pymupdf as _pymupdf

from annotator.documents import importing
from annotator.pdf.extract import extract
from annotator.pdf.reader import TEXT_FLAGS, PdfFile, sha256
from annotator.project import Project
from annotator.search import tokens as japanese
from bench import corpus
from bench.common import Context, Target, clocked, ms, ratio, table, timed

pymupdf: Any = _pymupdf

TARGET_RATIO = 1.5  # issue 4: a whole import costs at most 1.5x raw rawdict


@dataclass
class Breakdown:
    """Seconds per import stage, each timed on its own (one run)."""

    open_s: float  # PdfFile(data): byte checks, open, page count, metadata
    pages_s: float  # list(PdfFile.pages()): rawdict + CharBox/TextLine conversion
    build_s: float  # extract(): document text, box arrays, passages
    lemma_s: float  # index_terms() of every passage (Sudachi, modes C and A)
    db_s: float  # _store() with lemmas precomputed: rows, term ids, links, commit

    @property
    def total_s(self) -> float:
        return self.open_s + self.pages_s + self.build_s + self.lemma_s + self.db_s


@dataclass
class FileTiming:
    name: str
    kind: str
    pages: int
    passages: int
    chars: int
    status: str
    raw_s: float  # plain rawdict, default flags (the baseline)
    raw_app_flags_s: float  # plain rawdict with annotator.pdf.reader.TEXT_FLAGS
    import_s: float
    ratio: float
    breakdown: Breakdown | None = None


@dataclass
class ImportResult:
    repeats: int
    warmup_s: float
    files: list[FileTiming] = field(default_factory=list)
    total_raw_s: float = 0.0
    total_import_s: float = 0.0
    total_ratio: float = 0.0
    real_ratio: float = 0.0  # real corpus files only
    generated_ratio: float = 0.0  # the generated 300-page report only

    def targets(self) -> list[Target]:
        return [Target("import / raw rawdict, all files", self.total_ratio, TARGET_RATIO, "x")]

    def render(self) -> str:
        rows = [[f.name, f.pages, f.passages, f"{f.chars:,}", ms(f.raw_s), ms(f.raw_app_flags_s),
                 ms(f.import_s), f"{f.ratio:.1f}x", "" if f.status == "imported" else f.status]
                for f in self.files]
        problems = [f for f in self.files if f.status != "imported"]
        counted = [f for f in self.files if f.status == "imported"]
        app_raw = sum(f.raw_app_flags_s for f in counted)
        totals = ["TOTAL (imported files)", sum(f.pages for f in counted),
                  sum(f.passages for f in counted), f"{sum(f.chars for f in counted):,}",
                  ms(self.total_raw_s), ms(app_raw), ms(self.total_import_s),
                  f"{self.total_ratio:.1f}x", ""]
        first = table(["file", "pages", "passages", "chars", "raw ms", "raw(app flags) ms",
                       "import ms", "ratio", "status"], rows, footer=totals)
        pages_s = sum(f.breakdown.pages_s for f in counted if f.breakdown is not None)
        return "\n".join([
            f"import: full import_file vs raw rawdict (best of {self.repeats}, taken in turns; "
            f"warm-up with "
            f"Sudachi dictionary load {ms(self.warmup_s)} ms, not counted)",
            first,
            f"ratio on real corpus files only: {self.real_ratio:.1f}x;  generated 300-page "
            f"report: {self.generated_ratio:.1f}x;  all files vs raw with the app's flags: "
            f"{ratio(self.total_import_s, app_raw):.1f}x",
            "",
            f"import breakdown: each stage timed alone, in turns with the imports (best of "
            f"{self.repeats}), "
            "% of the import time; other = import - sum of the stages",
            self._breakdown_table(),
            f"pages() = PdfFile.pages(): MuPDF rawdict ({ms(app_raw)} ms alone, app's flags) "
            f"+ the rest of page() (~{ms(pages_s - app_raw)} ms: conversion to CharBox/TextLine,",
            "  page checks, any other MuPDF calls page() makes)",
            *([f"NOT COUNTED (not imported): {', '.join(f.name for f in problems)}"]
              if problems else []),
        ])

    def _breakdown_table(self) -> str:
        stages = ("open", "pages()", "extract()", "lemmas", "db write")
        rows = []
        sums = [0.0] * (len(stages) + 2)
        for f in self.files:
            b = f.breakdown
            if b is None:
                continue
            values = [b.open_s, b.pages_s, b.build_s, b.lemma_s, b.db_s,
                      f.import_s - b.total_s, f.import_s]
            sums = [a + v for a, v in zip(sums, values, strict=True)]
            rows.append([f.name, *_with_share(values)])
        return table(["file", *stages, "other", "import ms"], rows,
                     footer=["TOTAL", *_with_share(sums)])


def _with_share(values: list[float]) -> list[str]:
    whole = values[-1]
    cells = [f"{ms(v)} ({100 * ratio(v, whole):.0f}%)" for v in values[:-1]]
    return [*cells, ms(whole)]


def raw_rawdict(path: Path, flags: int | None) -> int:
    """Plain PyMuPDF: open the file and get rawdict of every page; returns the page count."""
    doc = pymupdf.open(path)
    try:
        for page in doc:
            if flags is None:
                page.get_text("rawdict")
            else:
                page.get_text("rawdict", flags=flags)
        return int(doc.page_count)
    finally:
        doc.close()


class _Projects:
    """Fresh project files: copies of one empty project made at the start."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._template = folder / "empty.annot"
        with Project(self._template):
            pass
        self._count = 0

    def fresh(self) -> Path:
        self._count += 1
        path = self._folder / f"p{self._count}.annot"
        shutil.copyfile(self._template, path)
        return path


@dataclass(frozen=True)
class _Run:
    seconds: float
    outcome: importing.ImportOutcome
    chars: int


def _import_once(projects: _Projects, path: Path) -> _Run:
    with Project(projects.fresh()) as project:
        outcome, seconds = clocked(lambda: project.importer.import_file(path))
        chars = 0
        if outcome.document_id is not None:
            chars = project.documents.get(outcome.document_id).chars
    return _Run(seconds, outcome, chars)


class _Stages:
    """The stages of one file's import, each timed alone on the previous stage's output."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data = path.read_bytes()
        with PdfFile(self.data) as pdf:
            self.title, self.count = pdf.title, pdf.page_count
            self.pages = list(pdf.pages())
        self.extracted = extract(self.pages)
        self.texts = [self.extracted.text[p.start:p.end] for p in self.extracted.passages]
        self.lemmas = {text: japanese.index_terms(text) for text in self.texts}

    def time_once(self, projects: _Projects) -> Breakdown:
        open_s = timed(lambda: PdfFile(self.data).close())
        return Breakdown(
            open_s=open_s,
            pages_s=timed(self._read_pages) - open_s,
            build_s=timed(lambda: extract(self.pages)),
            lemma_s=timed(lambda: [japanese.index_terms(text) for text in self.texts]),
            db_s=self._store(projects),
        )

    def _read_pages(self) -> None:
        with PdfFile(self.data) as pdf:
            list(pdf.pages())

    def _store(self, projects: _Projects) -> float:
        """The database part of `import_bytes`, with the lemmas looked up, not analysed."""
        with Project(projects.fresh()) as project, \
                mock.patch("annotator.search.service.index_terms", self.lemmas.__getitem__):
            start = time.perf_counter()
            with project.db.write() as s:
                importing._store(s, self.path.name, self.data, sha256(self.data), self.title,
                                 self.count, self.extracted)
            return time.perf_counter() - start


def _fastest(breakdowns: list[Breakdown]) -> Breakdown | None:
    if not breakdowns:
        return None
    return Breakdown(*(min(getattr(b, f.name) for b in breakdowns) for f in fields(Breakdown)))


def _warm_up(projects: _Projects, path: Path | None) -> float:
    """Load Sudachi's dictionary, compile SQLAlchemy statements, load MuPDF's CJK fonts."""
    def work() -> None:
        japanese.warm_up()
        japanese.index_terms("交付金を交付する。")
        if path is not None:
            raw_rawdict(path, None)
            with contextlib.suppress(Exception):  # the file's own run reports a crash
                _import_once(projects, path)
    return timed(work)


def crash_line(err: BaseException) -> str:
    """A crash of the core, in one line (the benchmark goes on with the other files)."""
    message = str(err).strip().splitlines()[0] if str(err).strip() else ""
    return f"crashed: {type(err).__name__}" + (f": {message[:80]}" if message else "")


def _time_file(ctx: Context, projects: _Projects, path: Path, kind: str) -> FileTiming:
    """Baselines, import and stages in turns, so a busy spell hits all of them alike."""
    raw: list[float] = []
    raw_app: list[float] = []
    imports: list[float] = []
    breakdowns: list[Breakdown] = []
    stages: _Stages | None = None
    outcome: importing.ImportOutcome | None = None
    chars = 0
    for _ in range(max(1, ctx.repeats)):
        raw.append(timed(lambda: raw_rawdict(path, None)))
        raw_app.append(timed(lambda: raw_rawdict(path, TEXT_FLAGS)))
        try:
            done = _import_once(projects, path)
        except Exception as err:  # noqa: BLE001 - a crash in the core is a result to report
            return FileTiming(path.name, kind, 0, 0, 0, crash_line(err), min(raw), min(raw_app),
                              math.nan, math.nan)
        imports.append(done.seconds)
        outcome, chars = done.outcome, done.chars
        if outcome.status == importing.IMPORTED:
            stages = stages or _Stages(path)
            breakdowns.append(stages.time_once(projects))
    assert outcome is not None
    status = outcome.status if outcome.status == importing.IMPORTED else (
        f"{outcome.status}: {outcome.reason}")
    return FileTiming(path.name, kind, outcome.pages, outcome.passages, chars, status,
                      min(raw), min(raw_app), min(imports), ratio(min(imports), min(raw)),
                      _fastest(breakdowns))


def run(ctx: Context) -> ImportResult:
    files = [(pdf.path, pdf.kind) for pdf in corpus.real_pdfs()]
    generated = ctx.report(300)
    projects = _Projects(ctx.scratch("import"))
    warmup_s = _warm_up(projects, files[0][0] if files else generated)
    result = ImportResult(ctx.repeats, warmup_s)
    for path, kind in [*files, (generated, "generated")]:
        result.files.append(_time_file(ctx, projects, path, kind))
    counted = [f for f in result.files if f.status == importing.IMPORTED]
    real = [f for f in counted if f.kind != "generated"]
    gen = [f for f in counted if f.kind == "generated"]
    result.total_raw_s = sum(f.raw_s for f in counted)
    result.total_import_s = sum(f.import_s for f in counted)
    result.total_ratio = ratio(result.total_import_s, result.total_raw_s)
    result.real_ratio = ratio(sum(f.import_s for f in real), sum(f.raw_s for f in real))
    result.generated_ratio = ratio(sum(f.import_s for f in gen), sum(f.raw_s for f in gen))
    return result
