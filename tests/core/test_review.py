"""Review: decisions and their history, the queue, coder comparison, adjudication, blind mode."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import func, insert, select, text

from annotator.errors import InvalidInputError, NotFoundError
from annotator.history import now
from annotator.ids import AnnotationId, DocumentId, PassageId
from annotator.project import Project
from annotator.records import PassageRow, Target
from annotator.review.service import ACCEPTED, DISCUSSION, REJECTED, UNREVIEWED, PassageComparison
from db.engine import alembic_config, current_revision, head_revision, upgrade, writer
from db.models import Annotation, AnnotationSource, Coder, History, Review
from tests.support.helpers import old_project, run, run_json
from tests.support.samples import import_text

# Passages: 0 speaker, 1 bullet, 2 speaker, 3-4 bullets (page 1); 5-6 bullets (page 2).
MINUTES = ["【荒見委員】\n○ 交付金の配分について伺いたい。\n【回答】\n"
           "・ 権限の移譲を検討しております。\n・ 保健師の増員を行います。",
           "○ 情報共有の仕組みを整えたい。\n・ 地方財政措置を講じます。"]


@pytest.fixture
def doc(project: Project) -> DocumentId:
    return import_text(project, MINUTES)


def codable(project: Project, doc: DocumentId) -> list[PassageRow]:
    return [p for p in project.documents.passages(doc) if p.kind != "speaker"]


def tag(project: Project, passage: PassageRow, code: str, coder: str,
        memo: str = "") -> AnnotationId:
    target = Target(passage.document_id, passage.start, passage.end, passage.id)
    annotation_id, _ = project.coding.tag(target, code, coder, memo)
    return annotation_id


def history(project: Project, annotation_id: AnnotationId) -> list[tuple[str, Any, Any]]:
    with project.db.read() as s:
        rows = s.scalars(select(History).where(History.annotation_id == annotation_id)
                         .order_by(History.id)).all()
        return [(r.action, json.loads(r.before or "null"), json.loads(r.after or "null"))
                for r in rows]


def at(row: PassageComparison | None) -> PassageId | None:
    return row.passage.id if row is not None else None


def counts(project: Project) -> tuple[int, int, int, int]:
    with project.db.read() as s:
        return (s.scalar(select(func.count()).select_from(Review)) or 0,
                s.scalar(select(func.count()).select_from(History)) or 0,
                s.scalar(select(func.count()).select_from(Coder)) or 0,
                s.scalar(select(func.count()).select_from(Annotation)) or 0)


# decisions -------------------------------------------------------------------------------------

def test_a_decision_records_reviewer_time_and_comment(project: Project, doc: DocumentId) -> None:
    first = codable(project, doc)[0]
    coding = tag(project, first, "finance", "ann")
    assert project.review.state(coding).state == UNREVIEWED
    before = now()
    review_id, changes = project.review.decide(coding, "accept", "rita", " 交付金は財源 ")
    state = project.review.state(coding)
    assert (state.state, state.reviewer, state.comment, state.review_id) == (
        ACCEPTED, "rita", "交付金は財源", review_id)
    assert state.at is not None and before <= state.at <= now()
    assert changes.reviews_in == {doc} and not changes.annotations_in
    assert (changes | changes).reviews_in == {doc}  # __or__ keeps the new field


def test_a_later_decision_does_not_erase_an_earlier_one(project: Project,
                                                        doc: DocumentId) -> None:
    coding = tag(project, codable(project, doc)[1], "authority", "ann")
    first, _ = project.review.decide(coding, "accept", "rita")
    second, _ = project.review.decide(coding, "reject", "sato", "移譲は権限だが関与ではない")
    third, _ = project.review.decide(coding, "discuss", "rita", "会議で確認")
    decisions = project.review.decisions(coding)
    assert [(d.id, d.decision, d.reviewer) for d in decisions] == [
        (first, ACCEPTED, "rita"), (second, REJECTED, "sato"), (third, DISCUSSION, "rita")]
    assert decisions[1].comment == "移譲は権限だが関与ではない"
    state = project.review.state(coding)
    assert (state.state, state.review_id, state.decisions) == (DISCUSSION, third, 3)
    reviews = [h for h in history(project, coding) if h[0] == "review"]
    assert [(b["state"], a["state"]) for _action, b, a in reviews] == [
        (UNREVIEWED, ACCEPTED), (ACCEPTED, REJECTED), (REJECTED, DISCUSSION)]
    assert reviews[1][2]["reviewer"] == "sato" and reviews[1][2]["review_id"] == second
    assert reviews[0][2]["annotation"]["code_id"] == project.codebook.get("authority").id
    with project.db.read() as s:  # History.coder_id is the reviewer
        actors = s.scalars(select(Coder.name).join(History, History.coder_id == Coder.id).where(
            History.annotation_id == coding, History.action == "review").order_by(History.id))
        assert list(actors) == ["rita", "sato", "rita"]


def test_undo_withdraws_a_decision_and_the_history_keeps_both(project: Project,
                                                              doc: DocumentId) -> None:
    coding = tag(project, codable(project, doc)[0], "finance", "ann")
    first, _ = project.review.decide(coding, "accept", "rita")
    second, _ = project.review.decide(coding, "reject", "rita", "違う")
    changes = project.review.undo_decision(second)
    assert changes.reviews_in == {doc}
    assert [d.id for d in project.review.decisions(coding)] == [first]
    assert project.review.state(coding).state == ACCEPTED
    project.review.undo_decision(first, actor="chief")
    assert project.review.state(coding).state == UNREVIEWED
    actions = history(project, coding)
    assert [a for a, _b, _a in actions] == ["create", "review", "review", "unreview", "unreview"]
    _action, withdrawn, standing = actions[3]
    assert (withdrawn["state"], withdrawn["review_id"], withdrawn["comment"]) == (
        REJECTED, second, "違う")
    assert standing["state"] == ACCEPTED
    redo, _ = project.review.decide(coding, "reject", "rita", "違う")  # the GUI's redo
    assert redo > second  # ids of withdrawn decisions are never reused
    with pytest.raises(NotFoundError, match="no review decision"):
        project.review.undo_decision(second)


@pytest.mark.parametrize(("decision", "comment", "message"), [
    ("discuss", "", "needs a comment"),
    ("discuss", "   ", "needs a comment"),
    ("maybe", "", "not one of accept, reject, discuss"),
])
def test_bad_decisions_are_refused_and_nothing_is_written(project: Project, doc: DocumentId,
                                                          decision: str, comment: str,
                                                          message: str) -> None:
    coding = tag(project, codable(project, doc)[0], "finance", "ann")
    before = counts(project)
    with pytest.raises(InvalidInputError, match=message):
        project.review.decide(coding, decision, "newcomer", comment)
    assert counts(project) == before
    assert project.review.decisions(coding) == []


def test_an_unknown_annotation_is_refused_and_nothing_is_written(project: Project,
                                                                 doc: DocumentId) -> None:
    tag(project, codable(project, doc)[0], "finance", "ann")
    before = counts(project)
    with pytest.raises(NotFoundError, match="no annotation with id 999"):
        project.review.decide(AnnotationId(999), "accept", "newcomer")
    assert counts(project) == before  # not even the reviewer's name
    for call in (project.review.state, project.review.decisions, project.review.sources):
        with pytest.raises(NotFoundError):
            call(AnnotationId(999))
    with pytest.raises(InvalidInputError, match="coder name"):
        project.review.decide(AnnotationId(1), "accept", " ")


def test_decisions_outlive_a_removed_coding_and_come_back_with_it(project: Project,
                                                                  doc: DocumentId) -> None:
    coding = tag(project, codable(project, doc)[0], "finance", "ann")
    project.review.decide(coding, "reject", "rita", "範囲が広すぎる")
    project.coding.untag(coding, "ann")
    assert project.review.state(coding).state == REJECTED  # still readable
    with pytest.raises(NotFoundError):
        project.review.decide(coding, "accept", "rita")  # but a removed coding is not judged
    project.coding.restore(coding, "ann")
    assert [d.comment for d in project.review.decisions(coding)] == ["範囲が広すぎる"]
    assert [i.state for i in project.review.queue()] == [REJECTED]


# the queue -------------------------------------------------------------------------------------

def test_the_queue_filters_by_state_coder_code_and_document(project: Project,
                                                           doc: DocumentId) -> None:
    other = import_text(project, ["・ 人材の確保が課題です。"], name="other.pdf")
    p = codable(project, doc)
    a = tag(project, p[0], "finance", "ann")
    b = tag(project, p[1], "authority", "ann")
    c = tag(project, p[1], "authority", "ben")
    d = tag(project, p[2], "personnel", "ben")
    e = tag(project, codable(project, other)[0], "personnel", "ann")
    project.review.decide(a, "accept", "rita")
    project.review.decide(b, "accept", "rita")
    project.review.decide(b, "reject", "rita")  # the latest decision counts
    project.review.decide(c, "discuss", "rita", "関与か")

    def ids(**filters: Any) -> list[AnnotationId]:
        return [item.id for item in project.review.queue(**filters)]

    assert ids() == [a, b, c, d, e]  # by document, then position
    assert ids(state="unreviewed") == [d, e]
    assert ids(state="accepted") == [a]
    assert ids(state="rejected") == [b]
    assert ids(state="discuss") == [c]  # the decision word works too
    assert ids(state=["unreviewed", "discussion"]) == [c, d, e]
    assert ids(coder="ben") == [c, d]
    assert ids(code="authority") == [b, c]
    assert ids(code="人材", document=doc) == [d]
    assert ids(document=other, state="unreviewed") == [e]
    assert ids(coder="nobody") == []
    item = project.review.queue(state="rejected")[0]
    assert (item.annotation.coder, item.annotation.code, item.review.reviewer) == (
        "ann", "authority", "rita")
    assert (item.review.decisions, item.annotation.quote) == (2, p[1].text)
    assert project.review.states(doc)[c].comment == "関与か"
    with pytest.raises(InvalidInputError, match="state 'done'"):
        project.review.queue(state="done")


def test_the_queue_of_20000_codings_is_fast(project: Project, doc: DocumentId) -> None:
    p = codable(project, doc)
    code_ids = [c.id for c in project.codebook.all()]
    stamp = now()
    with project.db.write() as s:
        coders = [Coder(name=f"coder{k}", created_at=stamp) for k in range(4)]
        s.add_all(coders)
        s.flush()
        rows = [{"document_id": doc, "passage_id": p[k % len(p)].id, "start": k % 90,
                 "end": k % 90 + 3, "code_id": code_ids[k % 4], "coder_id": coders[k % 4].id,
                 "memo": "", "quote": "", "anchor": "exact", "created_at": stamp,
                 "updated_at": stamp} for k in range(20_000)]
        s.execute(insert(Annotation), rows)
        ids = list(s.scalars(select(Annotation.id).order_by(Annotation.id)))
        s.execute(insert(Review), [
            {"annotation_id": i, "coder_id": coders[0].id, "decision": (ACCEPTED, REJECTED)[k % 2],
             "comment": "", "at": stamp + timedelta(seconds=k)}
            for k, i in enumerate(ids[: 12_000] + ids[: 3_000])])
    started = time.perf_counter()
    everything = project.review.queue()
    unreviewed = project.review.queue(state="unreviewed", coder="coder1")
    elapsed = time.perf_counter() - started
    assert len(everything) == 20_000 and len(unreviewed) == 2_000
    assert sum(item.review.decisions for item in everything) == 15_000
    assert elapsed < 2.0, f"queue took {elapsed:.2f}s"


# coder comparison ------------------------------------------------------------------------------

def test_compare_two_coders_per_passage_with_overlapping_free_ranges(project: Project,
                                                                      doc: DocumentId) -> None:
    p = codable(project, doc)
    tag(project, p[0], "finance", "ann")
    tag(project, p[0], "finance", "ben")  # agree
    tag(project, p[1], "authority", "ann")  # ben did not code it: disagree
    # A free range over the end of passage 2 and the start of passage 3 counts for both.
    project.coding.tag(Target(doc, p[2].end - 3, p[3].start + 2), "personnel", "ben")
    tag(project, p[2], "personnel", "ann")
    project.coding.tag(Target(doc, p[4].start + 2, p[4].start + 5), "finance", "ann")
    tag(project, p[4], "finance", "ben")  # a part and the whole: the same code, agree
    comparison = project.review.compare(doc, ["ann", "ben"])
    assert comparison.coders == ("ann", "ben")
    assert [row.passage.id for row in comparison.passages] == [x.id for x in p]  # no speakers
    assert [(dict(row.codes), row.disagree) for row in comparison.passages] == [
        ({"ann": {"finance"}, "ben": {"finance"}}, False),
        ({"ann": {"authority"}, "ben": set()}, True),
        ({"ann": {"personnel"}, "ben": {"personnel"}}, False),
        ({"ann": set(), "ben": {"personnel"}}, True),
        ({"ann": {"finance"}, "ben": {"finance"}}, False),
    ]
    row = comparison.get(p[3].id)
    assert row.contested == {"personnel"} and row.by_code == {"personnel": ("ben",)}
    assert len(row.annotations["ben"]) == 1 and row.annotations["ann"] == ()
    # Navigation: from the top, from a passage, from a speaker heading, at the end.
    assert [d.passage.id for d in comparison.disagreements] == [p[1].id, p[3].id]
    assert at(comparison.next_disagreement()) == p[1].id
    assert at(comparison.next_disagreement(p[1].id)) == p[3].id
    speaker = next(x for x in project.documents.passages(doc) if x.kind == "speaker"
                   and x.start > p[0].start)
    assert at(comparison.next_disagreement(speaker.id)) == p[1].id
    assert comparison.next_disagreement(p[3].id) is None
    assert at(comparison.next_disagreement(p[3].id, wrap=True)) == p[1].id
    assert at(comparison.previous_disagreement(p[3].id)) == p[1].id
    assert at(comparison.previous_disagreement()) == p[3].id
    assert comparison.previous_disagreement(p[1].id) is None
    with pytest.raises(NotFoundError):
        comparison.next_disagreement(PassageId(9999))


def test_compare_three_coders(project: Project, doc: DocumentId) -> None:
    p = codable(project, doc)
    for coder in ("ann", "ben", "chie"):
        tag(project, p[0], "finance", coder)
    tag(project, p[0], "authority", "chie")
    tag(project, p[1], "authority", "ann")
    tag(project, p[1], "authority", "ben")
    tag(project, p[1], "authority", "chie")
    project.coding.tag(Target(doc, p[3].start, p[4].end), "information_sharing", "ben")
    comparison = project.review.compare(doc, ["chie", "ann", "ben"])
    first, second, third, fourth, fifth = comparison.passages
    assert first.disagree and first.contested == {"authority"}
    assert first.by_code == {"authority": ("chie",), "finance": ("chie", "ann", "ben")}
    assert not second.disagree and second.contested == set()
    assert not third.disagree and third.codes == {"chie": set(), "ann": set(), "ben": set()}
    assert fourth.disagree and fifth.disagree  # ben's range over two passages (and pages)
    assert fifth.codes == {"chie": set(), "ann": set(), "ben": {"information_sharing"}}
    assert [d.passage.id for d in comparison.disagreements] == [p[0].id, p[3].id, p[4].id]
    assert project.review.coders(doc) == ["ann", "ben", "chie"]


@pytest.mark.parametrize(("coders", "error", "message"), [
    (["ann"], InvalidInputError, "two or more"),
    (["ann", "ann"], InvalidInputError, "named twice"),
    (["ann", "nobody"], NotFoundError, "no coder named 'nobody'"),
])
def test_compare_refuses_bad_coder_lists(project: Project, doc: DocumentId, coders: list[str],
                                         error: type[Exception], message: str) -> None:
    tag(project, codable(project, doc)[0], "finance", "ann")
    with pytest.raises(error, match=message):
        project.review.compare(doc, coders)
    with pytest.raises(NotFoundError, match="no document"):
        project.review.compare(DocumentId(77), ["ann", "ann2"])


# adjudication ----------------------------------------------------------------------------------

def test_adjudication_copies_the_picks_into_the_consensus_with_links(project: Project,
                                                                    doc: DocumentId) -> None:
    p = codable(project, doc)
    a = tag(project, p[0], "finance", "ann", memo="全額国費")
    b = tag(project, p[0], "finance", "ben")  # the same coding by another coder
    text = project.documents.text(doc)
    free, _ = project.coding.tag(Target(doc, p[1].start + 2, p[1].start + 5), "authority", "ben")
    ids, changes = project.review.adjudicate(doc, [a, free], actor="rita")
    assert changes.annotations_in == {doc}
    consensus = project.coding.annotations(coder="consensus")
    assert [c.id for c in consensus] == ids
    copy_a, copy_free = consensus
    assert (copy_a.start, copy_a.end, copy_a.code, copy_a.memo, copy_a.passage_id) == (
        p[0].start, p[0].end, "finance", "全額国費", p[0].id)
    assert copy_free.quote == text[p[1].start + 2:p[1].start + 5]
    assert [s.id for s in project.review.sources(copy_a.id)] == [a]
    assert [d.id for d in project.review.derived(a)] == [copy_a.id]
    # Idempotent: the same picks again, and a pick twice, make nothing new; the identical
    # coding of another coder becomes a second link to the same consensus coding.
    again, _ = project.review.adjudicate(doc, [a, a, b, free], actor="rita")
    assert again == [copy_a.id, copy_a.id, copy_a.id, copy_free.id]
    assert len(project.coding.annotations(coder="consensus")) == 2
    assert [s.id for s in project.review.sources(copy_a.id)] == [a, b]
    with project.db.read() as s:
        assert s.scalar(select(func.count()).select_from(AnnotationSource)) == 3
        creator = s.scalar(select(Coder.name).join(History, History.coder_id == Coder.id)
                           .where(History.annotation_id == copy_a.id))
    assert creator == "rita"  # the history says who adjudicated
    # A consensus coding picked again stands as it is.
    assert project.review.adjudicate(doc, [copy_a.id], actor="rita")[0] == [copy_a.id]
    assert project.review.sources(a) == []


def test_adjudication_refuses_bad_picks_and_writes_nothing(project: Project,
                                                          doc: DocumentId) -> None:
    other = import_text(project, ["・ 人材の確保が課題です。"], name="other.pdf")
    a = tag(project, codable(project, doc)[0], "finance", "ann")
    elsewhere = tag(project, codable(project, other)[0], "personnel", "ann")
    before = counts(project)
    with pytest.raises(NotFoundError, match="no annotation with id 555"):
        project.review.adjudicate(doc, [a, AnnotationId(555)], actor="rita")
    with pytest.raises(InvalidInputError, match="not in document"):
        project.review.adjudicate(doc, [a, elsewhere], actor="rita")
    with pytest.raises(InvalidInputError, match="at least one"):
        project.review.adjudicate(doc, [], actor="rita")
    with pytest.raises(InvalidInputError, match="coder name"):
        project.review.adjudicate(doc, [a], actor="")
    assert counts(project) == before


def test_apply_a_code_as_consensus_then_withdraw_and_restore(project: Project,
                                                            doc: DocumentId) -> None:
    p = codable(project, doc)
    a = tag(project, p[2], "finance", "ann")
    b = tag(project, p[2], "authority", "ben")
    target = Target(doc, p[2].start, p[2].end, p[2].id)
    made, changes = project.review.adjudicate_code(target, "personnel", actor="rita",
                                                   sources=[a, b], memo="保健師")
    assert changes.annotations_in == {doc}
    row = project.coding.get(made)
    assert (row.coder, row.code, row.memo, row.quote) == ("consensus", "personnel", "保健師",
                                                          p[2].text)
    assert [s.id for s in project.review.sources(made)] == [a, b]
    again, _ = project.review.adjudicate_code(target, "人材", actor="rita", sources=[a])
    assert again == made
    ids, created, _ = project.review.apply_adjudication(doc, [a, b], actor="rita")
    assert len(created) == 2 and ids == created
    assert project.review.apply_adjudication(doc, [a], actor="rita")[1] == []
    with pytest.raises(InvalidInputError, match="not a consensus coding"):
        project.review.withdraw([a], actor="rita")
    project.review.withdraw(created, actor="rita")  # the GUI's undo
    assert [c.id for c in project.coding.annotations(coder="consensus")] == [made]
    project.coding.restore(created[0], "rita")  # and its redo: links come back with it
    assert [s.id for s in project.review.sources(created[0])] == [a]
    with pytest.raises(InvalidInputError, match="outside document"):
        project.review.adjudicate_code(Target(doc, 0, 10_000), "finance", actor="rita")


# blind mode ------------------------------------------------------------------------------------

def test_blind_mode_auto_on_off(project: Project, doc: DocumentId) -> None:
    tag(project, codable(project, doc)[0], "finance", "ann")
    assert project.review.blind_mode() == "auto"
    changes = project.review.set_reviewer("rita")
    assert changes.settings and project.review.reviewers() == ["rita"]
    assert project.review.is_reviewer("rita") and not project.review.is_reviewer("ann")
    assert not project.review.is_reviewer("somebody new")
    assert (project.review.is_blind("ann"), project.review.is_blind("rita")) == (True, False)
    assert project.review.is_blind("somebody new")
    assert project.review.set_blind_mode("on").settings
    assert (project.review.is_blind("ann"), project.review.is_blind("rita")) == (True, True)
    project.review.set_blind_mode("OFF")
    assert project.review.blind_mode() == "off"
    assert (project.review.is_blind("ann"), project.review.is_blind("rita")) == (False, False)
    project.review.set_blind_mode("auto")
    project.review.set_reviewer("rita", False)
    assert project.review.is_blind("rita") and project.review.reviewers() == []
    with pytest.raises(InvalidInputError, match="blind mode 'sometimes'"):
        project.review.set_blind_mode("sometimes")


def test_blind_mode_is_kept_in_the_project_file(tmp_path: Path) -> None:
    path = tmp_path / "p.annot"
    with Project(path) as project:
        project.review.set_blind_mode("off")
        project.review.set_reviewer("rita")
    with Project(path) as project:
        assert project.review.blind_mode() == "off" and project.review.is_reviewer("rita")


# the migration ---------------------------------------------------------------------------------

def test_a_0003_project_migrates_to_0004_and_keeps_its_codings(tmp_path: Path) -> None:
    path = tmp_path / "old.annot"
    stamp = datetime(2026, 2, 3, 10, 0)
    engine = old_project(path, "0003", stamp, coders=("ann", "ben"))
    with engine.begin() as c:
        c.execute(text(
            "INSERT INTO annotations (document_id, passage_id, start, \"end\", code_id, coder_id, "
            "memo, quote, anchor, created_at, updated_at) VALUES "
            "(1, 7, 0, 3, 1, 1, 'm', '交付金', 'exact', :t, :t), "
            "(1, 8, 9, 11, 1, 2, '', '𠮷野', 'exact', :t, :t)"), {"t": stamp})
    engine.dispose()

    with Project(path) as project:
        assert current_revision(project.db.engine) == head_revision()
        rows = project.coding.annotations()
        assert [(a.quote, a.coder, a.memo, a.created) for a in rows] == [
            ("交付金", "ann", "m", stamp), ("𠮷野", "ben", "", stamp)]
        assert [i.state for i in project.review.queue()] == [UNREVIEWED, UNREVIEWED]
        assert project.review.reviewers() == [] and project.review.blind_mode() == "auto"
        assert project.review.is_blind("ann")
        project.review.decide(rows[0].id, "accept", "ben")
        assert project.review.state(rows[0].id).reviewer == "ben"
        assert project.review.compare(DocumentId(1), ["ann", "ben"]).disagreements != ()


def test_0004_downgrades_to_0003_and_back(project: Project, doc: DocumentId) -> None:
    coding = tag(project, codable(project, doc)[0], "finance", "ann")
    project.review.decide(coding, "accept", "rita")
    project.review.set_reviewer("rita")
    config = alembic_config()
    with writer(project.db.engine).begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    assert current_revision(project.db.engine) == "0003"
    upgrade(project.db.engine)
    assert [a.id for a in project.coding.annotations()] == [coding]
    assert project.review.decisions(coding) == [] and project.review.reviewers() == []


# the command line ------------------------------------------------------------------------------





@pytest.fixture
def coded(tmp_path: Path) -> tuple[str, list[AnnotationId], list[PassageId]]:
    """A project file with ann's and ben's codings of one document, closed again."""
    path = tmp_path / "p.annot"
    with Project(path) as project:
        doc = import_text(project, MINUTES)
        p = codable(project, doc)
        ids = [tag(project, p[0], "finance", "ann"), tag(project, p[0], "finance", "ben"),
               tag(project, p[1], "authority", "ann"), tag(project, p[3], "personnel", "ben")]
    return str(path), ids, [x.id for x in p]


def test_cli_review_prints_the_new_state(coded: tuple[str, list[AnnotationId], list[PassageId]],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path, ids, _p = coded
    state = run_json(capsys, "review", path, str(ids[0]), "--decision", "accept",
                     "--reviewer", "rita", "--comment", "財源で良い")
    assert (state["state"], state["reviewer"], state["comment"], state["decisions"]) == (
        ACCEPTED, "rita", "財源で良い", 1)
    code, out, _ = run(capsys, "review", path, str(ids[0]), "--decision", "discuss",
                       "--reviewer", "sato", "--comment", "要確認")
    assert code == 0
    assert out.startswith(f"annotation {ids[0]}: discussion by sato at ") and "要確認" in out
    queue = run_json(capsys, "review-queue", path, "--state", "unreviewed,discussion")
    assert [(q["id"], q["review"]["state"]) for q in queue] == [
        (ids[0], DISCUSSION), (ids[1], UNREVIEWED), (ids[2], UNREVIEWED), (ids[3], UNREVIEWED)]
    assert [q["id"] for q in run_json(capsys, "review-queue", path, "--coder", "ben",
                                      "--code", "finance")] == [ids[1]]
    code, out, _ = run(capsys, "review-queue", path, "--state", "accepted")
    assert (code, out) == (0, "0 coding(s)\n")
    code, out, _ = run(capsys, "review-queue", path)
    assert "discussion (sato)" in out and out.endswith("4 coding(s)\n")


@pytest.mark.parametrize("args", [
    ("review", "{p}", "999", "--decision", "accept", "--reviewer", "rita"),
    ("review", "{p}", "{a}", "--decision", "discuss", "--reviewer", "rita"),
    ("review", "{p}", "{a}", "--decision", "approve", "--reviewer", "rita"),
    ("review", "{p}", "{a}", "--decision", "accept", "--reviewer", " "),
    ("review", "{missing}", "{a}", "--decision", "accept", "--reviewer", "rita"),
    ("review-queue", "{p}", "--state", "pending"),
    ("compare", "{p}", "--document", "1", "--coders", "ann"),
    ("compare", "{p}", "--document", "1", "--coders", "ann,nobody"),
    ("compare", "{p}", "--document", "9", "--coders", "ann,ben"),
    ("adjudicate", "{p}", "--document", "1", "--pick", "{a},999", "--coder", "rita"),
    ("adjudicate", "{p}", "--document", "1", "--pick", "x", "--coder", "rita"),
    ("adjudicate", "{p}", "--document", "2", "--pick", "{a}", "--coder", "rita"),
    ("blind", "{p}", "sometimes"),
])
def test_cli_usage_errors_exit_2_and_write_nothing(
        coded: tuple[str, list[AnnotationId], list[PassageId]], tmp_path: Path,
        capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    path, ids, _p = coded
    before = Path(path).read_bytes()
    missing = tmp_path / "nope.annot"
    code, out, err = run(capsys, *[a.format(p=path, a=ids[0], missing=missing) for a in args])
    assert code == 2 and out == "" and err.startswith("error: ") and "Traceback" not in err
    assert not missing.exists()
    assert Path(path).read_bytes() == before
    with Project(Path(path)) as project:
        assert counts(project)[0] == 0 and project.review.blind_mode() == "auto"
        assert project.coding.annotations(coder="consensus") == []


def test_cli_compare_and_adjudicate(coded: tuple[str, list[AnnotationId], list[PassageId]],
                                    capsys: pytest.CaptureFixture[str]) -> None:
    path, ids, passages = coded
    comparison = run_json(capsys, "compare", path, "--document", "1", "--coders", "ann,ben")
    assert comparison["disagreements"] == 2
    rows = {r["passage_id"]: r for r in comparison["passages"]}
    assert rows[passages[0]]["codes"] == {"ann": ["finance"], "ben": ["finance"]}
    assert rows[passages[1]]["disagree"] and rows[passages[1]]["contested"] == ["authority"]
    assert rows[passages[1]]["annotations"] == {"ann": [ids[2]], "ben": []}
    only = run_json(capsys, "compare", path, "--document", "1", "--coders", "ben,ann",
                    "--disagreements")
    assert [r["passage_id"] for r in only["passages"]] == [passages[1], passages[3]]
    code, out, _ = run(capsys, "compare", path, "--document", "1", "--coders", "ann,ben")
    assert code == 0 and out.endswith("2 of 5 passage(s) differ\n")
    assert f"* #{passages[1]}" in out and "ann: authority  ben: -" in out
    made = run_json(capsys, "adjudicate", path, "--document", "1", "--pick",
                    f"{ids[0]},{ids[1]},{ids[2]}", "--coder", "rita")
    assert [m["sources"] for m in made] == [[ids[0], ids[1]], [ids[2]]]
    code, out, _ = run(capsys, "adjudicate", path, "--document", "1", "--pick", str(ids[2]),
                       "--coder", "rita")
    assert (code, out) == (0, f"{made[1]['id']}  from {ids[2]}\n")  # idempotent
    listed = run_json(capsys, "annotations", path, "--coder", "consensus")
    assert [a["id"] for a in listed] == [m["id"] for m in made]


def test_cli_reviewer_and_blind(coded: tuple[str, list[AnnotationId], list[PassageId]],
                                capsys: pytest.CaptureFixture[str]) -> None:
    path, _ids, _p = coded
    assert run_json(capsys, "reviewer", path) == []
    assert run_json(capsys, "reviewer", path, "rita") == ["rita"]
    assert run(capsys, "reviewer", path, "sato")[1] == "rita\nsato\n"
    assert run_json(capsys, "reviewer", path, "rita", "--off") == ["sato"]
    assert run(capsys, "blind", path)[1] == "blind mode: auto\n"
    assert run_json(capsys, "blind", path, "on") == {"blind": "on"}
    with Project(Path(path)) as project:
        assert project.review.is_blind("sato")
