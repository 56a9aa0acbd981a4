"""Bringing a coder's copy back into the lead's project: one transaction, nothing lost.

Documents are matched by content hash (a document only the copy has is added with its
pages and passages), coders, codes, codings and decisions by GUID. Codings never conflict:
each belongs to one coder; one both sides have is the later-edited version (a coder's memo
edit in the copy wins over the older one here). The fork coder's codings that were in the
copy when it was made and are gone from it were removed by that coder, and are removed
here. Done marks follow their coder (the later one wins). Where the copy's text of a
document differs (extracted by another version), its codings are re-anchored by quote.
Everything happens in the lead's one write transaction: a crash or kill -9 leaves the
project as it was.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, select
from sqlalchemy.orm import Session

from annotator.coding.service import containing_passage
from annotator.documents.reanchor import Placer, worst
from annotator.history import now, record, snapshot
from annotator.ids import DocumentId
from annotator.records import Target
from annotator.team.codebook3 import CodebookMerge, merge_codebook
from annotator.team.codebook3 import snapshot as codebook_snapshot
from db.models import (
    TABLES,
    Annotation,
    AnnotationSource,
    Blob,
    Code,
    Coder,
    Document,
    DocumentStatus,
    Review,
)

FORK_KEY = "team.fork"


@dataclass
class MergeReport:
    copy: str
    coder: str
    documents_added: int = 0
    codings_added: int = 0
    codings_updated: int = 0
    codings_removed: int = 0
    reanchored: Counter[str] = field(default_factory=Counter)
    done_marks: int = 0
    reviews_added: int = 0
    codebook: CodebookMerge = field(default_factory=CodebookMerge)

    @property
    def changed(self) -> bool:
        cb = self.codebook
        return bool(self.documents_added or self.codings_added or self.codings_updated
                    or self.codings_removed or self.done_marks or self.reviews_added
                    or cb.added or cb.changed or cb.deleted)

    def lines(self) -> list[str]:
        cb = self.codebook
        lines = [f"{self.copy} ({self.coder}): {self.codings_added} coding(s) added, "
                 f"{self.codings_updated} updated, {self.codings_removed} removed; "
                 f"{self.done_marks} done mark(s), {self.reviews_added} review decision(s), "
                 f"{self.documents_added} document(s) added"]
        if self.reanchored:
            lines.append("re-anchored by quote (the copy's text differs): " + ", ".join(
                f"{n} {status}" for status, n in sorted(self.reanchored.items())))
        lines += [f"code added: {k}" for k in cb.added]
        lines += [f"code changed: {k}" for k in cb.changed]
        lines += [f"code deleted: {k}" for k in cb.deleted]
        lines += [f"code kept: {k}" for k in cb.kept]
        lines += [f"conflict: {c}" for c in cb.conflicts]
        if not self.changed:
            lines.append("nothing new: this copy was merged already")
        return lines

    def to_json(self) -> dict[str, Any]:
        cb = self.codebook
        return {"copy": self.copy, "coder": self.coder, "documents_added": self.documents_added,
                "codings_added": self.codings_added, "codings_updated": self.codings_updated,
                "codings_removed": self.codings_removed, "reanchored": dict(self.reanchored),
                "done_marks": self.done_marks, "reviews_added": self.reviews_added,
                "codebook": {"added": cb.added, "changed": cb.changed, "deleted": cb.deleted,
                             "kept": cb.kept, "conflicts": cb.conflicts}}


def fork_info(copy: Connection) -> dict[str, Any] | None:
    value = copy.execute(select(TABLES["settings"].c.value)
                         .where(TABLES["settings"].c.key == FORK_KEY)).scalar()
    return json.loads(value) if value else None


def merge_copy(s: Session, copy: Connection, name: str, *, prefer_theirs: bool) -> MergeReport:
    """Merge the copy read through `copy` into the lead's session `s` (its one transaction)."""
    info = fork_info(copy) or {"coder": "", "base": {}, "codings": []}
    report = MergeReport(name, info["coder"])
    documents, texts = _documents(s, copy, report)
    coders = _coders(s, copy)
    theirs = _their_codebook(copy)
    used = {guid for (guid,) in copy.execute(
        select(TABLES["codes"].c.guid).join(TABLES["annotations"],
                                            TABLES["annotations"].c.code_id == TABLES["codes"].c.id)
        .distinct())}
    report.codebook = merge_codebook(s, info["base"], theirs, used, prefer_theirs=prefer_theirs)
    codes = {guid: cid for cid, guid in s.execute(select(Code.id, Code.guid))}
    their_codes = {row.id: row.guid for row in copy.execute(select(TABLES["codes"]))}
    annotation_ids = _codings(s, copy, report, documents, texts, coders,
                              {k: codes[g] for k, g in their_codes.items() if g in codes})
    _removed(s, copy, info, report)
    _statuses(s, copy, documents, coders, report)
    _reviews(s, copy, coders, annotation_ids, report)
    s.flush()
    return report


def _their_codebook(copy: Connection) -> dict[str, dict[str, Any]]:
    with Session(bind=copy) as theirs:
        return codebook_snapshot(theirs)


def _documents(s: Session, copy: Connection, report: MergeReport,
               ) -> tuple[dict[int, int], dict[int, Placer | None]]:
    """Their document id -> ours, and a placer for those whose text differs here."""
    ours = {sha: (did, text) for did, sha, text in s.execute(
        select(Document.id, Document.sha256, Document.text))}
    ids: dict[int, int] = {}
    placers: dict[int, Placer | None] = {}
    for row in copy.execute(select(TABLES["documents"])):
        if row.sha256 in ours:
            did, text = ours[row.sha256]
            placers[row.id] = None if text == row.text else Placer(row.text, text)
        else:
            did = _add_document(s, copy, row)
            placers[row.id] = None
            report.documents_added += 1
        ids[row.id] = did
    return ids, placers


def _add_document(s: Session, copy: Connection, row: Any) -> int:
    if s.get(Blob, row.sha256) is None:
        data = copy.execute(select(TABLES["blobs"].c.data)
                            .where(TABLES["blobs"].c.sha256 == row.sha256)).scalar_one()
        s.add(Blob(sha256=row.sha256, data=data))
    values = {k: v for k, v in row._mapping.items() if k != "id"}
    document = Document(**values)
    s.add(document)
    s.flush()
    connection = s.connection()
    for table in ("pages", "passages"):
        rows = [{**{k: v for k, v in r._mapping.items() if k != "id"}, "document_id": document.id}
                for r in copy.execute(select(TABLES[table])
                                      .where(TABLES[table].c.document_id == row.id))]
        if table == "passages":
            for r in rows:
                r["indexed"] = False  # indexed again here on the next search
        if rows:
            connection.execute(TABLES[table].insert(), rows)
    return document.id


def _coders(s: Session, copy: Connection) -> dict[int, int]:
    by_guid = {c.guid: c.id for c in s.scalars(select(Coder))}
    by_name = {c.name: c.id for c in s.scalars(select(Coder))}
    ids: dict[int, int] = {}
    for row in copy.execute(select(TABLES["coders"])):
        found = by_guid.get(row.guid) or by_name.get(row.name)
        if found is None:
            coder = Coder(name=row.name, created_at=row.created_at, guid=row.guid)
            s.add(coder)
            s.flush()
            found = coder.id
        ids[row.id] = found
    return ids


def _codings(s: Session, copy: Connection, report: MergeReport, documents: dict[int, int],
             placers: dict[int, Placer | None], coders: dict[int, int],
             codes: dict[int, int]) -> dict[int, int]:
    """Insert or update their codings; their annotation id -> ours."""
    ours = {a.guid: a for a in s.scalars(select(Annotation))}
    names = {c.id: c.name for c in s.scalars(select(Coder))}
    texts: dict[int, str] = {}
    ids: dict[int, int] = {}
    added: list[Annotation] = []
    for row in copy.execute(select(TABLES["annotations"]).order_by(TABLES["annotations"].c.id)):
        mine = ours.get(row.guid)
        if mine is not None:
            ids[row.id] = mine.id
            if row.updated_at > mine.updated_at and row.code_id in codes:
                before = snapshot(mine)
                mine.memo, mine.code_id, mine.updated_at = row.memo, codes[row.code_id], \
                    row.updated_at
                record(s, "update", mine, names[mine.coder_id], before=before)
                report.codings_updated += 1
            continue
        document = documents[row.document_id]
        if document not in texts:
            texts[document] = s.get_one(Document, document).text
        start, end, anchor = row.start, row.end, row.anchor
        placer = placers[row.document_id]
        if placer is not None:
            placed = placer.place(row.start, row.end, row.quote)
            start, end, anchor = placed.start, placed.end, worst(row.anchor, placed.status)
            report.reanchored[placed.status] += 1
        target = Target(DocumentId(document), start, end)
        annotation = Annotation(
            document_id=document, passage_id=containing_passage(s, target), start=start,
            end=end, code_id=codes[row.code_id], coder_id=coders[row.coder_id], memo=row.memo,
            quote=texts[document][start:end] if placer is not None else row.quote,
            anchor=anchor if placer is not None else row.anchor, created_at=row.created_at,
            updated_at=row.updated_at, guid=row.guid)
        s.add(annotation)
        added.append(annotation)
        ours[row.guid] = annotation
    s.flush()
    stamp = now()
    history = [{"at": stamp, "coder_id": a.coder_id, "action": "create", "annotation_id": a.id,
                "before": None, "after": json.dumps(snapshot(a), ensure_ascii=False)}
               for a in added]
    if history:
        s.connection().execute(TABLES["history"].insert(), history)
    report.codings_added = len(added)
    for row in copy.execute(select(TABLES["annotations"].c.id, TABLES["annotations"].c.guid)):
        ids[row.id] = ours[row.guid].id
    return ids


def _removed(s: Session, copy: Connection, info: dict[str, Any], report: MergeReport) -> None:
    """The fork coder's codings that were in the copy at the fork and are gone now."""
    if not info["codings"]:
        return
    theirs = {g for (g,) in copy.execute(select(TABLES["annotations"].c.guid))}
    gone = [g for g in info["codings"] if g not in theirs]
    for start in range(0, len(gone), 500):
        for annotation in s.scalars(select(Annotation).where(
                Annotation.guid.in_(gone[start:start + 500]))):
            record(s, "delete", annotation, info["coder"], before=snapshot(annotation))
            s.delete(annotation)
            report.codings_removed += 1


def _statuses(s: Session, copy: Connection, documents: dict[int, int], coders: dict[int, int],
              report: MergeReport) -> None:
    for row in copy.execute(select(TABLES["document_status"])):
        key = (documents[row.document_id], coders[row.coder_id])
        mine = s.get(DocumentStatus, key)
        if mine is None:
            s.add(DocumentStatus(document_id=key[0], coder_id=key[1], status=row.status,
                                 updated_at=row.updated_at))
            report.done_marks += 1
        elif row.updated_at > mine.updated_at and row.status != mine.status:
            mine.status, mine.updated_at = row.status, row.updated_at
            report.done_marks += 1


def _reviews(s: Session, copy: Connection, coders: dict[int, int], annotations: dict[int, int],
             report: MergeReport) -> None:
    known = set(s.scalars(select(Review.guid)))
    for row in copy.execute(select(TABLES["reviews"]).order_by(TABLES["reviews"].c.id)):
        if row.guid in known or row.annotation_id not in annotations:
            continue
        s.add(Review(annotation_id=annotations[row.annotation_id], coder_id=coders[row.coder_id],
                     decision=row.decision, comment=row.comment, at=row.at, guid=row.guid))
        report.reviews_added += 1
    links = {(a, b) for a, b in s.execute(select(AnnotationSource.annotation_id,
                                                 AnnotationSource.source_annotation_id))}
    for row in copy.execute(select(TABLES["annotation_sources"])):
        pair = (annotations.get(row.annotation_id), annotations.get(row.source_annotation_id))
        if None not in pair and pair not in links:
            s.add(AnnotationSource(annotation_id=pair[0], source_annotation_id=pair[1]))
            links.add(pair)  # type: ignore[arg-type]


def clear_fork(s: Session) -> None:
    """A pulled or pushed project is no one's copy."""
    s.execute(delete(TABLES["settings"]).where(TABLES["settings"].c.key == FORK_KEY))
