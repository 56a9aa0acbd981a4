"""The layering ui → annotator → db, and one module per third-party engine."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imports(folder: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (ROOT / folder).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


def test_core_and_db_never_import_qt_or_ui() -> None:
    for folder in ("annotator", "db"):
        for module, names in imports(folder).items():
            assert not names & {"PySide6", "shiboken6", "ui"}, module


def test_db_does_not_import_the_core() -> None:
    for module, names in imports("db").items():
        assert "annotator" not in names, module


def test_ui_talks_to_the_core_only() -> None:
    for module, names in imports("ui").items():
        assert not names & {"db", "sqlalchemy", "alembic"}, module


def test_pymupdf_and_sudachi_each_behind_one_module() -> None:
    every = {**imports("annotator"), **imports("db"), **imports("ui")}
    assert [m for m, n in every.items() if n & {"pymupdf", "fitz"}] == ["annotator/pdf/reader.py"]
    assert [m for m, n in every.items() if "sudachipy" in n] == ["annotator/search/tokens.py"]
