"""`review`, `review-queue`, `compare`, `adjudicate`, `reviewer`, `blind`: review from the CLI.

Kept apart from `cli_commands` (which registers these through `COMMANDS`), so it cannot
import from there without an import cycle; the few helpers it needs are repeated here.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from annotator.errors import InvalidInputError, ProjectFileError
from annotator.ids import AnnotationId, DocumentId
from annotator.project import Project, is_team, location
from annotator.review.service import BLIND_MODES, Comparison, QueueItem, ReviewState

Configure = Callable[[argparse.ArgumentParser], None]
Run = Callable[[argparse.Namespace], int]


def _open(args: argparse.Namespace) -> Project:
    return Project(location(args.project), create=False)


def _emit(args: argparse.Namespace, value: Any, text: Callable[[], str]) -> None:
    if args.json:
        print(json.dumps(value, ensure_ascii=False, default=_json_default, indent=1))
    else:
        print(text())


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    raise TypeError(type(value).__name__)


def _project_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("project", help="the project file (.annot, a SQLite file)")
    p.add_argument("--json", action="store_true", help="print JSON")


def _ids(value: str) -> list[int]:
    """`3,5,8` → [3, 5, 8]; a usage error (exit 2, nothing written) if a part is not a number."""
    parts = [part.strip() for part in value.split(",") if part.strip()]
    if not parts or not all(part.isdigit() for part in parts):
        raise InvalidInputError(f"{value!r} is not a comma-separated list of ids")
    return [int(part) for part in parts]


def _names(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


# review ----------------------------------------------------------------------------------------

def _conf_review(p: argparse.ArgumentParser) -> None:
    _project_arg(p)
    p.add_argument("annotation", type=int, metavar="ANNOTATION_ID")
    p.add_argument("--decision", required=True, metavar="accept|reject|discuss")
    p.add_argument("--reviewer", required=True, metavar="NAME")
    p.add_argument("--comment", default="", help="required to discuss")


def state_line(state: ReviewState) -> str:
    if not state.reviewed:
        return f"annotation {state.annotation_id}: unreviewed"
    at = state.at.isoformat(timespec="seconds") if state.at else ""
    comment = f": {state.comment}" if state.comment else ""
    return (f"annotation {state.annotation_id}: {state.state} by {state.reviewer} at {at}"
            f"{comment} (decision {state.review_id}, {state.decisions} in all)")


def _run_review(args: argparse.Namespace) -> int:
    with _open(args) as project:
        annotation = AnnotationId(args.annotation)
        project.review.decide(annotation, args.decision, args.reviewer, args.comment)
        state = project.review.state(annotation)
    _emit(args, asdict(state), lambda: state_line(state))
    return 0


# review-queue ----------------------------------------------------------------------------------

def _conf_queue(p: argparse.ArgumentParser) -> None:
    _project_arg(p)
    p.add_argument("--coder", metavar="NAME")
    p.add_argument("--code", metavar="KEY")
    p.add_argument("--document", type=int, metavar="ID")
    p.add_argument("--state", metavar="STATE[,STATE]",
                   help="unreviewed, accepted, rejected, discussion (several: comma-separated)")
    p.add_argument("--include-consensus", action="store_true",
                   help="list the consensus coder's codings too (as does --coder consensus)")


def queue_json(item: QueueItem) -> dict[str, Any]:
    return {**asdict(item.annotation), "review": asdict(item.review)}


def _queue_line(item: QueueItem) -> str:
    a, r = item.annotation, item.review
    by = f" ({r.reviewer})" if r.reviewer else ""
    return (f"{a.id:>6}  doc {a.document_id} [{a.start}:{a.end}]  {a.code:<20} {a.coder:<10} "
            f"{r.state + by:<24} {a.quote[:30]!r}")


def _run_queue(args: argparse.Namespace) -> int:
    with _open(args) as project:
        document = DocumentId(args.document) if args.document is not None else None
        states = _names(args.state) if args.state is not None else None
        items = project.review.queue(coder=args.coder, code=args.code, document=document,
                                     state=states, include_consensus=args.include_consensus)
    _emit(args, [queue_json(i) for i in items],
          lambda: "\n".join([*map(_queue_line, items), f"{len(items)} coding(s)"]))
    return 0


# compare ---------------------------------------------------------------------------------------

def _conf_compare(p: argparse.ArgumentParser) -> None:
    _project_arg(p)
    p.add_argument("--document", type=int, required=True, metavar="ID")
    p.add_argument("--coders", required=True, metavar="A,B[,C]")
    p.add_argument("--disagreements", action="store_true", help="only passages coded differently")


def comparison_json(comparison: Comparison, only_disagreements: bool) -> dict[str, Any]:
    rows = comparison.disagreements if only_disagreements else comparison.passages
    return {"document_id": comparison.document, "coders": list(comparison.coders),
            "disagreements": len(comparison.disagreements),
            "passages": [{"passage_id": row.passage.id, "page": row.passage.page + 1,
                          "start": row.passage.start, "end": row.passage.end,
                          "disagree": row.disagree, "contested": sorted(row.contested),
                          "codes": {c: sorted(keys) for c, keys in row.codes.items()},
                          "annotations": {c: list(ids) for c, ids in row.annotations.items()},
                          "text": row.passage.text} for row in rows]}


def _comparison_text(comparison: Comparison, only_disagreements: bool) -> str:
    rows = comparison.disagreements if only_disagreements else comparison.passages
    lines = [
        f"{'*' if row.disagree else ' '} #{row.passage.id:<6} p.{row.passage.page + 1:<3} "
        + "  ".join(f"{coder}: {','.join(sorted(keys)) or '-'}"
                    for coder, keys in row.codes.items())
        + f"  {row.passage.text[:24]!r}"
        for row in rows]
    total = len(comparison.passages)
    return "\n".join([*lines, f"{len(comparison.disagreements)} of {total} passage(s) differ"])


def _run_compare(args: argparse.Namespace) -> int:
    with _open(args) as project:
        comparison = project.review.compare(DocumentId(args.document), _names(args.coders))
    _emit(args, comparison_json(comparison, args.disagreements),
          lambda: _comparison_text(comparison, args.disagreements))
    return 0


# adjudicate ------------------------------------------------------------------------------------

def _conf_adjudicate(p: argparse.ArgumentParser) -> None:
    _project_arg(p)
    p.add_argument("--document", type=int, required=True, metavar="ID")
    p.add_argument("--pick", required=True, metavar="ID[,ID…]", help="the codings that stand")
    p.add_argument("--coder", required=True, metavar="NAME", help="who adjudicates")
    p.add_argument("--consensus", default="consensus", metavar="NAME",
                   help="the coder that holds the result (default: consensus)")


def _run_adjudicate(args: argparse.Namespace) -> int:
    picks = [AnnotationId(i) for i in _ids(args.pick)]
    with _open(args) as project:
        ids = project.review.adjudicate(
            DocumentId(args.document), picks, consensus=args.consensus, actor=args.coder).value
        sources = {i: [s.id for s in project.review.sources(i)] for i in dict.fromkeys(ids)}
    _emit(args, [{"id": i, "sources": from_} for i, from_ in sources.items()], lambda: "\n".join(
        f"{i}  from {', '.join(map(str, from_)) or '-'}" for i, from_ in sources.items()))
    return 0


# reviewer, blind -------------------------------------------------------------------------------

def _conf_reviewer(p: argparse.ArgumentParser) -> None:
    _project_arg(p)
    p.add_argument("coder", metavar="NAME", nargs="?", help="omit to list the reviewers")
    p.add_argument("--off", action="store_true", help="no longer a reviewer")


def _run_reviewer(args: argparse.Namespace) -> int:
    with _open(args) as project:
        if args.coder is not None:
            project.review.set_reviewer(args.coder, not args.off)
        reviewers = project.review.reviewers()
    _emit(args, reviewers, lambda: "\n".join(reviewers) or "(no reviewers)")
    return 0


def _conf_blind(p: argparse.ArgumentParser) -> None:
    _project_arg(p)
    p.add_argument("mode", nargs="?", metavar="|".join(BLIND_MODES),
                   help="auto: coders who are not reviewers see only their own codings")


def _run_blind(args: argparse.Namespace) -> int:
    with _open(args) as project:
        if args.mode is not None:
            project.review.set_blind_mode(args.mode)
        mode = project.review.blind_mode()
    _emit(args, {"blind": mode}, lambda: f"blind mode: {mode}")
    return 0


def _must_exist(run: Run) -> Run:
    def wrapped(args: argparse.Namespace) -> int:
        if not is_team(args.project) and not Path(args.project).expanduser().exists():
            raise ProjectFileError(f"{args.project}: no such project file")
        return run(args)
    return wrapped


COMMANDS: dict[str, tuple[str, Configure, Run]] = {
    "review": ("accept, reject or discuss a coding", _conf_review, _must_exist(_run_review)),
    "review-queue": ("codings with their review state, filtered", _conf_queue,
                     _must_exist(_run_queue)),
    "compare": ("coders' codings of a document side by side, per passage", _conf_compare,
                _must_exist(_run_compare)),
    "adjudicate": ("copy the codings that stand into the consensus coder", _conf_adjudicate,
                   _must_exist(_run_adjudicate)),
    "reviewer": ("make a coder a reviewer (or not); lists the reviewers", _conf_reviewer,
                 _must_exist(_run_reviewer)),
    "blind": ("show or set the project's blind mode: auto, on or off", _conf_blind,
              _must_exist(_run_blind)),
}
