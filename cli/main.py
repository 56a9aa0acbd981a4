"""Command-line interface: `python main.py SUBCOMMAND`. Same services as the GUI.

Results go to stdout (JSON with --json), messages and progress to stderr. Exit 0 on
success, 1 when some files of an import failed, 2 on usage errors and unknown ids —
and a command that exits 2 has written nothing.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from annotator.errors import AnnotatorError
from cli.commands import COMMANDS
from cli.safe import EscapingStream

USAGE_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator", description="Code passages of Japanese government PDFs.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, configure, _run) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        configure(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure: Callable[..., None] | None = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8")
    streams = sys.stdout, sys.stderr
    escaping: Any = EscapingStream(sys.stdout), EscapingStream(sys.stderr)
    sys.stdout, sys.stderr = escaping
    try:
        return _run(argv)
    finally:
        sys.stdout, sys.stderr = streams


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    _help, _configure, run = COMMANDS[args.command]
    try:
        return run(args)
    except AnnotatorError as err:
        print(f"error: {err}", file=sys.stderr)
        return USAGE_ERROR
    except OverflowError:  # SQLite integers stop below 2**63
        print("error: a number is too large (ids and offsets are below 2^63)", file=sys.stderr)
        return USAGE_ERROR
    except BrokenPipeError:  # `annotator text … | head` is fine
        return 0


def project_path(value: str) -> Path:
    return Path(value).expanduser()
