"""`qdpx export|import`: whole projects to and from other QDA tools (REFI-QDA .qdpx)."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from annotator.errors import InvalidInputError, ProjectFileError
from annotator.exchange.reader import check
from annotator.project import Project


def configure(p: argparse.ArgumentParser) -> None:
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    out = actions.add_parser("export", help="the project (or some coders' codings) as .qdpx")
    out.add_argument("project", help="the project file (.annot)")
    out.add_argument("out", metavar="OUT.qdpx")
    out.add_argument("--coder", action="append", default=[], metavar="NAME",
                     help="only this coder's codings (repeat for several)")
    into = actions.add_parser("import", help="a .qdpx into a new or an existing project")
    into.add_argument("project", help="the project file (.annot; created if missing)")
    into.add_argument("file", metavar="IN.qdpx")
    for command in (out, into):
        command.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> int:
    project_path = Path(args.project).expanduser()
    if args.action == "export":
        out = Path(args.out).expanduser()
        if out.suffix.lower() != ".qdpx":
            raise InvalidInputError(f"{args.out}: the file's name must end in .qdpx")
        if not project_path.exists():
            raise ProjectFileError(f"{args.project}: no such project file")
        with Project(project_path, create=False) as project:
            summary = project.exchange.export(out, coders=args.coder, progress=_progress)
        value: object = asdict(summary)
        lines = summary.lines()
    else:
        source = Path(args.file).expanduser()
        if not source.is_file():
            raise InvalidInputError(f"{args.file}: no such file")
        check(source)  # a hostile or malformed file is refused before a project is made
        with Project(project_path) as project:
            report = project.exchange.import_file(source, progress=_progress).value
            project.search.index_pending()
        value, lines = report.as_dict(), report.lines()
    print(json.dumps(value, ensure_ascii=False, indent=1, default=str) if args.json
          else "\n".join(lines))
    return 0


def _progress(done: int, total: int) -> None:
    print(f"\rqdpx: {done:,}/{total:,}", end="" if done < total else "\n", file=sys.stderr,
          flush=True)


COMMANDS = {"qdpx": ("move whole projects to and from NVivo, MAXQDA, ATLAS.ti, QualCoder "
                     "(REFI-QDA .qdpx)", configure, run)}
