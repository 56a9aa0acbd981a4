"""qdpx: REFI-QDA project export and import of 1,000 documents / 50,000 codings.

The big project (`bench.bigproject`: 1,000 documents, two coders with 25,000 codings each,
every document done by both, a tenth of the codings reviewed) is exported as .qdpx, and a
text-only copy of it (its documents made `TextSource`s, each text made distinct, so the
import stores 1,000 documents without PDF extraction) is imported into a fresh project.

* export: ``project.exchange.export``: reading the project, building every element (users,
  codebook, 50,000 selections with codings, 7,000 notes), `project.qde` and 2,000 files
  into a zip written beside the target and renamed into place;
* bare write: the very same selections and notes, prepared beforehand (not timed), as lxml
  elements with the same attributes, serialised, zipped with the same files: what writing
  them costs at least (target ≤ 2×);
* import: ``project.exchange.import_file`` of the text-only copy into a new project: the
  checks, parsing, 1,000 documents with their passages, codes, users, 50,000 codings with
  their history, reviews and done marks, in their transactions;
* bare import: reading the same zip, parsing `project.qde`, and one executemany of the
  50,000 coding rows into an SQLite table: what an import costs at least.
"""

from __future__ import annotations

import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from sqlalchemy import text

from annotator.exchange.writer import QdpxWriter
from annotator.formats.qdpx import NS, stamp
from annotator.formats.refi import RefiProject
from annotator.project import Project
from bench.bigproject import DOCUMENTS, fill
from bench.common import Context, Target, median_of, ratio

EXPORT_RATIO = 2.0
IMPORT_RATIO = 4.0
_BUDGET_S = 60.0


@dataclass
class QdpxResult:
    codings: int
    export_s: float = 0.0
    bare_export_s: float = 0.0
    import_s: float = 0.0
    bare_import_s: float = 0.0
    file_mib: float = 0.0
    imported: int = 0
    merged: int = 0  # the file's duplicate codings (same coder, code, span): stored once

    def render(self) -> str:
        return "\n".join([
            f"qdpx: {self.codings:,} codings in {DOCUMENTS:,} documents "
            f"({self.file_mib:.1f} MiB .qdpx)",
            f"export .qdpx                        {self.export_s:7.2f} s",
            f"bare zip + lxml write, same rows    {self.bare_export_s:7.2f} s   "
            f"ratio {ratio(self.export_s, self.bare_export_s):5.2f}x",
            f"import .qdpx (text-only copy)       {self.import_s:7.2f} s   "
            f"({self.imported:,} codings stored, {self.merged:,} duplicates "
            f"of the same coder, code and span merged)",
            f"bare zip + lxml read + insert       {self.bare_import_s:7.2f} s   "
            f"ratio {ratio(self.import_s, self.bare_import_s):5.2f}x",
        ])

    def targets(self) -> list[Target]:
        return [
            Target(f"qdpx export {self.codings:,} codings / bare zip+lxml write",
                   ratio(self.export_s, self.bare_export_s), EXPORT_RATIO, "x"),
            Target(f"qdpx import {self.codings:,} codings / bare zip+lxml read+insert",
                   ratio(self.import_s, self.bare_import_s), IMPORT_RATIO, "x"),
        ]


def run(ctx: Context) -> QdpxResult:
    folder = ctx.scratch("qdpx")
    path = folder / "big.annot"
    fill(path)
    with Project(path, create=False) as project:
        refi, _docs = QdpxWriter(project.db, project.codebook).build(name="big")
        files = _files(project)
        result = QdpxResult(sum(len(s.selections) for s in refi.sources))
        result.export_s = median_of(lambda: project.exchange.export(folder / "big.qdpx"),
                                    ctx.repeats, budget_s=_BUDGET_S, at_least=1)
    result.file_mib = (folder / "big.qdpx").stat().st_size / 2**20
    result.bare_export_s = median_of(lambda: _bare_write(folder / "bare.qdpx", refi, files),
                                     ctx.repeats, budget_s=_BUDGET_S, at_least=1)
    source = _text_only_copy(path, folder)
    rounds = iter(range(1_000))

    def import_once() -> None:
        with Project(folder / f"in-{next(rounds)}.annot") as fresh:
            report = fresh.exchange.import_file(source).value
            result.imported, result.merged = report.codings, report.codings_existing

    result.import_s = median_of(import_once, ctx.repeats, budget_s=_BUDGET_S, at_least=1)
    result.bare_import_s = median_of(lambda: _bare_read(source, folder), ctx.repeats,
                                     budget_s=_BUDGET_S, at_least=1)
    return result


def _files(project: Project) -> list[tuple[str, bytes]]:
    """The files the export puts beside project.qde: each PDF and its text."""
    found: list[tuple[str, bytes]] = []
    for info in project.documents.all():
        found.append((f"sources/{info.sha256}.pdf", project.documents.pdf(info.id)))
        found.append((f"sources/{info.sha256}.txt",
                      project.documents.text(info.id).encode("utf-8")))
    return found


def _bare_write(path: Path, project: RefiProject, files: list[tuple[str, bytes]]) -> None:
    """The same elements and attributes as the export, without any of its logic."""
    q = f"{{{NS}}}"
    root = etree.Element(q + "Project", nsmap={None: NS}, name=project.name)
    users = etree.SubElement(root, q + "Users")
    for user in project.users:
        etree.SubElement(users, q + "User", guid=user.guid, name=user.name)
    sources = etree.SubElement(root, q + "Sources")
    for source in project.sources:
        element = etree.SubElement(sources, q + "PDFSource", guid=source.guid,
                                   name=source.name, path=source.path or "")
        representation = etree.SubElement(element, q + "Representation",
                                          guid=source.representation or source.guid,
                                          plainTextPath=source.plain_path or "")
        for sel in source.selections:
            selection = etree.SubElement(
                representation, q + "PlainTextSelection", guid=sel.guid, name=sel.name,
                startPosition=str(sel.start), endPosition=str(sel.end),
                creatingUser=sel.user or "", creationDateTime=stamp(sel.created) or "",
                modifyingUser=sel.user or "", modifiedDateTime=stamp(sel.modified) or "")
            if sel.description:
                etree.SubElement(selection, q + "Description").text = sel.description
            for coding in sel.codings:
                etree.SubElement(etree.SubElement(
                    selection, q + "Coding", guid=coding.guid, creatingUser=coding.user or "",
                    creationDateTime=stamp(coding.created) or ""), q + "CodeRef",
                    targetGUID=coding.code)
            for note_guid in sel.notes:
                etree.SubElement(selection, q + "NoteRef", targetGUID=note_guid)
    notes = etree.SubElement(root, q + "Notes")
    for note in project.notes:
        element = etree.SubElement(notes, q + "Note", guid=note.guid, name=note.name)
        etree.SubElement(element, q + "PlainTextContent").text = note.text
    data = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", data, zipfile.ZIP_DEFLATED)
        for name, content in files:
            archive.writestr(name, content, zipfile.ZIP_STORED if name.endswith(".pdf")
                             else zipfile.ZIP_DEFLATED)


def _text_only_copy(path: Path, folder: Path) -> Path:
    """The big project as text-only documents with distinct texts, exported once."""
    copy = folder / "text.annot"
    with sqlite3.connect(path) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with Project(copy, create=False) as project:
        with project.db.write() as s:
            s.execute(text("UPDATE documents SET kind = 'text', text = text || '#' || id"))
        project.exchange.export(folder / "text.qdpx")
    return folder / "text.qdpx"


def _bare_read(path: Path, folder: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("project.qde"))
        texts = [archive.read(name) for name in archive.namelist() if name.endswith(".txt")]
    rows = [(s.get("guid"), int(s.get("startPosition")), int(s.get("endPosition")),
             s.get("creatingUser"), s.get("creationDateTime"))
            for s in root.iter(f"{{{NS}}}PlainTextSelection")]
    target = folder / "bare.sqlite"
    target.unlink(missing_ok=True)
    with sqlite3.connect(target) as db:
        db.execute("CREATE TABLE texts (data BLOB)")
        db.executemany("INSERT INTO texts VALUES (?)", [(t,) for t in texts])
        db.execute("CREATE TABLE codings (guid, start, end, coder, created)")
        db.executemany("INSERT INTO codings VALUES (?, ?, ?, ?, ?)", rows)
