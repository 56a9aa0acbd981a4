"""Coders' copies: fork, code offline, merge back in any order, twice, or killed midway."""

from __future__ import annotations

import itertools
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from annotator.errors import InvalidInputError
from annotator.ids import DocumentId
from annotator.project import Project
from annotator.records import Target
from db.models import Annotation, Code, Coder, Document, DocumentStatus
from tests.support.samples import import_text

PAGES = ["𠮷野委員の交付金についての質問。\n地方財政措置を行う。",
         "保健師の増員に係る人材育成。\n情報共有の仕組みを整える。"]
CODERS = ("aki", "ben", "chie")


@pytest.fixture
def base(tmp_path: Path) -> Path:
    path = tmp_path / "lead.annot"
    with Project(path) as project:
        import_text(project, PAGES)
    return path


def code_work(project: Project, coder: str) -> None:
    """What each coder does; the same calls on a copy or on one shared project."""
    doc = DocumentId(project.documents.all()[0].id)
    passages = [p for p in project.documents.passages(doc) if p.kind != "speaker"]
    text = project.documents.text(doc)
    first = passages[0]
    project.coding.tag(Target(doc, first.start, first.end, first.id), "finance", coder,
                       memo=f"{coder}のメモ")
    yoshi = text.index("𠮷野")
    if coder == "aki":
        project.coding.tag(Target(doc, yoshi, yoshi + 4), "authority", coder)
        project.codebook.update(project.codebook.get("finance").id, name="public finance",
                                actor=coder)
        project.coding.tag(Target(doc, passages[1].start, passages[1].end), "personnel", coder)
    elif coder == "ben":
        parent = project.codebook.get("authority").id
        sub = project.codebook.add("delegation", name_ja="権限移譲", parent=parent).value
        project.coding.tag(Target(doc, yoshi, yoshi + 2), sub, coder)  # overlaps aki's range
        project.coding.tag(Target(doc, passages[-1].start, passages[-1].end), "finance", coder)
    else:
        unused = project.codebook.get("information_sharing").id
        project.codebook.delete(unused, actor=coder)
        removed = project.coding.tag(Target(doc, yoshi, yoshi + 3), "personnel", coder).value
        project.coding.untag(removed, coder)
        project.coding.tag(Target(doc, passages[-1].start, passages[-1].end), "personnel",
                           coder)
    project.coding.set_done(doc, coder)


def state(path: Path) -> dict[str, Any]:
    """Everything a merge must agree on, by GUID and content (ids may differ)."""
    with Project(path, create=False) as project, project.db.read() as s:
        codes = {c.id: c for c in s.scalars(select(Code))}
        coders = {c.id: c.name for c in s.scalars(select(Coder))}
        shas = {d.id: d.sha256 for d in s.scalars(select(Document))}
        return {
            "codes": sorted((c.guid, c.key, c.name, c.name_ja, c.color, c.shortcut,
                             codes[c.parent_id].guid if c.parent_id else None)
                            for c in codes.values()),
            "codings": sorted((a.guid, shas[a.document_id], a.start, a.end,
                               codes[a.code_id].guid, coders[a.coder_id], a.memo, a.quote)
                              for a in s.scalars(select(Annotation))),
            "done": sorted((shas[d.document_id], coders[d.coder_id], d.status)
                           for d in s.scalars(select(DocumentStatus))),
        }


@pytest.fixture
def copies(base: Path, tmp_path: Path) -> dict[str, Path]:
    made = {}
    with Project(base) as lead:
        for coder in CODERS:
            out = tmp_path / f"{coder}.annot"
            lead.team.fork(out, coder, blind=True)
            made[coder] = out
    for coder, path in made.items():
        with Project(path) as copy:
            code_work(copy, coder)
    return made


def test_merging_in_all_six_orders_gives_the_same_project(base: Path, copies: dict[str, Path],
                                                         tmp_path: Path) -> None:
    results = []
    for number, order in enumerate(itertools.permutations(CODERS)):
        lead = tmp_path / f"order{number}.annot"
        shutil.copy(base, lead)
        with Project(lead) as project:
            op = project.team.merge([copies[c] for c in order])
        assert all(r.codings_added for r in op.value)
        results.append(state(lead))
    assert all(r == results[0] for r in results[1:])
    merged = results[0]
    assert {c[1] for c in merged["codes"]} == {"finance", "authority", "personnel", "delegation"}
    assert ("public finance" in {c[2] for c in merged["codes"]})
    assert len(merged["codings"]) == 8  # chie's removed coding stays removed
    assert {d[1] for d in merged["done"]} == set(CODERS)


def test_merging_the_same_copy_twice_changes_nothing(base: Path, copies: dict[str, Path]) -> None:
    with Project(base) as project:
        project.team.merge(list(copies.values()))
    once = state(base)
    with Project(base) as project:
        again = project.team.merge(list(copies.values())).value
    assert not any(r.changed for r in again)
    assert "nothing new" in again[0].lines()[-1]
    assert state(base) == once


def test_agreement_on_the_merged_project_equals_coding_in_one_project(
        base: Path, copies: dict[str, Path], tmp_path: Path) -> None:
    shared = tmp_path / "shared.annot"
    shutil.copy(base, shared)
    with Project(shared) as project:
        for coder in CODERS:
            code_work(project, coder)
        expected = project.agreement.compute(list(CODERS)).to_json()
    with Project(base) as project:
        project.team.merge(list(copies.values()))
        merged = project.agreement.compute(list(CODERS)).to_json()
    assert merged == expected


def test_same_field_changed_on_both_sides_is_a_conflict_the_lead_wins(
        base: Path, tmp_path: Path) -> None:
    copy = tmp_path / "aki.annot"
    with Project(base) as lead:
        lead.team.fork(copy, "aki")
        lead.codebook.update(lead.codebook.get("finance").id, color="#111111")
    with Project(copy) as theirs:
        theirs.codebook.update(theirs.codebook.get("finance").id, color="#222222",
                               name_ja="財源・税")
    with Project(base) as lead:
        report = lead.team.merge([copy]).value[0]
        finance = lead.codebook.get("finance")
    assert finance.color == "#111111" and finance.name_ja == "財源・税"
    assert any("finance.color" in c for c in report.codebook.conflicts)


def test_a_copy_with_other_text_is_reanchored_by_quote(base: Path, tmp_path: Path) -> None:
    copy = tmp_path / "aki.annot"
    with Project(base) as lead:
        lead.team.fork(copy, "aki")
    with Project(copy) as theirs:
        doc = DocumentId(theirs.documents.all()[0].id)
        text = theirs.documents.text(doc)
        at = text.index("地方財政")
        theirs.coding.tag(Target(doc, at, at + 4), "finance", "aki")
        with theirs.db.write() as s:  # as if another extractor put a line break in front
            document = s.get_one(Document, doc)
            document.text = "\n\n" + document.text
            s.execute(Annotation.__table__.update().values(  # type: ignore[attr-defined]
                start=Annotation.start + 2, end=Annotation.end + 2))
    with Project(base) as lead:
        report = lead.team.merge([copy]).value[0]
        (row,) = lead.coding.annotations(coder="aki")
    assert sum(report.reanchored.values()) == 1
    assert row.quote == "地方財政" and row.start == at


def test_a_file_that_is_not_a_copy_of_this_project_is_refused(base: Path,
                                                               tmp_path: Path) -> None:
    other = tmp_path / "other.annot"
    Project(other).close()
    with Project(base) as lead, pytest.raises(InvalidInputError, match="not a coder's copy"):
        lead.team.merge([other])


KILLED_MERGE = """
import sys, time
from pathlib import Path
import annotator.team.merge as merge
original = merge._statuses
def slow(*args, **kwargs):
    original(*args, **kwargs)
    Path(sys.argv[3]).write_text("in the middle")
    time.sleep(60)
merge._statuses = slow
from annotator.project import Project
with Project(Path(sys.argv[1])) as project:
    project.team.merge([Path(sys.argv[2])])
"""


def test_kill_9_during_a_merge_leaves_the_project_as_it_was(base: Path, copies: dict[str, Path],
                                                           tmp_path: Path) -> None:
    before = state(base)
    flag = tmp_path / "flag"
    child = subprocess.Popen([sys.executable, "-c", KILLED_MERGE, str(base), str(copies["aki"]),
                              str(flag)], cwd=Path(__file__).resolve().parents[2])
    deadline = time.monotonic() + 60
    while not flag.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert flag.exists(), "the merge did not reach its middle"
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert state(base) == before
