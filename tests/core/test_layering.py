"""The architecture's import rules, checked on every file: who may import whom, and one
module (or package) per third-party engine."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE_FEATURES = ("pdf", "search", "documents", "coding", "codebook", "review", "agreement",
                 "formats", "export", "sample")


def imports(folder: str, *, full: bool = False) -> dict[str, set[str]]:
    """Per module under `folder`: the top-level names it imports (or the full dotted ones)."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / folder).rglob("*.py"):
        if "migrations/versions" in path.as_posix():
            continue
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name if full else a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module if full else node.module.split(".")[0])
        found[path.relative_to(ROOT).as_posix()] = names
    return found


def everything() -> dict[str, set[str]]:
    return {**imports("annotator"), **imports("db"), **imports("ui"), **imports("cli")}


def test_core_never_imports_qt_ui_or_cli() -> None:
    for module, names in imports("annotator").items():
        assert not names & {"PySide6", "shiboken6", "ui", "cli", "argparse"}, module


def test_db_imports_neither_the_core_nor_qt() -> None:
    for module, names in imports("db").items():
        assert not names & {"annotator", "ui", "cli", "PySide6"}, module


def test_cli_imports_only_the_core() -> None:
    for module, names in imports("cli").items():
        assert not names & {"ui", "PySide6", "db", "sqlalchemy", "alembic", "pymupdf", "fitz",
                            "sudachipy", "openpyxl", "lxml"}, module


def test_ui_talks_to_the_core_only() -> None:
    for module, names in imports("ui").items():
        assert not names & {"db", "sqlalchemy", "alembic", "pymupdf", "fitz", "sudachipy",
                            "cli"}, module


def test_one_library_per_boundary() -> None:
    every = everything()

    def users(*libraries: str) -> set[str]:
        return {m for m, names in every.items() if names & set(libraries)}

    assert users("pymupdf", "fitz") <= {m for m in every if m.startswith("annotator/pdf/")}
    assert users("sudachipy") == {"annotator/search/tokens.py"}
    assert users("openpyxl") == {"annotator/formats/xlsx.py"}
    assert users("lxml") <= {m for m in every if m.startswith("annotator/formats/")}
    assert users("lxml")


def test_formats_know_no_services() -> None:
    for module, names in imports("annotator/formats", full=True).items():
        services = {n for n in names if n.startswith("annotator.")
                    and n.split(".")[1] in CORE_FEATURES and not n.startswith("annotator.formats")}
        assert not services, (module, services)
        assert not {n for n in names if n.startswith(("db", "sqlalchemy"))}, module


def test_nothing_but_sample_imports_the_project() -> None:
    for module, names in imports("annotator", full=True).items():
        if module.startswith("annotator/sample/") or module == "annotator/project.py":
            continue
        assert "annotator.project" not in names, module


def test_nothing_in_the_core_imports_the_sample() -> None:
    for module, names in imports("annotator", full=True).items():
        if not module.startswith("annotator/sample/"):
            assert not {n for n in names if n.startswith("annotator.sample")}, module
