"""`ocr PROJECT [--document ID] [--pages 3-5] [--dpi 200]`, and OCR right after `import`.

Kept apart from `cli.commands`, which registers `ocr` in `COMMANDS` and calls
`after_import` from `import` (importing from it here would be a cycle).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path

from annotator.documents.importing import ImportOutcome
from annotator.documents.ocr import FAILED, OcrReport, parse_pages
from annotator.ids import DocumentId
from annotator.pdf.ocr import DEFAULT_DPI, OcrError
from annotator.project import Project


def _progress(name: str, done: int, total: int) -> None:
    print(f"\r{name}: OCR page {done}/{total}", end="" if done < total else "\n",
          file=sys.stderr, flush=True)


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("project", help="the project file (.annot, a SQLite file)")
    p.add_argument("--document", type=int, metavar="ID", help="only this document")
    p.add_argument("--pages", metavar="3-5", help="only these pages (1-based, e.g. 3-5,8)")
    p.add_argument("--dpi", type=int, default=DEFAULT_DPI,
                   help=f"render pages at this resolution (at least 200; default {DEFAULT_DPI})")
    p.add_argument("--force", action="store_true", help="read pages again that OCR read before")
    p.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> int:
    pages = parse_pages(args.pages) if args.pages else None
    with Project(Path(args.project).expanduser(), create=False) as project:
        documents = [DocumentId(args.document)] if args.document is not None else None
        try:
            report, _changes = project.ocr.run(documents, pages, args.dpi, force=args.force,
                                               progress=_progress)
        except OcrError as err:
            print(f"error: {err}", file=sys.stderr)
            return 1
        project.search.index_pending()
    return _print(args, report)


def _print(args: argparse.Namespace, report: OcrReport) -> int:
    if args.json:
        import json
        print(json.dumps([asdict(o) for o in report.documents], ensure_ascii=False, indent=1,
                         default=str))
    else:
        print("\n".join(report.lines()), flush=True)
    return 1 if any(o.status == FAILED or o.failed for o in report.documents) else 0


def after_import(project: Project, outcome: ImportOutcome, enabled: bool) -> ImportOutcome:
    """OCR a just-imported document's scanned and garbled pages (on unless --no-ocr)."""
    return project.ocr.after_import(outcome, _progress) if enabled else outcome
