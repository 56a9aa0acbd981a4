"""The summary sheets of the workbook: Matrix (with its chart), Agreement and About."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from annotator.agreement.service import NOTES
from annotator.agreement.statistics import STATISTICS, MacroStat, Stat, StatSet
from annotator.errors import AnnotatorError
from annotator.export.data import Sources
from annotator.export.tables import TableStats
from annotator.formats.cells import (
    EXCEL_CELL_LIMIT,
    INT,
    RATIO,
    TEXT,
    WRAP,
    CellLog,
    Column,
    Value,
)
from annotator.formats.xlsx import FONT_NAME, XlsxSheet, bar_chart
from annotator.records import CodeRow


def matrix_columns(keys: Sequence[str]) -> list[Column]:
    return [Column("document", TEXT, 30), *(Column(k, INT, max(7.0, len(k) + 2.0)) for k in keys),
            Column("total", INT, 8)]


def write_matrix(sheet: XlsxSheet, stats: TableStats, codes: Sequence[CodeRow]) -> None:
    """Codings per document and code, totals in the last row and column, and a bar chart."""
    keys = [c.key for c in codes]
    for document, name in stats.documents:
        counts = stats.counts.get(document)
        row = [counts[k] if counts else 0 for k in keys]
        sheet.append([name, *row, sum(row)])
    sheet.close()  # the filter covers the documents, not the totals row
    sums = [sum(stats.counts[d][k] for d, _n in stats.documents) for k in keys]
    sheet.append(["total", *sums, sum(sums)], style=sheet.styles.bold)
    if stats.documents and codes:
        bar_chart(sheet, rows=len(stats.documents), colors=[c.color for c in codes],
                  title="Codings per document", axis_title="codings",
                  anchor_column=len(keys) + 3)


# agreement -------------------------------------------------------------------------------------

def agreement_columns() -> list[Column]:
    return [Column("code", TEXT, 24), Column("n_units", INT, 9), Column("n_units_alpha", INT, 9),
            *(Column(name, RATIO, 12) for name in STATISTICS), Column("notes", WRAP, 60)]


def write_agreement(sheet: XlsxSheet, src: Sources) -> str:
    """Per code, pooled, the macro mean, per document, then the methods note in en and ja.

    The consensus is not a coder. Returns one line for the About sheet.
    """
    coders = src.agreement.default_coders()
    if len(coders) < 2:
        return _say(sheet, f"Agreement needs two or more coders who marked documents done; "
                           f"this project has {len(coders)} ({', '.join(coders) or 'none'}).")
    try:
        report = src.agreement.compute(coders, unit="passage")
    except AnnotatorError as err:
        return _say(sheet, f"Agreement could not be computed: {err}")
    for key, stats in report.codes.items():
        sheet.append(_stats_row(key, stats))
    sheet.append(_stats_row("(pooled)", report.pooled))
    sheet.append(_macro_row(report.macro, list(report.codes)))
    sheet.close()
    sheet.append([])
    sheet.append(["document", "n_units", None, *(f"pooled {n}" for n in STATISTICS)],
                 style=sheet.styles.header)
    for document in report.documents:
        sheet.append(_stats_row(document.name, document.pooled, document.n_units))
    for lang in NOTES:
        _paragraphs(sheet, f"methods ({lang})", report.methods_note(lang))
    return (f"{', '.join(report.coders)} over {report.n_units:,} passages in "
            f"{len(report.documents)} document(s); see the Agreement sheet")


def _stats_row(label: str, stats: StatSet[Stat], n_units: int | None = None) -> list[Value]:
    notes = [f"{name}: {stat.note}" for name, stat in stats.items() if stat.note]
    return [label, n_units if n_units is not None else stats.percent.n_units,
            None if n_units is not None else stats.krippendorff_alpha.n_units,
            *(stat.value for _name, stat in stats.items()), "\n".join(notes)]


def _macro_row(stats: StatSet[MacroStat], keys: Sequence[str]) -> list[Value]:
    notes = [f"{name}: {stat.note}" for name, stat in stats.items() if stat.note]
    notes += [f"{name}: mean of {', '.join(stat.codes)} only" for name, stat in stats.items()
              if stat.value is not None and len(stat.codes) < len(keys)]
    return ["(macro mean)", None, None, *(stat.value for _name, stat in stats.items()),
            "\n".join(notes)]


def _say(sheet: XlsxSheet, text: str) -> str:
    sheet.close()
    sheet.append([text])
    return text


def _paragraphs(sheet: XlsxSheet, title: str, text: str) -> None:
    """Notes as lines of their own: wrapped text in one narrow cell would be unreadable."""
    sheet.append([])
    sheet.append([title], style=sheet.styles.bold)
    for paragraph in text.splitlines():
        width = 55 if any(ord(ch) > 0x2FFF for ch in paragraph) else 110  # kanji are wide
        for line in textwrap.wrap(paragraph, width) or [""]:
            sheet.append([line])


# about -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class About:
    project: str
    exported: datetime
    version: str
    extractor: str
    options: str
    stats: TableStats
    log: CellLog
    agreement: str
    coders: Sequence[str]


def about_columns() -> list[Column]:
    return [Column("item", TEXT, 30), Column("value", WRAP, 100)]


def write_about(sheet: XlsxSheet, about: About) -> None:
    stats, log = about.stats, about.log
    extractors = "; ".join(f"version {v}: {n} document{'s' * (n != 1)}"
                           for v, n in sorted(stats.extractors.items()))
    rows: list[tuple[str, Value]] = [
        ("project", about.project),
        ("exported_utc", about.exported),
        ("annotator_version", about.version),
        ("extractor_version", f"{about.extractor} (current); {extractors or 'no documents'}"),
        ("filter", about.options),
        ("documents", len(stats.documents)),
        ("codings_rows", stats.units),
        ("of_which_free_ranges", stats.free_ranges),
        ("long_rows", stats.codings),
        ("coders_in_export", ", ".join(sorted(stats.coders)) or "none"),
        ("coders_in_project", ", ".join(about.coders) or "none"),
        ("agreement", about.agreement),
        ("cells_cut_at_excel_limit", len(log.truncated)),
        ("cells_cut_where", "\n".join(log.truncated[:50]) or None),
        ("cells_marked_as_text", log.as_text),
        ("cells_with_replaced_characters", log.replaced),
        ("font", f"{FONT_NAME} (Japanese; Excel and LibreOffice substitute another "
                 f"Japanese font where it is missing)"),
        ("notes", _NOTES.format(limit=EXCEL_CELL_LIMIT)),
    ]
    for item, value in rows:
        sheet.append([item, value])
    sheet.close()


_NOTES = (
    "Every sheet shows the codings the filter lets through (the Codebook's codings column "
    "counts those too), except Agreement, which compares all coders but the consensus. "
    "Codings: one row per passage to code (speaker headings and figure labels only when "
    "coded) and per coded range that no single passage holds. A code's 0/1 column is 1 when "
    "a coding of exactly that code (not of a sub-code) lies in the unit; <code>_coders lists "
    "who applied it. Long: one row per coding; start and end count characters (code points) "
    "of the document's stored text. Times are UTC. Texts longer than Excel's {limit:,}-"
    "character cell limit are cut with a visible mark; the CSV export keeps them whole. "
    "Cells whose text begins with = + - @ are flagged as text (not formulas) and unaltered.")
