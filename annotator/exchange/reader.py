"""Import: a .qdpx into a new or an existing project.

First everything that can refuse the file is checked, with nothing written: the archive
(zip-slip, bombs), the XML (no DTD, no entities, well-formed), the codebook (a dry run of
the merge). Then each source is brought in as a document (`exchange.sources`), one
transaction each, as the PDF import does. Last, ONE transaction takes users, codes, codings,
review decisions, done marks and notes.

Matching makes a second import of the same file change nothing: codes by GUID, then key,
then name (the codebook merge); users by name (their GUIDs are derived from it); sources by
SHA-256; a coding is the project's if one with the same range, code and coder exists.
NVivo repeats a span once per code, qc and ATLAS.ti put several codings on one selection:
each (selection, coding) is one coding here. A selection with no coding but a description
(an ATLAS.ti comment) is kept as a coding of the code "REFI-QDA comment", its memo the text.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from annotator.codebook.files import checked
from annotator.codebook.merge import match, merge
from annotator.codebook.rows import code_row
from annotator.database import Database
from annotator.documents.importing import ImportService
from annotator.documents.service import DocumentService
from annotator.exchange.archive import Archive, Limits
from annotator.exchange.report import QdpxImportReport
from annotator.exchange.sources import Prepared, SourceImporter
from annotator.exchange.writer import NAME_SETTING, derive
from annotator.formats.codebook_sheet import CodebookFileError, CodeEntry
from annotator.formats.qdpx import ProjectFileError, from_xml
from annotator.formats.refi import SOURCE_KINDS, RefiNote, RefiProject
from annotator.history import FIELDS as HISTORY_FIELDS
from annotator.history import coder_id, now
from annotator.ids import DocumentId
from annotator.kinds import Origin
from db.models import (
    TABLES,
    Annotation,
    Code,
    Coder,
    Document,
    DocumentStatus,
    Note,
    Passage,
    Review,
    Setting,
    new_guid,
)

COMMENT_KEY = "refi_comment"
COMMENT_GUID = derive("code", COMMENT_KEY)
UNKNOWN_USER = "(unknown REFI-QDA user)"
_DECISIONS = ("accepted", "rejected", "discussion")
_STATUSES = ("done", "in_progress")
Progress = Callable[[int, int], None]


class _DryRun(Exception):  # noqa: N818 - control flow only
    pass


@dataclass
class _Coding:
    document: int
    start: int
    end: int
    code: int
    coder: str
    memo: str
    status: str
    created: datetime
    updated: datetime
    selection: str  # the file's selection GUID


def check(path: Path, limits: Limits | None = None) -> RefiProject:
    """Open and parse a .qdpx without touching any project: raises ProjectFileError."""
    with Archive(Path(path), limits) as archive:
        return from_xml(archive.read_qde(), f"{archive.name}:{archive.qde}")


class QdpxReader:
    def __init__(self, db: Database, documents: DocumentService, importer: ImportService) -> None:
        self._db = db
        self._documents = documents
        self._importer = importer

    def import_file(self, path: Path, *, progress: Progress | None = None,
                    cancelled: Callable[[], bool] = lambda: False,
                    limits: Limits | None = None) -> QdpxImportReport:
        with Archive(Path(path), limits) as archive:
            project = from_xml(archive.read_qde(), f"{archive.name}:{archive.qde}")
            entries = self._checked_codes(project, archive.name)
            report = QdpxImportReport(archive.name, project.origin, found=_found(project))
            _unsupported(project, report)
            importer = SourceImporter(self._db, self._documents, self._importer, archive,
                                      project.origin)
            prepared: list[Prepared] = []
            for number, source in enumerate(project.sources, start=1):
                if cancelled():
                    report.cancelled = True
                    break
                done = importer.prepare(source, cancelled)
                prepared.append(done)
                report.sources.append(done.line)
                report.skipped.extend(done.skipped)
                if progress is not None:
                    progress(number, len(project.sources) + 1)
        if report.cancelled:
            return report
        with self._db.write() as s:
            self._store(s, project, entries, prepared, report)
        if progress is not None:
            progress(len(project.sources) + 1, len(project.sources) + 1)
        return report

    def _checked_codes(self, project: RefiProject, name: str) -> list[CodeEntry]:
        """The file's codes, checked and dry-run merged: a conflict refuses the file now."""
        try:
            entries = checked(project.codes, name) if project.codes else []
            if entries:
                with self._db.write() as s:
                    existing = [code_row(c) for c in s.scalars(select(Code).order_by(Code.id))]
                    merge(s, entries, existing, {}, prune=False)
                    raise _DryRun
        except _DryRun:
            pass
        except CodebookFileError as err:
            raise ProjectFileError(f"{name}: {err}") from err
        return entries

    # the one transaction -----------------------------------------------------------------------

    def _store(self, s: Session, project: RefiProject, entries: Sequence[CodeEntry],
               prepared: Sequence[Prepared], report: QdpxImportReport) -> None:
        if s.get(Setting, NAME_SETTING) is None and project.name:
            s.add(Setting(key=NAME_SETTING, value=project.name))
        users = _users(s, project, report)
        codes = _codes(s, entries, report)
        codings = [c for p in prepared for c in _codings(p, codes, users, report)]
        by_selection = _insert_codings(s, codings, report)
        _notes(s, project, users, by_selection, {p.source.guid: p.document for p in prepared},
               report)


def _found(project: RefiProject) -> dict[str, int]:
    kinds = Counter(source.kind for source in project.sources)
    selections = [sel for src in project.sources for sel in src.selections]
    pdf = [sel for src in project.sources for sel in src.pdf_selections if not sel.mirror]
    codings = sum(len(sel.codings) for sel in selections + pdf) + sum(
        src.other_codings for src in project.sources)
    found = {"users": len(project.users), "codes": len(project.codes)}
    found |= {kind: kinds[kind] for kind in SOURCE_KINDS if kinds[kind]}
    found |= {"text selections": len(selections), "PDF selections": len(pdf),
              "codings": codings, "notes": len(project.notes)}
    return found


def _unsupported(project: RefiProject, report: QdpxImportReport) -> None:
    for what, count in sorted(project.unsupported.items()):
        if count:
            report.skipped.append(f"{count} element(s) in <{what}>: Annotator has no place "
                                  f"for {what.lower()}")


def _users(s: Session, project: RefiProject, report: QdpxImportReport) -> dict[str, str]:
    """File user GUID → coder name; coders are made (or found) by name."""
    known = set(s.scalars(select(Coder.name)))
    names: dict[str, str] = {}
    for user in project.users:
        name = user.name.strip() or f"user {user.guid[:8]}"
        names[user.guid] = name
        if name in known:
            report.users_matched += 1
        else:
            report.users_added += 1
            known.add(name)
        coder = s.get_one(Coder, coder_id(s, name))
        if user.reviewer and not coder.is_reviewer:
            coder.is_reviewer = True
    return names


def _codes(s: Session, entries: Sequence[CodeEntry], report: QdpxImportReport) -> dict[str, int]:
    """File code GUID → code id, after merging the file's codebook in."""
    existing = [code_row(c) for c in s.scalars(select(Code).order_by(Code.id))]
    refs = match(entries, existing) if entries else []
    if entries:
        merge(s, entries, existing, {}, prune=False)
    by_guid = {str(g).lower(): int(i) for g, i in s.execute(select(Code.guid, Code.id))}
    result: dict[str, int] = {}
    for ref, entry in zip(refs, entries, strict=True):
        guid = (entry.guid or "").lower()
        if ref > 0:
            report.codes_matched += 1
            result[guid] = ref
        else:
            report.codes_added += 1
            result[guid] = by_guid[guid]
    return result


def _comment_code(s: Session) -> int:
    found = s.scalar(select(Code.id).where(Code.guid == COMMENT_GUID))
    if found is not None:
        return int(found)
    position = s.scalar(select(func.count()).select_from(Code).where(Code.parent_id.is_(None)))
    key = COMMENT_KEY if s.scalar(select(Code.id).where(Code.key == COMMENT_KEY)) is None else (
        f"{COMMENT_KEY}_{COMMENT_GUID[:8]}")
    code = Code(guid=COMMENT_GUID, key=key, name="REFI-QDA comment", name_ja="コメント",
                color="#9E9E9E", position=position or 0,
                definition="A selection another QDA tool exported with a comment and no code; "
                           "the comment is the memo.")
    s.add(code)
    s.flush()
    return code.id


def _codings(prepared: Prepared, codes: dict[str, int], users: dict[str, str],
             report: QdpxImportReport) -> list[_Coding]:
    if prepared.document is None:
        return []
    result: list[_Coding] = []
    name = prepared.source.name
    for placed in prepared.placed:
        selection = placed.selection
        refs = [(c.code, c.user, c.created) for c in selection.codings]
        if not refs and selection.description.strip():
            refs = [(COMMENT_GUID, selection.user, selection.created)]
        if not refs:
            report.skipped.append(f"selection on line {selection.line} of {name!r}: "
                                  f"no coding and no comment")
            continue
        for code_guid, user, created in refs:
            code = codes.get(code_guid, -1 if code_guid == COMMENT_GUID else 0)
            if not code:
                report.skipped.append(f"a coding on line {selection.line} of {name!r}: code "
                                      f"{code_guid} is not in the file's codebook")
                continue
            stamp = created or selection.created or now()
            result.append(_Coding(
                prepared.document, placed.start, placed.end, code,
                users.get(user or "", users.get(selection.user or "", UNKNOWN_USER)),
                selection.description, placed.status, stamp, selection.modified or stamp,
                selection.guid))
    return result


def _insert_codings(s: Session, codings: Sequence[_Coding],
                    report: QdpxImportReport) -> dict[str, list[int]]:
    """Store the new codings in bulk (with their history); file selection GUID → ids."""
    if any(c.code == -1 for c in codings):
        comment = _comment_code(s)
        for c in codings:
            if c.code == -1:
                c.code = comment
    coders = {name: coder_id(s, name) for name in sorted({c.coder for c in codings})}
    documents = sorted({c.document for c in codings})
    existing = {(d, a, b, k, w): i for i, d, a, b, k, w in s.execute(select(
        Annotation.id, Annotation.document_id, Annotation.start, Annotation.end,
        Annotation.code_id, Annotation.coder_id).where(Annotation.document_id.in_(documents)))}
    texts: dict[int, str] = {}
    for document_id, text in s.execute(select(Document.id, Document.text)
                                       .where(Document.id.in_(documents))):
        texts[document_id] = text
    passages = _Passages(s, documents)
    by_selection: dict[str, list[int]] = {}
    rows: list[dict[str, object]] = []
    pending: list[tuple[str, int]] = []  # selection GUID, index into rows
    planned: dict[tuple[int, int, int, int, int], int] = {}
    for c in codings:
        key = (c.document, c.start, c.end, c.code, coders[c.coder])
        if key in existing:
            report.codings_existing += 1
            by_selection.setdefault(c.selection, []).append(existing[key])
            continue
        if key in planned:  # the file has it twice: one coding, both selections point at it
            report.codings_existing += 1
            pending.append((c.selection, planned[key]))
            continue
        planned[key] = len(rows)
        pending.append((c.selection, len(rows)))
        report.anchors[c.status] += 1
        rows.append({"document_id": c.document,
                     "passage_id": passages.containing(c.document, c.start, c.end),
                     "start": c.start, "end": c.end, "code_id": c.code,
                     "coder_id": coders[c.coder], "memo": c.memo,
                     "quote": texts[c.document][c.start:c.end], "anchor": c.status,
                     "created_at": c.created, "updated_at": c.updated, "guid": new_guid(),
                     "origin": Origin.HUMAN})
    table = TABLES["annotations"]
    ids: list[int] = []
    if rows:
        result = s.connection().execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
        ids = [int(i) for i in result.scalars()]
    for selection, index in pending:
        by_selection.setdefault(selection, []).append(ids[index])
    stamp = now()
    history = [{"at": stamp, "coder_id": row["coder_id"], "action": "create",
                "annotation_id": i, "before": None,
                "after": json.dumps(_snapshot(i, row), ensure_ascii=False)}
               for i, row in zip(ids, rows, strict=True)]
    if history:
        s.connection().execute(insert(TABLES["history"]), history)
    report.codings += len(rows)
    return by_selection


def _snapshot(annotation_id: int, row: dict[str, object]) -> dict[str, object]:
    """As `history.snapshot` writes it, from the inserted values."""
    values = {"id": annotation_id, **row}
    for name in ("created_at", "updated_at"):
        value = values[name]
        values[name] = value.isoformat() if isinstance(value, datetime) else value
    return {name: values[name] for name in HISTORY_FIELDS}


class _Passages:
    """Each document's passages, read once, for `containing_passage` without a query each."""

    def __init__(self, s: Session, documents: Sequence[int]) -> None:
        self._by_doc: dict[int, tuple[list[int], list[tuple[int, int, int]]]] = {}
        rows = s.execute(select(Passage.document_id, Passage.start, Passage.end, Passage.id)
                         .where(Passage.document_id.in_(documents))
                         .order_by(Passage.document_id, Passage.start))
        for document, start, end, pid in rows:
            starts, spans = self._by_doc.setdefault(document, ([], []))
            starts.append(start)
            spans.append((start, end, pid))

    def containing(self, document: int, start: int, end: int) -> int | None:
        starts, spans = self._by_doc.get(document, ([], []))
        k = bisect_right(starts, start) - 1
        while k >= 0:
            low, high, pid = spans[k]
            if high >= end:
                return pid
            if low < start - 100_000:
                break
            k -= 1
            if k >= 0 and spans[k][1] < start:
                break
        return None


def _notes(s: Session, project: RefiProject, users: dict[str, str],
           by_selection: dict[str, list[int]], documents: dict[str, DocumentId | None],
           report: QdpxImportReport) -> None:
    """Our review and done-mark notes go back where they came from; other notes are kept."""
    targets: dict[str, list[str]] = {}
    for source in project.sources:
        for ref in source.notes:
            targets.setdefault(ref, []).append(source.guid)
        for selection in source.selections + source.pdf_selections:
            for ref in selection.notes:
                targets.setdefault(ref, []).append(selection.guid)
    known = set(s.scalars(select(Note.guid)))
    coders = _Coders(s, users)
    reviews = _Reviews(s)
    statuses = {(d, c) for d, c in s.execute(select(DocumentStatus.document_id,
                                                    DocumentStatus.coder_id))}
    for note in project.notes:
        if "review" in note.meta:
            reviews.add(note, coders.id(note.user), by_selection, report)
        elif "status" in note.meta:
            document = documents.get(note.meta.get("source", ""))
            status = note.meta.get("status", "")
            coder = coders.id(note.user)
            if document is not None and status in _STATUSES and (document, coder) not in statuses:
                statuses.add((document, coder))
                s.add(DocumentStatus(document_id=document, coder_id=coder, status=status,
                                     updated_at=note.created or now()))
                report.statuses += 1
        elif note.guid not in known:
            linked = json.loads(note.meta["targets"]) if "targets" in note.meta else targets.get(
                note.guid, [])
            s.add(Note(guid=note.guid, name=note.name, text=note.text,
                       description=note.description, author=users.get(note.user or "", ""),
                       created_at=note.created, targets=json.dumps(linked)))
            known.add(note.guid)
            report.notes += 1
    reviews.flush()


class _Coders:
    """File user GUID → coder id, each name looked up (or made) once."""

    def __init__(self, s: Session, users: dict[str, str]) -> None:
        self._s, self._users = s, users
        self._ids: dict[str, int] = {}

    def id(self, user: str | None) -> int:
        name = self._users.get(user or "", UNKNOWN_USER)
        if name not in self._ids:
            self._ids[name] = coder_id(self._s, name)
        return self._ids[name]


class _Reviews:
    """Review decisions from our notes, each stored once (a second import adds none)."""

    def __init__(self, s: Session) -> None:
        self._s = s
        self._seen = {tuple(r) for r in s.execute(select(
            Review.annotation_id, Review.coder_id, Review.decision, Review.comment, Review.at))}
        self._rows: list[dict[str, object]] = []

    def add(self, note: RefiNote, reviewer: int, by_selection: dict[str, list[int]],
            report: QdpxImportReport) -> None:
        decision = note.meta.get("review", "")
        if decision not in _DECISIONS:
            report.skipped.append(f"note {note.name!r}: unknown review decision {decision!r}")
            return
        at = note.created or now()
        for annotation in by_selection.get(note.meta.get("selection", ""), []):
            key = (annotation, reviewer, decision, note.text, at)
            if key not in self._seen:
                self._seen.add(key)
                self._rows.append({"annotation_id": annotation, "coder_id": reviewer,
                                   "decision": decision, "comment": note.text, "at": at})
                report.reviews += 1

    def flush(self) -> None:
        if self._rows:
            self._s.connection().execute(insert(TABLES["reviews"]), self._rows)
