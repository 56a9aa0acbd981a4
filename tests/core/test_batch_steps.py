"""A step over many items is one core call in one transaction: whole or not at all."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from annotator.changes import Changes, Op
from annotator.documents.importing import BatchStep
from annotator.errors import InvalidInputError, NotFoundError
from annotator.ids import DocumentId
from annotator.project import Project
from annotator.records import CodeRow, Target
from tests.support.samples import import_text, typeset

TEXT = "保健師の増員に係る地方財政措置を行う。交付金の算定について協議した。"


@pytest.fixture
def doc(project: Project) -> DocumentId:
    return import_text(project, [TEXT])


def test_untag_many_removes_none_when_one_is_gone(project: Project, doc: DocumentId) -> None:
    a1 = project.coding.tag(Target(doc, 0, 3), "finance", "ann").value
    a2 = project.coding.tag(Target(doc, 0, 3), "authority", "ann").value
    project.coding.untag(a2, "ann")  # another window removed it meanwhile
    with pytest.raises(NotFoundError):
        project.coding.untag_many([a1, a2], "ann")
    assert [a.id for a in project.coding.annotations()] == [a1]  # a1 is still there


def test_untag_many_refuses_another_coders_coding_whole(project: Project,
                                                         doc: DocumentId) -> None:
    mine = project.coding.tag(Target(doc, 0, 3), "finance", "ann").value
    theirs = project.coding.tag(Target(doc, 0, 3), "finance", "ben").value
    with pytest.raises(InvalidInputError, match="only that coder"):
        project.coding.untag_many([mine, theirs], "ann")
    assert {a.id for a in project.coding.annotations()} == {mine, theirs}


def test_untag_and_restore_many_name_what_they_changed(project: Project,
                                                        doc: DocumentId) -> None:
    ids = [
        project.coding.tag(Target(doc, k, k + 2), "finance", "ann").value for k in (0, 4)]
    removed = project.coding.untag_many(ids, "ann")
    assert [row.id for row in removed.value] == ids
    assert removed.changes.removed == frozenset(ids) and removed.changes.annotations_in == {doc}
    restored = project.coding.restore_many(ids, "ann")
    assert restored.changes.created == frozenset(ids)
    assert [a.id for a in project.coding.annotations()] == ids
    with pytest.raises(InvalidInputError, match="is not removed"):
        project.coding.restore_many(ids, "ann")


def test_restore_many_restores_none_when_one_cannot_come_back(project: Project,
                                                               doc: DocumentId) -> None:
    a1 = project.coding.tag(Target(doc, 0, 3), "finance", "ann").value
    a2 = project.coding.tag(Target(doc, 4, 8), "finance", "ann").value
    project.coding.untag(a1, "ann")
    with pytest.raises(InvalidInputError):
        project.coding.restore_many([a1, a2], "ann")  # a2 was never removed
    assert [a.id for a in project.coding.annotations()] == [a2]


def test_changes_union_keeps_the_last_word_on_each_coding() -> None:
    from annotator.ids import AnnotationId

    one = AnnotationId(1)
    assert (Changes(created=frozenset({one})) | Changes(removed=frozenset({one}))).created == set()
    assert (Changes(removed=frozenset({one})) | Changes(created=frozenset({one}))).removed == set()


def test_every_mutation_returns_an_op(project: Project, doc: DocumentId) -> None:
    coding = project.coding.tag(Target(doc, 0, 3), "finance", "ann")
    results = [coding, project.coding.set_memo(coding.value, "memo", "ann"),
               project.coding.set_done(doc, "ann"),
               project.codebook.add("grants", parent=project.codebook.get("finance").id),
               project.review.decide(coding.value, "accept", "rita"),
               project.review.set_blind_mode("on")]
    assert all(isinstance(result, Op) for result in results)
    code = project.codebook.get("grants").id
    moved = project.codebook.move(code, None)
    assert moved.value.parent == project.codebook.get("finance").id  # the old place


def test_codebook_import_undo_is_one_step_that_refuses_whole(project: Project,
                                                             doc: DocumentId,
                                                             tmp_path: Path) -> None:
    before = project.codebook.all()
    source = tmp_path / "other.qdc"
    with Project(tmp_path / "other.annot") as other:
        other.codebook.add("grants", name_ja="補助金")
        other.codebook.update(other.codebook.get("finance").id, name="money")
        other.codebook_files.export_file(source)
    result = project.codebook_files.import_file(source).value
    assert {c.key for c in project.codebook.all()} > {c.key for c in before}
    grants = project.codebook.get("grants").id
    project.coding.tag(Target(doc, 0, 3), grants, "ann")  # the new code is used now
    with pytest.raises(InvalidInputError, match="grants"):
        project.codebook.restore_snapshot(result.before)
    assert project.codebook.get("finance").name == "money"  # nothing changed
    project.coding.untag(project.coding.annotations()[0].id, "ann")
    project.codebook.restore_snapshot(result.before)
    def fields(codes: list[CodeRow]) -> list[CodeRow]:
        return [replace(c, version=0) for c in codes]  # the edit counter counts on

    assert fields(project.codebook.all()) == fields(before)  # ids, keys, names, order
    project.codebook.restore_snapshot(result.after)  # redo
    assert project.codebook.get("grants").id == grants and not any(
        "\x01" in c.key or "\x01" in c.guid for c in project.codebook.all())


def test_the_import_batch_expands_folders_and_indexes(project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "minutes"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.pdf").write_bytes(typeset([TEXT]))
    (folder / "sub" / "b.PDF").write_bytes(typeset(["交付金の算定について協議した。"]))
    (folder / "notes.txt").write_text("not a pdf")
    steps: list[BatchStep] = []
    op = project.importer.run_batch([folder], step=steps.append,
                                    index=project.search.index_pending)
    assert [o.name for o in op.value.outcomes] == ["a.pdf", "b.PDF"] and op.value.imported == 2
    assert op.changes.documents == {o.document_id for o in op.value.outcomes}
    assert any(s.indexing for s in steps) and [s.outcome for s in steps if s.outcome] == list(
        op.value.outcomes)
    assert project.search.search("交付金")  # indexed by the batch itself
    empty = project.importer.run_batch([tmp_path / "nothing-here"]).value
    assert empty.outcomes[0].status == "error"


def test_queue_leaves_out_the_consensus_unless_asked(project: Project, doc: DocumentId) -> None:
    coding = project.coding.tag(Target(doc, 0, 3), "finance", "ann").value
    made = project.review.adjudicate(doc, [coding], actor="rita").value[0]
    assert [i.id for i in project.review.queue()] == [coding]
    assert {i.id for i in project.review.queue(include_consensus=True)} == {coding, made}
    assert [i.id for i in project.review.queue(coder="consensus")] == [made]
    assert made in project.review.states(doc)  # the marks in the text still show it


def test_default_coders_are_those_who_finished_a_document(project: Project,
                                                          doc: DocumentId) -> None:
    for coder in ("ann", "ben", "cho"):
        project.coding.tag(Target(doc, 0, 3), "finance", coder)
    project.coding.set_done(doc, "ben")
    project.coding.set_done(doc, "ann")
    project.review.adjudicate(doc, [project.coding.annotations()[0].id], actor="rita")
    project.coding.set_done(doc, "consensus")
    assert project.agreement.default_coders() == ["ann", "ben"]
