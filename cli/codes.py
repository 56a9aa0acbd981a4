"""`code add|edit|move|merge|delete`: editing the codebook from the command line."""

from __future__ import annotations

import argparse

from annotator.errors import InvalidInputError
from annotator.project import Project

_FIELDS = {"name": "name", "ja": "name_ja", "color": "color", "shortcut": "shortcut",
           "definition": "definition", "include": "include_note", "exclude": "exclude_note",
           "examples": "examples", "key": "key"}


def configure(p: argparse.ArgumentParser) -> None:
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a code")
    add.add_argument("project")
    add.add_argument("name", help="English name (may be empty if --ja is given)")
    add.add_argument("--parent", help="nest under this code (key or name)")
    _field_options(add)
    edit = actions.add_parser("edit", help="rename, recolor, set shortcut or definition")
    edit.add_argument("project")
    edit.add_argument("code", help="key or name")
    edit.add_argument("--name")
    edit.add_argument("--coder", default="", help="who edits (named if a colleague's edit "
                      "is refused for it)")
    edit.add_argument("--expect-version", type=int, metavar="N",
                      help="refuse the edit if the code is no longer at version N "
                      "(`codes --json` shows it)")
    _field_options(edit)
    move = actions.add_parser("move", help="nest a code under another, or at the top")
    move.add_argument("project")
    move.add_argument("code")
    where = move.add_mutually_exclusive_group(required=True)
    where.add_argument("--parent")
    where.add_argument("--top", action="store_true")
    move.add_argument("--position", type=int, help="place among its siblings, from 0")
    merge = actions.add_parser("merge", help="fold SOURCE into TARGET (codings move)")
    merge.add_argument("project")
    merge.add_argument("source")
    merge.add_argument("target")
    merge.add_argument("--coder", required=True, help="who does it (kept in the history)")
    delete = actions.add_parser("delete", help="delete a code (a used one needs --move-to)")
    delete.add_argument("project")
    delete.add_argument("code")
    delete.add_argument("--move-to", help="code that takes over its codings")
    delete.add_argument("--coder", required=True, help="who does it (kept in the history)")


def _field_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--ja", help="Japanese name")
    p.add_argument("--key", help="stable key used by the CLI and exports")
    p.add_argument("--color", help="#RRGGBB")
    p.add_argument("--shortcut", help="digit 1–9")
    p.add_argument("--definition")
    p.add_argument("--include", help="when to apply the code")
    p.add_argument("--exclude", help="when not to")
    p.add_argument("--examples")


def run(args: argparse.Namespace, project: Project) -> str:
    """Do the action; returns the line to print."""
    book = project.codebook
    if args.action == "add":
        values = _values(args)
        values.pop("name", None)
        parent = book.get(args.parent).id if args.parent else None
        code_id = book.add(args.name, parent=parent, **values).value
        return f"added {book.get(code_id).key}"
    code = book.get(args.code if args.action != "merge" else args.source)
    if args.action == "edit":
        values = _values(args)
        if not values:
            raise InvalidInputError("nothing to change: give --name, --ja, --color, …")
        book.update(code.id, expected=args.expect_version, actor=args.coder, **values)
        return f"updated {book.get(code.id).key}"
    if args.action == "move":
        parent = None if args.top else book.get(args.parent).id
        book.move(code.id, parent, args.position)
        return f"moved {code.key}"
    if args.action == "merge":
        target = book.get(args.target)
        deleted = book.merge(code.id, target.id, actor=args.coder).value
        return f"merged {code.key} into {target.key} ({len(deleted.moved_annotations)} codings)"
    move_to = book.get(args.move_to).id if args.move_to else None
    deleted = book.delete(code.id, move_to=move_to, actor=args.coder).value
    return f"deleted {code.key} ({len(deleted.moved_annotations)} codings moved)"


def _values(args: argparse.Namespace) -> dict[str, str]:
    return {field: getattr(args, option) for option, field in _FIELDS.items()
            if getattr(args, option, None) is not None}
