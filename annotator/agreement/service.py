"""Intercoder agreement of a project: which units, which values, and the report of it.

A coder's values count only in documents that coder marked done. An unfinished document
says nothing yet about the codes its coder has not applied, so there all of that coder's
values are missing, codings already made included: counting those would count the
yeses of a half-read document and none of its noes.

Units are never materialised as a units × coders matrix per code: each unit becomes a
pattern (one base-3 digit per coder: 0, 1, or 2 for missing) and identical patterns are
counted, so a million character units cost a few dozen weighted rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np
from sqlalchemy import Executable, select
from sqlalchemy.orm import Session

from annotator.agreement.statistics import (
    Floats,
    Ints,
    MacroStat,
    Stat,
    StatSet,
    all_statistics,
    confusion,
    macro_mean,
)
from annotator.codebook.service import CodebookService
from annotator.coding.service import DONE
from annotator.database import Database
from annotator.documents.reanchor import LOST
from annotator.errors import InvalidInputError, NotFoundError
from annotator.ids import CodeId, CoderId, DocumentId
from annotator.kinds import CONSENSUS, UNCODED
from db.models import Annotation, Coder, Document, DocumentStatus, Passage

UNITS = ("passage", "character")
MAX_CODERS = 39  # a unit's pattern, 3**coders, must fit in an int64
_MISSING = 2  # the digit of a coder who has not finished the document
# Everything str.isspace() accepts; the tests check the list against Python's own.
WHITESPACE = np.array([0x9, 0xA, 0xB, 0xC, 0xD, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0,
                       0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000],
                      dtype=np.uint32)

Spans = dict[tuple[int, int, int], tuple[Ints, Ints]]  # (document, code, coder) → starts, ends
_NOTHING: tuple[Ints, Ints] = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))


@dataclass(frozen=True)
class DocumentAgreement:
    id: DocumentId
    name: str
    n_units: int
    codes: dict[str, StatSet[Stat]]
    pooled: StatSet[Stat]


@dataclass(frozen=True)
class AgreementReport:
    unit: str
    coders: tuple[str, ...]
    n_units: int  # units in scope; every code is rated on each of them
    codes: dict[str, StatSet[Stat]]  # by code key, in codebook order
    pooled: StatSet[Stat]
    macro: StatSet[MacroStat]
    documents: tuple[DocumentAgreement, ...]
    # Two coders only: per code, table[first coder's value, second coder's value].
    confusion: dict[str, Ints]

    def methods_note(self, lang: str = "en") -> str:
        """The paragraph a researcher pastes into the methods section beside the figures."""
        if lang not in NOTES:
            raise InvalidInputError(f"no methods note in {lang!r} (choose from "
                                    f"{', '.join(NOTES)})")
        return NOTES[lang](self)

    def to_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "coders": list(self.coders),
            "units": self.n_units,
            "codes": {key: stats_json(stats) for key, stats in self.codes.items()},
            "pooled": stats_json(self.pooled),
            "macro": macro_json(self.macro),
            "documents": {str(d.id): {"name": d.name, "units": d.n_units,
                                      "codes": {k: stats_json(v) for k, v in d.codes.items()},
                                      "pooled": stats_json(d.pooled)}
                          for d in self.documents},
            "methods": {lang: self.methods_note(lang) for lang in NOTES},
        }


def stats_json(stats: StatSet[Stat]) -> dict[str, Any]:
    """Values, or null where undefined with the reason under "notes"; n per statistic."""
    out: dict[str, Any] = {"n_units": {name: s.n_units for name, s in stats.items()}}
    out.update((name, s.value) for name, s in stats.items())
    out["notes"] = {name: s.note for name, s in stats.items() if s.note is not None}
    return out


def macro_json(stats: StatSet[MacroStat]) -> dict[str, Any]:
    out: dict[str, Any] = {name: s.value for name, s in stats.items()}
    out["codes_used"] = {name: list(s.codes) for name, s in stats.items()}
    out["notes"] = {name: s.note for name, s in stats.items() if s.note is not None}
    return out


class AgreementService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def default_coders(self) -> list[str]:
        """Whom agreement compares unless told otherwise: every coder who marked at least
        one document done (a coder's values count only there), never the consensus.

        The pane, the CLI and the exported Agreement sheet all start from this list.
        """
        with self._db.read() as s:
            names = s.scalars(
                select(Coder.name).join(DocumentStatus, DocumentStatus.coder_id == Coder.id)
                .where(DocumentStatus.status == DONE, Coder.name != CONSENSUS)
                .distinct().order_by(Coder.name))
            return list(names)

    def compute(self, coders: Sequence[str], *, unit: str = "passage",
                document: DocumentId | None = None) -> AgreementReport:
        """Agreement of `coders` on every code of the codebook, over one or all documents."""
        names = _names(coders)
        if unit not in UNITS:
            raise InvalidInputError(f"unknown unit {unit!r} (choose from {', '.join(UNITS)})")
        codes = [(code.id, code.key) for code in CodebookService(self._db).all()]
        with self._db.read() as s:
            coder_ids = _coder_ids(s, names)
            documents = _documents(s, document)
            patterns, sizes = _read_patterns(s, unit, coder_ids, documents, codes)
        return _report(unit, names, dict(documents), sizes, patterns, [key for _, key in codes])


# reading the project ---------------------------------------------------------------------------

def _names(coders: Sequence[str]) -> tuple[str, ...]:
    if isinstance(coders, str):
        raise InvalidInputError("give the coders as a list of names, not one string")
    names = tuple(name.strip() for name in coders)
    if any(not name for name in names):
        raise InvalidInputError("an empty coder name in the list of coders")
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise InvalidInputError(f"coder {', '.join(twice)} is named twice")
    if len(names) < 2:
        raise InvalidInputError("agreement needs two or more coders")
    if len(names) > MAX_CODERS:
        raise InvalidInputError(f"agreement takes at most {MAX_CODERS} coders")
    return names


def _coder_ids(s: Session, names: tuple[str, ...]) -> list[CoderId]:
    known = {name: CoderId(i) for i, name in s.execute(select(Coder.id, Coder.name))}
    unknown = [name for name in names if name not in known]
    if unknown:
        listed = ", ".join(sorted(known)) or "none yet"
        raise InvalidInputError(f"unknown coder {', '.join(unknown)} (coders in this project: "
                                f"{listed})")
    return [known[name] for name in names]


def _documents(s: Session, document: DocumentId | None) -> list[tuple[DocumentId, str]]:
    query = select(Document.id, Document.name).order_by(Document.id)
    if document is not None:
        query = query.where(Document.id == document)
    rows = [(DocumentId(i), name) for i, name in s.execute(query)]
    if document is not None and not rows:
        raise NotFoundError(f"no document with id {document}")
    return rows


def _done(s: Session, coders: list[CoderId], document: DocumentId | None,
          ) -> set[tuple[int, int]]:
    query = select(DocumentStatus.document_id, DocumentStatus.coder_id).where(
        DocumentStatus.status == DONE, DocumentStatus.coder_id.in_(coders))
    if document is not None:
        query = query.where(DocumentStatus.document_id == document)
    return {(d, c) for d, c in s.execute(query)}


def _spans(s: Session, coders: list[CoderId], document: DocumentId | None) -> Spans:
    """Each coder's coded ranges per document and code, starts and ends sorted apart."""
    query = select(Annotation.document_id, Annotation.code_id, Annotation.coder_id,
                   Annotation.start, Annotation.end).where(
        Annotation.coder_id.in_(coders),
        Annotation.anchor != LOST)  # parked by a re-extraction, it codes nothing it sits in
    if document is not None:
        query = query.where(Annotation.document_id == document)
    rows = _integers(s, query, 5)
    return {(d, code, coder): (np.sort(group[:, 3]), np.sort(group[:, 4]))
            for (d, code, coder), group in _groups(rows, 3)}


def _passages(s: Session, document: DocumentId | None) -> dict[DocumentId, Ints]:
    """[start, end) of the passages people code, per document (no headings, no figures)."""
    query = (select(Passage.document_id, Passage.start, Passage.end)
             .where(Passage.kind.not_in(UNCODED)).order_by(Passage.document_id, Passage.start))
    if document is not None:
        query = query.where(Passage.document_id == document)
    rows = _integers(s, query, 3)
    return {DocumentId(key[0]): group[:, 1:] for key, group in _groups(rows, 1)}


def _integers(s: Session, query: Executable, width: int) -> Ints:
    """The rows of an all-integer query as an array, without a Python object per row:
    tens of thousands of codings would otherwise spend most of the time in Row objects."""
    values = chain.from_iterable(s.connection().execute(query))
    return np.fromiter(values, dtype=np.int64).reshape(-1, width)


def _groups(rows: Ints, width: int) -> Iterable[tuple[tuple[int, ...], Ints]]:
    """Rows split by their first `width` columns (sorted by them first)."""
    if not len(rows):
        return
    rows = rows[np.lexsort(rows[:, width - 1::-1].T)]
    cuts = np.flatnonzero((np.diff(rows[:, :width], axis=0) != 0).any(axis=1)) + 1
    for group in np.split(rows, cuts):
        yield tuple(int(v) for v in group[0, :width]), group


def _text(s: Session, document: DocumentId) -> str:
    return str(s.scalar(select(Document.text).where(Document.id == document)) or "")


def _read_patterns(s: Session, unit: str, coders: list[CoderId],
                   documents: list[tuple[DocumentId, str]], codes: list[tuple[CodeId, str]],
                   ) -> tuple[dict[DocumentId, dict[str, _Patterns]], dict[DocumentId, int]]:
    """Per document and code key, the units' rating patterns; and each document's unit count."""
    only = documents[0][0] if len(documents) == 1 else None
    done, spans, passages = _done(s, coders, only), _spans(s, coders, only), _passages(s, only)
    patterns: dict[DocumentId, dict[str, _Patterns]] = {}
    sizes: dict[DocumentId, int] = {}
    for doc, _name in documents:
        units = passages.get(doc, np.zeros((0, 2), dtype=np.int64))
        if unit == "character":
            units = _characters(_text(s, doc), units)
        sizes[doc] = len(units)
        patterns[doc] = {key: _patterns(units, [
            spans.get((doc, code, coder), _NOTHING) if (doc, coder) in done else None
            for coder in coders]) for code, key in codes}
    return patterns, sizes


# units and their patterns ----------------------------------------------------------------------

def _characters(text: str, passages: Ints) -> Ints:
    """Every non-whitespace character inside those passages, as a one-character unit."""
    length = len(text)
    depth = np.zeros(length + 1, dtype=np.int64)
    np.add.at(depth, np.clip(passages[:, 0], 0, length), 1)
    np.add.at(depth, np.clip(passages[:, 1], 0, length), -1)
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    keep = (np.cumsum(depth)[:length] > 0) & ~np.isin(points, WHITESPACE)
    positions = np.flatnonzero(keep).astype(np.int64)
    return np.column_stack([positions, positions + 1])


def _covered(spans: tuple[Ints, Ints], units: Ints) -> Ints:
    """1 where a coded range overlaps the unit: ranges begun before its end, less those
    ended by its start (a range that ended by then began before the end, so the difference
    counts exactly the overlapping ones)."""
    starts, ends = spans
    begun = np.searchsorted(starts, units[:, 1], side="left")
    ended = np.searchsorted(ends, units[:, 0], side="right")
    return (begun > ended).astype(np.int64)


@dataclass(frozen=True)
class _Patterns:
    """Distinct rating patterns (base-3, a digit per coder) and how many units have each."""

    ids: Ints
    counts: Ints

    def matrix(self, coders: int) -> Floats:
        digits = (self.ids[:, None] // 3 ** np.arange(coders, dtype=np.int64)) % 3
        values = digits.astype(np.float64)
        values[digits == _MISSING] = np.nan
        return values


def _patterns(units: Ints, coders: Sequence[tuple[Ints, Ints] | None]) -> _Patterns:
    """`coders[j]` is coder j's spans of the code, or None when they have not finished."""
    ids = np.zeros(len(units), dtype=np.int64)
    for j, spans in enumerate(coders):
        digit = _MISSING if spans is None else _covered(spans, units)
        ids += digit * 3 ** j
    unique, counts = np.unique(ids, return_counts=True)
    return _Patterns(unique, counts.astype(np.int64))


def _merge(parts: Iterable[_Patterns]) -> _Patterns:
    parts = list(parts)
    if not parts:
        return _Patterns(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    ids = np.concatenate([p.ids for p in parts])
    unique, inverse = np.unique(ids, return_inverse=True)
    counts = np.bincount(inverse, weights=np.concatenate([p.counts for p in parts]))
    return _Patterns(unique, np.rint(counts).astype(np.int64))


# the report ------------------------------------------------------------------------------------

def _stats(patterns: _Patterns, coders: int) -> StatSet[Stat]:
    return all_statistics(patterns.matrix(coders), patterns.counts)


def _report(unit: str, coders: tuple[str, ...], names: dict[DocumentId, str],
            sizes: dict[DocumentId, int], patterns: dict[DocumentId, dict[str, _Patterns]],
            keys: list[str]) -> AgreementReport:
    r = len(coders)
    documents = tuple(
        DocumentAgreement(doc, names[doc], sizes[doc],
                          {key: _stats(p, r) for key, p in by_code.items()},
                          _stats(_merge(by_code.values()), r))
        for doc, by_code in patterns.items())
    per_code = {key: _merge(by_code[key] for by_code in patterns.values()) for key in keys}
    codes = {key: _stats(p, r) for key, p in per_code.items()}
    tables = {}
    if r == 2:
        for key, p in per_code.items():
            values = p.matrix(2)
            tables[key] = confusion(values[:, 0], values[:, 1], p.counts)
    return AgreementReport(unit, coders, sum(sizes.values()), codes,
                           _stats(_merge(per_code.values()), r), macro_mean(codes), documents,
                           tables)


# the methods note ------------------------------------------------------------------------------

def _note_en(report: AgreementReport) -> str:
    documents = len(report.documents)
    where = f"{report.n_units:,} {report.unit}s in {documents} document(s)"
    units = {
        "passage": f"{where} (units: passages; speaker headings and figure labels, which "
                   f"nobody codes, are excluded)",
        "character": f"{where} (units: every non-whitespace character inside a passage, "
                     f"speaker headings and figure labels excluded; a character is coded by a "
                     f"coder when any of that coder's codings of the code covers it — a "
                     f"character-level overlap measure, not Krippendorff's unitizing α)",
    }[report.unit]
    return (
        f"Intercoder agreement among {len(report.coders)} coders ({', '.join(report.coders)}) "
        f"over {units}. Each code is a binary variable (applied / not applied). A coder's "
        "value for a unit is 1 if the coder applied the code to the unit or to any range "
        "overlapping it, and 0 if the coder marked the document done without applying it; "
        "in documents the coder has not marked done, all of that coder's values are missing "
        "(codings left unplaced by a re-extraction do not count). "
        "Percent agreement, Cohen's κ (two coders only), Fleiss' κ, Gwet's AC1, "
        "Brennan–Prediger κ (2 categories) and positive agreement use only the units every "
        "coder finished; percent agreement is a proportion (0–1): the share of agreeing "
        "coder pairs in a unit, averaged over units. Krippendorff's α (nominal) uses every "
        "unit with at least two values, through the coincidence matrix (its standard "
        "treatment of missing data). Positive agreement is 2a/(2a+b+c) for two coders (a: "
        "units both coded; b, c: units only one of them coded; the Dice overlap of their "
        "codings), and Σn(n−1)/Σn(r−1) over units for r coders, n being the number of "
        "coders who applied the code. Pooled figures treat every (unit, code) pair as a "
        "unit; the macro figure is the unweighted mean of the per-code values, skipping "
        "codes where a value is undefined. κ, α and positive agreement are undefined (0/0, "
        "reported as null) when there is no variation, e.g. when nobody applied a code; "
        "AC1, Brennan–Prediger κ and percent agreement are 1 then."
    )


def _note_ja(report: AgreementReport) -> str:
    documents = len(report.documents)
    units = {
        "passage": f"{documents}文書の{report.n_units:,}段落（単位は段落。誰も"
                   f"コーディングしない話者見出しと図のラベルは除く）",
        "character": f"{documents}文書の{report.n_units:,}文字（単位は段落内の空白以外の"
                     f"各文字。話者見出しと図のラベルは除く。そのコーダーによる当該コードの"
                     f"いずれかのコーディング範囲に含まれる文字を「付与あり」とする。文字単位の"
                     f"重なりの指標であり、Krippendorffの単位化α（uα）ではない）",
    }[report.unit]
    return (
        f"{len(report.coders)}名のコーダー（{'、'.join(report.coders)}）によるコーダー間"
        f"一致度を、{units}について算出した。各コードを二値変数（付与／非付与）として扱った。"
        "ある単位に対するコーダーの値は、そのコーダーが当該単位またはそれと重なる範囲に"
        "コードを付与していれば1、文書を「完了」としたうえで付与していなければ0とし、"
        "「完了」としていない文書では、そのコーダーの値はすべて欠測とした（再抽出で位置を"
        "失ったコーディングは数えない）。一致率、"
        "Cohenのκ（コーダー2名の場合のみ）、Fleissのκ、GwetのAC1、Brennan–Predigerのκ"
        "（2カテゴリ）および肯定的一致率（positive agreement）は、"
        "全コーダーが完了した単位のみを用いた。"
        "一致率は0〜1の割合で、単位ごとに一致したコーダー対の割合を求め、単位間で平均した。"
        "Krippendorffのα（名義尺度）は、値が2つ以上ある全単位を用い、コインシデンス行列"
        "（coincidence matrix）から算出した（欠測データの標準的な扱い）。肯定的一致率は、"
        "2名の場合 2a/(2a+b+c)（a：両者が付与した単位数、b・c：一方のみが付与した単位数。"
        "付与範囲のDice係数）、r名の場合は各単位で付与したコーダー数をnとして"
        "Σn(n−1)/Σn(r−1)とした。プール値は（単位, コード）の組をそれぞれ1単位として扱い、"
        "マクロ平均はコードごとの値の単純平均で、値が定義されないコードは除いた。"
        "変動がない場合（例：誰もそのコードを付与していない場合）、κ、αおよび肯定的一致率は"
        "0/0となり定義されない（nullと表示）。その場合、AC1、Brennan–Predigerのκ、一致率は"
        "1となる。"
    )


NOTES = {"en": _note_en, "ja": _note_ja}
