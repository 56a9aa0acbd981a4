"""`team`: coders' copies (fork, merge) and team projects on a server (push, pull, grant)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

from annotator.errors import InvalidInputError, ProjectFileError
from annotator.project import Project, is_team, location

Configure = Callable[[argparse.ArgumentParser], None]
Run = Callable[[argparse.Namespace], int]


def configure(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    fork = sub.add_parser("fork", help="a coder's copy: documents, codebook, their codings")
    fork.add_argument("project")
    fork.add_argument("out", metavar="OUT.annot")
    fork.add_argument("--coder", required=True)
    fork.add_argument("--blind", action="store_true", help="leave out everyone else's codings")
    fork.add_argument("--json", action="store_true")
    merge = sub.add_parser("merge", help="bring coders' copies back; prints a report")
    merge.add_argument("project")
    merge.add_argument("copies", nargs="+", metavar="CODER.annot")
    merge.add_argument("--theirs", action="store_true",
                       help="a codebook field changed on both sides takes the copy's value")
    merge.add_argument("--json", action="store_true")
    push = sub.add_parser("push", help="upload a project file to an empty team database")
    push.add_argument("project", metavar="PROJECT.annot")
    push.add_argument("url", metavar="postgresql://USER@HOST/DB")
    push.add_argument("--json", action="store_true")
    pull = sub.add_parser("pull", help="make a project file from a team database")
    pull.add_argument("url", metavar="postgresql://USER@HOST/DB")
    pull.add_argument("out", metavar="OUT.annot")
    pull.add_argument("--json", action="store_true")
    grant = sub.add_parser("grant", help="let a server login code in a team project")
    grant.add_argument("url", metavar="postgresql://USER@HOST/DB")
    grant.add_argument("user", metavar="LOGIN")


def run(args: argparse.Namespace) -> int:
    action = args.team_command
    if action == "fork":
        with _open(args.project) as project:
            counts = project.team.fork(Path(args.out).expanduser(), args.coder, blind=args.blind)
        _print(args, counts, f"{args.out}: a copy for {args.coder} with "
               f"{counts.get('documents', 0)} document(s), {counts.get('annotations', 0)} "
               "coding(s)")
    elif action == "merge":
        with _open(args.project) as project:
            op = project.team.merge([Path(c).expanduser() for c in args.copies],
                                    theirs=args.theirs)
        _print(args, [r.to_json() for r in op.value],
               "\n".join(line for r in op.value for line in r.lines()))
    elif action == "push":
        if is_team(args.project):
            raise InvalidInputError("push takes a project file and a postgresql:// URL")
        with _open(args.project) as project:
            counts = project.team.push(args.url)
        _print(args, counts, f"pushed {counts.get('annotations', 0)} coding(s) and "
               f"{counts.get('documents', 0)} document(s)")
    elif action == "pull":
        with _open(args.url) as project:
            counts = project.team.pull(Path(args.out).expanduser())
        _print(args, counts, f"{args.out}: {counts.get('annotations', 0)} coding(s), "
               f"{counts.get('documents', 0)} document(s)")
    else:
        with _open(args.url) as project:
            project.team.grant(args.user)
        print(f"{args.user} may now code in this team project")
    return 0


def _open(value: str) -> Project:
    where = location(value)
    if isinstance(where, Path) and not where.exists():
        raise ProjectFileError(f"{value}: no such project file")
    return Project(where, create=False)


def _print(args: argparse.Namespace, value: object, text: str) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=1) if args.json else text)


COMMANDS: dict[str, tuple[str, Configure, Run]] = {
    "team": ("team work: fork a coder's copy, merge copies, push to or pull from a server",
             configure, run),
}
