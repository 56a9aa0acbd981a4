"""Codings: code-point offsets, quotes, history, undo by restore, done marks, batches."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from annotator.coding.service import DONE, IN_PROGRESS, TagRequest
from annotator.errors import InvalidInputError, NotFoundError
from annotator.ids import AnnotationId, DocumentId
from annotator.project import Project
from annotator.records import Target
from db.models import Annotation, Document, History
from tests.support.samples import import_text

ASTRAL_TEXT = "𠮷野家の交付金について𠮷田委員が質問した。"


@pytest.fixture
def project(engine_project: Project) -> Project:
    """Every test here runs on a project file and on a team project on PostgreSQL."""
    return engine_project


@pytest.fixture
def doc(project: Project) -> DocumentId:
    return import_text(project, [ASTRAL_TEXT, "保健師の増員に係る地方財政措置を行う。"])


def test_free_range_after_astral_characters_keeps_code_point_offsets(project: Project,
                                                                      doc: DocumentId) -> None:
    text = project.documents.text(doc)
    start = text.index("𠮷田委員")
    _op = project.coding.tag(Target(doc, start, start + 4), "authority", "ann")
    annotation_id, changes = _op.value, _op.changes
    row = project.coding.get(annotation_id)
    assert row.quote == "𠮷田委員" == text[row.start:row.end]
    assert (row.start, row.end) == (start, start + 4)
    assert changes.annotations_in == {doc}
    assert row.passage_id is not None  # inside one passage, so it is linked to it


def test_every_quote_equals_the_text_it_points_at(project: Project, doc: DocumentId) -> None:
    text = project.documents.text(doc)
    for passage in project.documents.passages(doc):
        project.coding.tag(Target(doc, passage.start, passage.end, passage.id), "finance", "ann")
    project.coding.tag(Target(doc, 0, len(text)), "personnel", "ann")  # spans pages
    rows = project.coding.annotations()
    assert len(rows) == len(project.documents.passages(doc)) + 1
    assert all(text[a.start:a.end] == a.quote for a in rows)
    (spanning,) = [a for a in rows if a.code == "personnel"]
    assert spanning.passage_id is None  # no single passage holds a range over two pages


def test_the_same_coding_twice_is_one_coding(project: Project, doc: DocumentId) -> None:
    first = project.coding.tag(Target(doc, 0, 3), "finance", "ann").value
    again = project.coding.tag(Target(doc, 0, 3), "finance", "ann").value
    other = project.coding.tag(Target(doc, 0, 3), "finance", "ben").value
    assert first == again != other


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (3, 3), (5, 2), (0, 10_000)])
def test_ranges_outside_the_text_are_refused(project: Project, doc: DocumentId, start: int,
                                             end: int) -> None:
    with pytest.raises(InvalidInputError, match="outside document"):
        project.coding.tag(Target(doc, start, end), "finance", "ann")
    assert project.coding.annotations() == []


def test_unknown_document_code_or_empty_coder_is_refused(project: Project,
                                                         doc: DocumentId) -> None:
    with pytest.raises(NotFoundError, match="no document"):
        project.coding.tag(Target(DocumentId(99), 0, 1), "finance", "ann")
    with pytest.raises(NotFoundError, match="no code"):
        project.coding.tag(Target(doc, 0, 1), "budget", "ann")
    with pytest.raises(InvalidInputError, match="coder"):
        project.coding.tag(Target(doc, 0, 1), "finance", "  ")


def test_untag_then_restore_gives_back_the_same_coding(project: Project, doc: DocumentId) -> None:
    annotation_id = project.coding.tag(Target(doc, 4, 7), "finance", "ann", memo="交付金").value
    before = project.coding.get(annotation_id)
    with pytest.raises(InvalidInputError, match="only that coder"):
        project.coding.untag(annotation_id, "ben")
    _op = project.coding.untag(annotation_id, "ann")
    removed, changes = _op.value, _op.changes
    assert removed == before and changes.annotations_in == {doc}
    assert project.coding.annotations() == []
    project.coding.restore(annotation_id, "ann")
    assert project.coding.get(annotation_id) == before
    with pytest.raises(InvalidInputError, match="not removed"):
        project.coding.restore(annotation_id, "ann")


def test_history_records_every_change_with_before_and_after(project: Project,
                                                            doc: DocumentId) -> None:
    annotation_id = project.coding.tag(Target(doc, 4, 7), "finance", "ann").value
    project.coding.set_memo(annotation_id, "全額国費", "ann")
    project.coding.untag(annotation_id, "ann")
    project.coding.restore(annotation_id, "ann")
    with project.db.read() as s:
        rows = s.scalars(select(History).where(History.annotation_id == annotation_id)
                         .order_by(History.id)).all()
        assert [r.action for r in rows] == ["create", "update", "delete", "restore"]
        assert json.loads(rows[1].before or "{}")["memo"] == ""
        assert json.loads(rows[1].after or "{}")["memo"] == "全額国費"
        assert rows[2].after is None and json.loads(rows[2].before or "{}")["memo"] == "全額国費"
    assert project.coding.get(annotation_id).memo == "全額国費"


def test_done_mark_per_coder(project: Project, doc: DocumentId) -> None:
    assert project.coding.status(doc, "ann") == IN_PROGRESS
    changes = project.coding.set_done(doc, "ann").changes
    assert changes.status_in == {doc}
    assert (project.coding.status(doc, "ann"), project.coding.status(doc, "ben")) == (
        DONE, IN_PROGRESS)
    project.coding.set_done(doc, "ann", done=False)
    assert project.coding.status(doc, "ann") == IN_PROGRESS
    with pytest.raises(NotFoundError):
        project.coding.set_done(DocumentId(42), "ann")


def test_a_batch_is_all_or_nothing(project: Project, doc: DocumentId) -> None:
    good = TagRequest(Target(doc, 0, 3), "finance", "ann")
    bad = TagRequest(Target(doc, 0, 99_999), "finance", "ann")
    with pytest.raises(InvalidInputError, match="item 2"):
        project.coding.tag_many([good, bad])
    with project.db.read() as s:
        assert s.scalars(select(Annotation)).all() == []
        assert s.scalars(select(History)).all() == []
    ids = project.coding.tag_many([good, TagRequest(Target(doc, 3, 6), "authority", "ann")]).value
    assert [project.coding.get(i).code for i in ids] == ["finance", "authority"]


def test_filters(project: Project, doc: DocumentId) -> None:
    project.coding.tag(Target(doc, 0, 3), "finance", "ann")
    project.coding.tag(Target(doc, 0, 3), "authority", "ben")
    assert [a.coder for a in project.coding.annotations(coder="ben")] == ["ben"]
    assert [a.code for a in project.coding.annotations(code="財源")] == ["finance"]
    assert project.coding.annotations(document=DocumentId(doc + 1)) == []
    with pytest.raises(NotFoundError):
        project.coding.get(AnnotationId(12345))


def test_restore_after_the_text_moved_places_the_coding_by_its_quote(
        project: Project, doc: DocumentId) -> None:
    text = project.documents.text(doc)
    start = text.index("交付金")
    annotation_id = project.coding.tag(Target(doc, start, start + 3), "finance", "ann").value
    project.coding.untag(annotation_id, "ann")
    with project.db.write() as s:  # as a re-extraction would: the text shifts
        s.get_one(Document, doc).text = "前置きの一文。\n" + text
    project.coding.restore(annotation_id, "ann")
    row = project.coding.get(annotation_id)
    assert (row.start, row.quote, row.anchor) == (start + 8, "交付金", "moved")
    if row.passage_id is not None:  # linked only to a passage that holds the new range
        passage = project.documents.passage(row.passage_id)
        assert passage.start <= row.start < row.end <= passage.end


def test_progress_counts_coded_passages_per_coder(project: Project, doc: DocumentId) -> None:
    passages = project.documents.passages(doc)
    first = passages[0]
    project.coding.tag(Target(doc, first.start, first.end, first.id), "finance", "ann")
    project.coding.tag(Target(doc, first.start, first.end, first.id), "authority", "ann")
    project.coding.set_done(doc, "ben")
    ann, ben = project.coding.progress("ann")[doc], project.coding.progress("ben")[doc]
    assert (ann.coded, ann.total, ann.done) == (1, len(passages), False)
    assert (ben.coded, ben.done) == (0, True)
    assert ann.share == 1 / len(passages)


def test_a_code_is_found_by_key_then_names_then_digits_as_an_id(project: Project,
                                                                doc: DocumentId) -> None:
    """The tag's one-SELECT lookup resolves codes in `find_code`'s order."""
    finance = project.codebook.get("finance")
    named_one = project.codebook.add("finance", key="other_finance").value  # a name, not a key
    keyed = project.codebook.add("Three", key=str(finance.id)).value  # a key that looks like an id
    assert project.codebook.get("finance").id == finance.id
    by_key = project.coding.tag(Target(doc, 0, 2), "finance", "ann").value
    assert project.coding.get(by_key).code_id == finance.id  # key beats a name
    by_digits = project.coding.tag(Target(doc, 0, 3), str(finance.id), "ann").value
    assert project.coding.get(by_digits).code_id == keyed  # a key "1" is not code 1
    by_id = project.coding.tag(Target(doc, 0, 4), int(named_one), "ann").value
    assert project.coding.get(by_id).code_id == named_one
    with pytest.raises(NotFoundError):
        project.coding.tag(Target(doc, 0, 5), "no such code", "ann")


def test_the_create_snapshot_is_the_coding_as_stored(project: Project, doc: DocumentId) -> None:
    """The Core tag writes the history snapshot the ORM did: undo restores from it."""
    annotation_id = project.coding.tag(Target(doc, 4, 7), "finance", "new coder").value
    row = project.coding.get(annotation_id)
    with project.db.read() as s:
        after = json.loads(s.scalars(select(History.after).where(
            History.annotation_id == annotation_id)).one() or "{}")
        stored = s.get_one(Annotation, annotation_id)
        assert after == {"id": row.id, "document_id": doc, "passage_id": row.passage_id,
                         "start": 4, "end": 7, "code_id": row.code_id,
                         "coder_id": stored.coder_id, "memo": "", "quote": row.quote,
                         "anchor": "exact", "created_at": stored.created_at.isoformat(),
                         "updated_at": stored.updated_at.isoformat(), "guid": stored.guid,
                         "origin": "human"}
