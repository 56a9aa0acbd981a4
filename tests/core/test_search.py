"""Lemma search over a project: inflected forms, spans in document offsets, indexing."""

from __future__ import annotations

import pytest

from annotator.errors import InvalidInputError
from annotator.project import Project
from tests.support.samples import import_text


def test_lemma_search_finds_inflections_and_marks_them(project: Project) -> None:
    doc = import_text(project, ["𠮷田委員が研修を行った。\n交付金を交付した。\n人材の確保が課題。"])
    text = project.documents.text(doc)
    (hit,) = project.search.search("行う")
    assert [text[a:b] for a, b in hit.spans] == ["行っ"]
    assert hit.contexts[0][1] == "行っ"
    (hit,) = project.search.search("交付")
    assert [text[a:b] for a, b in hit.spans] == ["交付", "交付"]
    assert project.search.search("財源") == []
    with pytest.raises(InvalidInputError):
        project.search.search("  ")


def test_passages_are_indexed_once_and_only_when_pending(project: Project) -> None:
    import_text(project, ["交付金の配分。", "人材の確保。"])
    seen: list[tuple[int, int]] = []
    assert project.search.index_pending(lambda done, total: seen.append((done, total))) == 2
    assert seen == [(2, 2)]
    assert project.search.index_pending() == 0
    assert len(project.search.search("人材")) == 1
