"""`agreement`: intercoder agreement from the command line, as a table or as JSON.

Kept apart from `cli_commands` (which registers it in `COMMANDS`) so that module stays
small; it cannot import from there without an import cycle.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from collections.abc import Sequence

from annotator.agreement.service import NOTES, UNITS, AgreementReport
from annotator.agreement.statistics import STATISTICS, MacroStat, Stat, StatSet
from annotator.ids import DocumentId
from annotator.project import Project, location

LABELS = {"percent": "percent", "cohen_kappa": "Cohen κ", "fleiss_kappa": "Fleiss κ",
          "krippendorff_alpha": "Kripp. α", "gwet_ac1": "AC1", "brennan_prediger": "B–P κ",
          "positive_agreement": "pos. agr."}
UNDEFINED = "—"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("project", help="the project file (.annot, a SQLite file)")
    p.add_argument("--coders", metavar="A,B[,C...]",
                   help="two or more coders, comma-separated (default: every coder who "
                        "marked a document done)")
    p.add_argument("--unit", choices=UNITS, default="passage",
                   help="passage (default) or character (for free-range codings)")
    p.add_argument("--document", type=int, metavar="ID", help="only this document")
    p.add_argument("--lang", choices=tuple(NOTES), default="en",
                   help="language of the methods note in the table output")
    p.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> int:
    document = DocumentId(args.document) if args.document is not None else None
    with Project(location(args.project), create=False) as project:
        coders = ([name.strip() for name in args.coders.split(",")] if args.coders
                  else project.agreement.default_coders())
        report = project.agreement.compute(coders, unit=args.unit, document=document)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=1, allow_nan=False))
    else:
        print(render(report, args.lang))
    return 0


def render(report: AgreementReport, lang: str = "en") -> str:
    """Codes × statistics with the n each used, what is undefined and why, then the note."""
    documents = len(report.documents)
    lines = [f"agreement of {', '.join(report.coders)} over {report.n_units:,} "
             f"{report.unit}(s) in {documents} document(s)", ""]
    rows = [_row(key, stats) for key, stats in report.codes.items()]
    rows += [_row("pooled", report.pooled), _macro_row(report.macro)]
    lines += _table(["code", "n", *(LABELS[name] for name in STATISTICS), "n α"], rows)
    lines += _undefined([*report.codes.items(), ("pooled", report.pooled)])
    lines += _macro_codes(report.macro, list(report.codes))
    if documents > 1:
        lines += ["", "by document, pooled over codes:"]
        lines += _table(["document", "n", *(LABELS[name] for name in STATISTICS), "n α"],
                        [_row(f"{d.id} {d.name}", d.pooled) for d in report.documents])
    return "\n".join([*lines, "", report.methods_note(lang)])


def _value(value: float | None) -> str:
    return UNDEFINED if value is None else f"{value:.3f}"


def _row(label: str, stats: StatSet[Stat]) -> list[str]:
    return [label, str(stats.percent.n_units), *(_value(s.value) for _name, s in stats.items()),
            str(stats.krippendorff_alpha.n_units)]


def _macro_row(stats: StatSet[MacroStat]) -> list[str]:
    return ["macro (mean of codes)", "", *(_value(s.value) for _name, s in stats.items()), ""]


def _undefined(entries: Sequence[tuple[str, StatSet[Stat]]]) -> list[str]:
    """One line per row and reason, naming the statistics it leaves undefined."""
    lines = []
    for label, stats in entries:
        reasons: dict[str, list[str]] = {}
        for name, stat in stats.items():
            if stat.value is None and stat.note is not None:
                reasons.setdefault(stat.note, []).append(LABELS[name])
        lines += [f"  {label}: {', '.join(names)} {UNDEFINED} {note}"
                  for note, names in reasons.items()]
    return ["", f"{UNDEFINED} undefined:", *lines] if lines else []


def _macro_codes(stats: StatSet[MacroStat], codes: list[str]) -> list[str]:
    partial = [f"  {LABELS[name]}: {', '.join(s.codes) or 'none'}"
               for name, s in stats.items() if list(s.codes) != codes]
    return ["", "macro means over fewer codes (the others are undefined):", *partial] \
        if partial else []


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(_width(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        padded = [cell + " " * (widths[0] - _width(cell)) if i == 0
                  else " " * (widths[i] - _width(cell)) + cell for i, cell in enumerate(cells)]
        return "  ".join(padded).rstrip()

    return [line(headers), "  ".join("-" * w for w in widths), *(line(row) for row in rows)]


def _width(text: str) -> int:
    """Columns on a terminal: East Asian wide characters take two (a Japanese code key)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
