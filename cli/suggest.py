"""`suggest` and `suggest-eval`: suggested codes and how good they measure, from the command line.

Registered in `cli.commands.COMMANDS`. Suggestions are never stored as codings: `suggest`
only lists them; a coder accepts one with `tag` (or Tab in the workbench).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from annotator.ids import DocumentId
from annotator.project import Project
from annotator.suggest.evaluate import Evaluation


def configure_suggest(p: argparse.ArgumentParser) -> None:
    p.add_argument("project", help="the project file (.annot, a SQLite file)")
    p.add_argument("--coder", required=True, metavar="NAME",
                   help="suggest on the passages this coder has not coded")
    p.add_argument("--document", type=int, metavar="ID", help="only this document")
    p.add_argument("--code", metavar="KEY", help="only this code")
    p.add_argument("--json", action="store_true", help="print JSON")


def run_suggest(args: argparse.Namespace) -> int:
    with Project(Path(args.project).expanduser(), create=False) as project:
        project.search.index_pending()  # lemmas once, so rules need not analyse every time
        document = DocumentId(args.document) if args.document is not None else None
        found = project.suggest.suggest(args.coder, document=document, code=args.code)
    if args.json:
        print(json.dumps([s.to_json() for s in found], ensure_ascii=False, indent=1))
    else:
        for s in found:
            print(f"{s.passage_id}\t{s.code}\t{s.score:.2f}\t{s.source}\t{s.why}")
    return 0


def configure_eval(p: argparse.ArgumentParser) -> None:
    p.add_argument("project", help="the project file (.annot, a SQLite file)")
    p.add_argument("--coders", metavar="A,B", help="train and test on these coders' codings "
                   "(default: every coder's, on documents they marked done)")
    p.add_argument("--json", action="store_true", help="print JSON")


def run_eval(args: argparse.Namespace) -> int:
    coders = [c.strip() for c in args.coders.split(",")] if args.coders else None
    with Project(Path(args.project).expanduser(), create=False) as project:
        project.search.index_pending()
        evaluation = project.suggest.evaluate(coders=coders)
    if args.json:
        print(json.dumps(evaluation.to_json(), ensure_ascii=False, indent=1))
    else:
        print(render(evaluation))
    return 0


def render(evaluation: Evaluation) -> str:
    if not evaluation.folds:
        return (f"cannot evaluate yet: {evaluation.documents} document(s) marked done; "
                f"document-level cross-validation needs two or more")
    lines = [f"{evaluation.folds}-fold cross-validation by document over "
             f"{evaluation.passages} coded passage(s) in {evaluation.documents} document(s)",
             "code\tsource\tprecision\trecall\tF1\tn"]
    for key, sources in evaluation.codes.items():
        for source, score in sources.items():
            cells = [_number(v) for v in (score.precision, score.recall, score.f1)]
            lines.append(f"{key}\t{source}\t" + "\t".join(cells) + f"\t{score.n}")
    lines.append("learning curve (passages trained on: macro F1): " + ", ".join(
        f"{n}: {_number(f1)}" for n, f1 in evaluation.curve))
    return "\n".join(lines)


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


COMMANDS = {
    "suggest": ("suggested codes for the passages a coder has not coded (rules and a model "
                "trained on the project's codings)", configure_suggest, run_suggest),
    "suggest-eval": ("how good the suggestions are: precision, recall, F1 per code by "
                     "document-level cross-validation, and a learning curve", configure_eval,
                     run_eval),
}
