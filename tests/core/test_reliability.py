"""Agreement of a real project: units, the done rule, the report, its JSON and the CLI."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select, update

from annotator.agreement.service import WHITESPACE
from annotator.agreement.statistics import (
    NOBODY_APPLIED,
    TWO_CODERS_ONLY,
    Stat,
    StatSet,
    all_statistics,
)
from annotator.coding.service import DONE
from annotator.documents.reanchor import LOST
from annotator.errors import InvalidInputError, NotFoundError
from annotator.ids import DocumentId
from annotator.kinds import UNCODED
from annotator.project import Project
from annotator.records import PassageRow, Target
from cli.main import main
from db.models import Annotation, Code
from tests.support.helpers import run
from tests.support.samples import import_text

N = np.nan
CODES = ["finance", "authority", "personnel", "information_sharing"]
STATS = ["percent", "cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "gwet_ac1",
         "brennan_prediger", "positive_agreement"]
MINUTES = "\n".join(["【荒見委員】", "○ 交付金の配分について伺いたい。", "【回答】",
                     "・ 各都道府県においては役割分担を決めております。",
                     "・ 情報提供を行っております。"])
REPORT = "保健師の増員に係る地方財政措置を行う。\n人材の確保が課題です。"


@dataclass
class Setup:
    project: Project
    minutes: DocumentId
    report: DocumentId
    speakers: list[PassageRow]  # 【荒見委員】, 【回答】
    coded: list[PassageRow]  # the minutes' three passages that are coded
    other: list[PassageRow]  # the report's two passages

    def tag(self, passage: PassageRow, code: str, coder: str) -> None:
        self.project.coding.tag(Target(passage.document_id, passage.start, passage.end,
                                       passage.id), code, coder)

    def tag_range(self, document: DocumentId, start: int, end: int, code: str,
                  coder: str) -> None:
        self.project.coding.tag(Target(document, start, end), code, coder)


@pytest.fixture
def setup(project: Project) -> Setup:
    minutes = import_text(project, [MINUTES], name="minutes.pdf")
    report = import_text(project, [REPORT], name="report.pdf")
    passages = project.documents.passages(minutes)
    speakers = [p for p in passages if p.kind == "speaker"]
    coded = [p for p in passages if p.kind != "speaker"]
    assert [p.text for p in speakers] == ["【荒見委員】", "【回答】"]
    assert [p.text[:3] for p in coded] == ["○ 交", "・ 各", "・ 情"]
    other = project.documents.passages(report)
    assert len(other) == 2
    return Setup(project, minutes, report, speakers, coded, other)


@pytest.fixture
def coded(setup: Setup) -> Setup:
    """ann and ben finish both documents; cat codes the minutes but has not finished them.

    ann codes whole passages; ben codes free ranges, one inside a passage and one spanning
    two passages; ann also codes a speaker heading, which nobody should.
    """
    s, (q, a1, a2), (r1, r2) = setup, setup.coded, setup.other
    s.tag(q, "finance", "ann")
    s.tag_range(s.minutes, q.start + 2, q.start + 5, "finance", "ben")  # 交付金, inside q
    s.tag_range(s.minutes, a1.end - 3, a2.start + 4, "authority", "ben")  # over a1 and a2
    s.tag(a1, "authority", "ann")
    s.tag(s.speakers[0], "personnel", "ann")  # a speaker heading: not a unit
    s.tag(r1, "personnel", "ann")
    s.tag(r1, "personnel", "ben")
    s.tag(r2, "finance", "ben")
    s.tag(q, "information_sharing", "cat")  # cat has not finished the minutes: missing
    s.tag(r2, "personnel", "cat")
    for coder in ("ann", "ben"):
        for document in (s.minutes, s.report):
            s.project.coding.set_done(document, coder)
    s.project.coding.set_done(s.report, "cat")
    return setup


# the expected values, unit by unit: minutes q, a1, a2, then report r1, r2 (ann, ben, cat)
EXPECTED = {
    "finance": [[1, 1, N], [0, 0, N], [0, 0, N], [0, 0, 0], [0, 1, 0]],
    "authority": [[0, 0, N], [1, 1, N], [0, 1, N], [0, 0, 0], [0, 0, 0]],
    "personnel": [[0, 0, N], [0, 0, N], [0, 0, N], [1, 1, 0], [0, 0, 1]],
    "information_sharing": [[0, 0, N], [0, 0, N], [0, 0, N], [0, 0, 0], [0, 0, 0]],
}


def assert_same(ours: StatSet[Stat], reference: StatSet[Stat]) -> None:
    """Equal n and notes; values to rounding (weighted sums add in another order)."""
    for (name, a), (_name, b) in zip(ours.items(), reference.items(), strict=True):
        assert (name, a.n_units, a.note) == (name, b.n_units, b.note)
        assert a.value == pytest.approx(b.value, abs=1e-12), name


def expected(coders: list[int], rows: slice = slice(None)) -> dict[str, np.ndarray]:
    return {key: np.array(values, dtype=float)[rows][:, coders]
            for key, values in EXPECTED.items()}


# the unit rule --------------------------------------------------------------------------------

def test_passage_values_follow_the_unit_rule(coded: Setup) -> None:
    report = coded.project.agreement.compute(["ann", "ben"])
    assert list(report.codes) == CODES  # codebook order
    assert report.n_units == 5  # speaker headings are no units
    for key, matrix in expected([0, 1]).items():
        assert_same(report.codes[key], all_statistics(matrix))
    assert report.confusion["authority"].tolist() == [[3, 1], [0, 1]]  # the spanning range
    assert report.confusion["personnel"].tolist() == [[4, 0], [0, 1]]  # not the heading


def test_an_unfinished_coder_is_missing_even_where_they_coded(coded: Setup) -> None:
    report = coded.project.agreement.compute(["ann", "ben", "cat"])
    for key, matrix in expected([0, 1, 2]).items():
        assert_same(report.codes[key], all_statistics(matrix))
    finance = report.codes["finance"]
    assert finance.percent.n_units == 2  # only the report was finished by all three
    assert finance.krippendorff_alpha.n_units == 5  # every unit has two or more values
    assert finance.cohen_kappa.value is None and finance.cohen_kappa.note == TWO_CODERS_ONLY
    minutes = next(d for d in report.documents if d.id == coded.minutes)
    pair = coded.project.agreement.compute(["ann", "cat"], document=coded.minutes)
    assert minutes.codes["finance"].percent.n_units == 0
    assert pair.codes["information_sharing"].krippendorff_alpha.n_units == 0


def test_a_coder_who_un_marks_done_turns_missing_again(coded: Setup) -> None:
    coded.project.coding.set_done(coded.report, "ben", done=False)
    report = coded.project.agreement.compute(["ann", "ben"])
    for key, matrix in expected([0, 1], slice(0, 3)).items():
        assert_same(report.codes[key], all_statistics(matrix))


def test_a_coding_lost_in_a_re_extraction_codes_nothing(coded: Setup) -> None:
    with coded.project.db.write() as s:
        s.execute(update(Annotation).where(Annotation.code_id == select(Code.id).where(
            Code.key == "authority").scalar_subquery()).values(anchor=LOST))
    report = coded.project.agreement.compute(["ann", "ben"])
    assert report.confusion["authority"].tolist() == [[5, 0], [0, 0]]


# pooled, macro, per document ------------------------------------------------------------------

def test_pooled_stacks_every_unit_and_code_and_macro_averages_the_defined(coded: Setup) -> None:
    report = coded.project.agreement.compute(["ann", "ben"])
    stacked = np.vstack(list(expected([0, 1]).values()))
    assert_same(report.pooled, all_statistics(stacked))
    assert report.pooled.percent.n_units == 20
    kappa = report.macro.cohen_kappa
    assert kappa.codes == ("finance", "authority", "personnel")  # nobody applied the 4th
    assert kappa.value == pytest.approx(np.mean(
        [report.codes[key].cohen_kappa.value or 0.0 for key in kappa.codes]))
    assert report.macro.percent.codes == tuple(CODES)
    assert report.codes["information_sharing"].cohen_kappa.note == NOBODY_APPLIED


def test_per_document_figures_use_that_document_only(coded: Setup) -> None:
    report = coded.project.agreement.compute(["ann", "ben"])
    by_id = {d.id: d for d in report.documents}
    assert [d.name for d in report.documents] == ["minutes.pdf", "report.pdf"]
    assert (by_id[coded.minutes].n_units, by_id[coded.report].n_units) == (3, 2)
    minutes = expected([0, 1], slice(0, 3))
    for key, matrix in minutes.items():
        assert_same(by_id[coded.minutes].codes[key], all_statistics(matrix))
    assert_same(by_id[coded.minutes].pooled, all_statistics(np.vstack(list(minutes.values()))))
    only = coded.project.agreement.compute(["ann", "ben"], document=coded.report)
    assert [d.id for d in only.documents] == [coded.report]
    for key, stats in only.codes.items():
        assert_same(stats, by_id[coded.report].codes[key])


# character units ------------------------------------------------------------------------------

def test_character_units_are_the_coded_non_blank_characters(coded: Setup) -> None:
    report = coded.project.agreement.compute(["ann", "ben"], unit="character",
                                             document=coded.minutes)
    _q, a1, a2 = coded.coded
    lengths = [len(p.text.replace(" ", "").replace("\u3000", "")) for p in coded.coded]
    assert report.n_units == sum(lengths)  # no blanks, no speaker headings
    # finance: ann coded all of q, ben 交付金 inside it
    assert report.confusion["finance"].tolist() == [[sum(lengths) - lengths[0], 0],
                                                    [lengths[0] - 3, 3]]
    text = coded.project.documents.text(coded.minutes)
    ben = [i for i in range(a1.end - 3, a2.start + 4) if not text[i].isspace()
           and (a1.start <= i < a1.end or a2.start <= i < a2.end)]
    both = len([i for i in ben if i < a1.end])
    assert report.confusion["authority"].tolist() == [
        [sum(lengths) - lengths[1] - (len(ben) - both), len(ben) - both],
        [lengths[1] - both, both]]
    assert report.codes["personnel"].percent.value == 1  # the heading's characters are out
    assert "character" in report.methods_note() and "uα" in report.methods_note("ja")


def brute_force(project: Project, coders: list[str], unit: str) -> dict[str, np.ndarray]:
    """The unit rule read literally, one unit and one coding at a time."""
    codings = project.coding.annotations()
    rows: dict[str, list[list[float]]] = {key: [] for key in CODES}
    for document in project.documents.all():
        text = project.documents.text(document.id)
        done = [project.coding.status(document.id, c) == DONE for c in coders]
        for passage in project.documents.passages(document.id):
            if passage.kind in UNCODED:
                continue
            units = [(passage.start, passage.end)] if unit == "passage" else [
                (i, i + 1) for i in range(passage.start, passage.end) if not text[i].isspace()]
            for key in CODES:
                for start, end in units:
                    rows[key].append([
                        float(any(a.document_id == document.id and a.coder == coder
                                  and a.code == key and a.start < end and a.end > start
                                  for a in codings)) if finished else N
                        for coder, finished in zip(coders, done, strict=True)])
    return {key: np.array(values, dtype=float).reshape(-1, len(coders))
            for key, values in rows.items()}


@pytest.mark.parametrize("unit", ["passage", "character"])
def test_units_match_a_literal_reading_of_the_rule_on_random_codings(setup: Setup,
                                                                     unit: str) -> None:
    rng = np.random.default_rng(7)
    coders = ["ann", "ben", "cat"]
    for document in (setup.minutes, setup.report):
        length = len(setup.project.documents.text(document))
        for coder in coders:
            for _ in range(6):
                start = int(rng.integers(0, length - 1))
                end = int(rng.integers(start + 1, min(start + 30, length) + 1))
                setup.tag_range(document, start, end, CODES[int(rng.integers(0, 3))], coder)
            if rng.random() < 0.75:
                setup.project.coding.set_done(document, coder)
    report = setup.project.agreement.compute(coders, unit=unit)
    expected = brute_force(setup.project, coders, unit)
    values = np.vstack(list(expected.values()))
    assert np.isnan(values).any() and (values == 1).any() and (values == 0).any()
    for key, matrix in expected.items():
        assert_same(report.codes[key], all_statistics(matrix))


def test_whitespace_list_is_what_python_calls_space() -> None:
    assert sorted(WHITESPACE.tolist()) == [c for c in range(0x110000) if chr(c).isspace()]


# errors ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("coders", "message"), [
    (["ann", "zoe", "yan"], "unknown coder zoe, yan"),
    (["ann"], "two or more coders"),
    (["ann", "ann"], "named twice"),
    (["ann", " "], "empty coder name"),
    ("ann,ben", "list of names"),
])
def test_bad_coders_are_refused_by_name(coded: Setup, coders: list[str], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        coded.project.agreement.compute(coders)


def test_bad_unit_document_or_language_is_refused(coded: Setup) -> None:
    with pytest.raises(InvalidInputError, match="unknown unit"):
        coded.project.agreement.compute(["ann", "ben"], unit="sentence")
    with pytest.raises(NotFoundError, match="no document with id 99"):
        coded.project.agreement.compute(["ann", "ben"], document=DocumentId(99))
    with pytest.raises(InvalidInputError, match="methods note"):
        coded.project.agreement.compute(["ann", "ben"]).methods_note("fr")


# JSON and the methods note --------------------------------------------------------------------

def test_json_shape_nulls_and_notes(coded: Setup) -> None:
    data = json.loads(json.dumps(coded.project.agreement.compute(["ann", "ben"]).to_json(),
                                 allow_nan=False))
    assert {"unit", "coders", "codes", "pooled", "macro", "documents"} <= set(data)
    assert (data["unit"], data["coders"], list(data["codes"])) == ("passage", ["ann", "ben"],
                                                                   CODES)
    finance = data["codes"]["finance"]
    assert set(finance) == {"n_units", *STATS, "notes"}
    assert finance["n_units"]["percent"] == 5 and finance["notes"] == {}
    nobody = data["codes"]["information_sharing"]
    assert nobody["cohen_kappa"] is None and nobody["krippendorff_alpha"] is None
    assert nobody["notes"]["cohen_kappa"] == NOBODY_APPLIED
    assert (nobody["gwet_ac1"], nobody["brennan_prediger"], nobody["percent"]) == (1, 1, 1)
    assert data["macro"]["codes_used"]["cohen_kappa"] == CODES[:3]
    document = data["documents"][str(coded.minutes)]
    assert document["name"] == "minutes.pdf" and set(document["codes"]) == set(CODES)
    assert (data["units"], document["units"]) == (5, 3)
    assert set(document["pooled"]) == {"n_units", *STATS, "notes"}
    assert "Krippendorff" in data["methods"]["en"] and "欠測" in data["methods"]["ja"]


def test_methods_note_says_which_units_formula_and_missing_data(coded: Setup) -> None:
    note = coded.project.agreement.compute(["ann", "ben"]).methods_note()
    for phrase in ("2 coders (ann, ben)", "5 passages in 2 document(s)", "speaker headings",
                   "every coder finished", "at least two values", "missing",
                   "share of agreeing coder pairs"):
        assert phrase in note
    assert "話者見出し" in coded.project.agreement.compute(["ann", "ben"]).methods_note("ja")


# the command line -----------------------------------------------------------------------------



def test_cli_json_is_the_report(coded: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(coded.project.path)
    code, out, _err = run(capsys, "agreement", path, "--coders", "ann, ben,cat", "--json")
    data: dict[str, Any] = json.loads(out)
    assert code == 0
    assert data == json.loads(json.dumps(
        coded.project.agreement.compute(["ann", "ben", "cat"]).to_json()))
    code, out, _err = run(capsys, "agreement", path, "--coders", "ann,ben", "--unit",
                          "character", "--document", str(coded.report), "--json")
    data = json.loads(out)
    assert (code, data["unit"], list(data["documents"])) == (0, "character",
                                                            [str(coded.report)])


def test_cli_table_then_methods_note(coded: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "agreement", str(coded.project.path), "--coders", "ann,ben")
    lines = out.splitlines()
    assert code == 0
    header = next(line for line in lines if line.startswith("code"))
    for label in ("n", "percent", "Cohen κ", "Fleiss κ", "Kripp. α", "AC1", "B–P κ"):
        assert label in header
    finance = next(line for line in lines if line.startswith("finance "))
    assert finance.split()[1:3] == ["5", "0.800"]  # n, then percent agreement
    assert any(line.startswith("information_sharing") and "—" in line for line in lines)
    assert any("nobody applied the code" in line for line in lines)
    assert lines[-1].startswith("Intercoder agreement among 2 coders")
    code, out, _err = run(capsys, "agreement", str(coded.project.path), "--coders", "ann,ben",
                          "--lang", "ja")
    assert out.splitlines()[-1].startswith("2名のコーダー")


@pytest.mark.parametrize(("args", "message"), [
    (["--coders", "ann,zoe"], "unknown coder zoe"),
    (["--coders", "ann"], "two or more coders"),
    (["--coders", "ann,ben", "--document", "99"], "no document with id 99"),
])
def test_cli_usage_errors_exit_2_and_print_nothing(coded: Setup,
                                                   capsys: pytest.CaptureFixture[str],
                                                   args: list[str], message: str) -> None:
    code, out, err = run(capsys, "agreement", str(coded.project.path), *args, "--json")
    assert (code, out) == (2, "")
    assert message in err


def test_cli_agreement_defaults_to_the_coders_who_finished(
        coded: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "agreement", str(coded.project.path), "--json")
    assert code == 0
    assert json.loads(out)["coders"] == coded.project.agreement.default_coders()


@pytest.mark.parametrize("args", [["--unit", "sentence"],
                                  ["--coders", "ann,ben", "--unit", "sentence"]])
def test_cli_argument_errors_exit_2(coded: Setup, capsys: pytest.CaptureFixture[str],
                                    args: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["agreement", str(coded.project.path), *args])
    assert exit_info.value.code == 2
    assert capsys.readouterr().out == ""


def test_cli_missing_project_exits_2(tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "agreement", str(tmp_path / "none.annot"), "--coders", "a,b")
    assert (code, out) == (2, "")
    assert "no such project file" in err
    assert not (tmp_path / "none.annot").exists()
