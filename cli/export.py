"""`export` (the consolidated workbook, CSV) and `codebook export|import` on the command line.

Kept apart from `cli_commands`, which registers these in `COMMANDS` (importing from it
here would be a cycle).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from annotator.errors import InvalidInputError
from annotator.export.service import ExportOptions, ExportSummary
from annotator.project import Project, location
from annotator.review.service import CONSENSUS


def configure_export(p: argparse.ArgumentParser) -> None:
    p.add_argument("project", help="the project file (.annot, a SQLite file)")
    p.add_argument("out", nargs="?", metavar="OUT.xlsx", help="the workbook to write")
    p.add_argument("--csv", metavar="DIR", help="also write codings.csv and long.csv here")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--coder", help="only this coder's codings")
    who.add_argument("--consensus", action="store_true",
                     help=f"only the adjudicated codings (coder {CONSENSUS!r})")
    p.add_argument("--accepted", action="store_true", help="only codings a reviewer accepted")
    p.add_argument("--json", action="store_true", help="print JSON")


def run_export(args: argparse.Namespace) -> int:
    if not args.out and not args.csv:
        raise InvalidInputError("give OUT.xlsx, --csv DIR, or both")
    if args.out and Path(args.out).suffix.lower() != ".xlsx":
        raise InvalidInputError(f"{args.out}: the workbook's name must end in .xlsx")
    options = ExportOptions(CONSENSUS if args.consensus else args.coder, args.accepted)
    summaries: list[ExportSummary] = []
    with Project(location(args.project), create=False) as project:
        if args.out:
            summaries.append(project.exports.workbook(Path(args.out).expanduser(), options,
                                                      progress=_progress))
        if args.csv:
            summaries.append(project.exports.csv(Path(args.csv).expanduser(), options,
                                                 progress=_progress))
    if args.json:
        print(json.dumps([asdict(s) for s in summaries], ensure_ascii=False, default=str,
                         indent=1))
    else:
        for summary in summaries:
            print("\n".join(summary.lines()))
    return 0


def _progress(done: int, total: int) -> None:
    print(f"\rexporting: {done:,}/{total:,} rows", end="" if done < total else "\n",
          file=sys.stderr, flush=True)


def configure_codebook(p: argparse.ArgumentParser) -> None:
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    out = actions.add_parser("export", help="write the codebook to .xlsx or REFI-QDA .qdc")
    out.add_argument("project")
    out.add_argument("file", metavar="OUT.xlsx|OUT.qdc")
    into = actions.add_parser("import", help="merge a .xlsx or .qdc codebook into the project")
    into.add_argument("project")
    into.add_argument("file", metavar="IN.xlsx|IN.qdc")
    into.add_argument("--prune", action="store_true",
                      help="also remove unused codes that the file does not have")
    into.add_argument("--dry-run", action="store_true",
                      help="say what would change, change nothing")
    for command in (out, into):
        command.add_argument("--json", action="store_true", help="print JSON")


def run_codebook(args: argparse.Namespace) -> int:
    path = Path(args.file).expanduser()
    with Project(location(args.project), create=False) as project:
        if args.action == "export":
            count = project.codebook_files.export_file(path)
            lines, value = [f"wrote {count} codes to {path}"], {"codes": count, "file": str(path)}
        else:
            report = project.codebook_files.import_file(
                path, prune=args.prune, dry_run=args.dry_run).value.report
            lines = (["dry run: nothing changed"] if args.dry_run else []) + report.lines()
            value = asdict(report) | {"dry_run": args.dry_run}
    print(json.dumps(value, ensure_ascii=False, indent=1) if args.json else "\n".join(lines))
    return 0
