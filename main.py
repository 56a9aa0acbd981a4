"""Annotator: no arguments opens the workbench; `open PROJECT` opens it on a project;
any other subcommand runs the command-line interface."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.main import main as cli_main


def open_gui(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="annotator open", description="Open the workbench.")
    parser.add_argument("project", nargs="?", type=Path)
    parser.add_argument("--coder", help="code as this coder for this session")
    args = parser.parse_args(argv)
    from ui.app import run  # Qt loads only for the GUI

    return run(args.project, args.coder)


def main(argv: list[str]) -> int:
    if not argv:
        return open_gui([])
    if argv[0] == "open":
        return open_gui(argv[1:])
    return cli_main(argv)


def run() -> int:
    """The `annotator` command of an installed package: the same as `python main.py`."""
    return main(sys.argv[1:])


def run_gui() -> int:
    """The `annotator-workbench` launcher: always the workbench, also with a project."""
    return open_gui(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(run())
