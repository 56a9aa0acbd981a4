"""Shared fixtures. Qt runs headless in every test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.project import Project

# ANNOTATOR_SHARED points elsewhere when the checkout is not beside ../shared (a worktree)
SHARED = Path(os.environ.get("ANNOTATOR_SHARED") or Path(__file__).resolve().parents[2] / "shared")
CORPUS = SHARED / "corpus" / "pdfs"
SEEDS = Path(__file__).resolve().parents[1] / "resources" / "seeds"  # copies of the shared seeds


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    with Project(tmp_path / "test.annot") as opened:
        yield opened


def corpus_pdf(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is missing)")
    return path
