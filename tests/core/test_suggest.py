"""Suggested codes: the rule language, the model measured on hand-coded seed documents,
dismissals, and the origin of an accepted suggestion in the export."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from annotator.coding.service import SUGGESTED, TagRequest
from annotator.errors import InvalidInputError
from annotator.project import Project
from annotator.records import Target
from annotator.sample.builder import build_sample
from annotator.suggest.rules import Passage, RuleError, parse
from tests.support.suggest_eval import code_gold, held_out_scores
from tests.support.suggest_gold import HELD_OUT, TRAIN

TEXT = ("新型コロナ緊急包括支援交付金は全額国費でまかなっている。"
        "国からの財政支援と情報の共有、費用負担")


@pytest.mark.parametrize(("rule", "fires"), [
    ("交付金", True), ("交付", True), ("財政支援", True), ("人材", False),
    ("seq(情報, 共有)", True), ("seq(共有, 情報)", False),
    ("near(国費, 費用負担, 3)", False), ("near(国費, 費用負担, 20)", True),
    ('"ｺﾛﾅ" AND NOT 人材', True), ("「全額国費」", True), ("(人材 OR 職員) AND 交付金", False),
    ("人材 OR 交付金 AND 国費", True), ("NOT 交付金", False), ("交付金 & !人材", True),
])
def test_rules_match_lemmas_strings_and_positions(rule: str, fires: bool) -> None:
    parsed = parse(rule)
    assert parsed is not None
    assert (parsed.match(Passage(TEXT)) is not None) is fires


def test_a_rule_says_which_words_fired() -> None:
    parsed = parse("人材 OR 交付金 OR seq(情報, 共有)")
    assert parsed is not None
    hit = parsed.match(Passage(TEXT))
    assert hit is not None and parsed.why(hit) == "rule: 交付金, seq(情報, 共有)"


@pytest.mark.parametrize(("rule", "message"), [
    ("交付金 人材", "rule: at character 5: expected AND, OR or the end of the rule, found '人材'"),
    ("(交付金", "rule: at character 5: expected ')', found the end of the rule"),
    ('"abc', "rule: at character 1: a quote is not closed"),
    ("near(a, b, x)", "rule: at character 12: the distance of near() must be a whole number, "
                      "not 'x'"),
    ("seq(交付金)", "rule: seq() takes two or more words"),
    ("の", "rule: at character 1: 'の' has no content word to look for (only particles or "
          "punctuation)"),
    ("交付金 AND", "rule: at character 8: expected a word, a quoted string, '(', NOT, near( or "
                  "seq(, found the end of the rule"),
])
def test_a_bad_rule_is_one_clear_line(rule: str, message: str) -> None:
    with pytest.raises(RuleError) as caught:
        parse(rule)
    assert str(caught.value) == message and "\n" not in message


def test_an_empty_rule_is_no_rule() -> None:
    assert parse("  ") is None


# the sample project, coded by hand --------------------------------------------------------------

@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("suggest") / "sample.annot"
    build_sample(path)
    with Project(path) as project:
        project.search.index_pending()
    return path


@pytest.fixture
def trained(sample: Path, tmp_path: Path) -> Project:
    """The sample with the training share (seed 000, 197 passages) coded and marked done."""
    path = tmp_path / "p.annot"
    shutil.copy(sample, path)
    project = Project(path)
    code_gold(project, TRAIN)
    return project


def test_the_default_codebook_has_the_briefs_indicator_words_as_rules(trained: Project) -> None:
    rules = {c.key: c.rules for c in trained.codebook.all()}
    assert "補助金 OR 交付金" in rules["finance"] and "移譲" in rules["authority"]
    assert "(体制 AND NOT 推進体制)" in rules["personnel"] and "マイナンバー" in rules[
        "information_sharing"]


def test_held_out_f1_per_code_on_documents_not_trained_on(trained: Project) -> None:
    """Trained on the minutes (000), tested on the opinion list and a meeting summary.

    Measured: model F1 finance 0.50 (n=3), authority 0.52, personnel 0.63, information
    sharing 0.77; the brief's words as rules 0.50, 0.51, 0.68, 0.76. Far from the 0.90
    goal: one Q&A document about health care is little to learn the digital documents from.
    """
    suggester = trained.suggest.train()
    scores = held_out_scores(trained, suggester, HELD_OUT)
    floors = {"finance": 0.4, "authority": 0.45, "personnel": 0.55,
              "information_sharing": 0.7}
    for key, floor in floors.items():
        f1 = scores[key]["model"].f1
        assert f1 is not None and f1 >= floor, (key, f1)
    assert {scores[key]["model"].n for key in floors} == {3, 28, 15, 35}


def test_cross_validation_holds_whole_documents_out(trained: Project) -> None:
    code_gold(trained, HELD_OUT)
    evaluation = trained.suggest.evaluate()
    assert evaluation.folds == 3 and evaluation.documents == 3
    assert evaluation.passages == 197 + 88 + 66
    data = evaluation.to_json()
    for key in ("finance", "authority", "personnel", "information_sharing"):
        code = data["codes"][key]
        assert set(code) >= {"precision", "recall", "f1", "n", "rule", "model"}
        assert 0.0 <= code["f1"] <= 1.0 and code["n"] > 0
    sizes = [point["n_train"] for point in data["curve"]]
    assert sizes == sorted(sizes) and sizes[0] == 25 and len(sizes) >= 3


def test_suggestions_skip_coded_and_dismissed_passages(trained: Project) -> None:
    found = trained.suggest.suggest("gold")
    coded = {a.passage_id for a in trained.coding.annotations(coder="gold")}
    assert found and not {s.passage_id for s in found} & coded
    first = found[0]
    trained.suggest.dismiss(first.passage_id, first.code, "gold")
    again = trained.suggest.suggest("gold", document=first.document_id)
    assert (first.passage_id, first.code) not in {(s.passage_id, s.code) for s in again}
    assert trained.suggest.dismissals("gold") == [(first.passage_id, first.code, "gold")]
    trained.suggest.undismiss(first.passage_id, first.code, "gold")
    assert trained.suggest.dismissals() == []


def test_a_source_below_its_threshold_is_not_shown(trained: Project) -> None:
    code_gold(trained, HELD_OUT)
    for code in ("finance", "authority", "personnel", "information_sharing"):
        trained.suggest.set_threshold(code, 1.0)
    assert trained.suggest.suggest("someone") == []
    with pytest.raises(InvalidInputError):
        trained.suggest.set_threshold("finance", 1.5)


def test_an_accepted_suggestion_is_the_coders_own_with_its_origin_exported(
        trained: Project, tmp_path: Path) -> None:
    suggestion = trained.suggest.suggest("hanako", document=None)[0]
    passage = trained.documents.passage(suggestion.passage_id)
    target = Target(passage.document_id, passage.start, passage.end, passage.id)
    (coding,) = trained.coding.tag_many(
        [TagRequest(target, suggestion.code, "hanako", origin=SUGGESTED)]).value
    assert trained.coding.get(coding).origin == SUGGESTED
    out = tmp_path / "out.xlsx"
    trained.exports.workbook(out)
    book = load_workbook(out, read_only=True)
    long = list(book["Long"].iter_rows(values_only=True))
    origin = long[0].index("origin")
    assert {row[origin] for row in long[1:] if row[0] == coding} == {SUGGESTED}
    assert {row[origin] for row in long[1:] if row[0] != coding} == {"human"}
    codings = list(book["Codings"].iter_rows(values_only=True))
    column = codings[0].index("suggested")
    assert [row[column] for row in codings[1:] if row[4] == passage.id] == [suggestion.code]
    with pytest.raises(InvalidInputError, match="origin 'robot' is not one of human, suggested"):
        trained.coding.tag_many([TagRequest(target, "finance", "x", origin="robot")])
