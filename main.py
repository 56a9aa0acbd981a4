"""Annotator: no arguments opens the GUI; a subcommand runs the command-line interface."""

from __future__ import annotations

import sys

from annotator.cli import main as cli_main


def main(argv: list[str]) -> int:
    # Until the workbench lands, no arguments prints the command-line help.
    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
