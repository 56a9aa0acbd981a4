"""The JSON contracts of `suggest` and `suggest-eval`."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.project import Project
from annotator.sample.builder import build_sample
from tests.support.helpers import run, run_json
from tests.support.suggest_eval import code_gold
from tests.support.suggest_gold import HELD_OUT, TRAIN


@pytest.fixture(scope="module")
def coded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with all three hand-coded seed documents coded by "gold" and done."""
    path = tmp_path_factory.mktemp("suggest-cli") / "sample.annot"
    build_sample(path)
    with Project(path) as project:
        code_gold(project, (*TRAIN, *HELD_OUT))
    return path


def test_suggest_lists_suggestions_for_passages_the_coder_has_not_coded(
        coded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    found = run_json(capsys, "suggest", str(coded), "--coder", "hanako", "--document", "5")
    assert found, "the slide deck gets suggestions"
    for item in found:
        assert set(item) == {"passage_id", "code", "score", "source", "why"}
        assert item["source"] in ("rule", "model") and 0.0 <= item["score"] <= 1.0
        assert item["why"].startswith(("rule: ", "words: "))
    only = run_json(capsys, "suggest", str(coded), "--coder", "hanako", "--document", "5",
                    "--code", "finance")
    assert only and {item["code"] for item in only} == {"finance"}
    mine = run_json(capsys, "suggest", str(coded), "--coder", "gold", "--document", "1")
    with Project(coded) as project:
        coded_by_gold = {a.passage_id for a in project.coding.annotations(coder="gold")}
    assert not {item["passage_id"] for item in mine} & coded_by_gold


def test_suggest_eval_reports_per_code_scores_folds_and_a_curve(
        coded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "suggest-eval", str(coded), "--coders", "gold")
    assert data["folds"] == 3
    assert set(data["codes"]) == {"finance", "authority", "personnel", "information_sharing"}
    for scores in data["codes"].values():
        assert {"precision", "recall", "f1", "n"} <= set(scores)
    assert data["curve"] and {"n_train", "f1_macro"} == set(data["curve"][0])
    nobody = run_json(capsys, "suggest-eval", str(coded), "--coders", "nobody")
    assert nobody["folds"] == 0 and nobody["codes"] == {}


def test_bad_input_is_one_line(coded: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "suggest", str(tmp_path / "none.annot"), "--coder", "x")
    assert code != 0 and err.strip().count("\n") == 0 and "no such project file" in err
    code, _out, err = run(capsys, "suggest", str(coded), "--coder", "x", "--code", "nope")
    assert code != 0 and err.strip().count("\n") == 0 and "no code 'nope'" in err
