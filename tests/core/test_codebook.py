"""The codebook: defaults, edits, nesting, merge and delete — nothing vanishes silently."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.errors import CodeInUseError, InvalidInputError, NotFoundError
from annotator.ids import CodeId
from annotator.project import Project
from annotator.records import Target
from tests.support.samples import import_text


@pytest.fixture
def project(engine_project: Project) -> Project:
    """Every test here runs on a project file and on a team project on PostgreSQL."""
    return engine_project


def test_default_codebook_matches_the_domain_brief(project: Project) -> None:
    codes = project.codebook.all()
    assert [(c.key, c.name_ja, c.name, c.shortcut) for c in codes] == [
        ("finance", "財源", "finance", "1"),
        ("authority", "権限", "authority", "2"),
        ("personnel", "人材", "personnel", "3"),
        ("information_sharing", "情報共有", "information sharing", "4"),
    ]
    assert all(c.definition and c.color.startswith("#") and c.parent is None for c in codes)
    assert "補助金" in codes[0].definition
    assert "連携" in codes[3].exclude_note


def test_default_codes_have_the_same_guids_in_every_project(tmp_path: Path) -> None:
    with Project(tmp_path / "a.annot") as a, Project(tmp_path / "b.annot") as b:
        assert [c.guid for c in a.codebook.all()] == [c.guid for c in b.codebook.all()]
    shipped = json.loads((Path(__file__).parents[2] / "resources" /
                          "default_codebook.json").read_text(encoding="utf-8"))
    assert len({c["guid"] for c in shipped["codes"]}) == 4


def test_add_rename_recolor_and_nest(project: Project) -> None:
    finance = project.codebook.get("finance").id
    grants = project.codebook.add("grants", name_ja="補助金", parent=finance, color="#aa0000",
                                     shortcut="5").value
    project.codebook.update(grants, name="subsidies", name_ja="補助金・交付金", color="#bb0000")
    code = project.codebook.get(grants)
    assert (code.key, code.name, code.name_ja, code.color, code.parent, code.shortcut) == (
        "grants", "subsidies", "補助金・交付金", "#bb0000", finance, "5")
    keys = [c.key for c in project.codebook.all()]
    assert keys.index("grants") == keys.index("finance") + 1  # tree order: child after parent
    assert project.codebook.get("補助金・交付金").id == grants  # found by Japanese name too


def test_japanese_only_name_gets_a_usable_key(project: Project) -> None:
    first = project.codebook.add("", name_ja="地方交付税").value
    second = project.codebook.add("", name_ja="国庫補助").value
    assert project.codebook.get(first).key == "code"
    assert project.codebook.get(second).key == "code_2"


@pytest.mark.parametrize(("values", "message"), [
    ({"color": "red"}, "#RRGGBB"),
    ({"shortcut": "1"}, "already used"),
    ({"shortcut": "x"}, "one digit"),
    ({"key": "finance"}, "already used"),
    ({"name": "", "name_ja": ""}, "needs a name"),
    ({"parent_id": "3"}, "cannot edit"),
])
def test_bad_edits_are_refused_and_change_nothing(project: Project, values: dict[str, Any],
                                                  message: str) -> None:
    authority = project.codebook.get("authority")
    with pytest.raises(InvalidInputError, match=message):
        project.codebook.update(authority.id, **values)
    assert project.codebook.get("authority") == authority


def test_move_reorders_and_refuses_cycles(project: Project) -> None:
    finance, authority = project.codebook.get("finance").id, project.codebook.get("authority").id
    project.codebook.move(authority, finance)
    with pytest.raises(InvalidInputError, match="inside itself"):
        project.codebook.move(finance, authority)
    project.codebook.move(authority, None, 0)
    assert [c.key for c in project.codebook.all()][:2] == ["authority", "finance"]
    assert project.codebook.get("authority").parent is None


def test_deleting_a_used_code_needs_a_target(project: Project) -> None:
    doc = import_text(project, ["交付金の財源について議論した。"])
    personnel = project.codebook.get("personnel").id
    project.coding.tag(Target(doc, 0, 3), "personnel", "ann")
    with pytest.raises(CodeInUseError, match="1 coding"):
        project.codebook.delete(personnel, actor="ann")
    assert project.codebook.get("personnel").id == personnel
    _op = project.codebook.delete(personnel, move_to=project.codebook.get(
        "finance").id, actor="ann")
    deleted, changes = _op.value, _op.changes
    assert changes.codebook and doc in changes.annotations_in
    assert [a.code for a in project.coding.annotations()] == ["finance"]
    with pytest.raises(NotFoundError):
        project.codebook.get("personnel")
    project.codebook.restore(deleted, actor="ann")
    assert project.codebook.get("personnel") == deleted.code
    assert [a.code for a in project.coding.annotations()] == ["personnel"]


def test_merge_moves_codings_and_children_then_undo_restores(project: Project) -> None:
    doc = import_text(project, ["保健師の増員と情報共有の仕組み。"])
    personnel = project.codebook.get("personnel").id
    sharing = project.codebook.get("information_sharing").id
    child = project.codebook.add("nurses", name_ja="保健師", parent=personnel).value
    project.coding.tag(Target(doc, 0, 3), "personnel", "ann")
    project.coding.tag(Target(doc, 7, 11), "information_sharing", "ann")
    merged = project.codebook.merge(personnel, sharing, actor="ann").value
    assert [a.code for a in project.coding.annotations()] == ["information_sharing"] * 2
    assert project.codebook.get(child).parent == sharing
    project.codebook.restore(merged, actor="ann")
    assert [a.code for a in project.coding.annotations()] == ["personnel", "information_sharing"]
    assert project.codebook.get(child).parent == personnel
    with pytest.raises(InvalidInputError):
        project.codebook.merge(sharing, sharing, actor="ann")


def test_deleting_a_parent_keeps_its_children(project: Project) -> None:
    finance = project.codebook.get("finance").id
    child = project.codebook.add("grants", parent=finance).value
    project.codebook.delete(finance, actor="ann")
    assert project.codebook.get(child).parent is None


def test_unknown_code_is_reported(project: Project) -> None:
    with pytest.raises(NotFoundError, match="no code 'budget'"):
        project.codebook.get("budget")
    with pytest.raises(NotFoundError):
        project.codebook.update(CodeId(999), name="x")


def test_merging_or_moving_codings_into_a_sub_code_is_refused(project: Project) -> None:
    finance = project.codebook.get("finance").id
    child = project.codebook.add("grants", parent=finance).value
    with pytest.raises(InvalidInputError, match="sub-codes"):
        project.codebook.merge(finance, child, actor="ann")
    with pytest.raises(InvalidInputError, match="sub-codes"):
        project.codebook.delete(finance, move_to=child, actor="ann")
    with pytest.raises(InvalidInputError, match="deleted code"):
        project.codebook.delete(finance, move_to=finance, actor="ann")
    assert project.codebook.get(child).parent == finance


def test_keys_are_words_and_digit_keys_are_not_ids(project: Project) -> None:
    with pytest.raises(InvalidInputError, match="key"):
        project.codebook.update(project.codebook.get("finance").id, key="")
    one = project.codebook.add("first", key="1").value
    assert project.codebook.get("1").id == one  # the key wins over code id 1
    assert project.codebook.get(1).key == "finance"
