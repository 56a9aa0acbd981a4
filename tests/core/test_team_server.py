"""Team projects on a real PostgreSQL server: push and pull, concurrency, roles, live changes."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from annotator.errors import ChangedMeanwhileError, InvalidInputError, ProjectFileError
from annotator.ids import DocumentId
from annotator.project import Project
from annotator.records import Target
from tests.core.test_team_merge import PAGES, state
from tests.support.helpers import run
from tests.support.postgres import Cluster
from tests.support.samples import import_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def team(team_url: str) -> str:
    """A team database with one document, opened once so it is migrated and seeded."""
    with Project(team_url) as project:
        import_text(project, PAGES)
    return team_url


def test_push_and_pull_keep_every_row(tmp_path: Path, team_url: str) -> None:
    path = tmp_path / "study.annot"
    with Project(path) as project:
        doc = import_text(project, PAGES)
        project.coding.tag(Target(doc, 0, 4), "finance", "aki", memo="𠮷")
        project.coding.set_done(doc, "aki")
        project.team.push(team_url)
    with Project(team_url) as server:
        assert server.documents.all()[0].sha256 == project.documents.all()[0].sha256
        server.coding.tag(Target(doc, 2, 6), "authority", "ben")  # ids go on after the copy
        server.team.pull(tmp_path / "back.annot")
        with pytest.raises(InvalidInputError, match="not empty"):
            Project(path).team.push(team_url)
    pulled = state(tmp_path / "back.annot")
    assert [c[5] for c in pulled["codings"]].count("aki") == 1
    assert len(pulled["codings"]) == 2 and pulled["done"] == state(path)["done"]


def test_cli_commands_take_a_server_url(team: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "tag", team, "--code", "finance", "--coder", "aki",
                         "--document", "1", "--start", "0", "--end", "3")
    assert code == 0, err
    code, out, _ = run(capsys, "annotations", team)
    assert "aki" in out


def test_a_password_in_the_url_is_refused(pg_cluster: Cluster) -> None:
    with pytest.raises(ProjectFileError, match="pgpass"):
        Project("postgresql://lead:secret@/x?host=/nowhere")


def test_a_stale_codebook_edit_is_refused_with_who_changed_it(team: str) -> None:
    with Project(team) as mine, Project(team) as theirs:
        seen = mine.codebook.get("finance")
        theirs.codebook.update(seen.id, expected=seen.version, actor="ben", name="money")
        with pytest.raises(ChangedMeanwhileError, match="changed by ben meanwhile"):
            mine.codebook.update(seen.id, expected=seen.version, actor="aki", name="funds")
        assert mine.codebook.get("finance").name == "money"


def test_two_coders_tagging_the_same_passage_both_succeed(team: str) -> None:
    with Project(team) as one, Project(team) as two:
        passage = one.documents.passages(DocumentId(1))[0]
        target = Target(passage.document_id, passage.start, passage.end, passage.id)
        one.coding.tag(target, "finance", "aki")
        two.coding.tag(target, "finance", "ben")
        assert {a.coder for a in one.coding.annotations()} == {"aki", "ben"}


def test_changes_made_elsewhere_are_seen(team: str) -> None:
    with Project(team) as mine, Project(team) as theirs:
        mark, nothing = mine.changes_since(None)
        assert nothing == type(nothing)()
        theirs.coding.tag(Target(DocumentId(1), 0, 3), "finance", "ben")
        mark, changes = mine.changes_since(mark)
        assert changes.annotations_in == {1} and not changes.codebook
        theirs.codebook.update(theirs.codebook.get("finance").id, color="#010203")
        theirs.coding.set_done(DocumentId(1), "ben")
        mark, changes = mine.changes_since(mark)
        assert changes.codebook and changes.status_in == {1}
        assert mine.changes_since(mark)[1] == type(changes)()


def test_the_server_keeps_coders_to_their_own_rows(pg_cluster: Cluster, team: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    database = team.split("@/")[1].split("?")[0]
    for login in ("hanako", "jiro"):
        pg_cluster.create_role(login)
        assert run(capsys, "team", "grant", team, login)[0] == 0
    as_hanako = pg_cluster.url(database, "hanako")
    with Project(as_hanako) as hanako:
        coding = hanako.coding.tag(Target(DocumentId(1), 0, 3), "finance", "hanako").value
    jiro = create_engine(pg_cluster.url(database, "jiro").replace(
        "postgresql://", "postgresql+psycopg://"))
    with jiro.begin() as c:
        assert c.execute(text("DELETE FROM annotations WHERE id = :i"), {"i": coding}).rowcount == 0
        assert c.execute(text("UPDATE annotations SET memo = 'x' WHERE id = :i"),
                         {"i": coding}).rowcount == 0
    with jiro.begin() as c:  # roles are the lead's
        assert c.execute(text("UPDATE coders SET is_reviewer = true WHERE name = 'hanako'")
                         ).rowcount == 0
    stranger = text("INSERT INTO settings (key, value) VALUES ('blind', 'off')")
    with pytest.raises(DBAPIError, match="row-level security"), jiro.begin() as c:
        c.execute(stranger)
    jiro.dispose()
    with Project(pg_cluster.url(database, "jiro")) as project:
        with pytest.raises(InvalidInputError, match="only that coder"):
            project.coding.untag(coding, "jiro")
        assert [a.coder for a in project.coding.annotations()] == ["hanako"]


WORKER = """
import sys
from pathlib import Path
from annotator.ids import DocumentId
from annotator.project import Project
from annotator.records import Target
url, coder, count, acks = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
codes = ["finance", "authority", "personnel", "information_sharing"]
with Project(url) as project, acks.open("w") as out:
    length = len(project.documents.text(DocumentId(1)))
    for i in range(count):
        start, size = i % 20, 1 + (i // 20) % (length - 21)
        coding = project.coding.tag(Target(DocumentId(1), start, start + size),
                                    codes[i // (20 * (length - 21))], coder).value
        out.write(f"{coding}\\n")
        out.flush()
"""


def test_four_coders_at_once_through_a_server_restart(pg_cluster: Cluster, team: str,
                                                      tmp_path: Path) -> None:
    count = 500
    acks = [tmp_path / f"acks{n}" for n in range(4)]
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, team, f"coder{n}", str(count),
                                 str(acks[n])], cwd=ROOT, stderr=subprocess.PIPE, text=True)
               for n in range(4)]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and sum(_lines(a) for a in acks) < count:
        time.sleep(0.05)
    pg_cluster.restart()  # in the middle: every connection is cut
    for worker in workers:
        _, err = worker.communicate(timeout=600)
        assert worker.returncode == 0, err
    acknowledged = {int(line) for a in acks for line in a.read_text().split()}
    with Project(team) as project:
        rows = project.coding.annotations()
    assert len(rows) == 4 * count == len(acknowledged)
    assert acknowledged <= {r.id for r in rows}
    assert len({(r.coder, r.start, r.end, r.code) for r in rows}) == len(rows)


def _lines(path: Path) -> int:
    return len(path.read_text().split()) if path.exists() else 0
