"""Export: a project (or some coders' codings) as a REFI-QDA project exchange file.

Each PDF is a `PDFSource` with the file under `sources/` and a `Representation` holding our
stored text (UTF-8); each coding is a `PlainTextSelection` on it, in code points as §10.2
says, with the memo as its description, plus, when it lies on one page, a `PDFSelection`
(0-based page, PDF points from the bottom-left of the page, as the standard says) marked
as the PDF view of the same coding. A text-only document is a `TextSource`. Review
decisions and comments, and each coder's done mark, are `Note`s linked to their selection
or source. The order of everything is fixed by content, so the same project gives the same
`project.qde`, byte for byte.

GUIDs. Codes have their own. Users, sources, selections, codings and notes get uuid5 GUIDs
over stable content (the coder's name; the document's SHA-256; source, range, code, coder
and time of a coding), so two exports of one project agree, and so does the export of a
project that was imported from our own export. NOTE for the merge with issue 17 (stable
GUID columns for coders, codings and documents, migration 0005): once those columns exist,
`_Guids` should prefer them and fall back to these derivations for rows that lack one.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from hashlib import sha1
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator import __version__
from annotator.codebook.service import CodebookService
from annotator.database import Database
from annotator.errors import InvalidInputError
from annotator.exchange.archive import add, writing
from annotator.formats.qdpx import stamp, to_xml
from annotator.formats.refi import (
    PDF,
    TEXT,
    RefiCoding,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiSource,
    RefiUser,
)
from annotator.pdf.textbuild import unpack_boxes
from db.models import Annotation, Blob, Coder, Document, DocumentStatus, Note, Page, Review, Setting

NAMESPACE = uuid.UUID("5f0c3a4e-8d1b-4c7a-9e2f-6b1d0a7c3e55")  # Annotator's, fixed forever
NAME_SETTING = "exchange.name"
Progress = Callable[[int, int], None]
_FILES_AT_ONCE = 50


class ExchangeCancelledError(Exception):
    """The user cancelled; no file was written."""


def derive(*parts: object) -> str:
    """A GUID that depends only on `parts`: the same row gets the same GUID every export.

    It is `uuid.uuid5(NAMESPACE, …)`, spelled out: an export derives some 150,000 of them.
    """
    digest = bytearray(sha1(_NAMESPACE_BYTES + "\x1f".join(map(str, parts)).encode()).digest())
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest[:16].hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


_NAMESPACE_BYTES = NAMESPACE.bytes


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    documents: int
    codes: int
    users: int
    codings: int
    notes: int

    def lines(self) -> list[str]:
        return [f"wrote {self.path}",
                f"{self.documents} sources, {self.codes} codes, {self.users} users, "
                f"{self.codings} codings, {self.notes} notes"]


@dataclass
class _Doc:
    id: int
    name: str
    sha: str
    kind: str
    created: datetime
    source: RefiSource


class QdpxWriter:
    def __init__(self, db: Database, codebook: CodebookService) -> None:
        self._db = db
        self._codebook = codebook

    def export(self, target: Path, *, name: str, coders: Sequence[str] = (),
               progress: Progress | None = None,
               cancelled: Callable[[], bool] = lambda: False) -> ExportSummary:
        target = Path(target)
        project, docs = self.build(name=name, coders=coders)
        total = len(docs) + 1
        with writing(target) as archive:
            add(archive, "project.qde", to_xml(project))
            for first in range(0, len(docs), _FILES_AT_ONCE):
                if cancelled():
                    raise ExchangeCancelledError(str(target))
                chunk = docs[first:first + _FILES_AT_ONCE]
                self._write_files(archive, chunk)
                if progress is not None:
                    progress(first + len(chunk), total)
            if cancelled():
                raise ExchangeCancelledError(str(target))
        codings = sum(len(d.source.selections) for d in docs)
        return ExportSummary(target, len(docs), len(project.code_rows), len(project.users),
                             codings, len(project.notes))

    def build(self, *, name: str, coders: Sequence[str] = ()) -> tuple[RefiProject, list[_Doc]]:
        """The project as REFI values (without the files), and its documents in order."""
        codes = self._codebook.all()
        code_guid: dict[int, str] = {c.id: c.guid for c in codes}
        with self._db.read() as s:
            people = {i: (n, r) for i, n, r in s.execute(
                select(Coder.id, Coder.name, Coder.is_reviewer))}
            wanted = _wanted(people, coders)
            setting = s.get(Setting, NAME_SETTING)
            docs = [_Doc(i, n, sha, kind, at, _source(n, sha, kind, at)) for i, n, sha, kind, at
                    in s.execute(select(Document.id, Document.name, Document.sha256,
                                        Document.kind, Document.imported_at)
                                 .order_by(Document.id))]
            by_id = {d.id: d for d in docs}
            found = s.execute(select(*_COLUMNS).where(Annotation.coder_id.in_(wanted))).all()
            rows = sorted(found, key=lambda a: (a.document_id, a.start, a.end,
                                               code_guid[a.code_id], people[a.coder_id][0],
                                               stamp(a.created_at) or "", a.id))
            reviews = _reviews(s, [a.id for a in rows])
            statuses = s.execute(select(DocumentStatus).where(
                DocumentStatus.coder_id.in_(wanted))).scalars().all()
            stored = s.scalars(select(Note).order_by(Note.guid)).all()
            pages = _Pages(s)
            notes: list[RefiNote] = []
            used: set[int] = set(wanted)
            taken: set[str] = set()
            for a in rows:
                doc = by_id[a.document_id]
                selection = _selection(a, doc.sha, code_guid[a.code_id], people, taken)
                for number, review in enumerate(reviews.get(a.id, [])):
                    note = _review_note(review, selection.guid, number, people)
                    selection.notes.append(note.guid)
                    notes.append(note)
                    used.add(review.coder_id)
                doc.source.selections.append(selection)
                if doc.kind == "pdf":
                    mirror = pages.mirror(a, selection)
                    if mirror is not None:
                        doc.source.pdf_selections.append(mirror)
            for status in sorted(statuses, key=lambda x: (x.document_id,
                                                           people[x.coder_id][0])):
                doc = by_id[status.document_id]
                note = _status_note(status, doc, people)
                doc.source.notes.append(note.guid)
                notes.append(note)
            names = {people[i][0]: i for i in people}
            notes.extend(_stored_note(n, names) for n in stored)
        users = [RefiUser(derive("user", people[i][0]), people[i][0], people[i][1])
                 for i in sorted(used & set(people), key=lambda i: people[i][0])]
        times = [d.created for d in docs]
        changed = [a.updated_at for a in rows] + [n.created for n in notes
                                                   if n.created is not None]
        project = RefiProject(
            name=setting.value if setting is not None else name,
            origin=f"Annotator {__version__}", created=min(times) if times else None,
            modified=max(changed) if changed else (max(times) if times else None),
            users=users, code_rows=codes, sources=[d.source for d in docs], notes=notes)
        return project, docs

    def _write_files(self, archive: Any, docs: Sequence[_Doc]) -> None:
        """A few documents' files at a time: one read each, bounded memory."""
        with self._db.read() as s:
            texts: dict[int, str] = {row[0]: row[1] for row in s.execute(
                select(Document.id, Document.text).where(Document.id.in_([d.id for d in docs])))}
            blobs: dict[str, bytes] = {row[0]: row[1] for row in s.execute(
                select(Blob.sha256, Blob.data).where(
                    Blob.sha256.in_([d.sha for d in docs if d.kind == "pdf"])))}
        for doc in docs:
            source, data = doc.source, blobs.get(doc.sha)
            if data is not None and source.path:
                add(archive, _entry(source.path), data, compress=False)
            if source.plain_path:
                add(archive, _entry(source.plain_path), (texts.get(doc.id) or "").encode())


def _entry(path: str) -> str:
    return "sources/" + path.removeprefix("internal://")


def _wanted(people: dict[int, tuple[str, bool]], coders: Sequence[str]) -> set[int]:
    if not coders:
        return set(people)
    by_name = {n: i for i, (n, _r) in people.items()}
    missing = [c for c in coders if c.strip() not in by_name]
    if missing:
        raise InvalidInputError(f"no coder named {missing[0]!r} in the project")
    return {by_name[c.strip()] for c in coders}


def _source(name: str, sha: str, kind: str, created: datetime) -> RefiSource:
    guid = derive("source", sha)
    if kind == "pdf":
        representation = derive("representation", sha)
        return RefiSource(PDF, guid, name, path=f"internal://{guid}.pdf",
                          plain_path=f"internal://{representation}.txt",
                          representation=representation, created=created, modified=created)
    return RefiSource(TEXT, guid, name, plain_path=f"internal://{guid}.txt", created=created,
                      modified=created)


_COLUMNS = (Annotation.id, Annotation.document_id, Annotation.start, Annotation.end,
            Annotation.code_id, Annotation.coder_id, Annotation.memo, Annotation.quote,
            Annotation.created_at, Annotation.updated_at)


def _selection(a: Any, sha: str, code: str, people: dict[int, tuple[str, bool]],
               taken: set[str]) -> RefiSelection:
    coder = people[a.coder_id][0]
    guid = derive("selection", sha, a.start, a.end, code, coder, stamp(a.created_at))
    number = 1
    while guid in taken:  # the same coding twice (older projects): still one GUID each
        number += 1
        guid = derive("selection", sha, a.start, a.end, code, coder, stamp(a.created_at),
                      number)
    taken.add(guid)
    user = derive("user", coder)
    return RefiSelection(
        guid=guid, name=_label(a.quote), start=a.start, end=a.end, user=user,
        created=a.created_at, modified=a.updated_at, description=a.memo,
        codings=[RefiCoding(derive("coding", guid), code, user, a.created_at)])


def _label(quote: str) -> str:
    """A selection's name, as ATLAS.ti and MAXQDA show it: the start of the quote."""
    flat = " ".join(quote.split())
    return flat if len(flat) <= 60 else flat[:60] + "…"


def _reviews(s: Session, ids: list[int]) -> dict[int, list[Any]]:
    found: dict[int, list[Any]] = {}
    wanted = set(ids)
    for review in s.execute(select(Review.annotation_id, Review.coder_id, Review.decision,
                                   Review.comment, Review.at).order_by(Review.id)):
        if review.annotation_id in wanted:
            found.setdefault(review.annotation_id, []).append(review)
    return found


def _review_note(review: Any, selection: str, number: int,
                 people: dict[int, tuple[str, bool]]) -> RefiNote:
    reviewer = people[review.coder_id][0]
    return RefiNote(
        guid=derive("review", selection, number, reviewer, stamp(review.at), review.decision),
        name=f"Review: {review.decision}", text=review.comment,
        user=derive("user", reviewer), created=review.at,
        meta={"review": review.decision, "selection": selection})


def _status_note(status: DocumentStatus, doc: _Doc,
                 people: dict[int, tuple[str, bool]]) -> RefiNote:
    coder = people[status.coder_id][0]
    return RefiNote(
        guid=derive("status", doc.sha, coder), name=f"Status of {doc.name}: {status.status}",
        text=f"{coder}: {status.status}", user=derive("user", coder), created=status.updated_at,
        meta={"status": status.status, "source": doc.source.guid})


def _stored_note(note: Note, coders: dict[str, int]) -> RefiNote:
    return RefiNote(guid=note.guid, name=note.name, text=note.text, description=note.description,
                    user=derive("user", note.author) if note.author in coders else None,
                    created=note.created_at, meta={"targets": note.targets}
                    if json.loads(note.targets or "[]") else {})


class _Pages:
    """Page geometry of the document being exported, read once (documents come in order)."""

    def __init__(self, s: Session) -> None:
        self._s = s
        self._document = -1
        self._pages: list[Any] = []

    def mirror(self, a: Any, selection: RefiSelection) -> RefiSelection | None:
        if a.document_id != self._document:
            self._document = a.document_id
            self._pages = list(self._s.execute(
                select(Page.number, Page.start, Page.end, Page.height, Page.boxes)
                .where(Page.document_id == a.document_id).order_by(Page.number)))
        pages = self._pages
        page = next((p for p in pages if p.start <= a.start and a.end <= p.end), None)
        if page is None or not page.boxes:
            return None
        boxes = [b for b in unpack_boxes(page.boxes, a.start - page.start, a.end - page.start)
                 if b is not None]
        if not boxes:
            return None
        x0, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, bottom = max(b[2] for b in boxes), max(b[3] for b in boxes)
        box = (math.floor(x0), math.floor(page.height - bottom), math.ceil(x1),
               math.ceil(page.height - top))  # PDF points from the bottom-left
        return RefiSelection(
            guid=derive("pdf", selection.guid), name=selection.name, user=selection.user,
            created=selection.created, modified=selection.modified, page=page.number, box=box,
            mirror=True, codings=[RefiCoding(derive("pdf-coding", selection.guid),
                                             selection.codings[0].code, selection.user,
                                             selection.created)])
