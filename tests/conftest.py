"""Shared fixtures. Qt runs headless in every test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.project import Project
from tests.support.postgres import Cluster, require_postgres

# ANNOTATOR_SHARED points elsewhere, e.g. from a git worktree one level deeper than usual.
SHARED = Path(os.environ.get("ANNOTATOR_SHARED") or Path(__file__).resolve().parents[2] / "shared")
CORPUS = SHARED / "corpus" / "pdfs"
SEEDS = Path(__file__).resolve().parents[1] / "resources" / "seeds"  # copies of the shared seeds


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    with Project(tmp_path / "test.annot") as opened:
        yield opened


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """One throwaway PostgreSQL cluster for the whole run (skipped, or failing in CI, without)."""
    cluster = Cluster(require_postgres())
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def team_url(pg_cluster: Cluster) -> str:
    """A fresh, empty team database owned by the login `lead`."""
    return pg_cluster.url(pg_cluster.create_database(owner="lead"), "lead")


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_project(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Project]:
    """The same service tests on a project file and on a team project on PostgreSQL."""
    if request.param == "sqlite":
        location: Path | str = tmp_path / "test.annot"
    else:
        location = request.getfixturevalue("team_url")
    with Project(location) as opened:
        yield opened


def corpus_pdf(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is missing)")
    return path
