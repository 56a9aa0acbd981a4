"""Coding the hand-coded gold (tests/support/suggest_gold.py) into a project and scoring
suggestions on the held-out documents; shared by the tests and by bench/suggest.py."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from annotator.coding.service import TagRequest
from annotator.ids import PassageId
from annotator.project import Project
from annotator.records import Target
from annotator.sample.builder import MINUTES, OPINIONS, SUMMARY
from annotator.suggest.evaluate import Score
from annotator.suggest.model import CUTOFF
from annotator.suggest.service import Suggester
from tests.support.suggest_gold import GOLD

SEEDS = {"000": MINUTES, "001": OPINIONS, "003": SUMMARY}
CODER = "gold"


def gold_labels(project: Project, seeds: Iterable[str]) -> dict[int, set[str]]:
    """passage id -> codes, for every codable passage of the seeds' documents."""
    by_name = {d.name: d.id for d in project.documents.all()}
    labels: dict[int, set[str]] = {}
    for seed in seeds:
        document = by_name[SEEDS[seed]]
        passages = [p for p in project.documents.passages(document)
                    if p.kind not in ("speaker", "figure")]
        for p in passages:
            labels[p.id] = set()
        for gold_seed, prefix, codes in GOLD:
            if gold_seed != seed:
                continue
            found = [p for p in passages if p.text.replace("\n", "").startswith(prefix)]
            if not found:
                raise AssertionError(f"gold passage {seed} {prefix!r} is not in the sample")
            for p in found:
                labels[p.id] |= set(codes)
    return labels


def code_gold(project: Project, seeds: Iterable[str], coder: str = CODER) -> int:
    """Code the seeds' gold passages as `coder` and mark their documents done."""
    seeds = list(seeds)
    labels = gold_labels(project, seeds)
    rows = {p.id: p for d in project.documents.all() for p in project.documents.passages(d.id)}
    requests = [TagRequest(Target(row.document_id, row.start, row.end, row.id), code, coder)
                for p, codes in labels.items() for code in sorted(codes)
                for row in (rows[PassageId(p)],)]
    project.coding.tag_many(requests)
    for document in {rows[PassageId(p)].document_id for p in labels}:
        project.coding.set_done(document, coder)
    return len(labels)


def held_out_scores(project: Project, suggester: Suggester,
                    seeds: Iterable[str]) -> dict[str, dict[str, Score]]:
    """Per code, the model's and the rule's scores on the seeds' passages (not trained on)."""
    labels = gold_labels(project, seeds)
    items = [i for d in {project.documents.passage(PassageId(p)).document_id for p in labels}
             for i in project.suggest.items(d) if i.passage in labels]
    assert suggester.model is not None
    probabilities = suggester.model.predict(items)
    out: dict[str, dict[str, Score]] = {}
    for key in suggester.codes:
        truth = np.array([key in labels[i.passage] for i in items])
        scores: dict[str, Score] = {}
        if key in probabilities:
            scores["model"] = Score.of(truth, probabilities[key] >= CUTOFF)
        if key in suggester.rules:
            rule = suggester.rules[key]
            scores["rule"] = Score.of(truth, np.array([rule.match(i.view) is not None
                                                       for i in items]))
        out[key] = scores
    return out
