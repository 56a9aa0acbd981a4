"""team: a coding on a PostgreSQL team project, opening a big one, merging coders' copies.

A throwaway cluster (initdb in a temp folder, a Unix socket, as the tests start it) holds the
team project; both sides of every ratio run against that same server, so its settings
(``fsync=off`` in the throwaway cluster) cancel out.

* tag: ``project.coding.tag`` on the team project (its checks, the coding, its history row,
  the commit) against a bare psycopg INSERT + COMMIT of one row into a scratch table (≤ 2×);
* open: a 50,000-coding project pushed to the server, then what the workbench reads on start
  (``Project(url)``, the document list and the review queue's ids) against bare SELECTs of the
  same rows (≤ 1.5×);
* merge: the big project's two coders (25,000 codings each) forked into their own copies and
  merged into the lead's blind copy, one transaction per copy (reported, no target).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

from annotator.project import Project
from annotator.records import Target as Span
from bench.bigproject import fill
from bench.common import Context, Target, median_of, ratio
from tests.support.postgres import Cluster, pg_bin

TAG_RATIO = 2.0
OPEN_RATIO = 1.5
_TAGS = 200


@dataclass
class TeamResult:
    skipped: str = ""
    tag_s: float = 0.0
    bare_tag_s: float = 0.0
    open_s: float = 0.0
    bare_open_s: float = 0.0
    codings: int = 0
    merge_s: float = 0.0
    merged: int = 0

    def render(self) -> str:
        if self.skipped:
            return f"team: skipped because {self.skipped}"
        return "\n".join([
            "team (PostgreSQL over a Unix socket, throwaway cluster)",
            f"tag on the server                   {self.tag_s * 1e3:7.2f} ms",
            f"bare psycopg INSERT + COMMIT        {self.bare_tag_s * 1e3:7.2f} ms   "
            f"ratio {ratio(self.tag_s, self.bare_tag_s):5.2f}x",
            f"open {self.codings:,}-coding team project  {self.open_s * 1e3:7.1f} ms",
            f"bare SELECT of the same rows        {self.bare_open_s * 1e3:7.1f} ms   "
            f"ratio {ratio(self.open_s, self.bare_open_s):5.2f}x",
            f"merge two 25,000-coding copies      {self.merge_s:7.2f} s   "
            f"({self.merged:,} codings in the merged project)",
        ])

    def targets(self) -> list[Target]:
        if self.skipped:
            return []
        return [
            Target("team tag / bare psycopg INSERT+COMMIT", ratio(self.tag_s, self.bare_tag_s),
                   TAG_RATIO, "x"),
            Target(f"open {self.codings:,}-coding team project / bare SELECT",
                   ratio(self.open_s, self.bare_open_s), OPEN_RATIO, "x"),
        ]


def run(ctx: Context) -> TeamResult:
    bindir = pg_bin()
    if bindir is None:
        return TeamResult(skipped="PostgreSQL is not installed")
    cluster = Cluster(bindir)
    try:
        return _measure(ctx, cluster)
    finally:
        cluster.stop()


def _measure(ctx: Context, cluster: Cluster) -> TeamResult:
    folder = ctx.scratch("team")
    big = folder / "big.annot"
    fill(big)
    result = TeamResult()
    url = cluster.url(cluster.create_database())
    with Project(big, create=False) as project:
        project.team.push(url)
    result.tag_s, result.bare_tag_s = _tags(ctx, cluster, url)
    result.open_s, result.bare_open_s, result.codings = _opens(ctx, cluster, url)
    result.merge_s, result.merged = _merge(big, folder)
    return result


def _tags(ctx: Context, cluster: Cluster, url: str) -> tuple[float, float]:
    """Seconds per tag on the server and per bare INSERT + COMMIT, medians of runs."""
    with Project(url) as project:
        doc = project.documents.all()[0].id
        length = len(project.documents.text(doc))
        spans = iter(range(10**9))

        def tags() -> None:
            for _ in range(_TAGS):
                start = next(spans) % (length - 2)
                project.coding.tag(Span(doc, start, start + 1), "finance", "bench")

        tag_s = median_of(tags, ctx.repeats, budget_s=30, at_least=1) / _TAGS
    with psycopg.connect(url) as connection:
        connection.execute("CREATE TABLE IF NOT EXISTS bare (id serial PRIMARY KEY, doc int, "
                           "s int, e int, code int, coder int, memo text, quote text)")
        connection.commit()

        def inserts() -> None:
            for i in range(_TAGS):
                connection.execute("INSERT INTO bare (doc, s, e, code, coder, memo, quote) "
                                   "VALUES (%s, %s, %s, 1, 1, '', 'x')", (1, i, i + 1))
                connection.commit()

        bare_s = median_of(inserts, ctx.repeats, budget_s=30, at_least=1) / _TAGS
    return tag_s, bare_s


def _opens(ctx: Context, cluster: Cluster, url: str) -> tuple[float, float, int]:
    """What the workbench reads on start, and the bare SELECTs of the same rows."""
    counted: list[int] = []

    def open_project() -> None:
        with Project(url) as project:
            project.documents.all()
            counted.append(len(project.review.queue_ids()))

    open_s = median_of(open_project, ctx.repeats, budget_s=60, at_least=1)
    with psycopg.connect(url) as connection:

        def bare() -> None:
            connection.execute("SELECT * FROM documents").fetchall()
            connection.execute("SELECT id FROM annotations ORDER BY document_id, start"
                               ).fetchall()

        bare_s = median_of(bare, ctx.repeats, budget_s=60, at_least=1)
    return open_s, bare_s, counted[-1] if counted else 0


def _merge(big: Path, folder: Path) -> tuple[float, int]:
    """The two coders' copies merged into the lead's blind copy, timed once."""
    lead = folder / "lead.annot"
    copies = [folder / f"{coder}.annot" for coder in ("hanako", "taro")]
    with Project(big, create=False) as project:
        project.team.fork(lead, "lead", blind=True)
        for copy in copies:
            project.team.fork(copy, copy.stem, blind=True)
    with Project(lead, create=False) as project:
        start = time.perf_counter()
        project.team.merge(copies)
        seconds = time.perf_counter() - start
        merged = len(project.review.queue_ids())
    return seconds, merged
