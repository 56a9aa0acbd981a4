"""A batch of codings in bulk: the same rows the one-at-a-time path writes, all or nothing,
every bad line named, at any chunk boundary (annotator/coding/batch.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from annotator.coding import batch
from annotator.coding.batch import BatchLine, BatchRejectedError, EmptyBatchError
from annotator.coding.service import TagRequest
from annotator.ids import DocumentId
from annotator.project import Project
from annotator.records import Target
from db.models import Annotation, Coder, History
from tests.core.test_coding import ASTRAL_TEXT
from tests.support.samples import import_text

PAGES = [ASTRAL_TEXT, "保健師の増員に係る地方財政措置を行う。"]


@pytest.fixture
def project(engine_project: Project) -> Project:
    return engine_project


@pytest.fixture(params=[1, 3, 2000])
def chunk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Chunk sizes that put the boundaries everywhere, and the real one."""
    monkeypatch.setattr(batch, "CHUNK", request.param)
    return int(request.param)


def _lines(project: Project, doc: DocumentId) -> list[BatchLine]:
    passages = project.documents.passages(doc)
    text = project.documents.text(doc)
    astral = text.index("𠮷田委員")
    return [
        BatchLine(1, "finance", "ann", passage=passages[0].id),
        BatchLine(2, "authority", " ann ", "要請", document=doc, start=astral, end=astral + 4),
        BatchLine(4, "personnel", "ben", document=doc, start=0, end=len(text)),  # spans pages
        BatchLine(5, "finance", "ann", passage=passages[0].id),  # the same coding again
        BatchLine(6, "財源", "ben", passage=passages[-1].id),  # by Japanese name
    ]


def _stored(project: Project) -> list[tuple[Any, ...]]:
    with project.db.read() as s:
        rows = s.execute(select(Annotation).order_by(Annotation.id)).scalars().all()
        return [(a.document_id, a.passage_id, a.start, a.end, a.code_id, a.coder_id, a.memo,
                 a.quote, a.anchor, a.origin) for a in rows]


def _history(project: Project) -> list[dict[str, Any]]:
    with project.db.read() as s:
        rows = s.execute(select(History).order_by(History.id)).scalars().all()
        assert all(h.action == "create" and h.before is None for h in rows)
        return [json.loads(h.after or "{}") for h in rows]


def test_bulk_rows_equal_those_one_request_at_a_time_writes(
        project: Project, tmp_path: Any, chunk: int) -> None:
    doc = import_text(project, PAGES)
    lines = _lines(project, doc)
    outcome = project.coding.tag_lines(lines).value
    ids = list(outcome.ids)
    outcome.ids.close()
    assert len(ids) == len(lines) and ids[3] == ids[0]  # a repeat gets the stored id
    assert outcome.created == 4 and outcome.documents == {doc}
    bulk, history = _stored(project), _history(project)

    with Project(tmp_path / "one-by-one.annot") as other:
        other_doc = import_text(other, PAGES)
        assert other_doc == doc
        requests = []
        for line in lines:
            if line.passage is not None:
                p = other.documents.passage(line.passage)  # type: ignore[arg-type]
                target = Target(p.document_id, p.start, p.end, p.id)
            else:
                assert line.start is not None and line.end is not None
                target = Target(doc, line.start, line.end)
            requests.append(TagRequest(target, line.code, line.coder, line.memo))
        other.coding.tag_many(requests)
        assert _stored(other) == bulk
        keep = {"document_id", "passage_id", "start", "end", "code_id", "memo", "quote"}
        assert [{k: h[k] for k in keep} for h in _history(other)] == [
            {k: h[k] for k in keep} for h in history]
    assert [h["id"] for h in history] == sorted(set(ids))
    with project.db.read() as s:
        assert s.scalars(select(Coder.name).order_by(Coder.name)).all() == ["ann", "ben"]


def test_a_bad_last_line_writes_nothing_and_every_bad_line_is_named(
        project: Project, chunk: int) -> None:
    doc = import_text(project, PAGES)
    good = _lines(project, doc)
    bad = [BatchLine(7, "finance", "ann", passage=99999),
           BatchLine(8, "nosuchcode", "ann", document=doc, start=0, end=1),
           BatchLine(9, "finance", "ann", document=doc, start=3, end=3),
           BatchLine(10, "finance", "ann", document=doc, start=0, end=10**6),
           BatchLine(11, "finance", "ann", document=DocumentId(424242), start=0, end=1),
           BatchLine(12, "finance", "ann", document=doc, start=0),
           BatchLine(13, "finance", "ann", passage=1, document=doc, start=0, end=1),
           BatchLine(14, problem="not JSON (Expecting value at column 1)")]
    with pytest.raises(BatchRejectedError) as caught:
        project.coding.tag_lines([*good, *bad, *good])
    problems = dict(caught.value.problems)
    assert list(problems) == [7, 8, 9, 10, 11, 12, 13, 14]
    assert problems[7] == "no passage with id 99999"
    assert problems[8] == "no code 'nosuchcode' in the codebook"
    assert "outside document" in problems[9] and "outside document" in problems[10]
    assert problems[11] == "no document with id 424242"
    assert problems[12] == "give passage, or document with start and end"
    assert "either a passage or a document" in problems[13]
    assert problems[14].startswith("not JSON")
    assert str(caught.value) == "8 bad line(s); nothing was written"
    assert _stored(project) == [] and _history(project) == []
    with project.db.read() as s:
        assert s.scalars(select(Coder.name)).all() == []  # no coder was left behind either


def test_more_bad_lines_than_are_listed_are_counted(project: Project) -> None:
    doc = import_text(project, PAGES)
    lines = [BatchLine(n, "finance", "ann", document=doc, start=0, end=0) for n in range(1, 51)]
    with pytest.raises(BatchRejectedError) as caught:
        project.coding.tag_lines(iter(lines))
    assert caught.value.count == 50 and len(caught.value.problems) == batch.MAX_SHOWN
    assert str(caught.value) == "50 bad line(s) (30 more not listed); nothing was written"


def test_an_empty_batch_is_refused(project: Project) -> None:
    with pytest.raises(EmptyBatchError):
        project.coding.tag_lines(iter([]))


def test_codings_already_stored_are_not_stored_again(project: Project, chunk: int) -> None:
    doc = import_text(project, PAGES)
    first = project.coding.tag(Target(doc, 0, 2), "finance", "ann").value
    outcome = project.coding.tag_lines(
        [BatchLine(n, "finance", "ann", document=doc, start=0, end=2) for n in range(1, 8)]
        + [BatchLine(9, "finance", "ann", document=doc, start=0, end=3)]).value
    ids = list(outcome.ids)
    outcome.ids.close()
    assert ids[:7] == [first] * 7 and ids[7] != first and outcome.created == 1
    assert len(_stored(project)) == 2


def test_the_containing_passage_is_the_one_the_single_path_picks(project: Project) -> None:
    doc = import_text(project, PAGES)
    passages = project.documents.passages(doc)
    inner = passages[-1]
    lines = [BatchLine(1, "finance", "ann", document=doc, start=inner.start + 1,
                       end=inner.end),
             BatchLine(2, "finance", "ann", document=doc, start=passages[0].start,
                       end=inner.end)]  # spans passages: no passage holds it
    outcome = project.coding.tag_lines(lines).value
    outcome.ids.close()
    assert [row[1] for row in _stored(project)] == [inner.id, None]
