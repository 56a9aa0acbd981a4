"""The consolidated workbook: Codings, Long, Matrix, Agreement, Codebook and About.

The sheets stream (openpyxl's write-only mode), so a project of any size exports in
bounded memory, and the file appears only when it is complete: a cancelled or failed
export leaves the previous file, if any, untouched.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from annotator import __version__
from annotator.export.data import ExportOptions, Sources, check_options
from annotator.export.sheets import (
    About,
    about_columns,
    agreement_columns,
    matrix_columns,
    write_about,
    write_agreement,
    write_matrix,
)
from annotator.export.tables import (
    Cancelled,
    ExportCancelledError,
    Progress,
    TableStats,
    codings_columns,
    long_columns,
    write_tables,
)
from annotator.formats.cells import CellLog, Column, Value, csv_value
from annotator.formats.codebook_sheet import COLUMNS as CODEBOOK_COLUMNS
from annotator.formats.codebook_sheet import write_sheet as write_codebook_sheet
from annotator.formats.files import ExportFileError, atomic, atomic_set
from annotator.formats.xlsx import (
    Book,
    XlsxSheet,
    discard,
    new_workbook,
    save,
    sheet_temporaries,
)
from annotator.history import now
from annotator.pdf.extract import EXTRACTOR_VERSION
from annotator.records import CodeRow

__all__ = ["ExportCancelledError", "ExportOptions", "ExportService", "ExportSummary"]


@dataclass(frozen=True)
class ExportSummary:
    """What was written, for the CLI's lines and the GUI's closing message."""

    files: tuple[Path, ...]
    documents: int
    units: int
    codings: int
    truncated: tuple[str, ...] = ()  # "Codings!J7 (40,000 characters)"
    as_text: int = 0
    replaced: int = 0

    def lines(self) -> list[str]:
        lines = [f"wrote {', '.join(str(f) for f in self.files)}",
                 f"{self.documents} documents, {self.units} rows in Codings, "
                 f"{self.codings} codings in Long"]
        if self.truncated:
            lines.append(f"{len(self.truncated)} cell(s) cut at Excel's 32,767-character limit "
                         f"(listed in About; the CSV export keeps them whole)")
        return lines


class ExportService:
    """Exports of one project; `progress(done, total)` and `cancelled()` serve the GUI."""

    def __init__(self, src: Sources) -> None:
        self._src = src

    @property
    def sources(self) -> Sources:
        """What the exports read (benchmarks build the same rows from it)."""
        return self._src

    def workbook(self, target: Path, options: ExportOptions | None = None, *,
                 progress: Progress | None = None,
                 cancelled: Cancelled | None = None) -> ExportSummary:
        options = options or ExportOptions()
        check_options(self._src, options)
        target = Path(target)
        with atomic(target) as temp, sheet_temporaries(target.parent):
            stats, log = _write_workbook(self._src, options, temp, progress, cancelled)
        return ExportSummary((target,), len(stats.documents), stats.units, stats.codings,
                             tuple(log.truncated), log.as_text, log.replaced)

    def csv(self, folder: Path, options: ExportOptions | None = None, *,
            progress: Progress | None = None,
            cancelled: Cancelled | None = None) -> ExportSummary:
        """codings.csv and long.csv: UTF-8 with a BOM (so Excel reads it), full texts."""
        options = options or ExportOptions()
        check_options(self._src, options)
        folder = Path(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise ExportFileError(f"read-only: {folder.parent}" if isinstance(
                err, PermissionError) else f"{folder}: cannot make it ({err.strerror})") from err
        keys = [c.key for c in self._src.codebook.all()]
        targets = (folder / "codings.csv", folder / "long.csv")
        # Both are written before either replaces the old file: never one new, one old.
        with atomic_set(targets) as (first, second), \
                first.open("w", encoding="utf-8-sig", newline="") as a, \
                second.open("w", encoding="utf-8-sig", newline="") as b:
            stats = write_tables(self._src, options, keys, _CsvSink(a, codings_columns(keys)),
                                 _CsvSink(b, long_columns()), progress=progress,
                                 cancelled=cancelled)
        return ExportSummary(targets, len(stats.documents), stats.units, stats.codings)


def _write_workbook(src: Sources, options: ExportOptions, path: Path,
                    progress: Progress | None,
                    cancelled: Cancelled | None) -> tuple[TableStats, CellLog]:
    codes = src.codebook.all()
    book, log = new_workbook(), CellLog()
    try:
        return _fill_workbook(src, options, book, log, codes, path, progress, cancelled)
    finally:
        discard(book)  # nothing left behind, whether it was saved or abandoned


def _fill_workbook(src: Sources, options: ExportOptions, book: Book, log: CellLog,
                   codes: list[CodeRow], path: Path, progress: Progress | None,
                   cancelled: Cancelled | None) -> tuple[TableStats, CellLog]:
    keys = [c.key for c in codes]
    codings = XlsxSheet(book, None, "Codings", codings_columns(keys), log)
    styles = codings.styles
    long = XlsxSheet(book, styles, "Long", long_columns(), log)
    matrix = XlsxSheet(book, styles, "Matrix", matrix_columns(keys), log)
    agreement = XlsxSheet(book, styles, "Agreement", agreement_columns(), log)
    codebook = XlsxSheet(book, styles, "Codebook", CODEBOOK_COLUMNS, log, printable=True)
    about = XlsxSheet(book, styles, "About", about_columns(), log, autofilter=False)
    stats = write_tables(src, options, keys, codings, long, progress=progress,
                         cancelled=cancelled)
    codings.close()
    long.close()
    write_matrix(matrix, stats, codes)
    summary = write_agreement(agreement, src)
    write_codebook_sheet(codebook, codes, {}, stats.code_totals())
    codebook.close()
    write_about(about, About(src.name, now(), __version__, EXTRACTOR_VERSION,
                             options.describe(), stats, log, summary,
                             src.review.coders()))
    if cancelled is not None and cancelled():
        raise ExportCancelledError("export cancelled")
    save(book, path)
    return stats, log


class _CsvSink:
    def __init__(self, stream: TextIO, columns: Sequence[Column]) -> None:
        self._writer = csv.writer(stream)
        self._writer.writerow([csv_value(c.header) for c in columns])

    def append(self, values: Sequence[Value]) -> None:
        self._writer.writerow([csv_value(v) for v in values])
