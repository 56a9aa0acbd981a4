"""Codebook files: export to Excel (.xlsx) or REFI-QDA (.qdc), and import either back.

An import merges into the project's codebook in one transaction: a file that is
malformed, or that would break the codebook, is refused with a message saying where,
and nothing changes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from annotator import __version__
from annotator.changes import Changes, Op
from annotator.codebook.merge import ImportReport, merge
from annotator.codebook.rows import code_row
from annotator.codebook.service import MAX_DEPTH, CodebookService
from annotator.codebook.snapshot import CodebookSnapshot, take
from annotator.database import Database
from annotator.errors import InvalidInputError
from annotator.formats.cells import CellLog
from annotator.formats.codebook_sheet import COLUMNS, SHEET, CodebookFileError, CodeEntry, read_xlsx
from annotator.formats.codebook_sheet import write_sheet as write_codebook_sheet
from annotator.formats.files import atomic
from annotator.formats.qdc import from_xml, to_xml
from annotator.formats.xlsx import XlsxSheet, new_workbook, save
from annotator.ids import CodeId
from annotator.suggest.rules import RuleError
from annotator.suggest.rules import check as check_rule
from db.models import Annotation, Code

FORMATS = (".xlsx", ".qdc")
_GUID = re.compile(r"^\{?([0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12})\}?$")
_COLOR = re.compile(r"^#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")


class _DryRun(Exception):  # noqa: N818 - control flow, never seen by a user
    def __init__(self, result: CodebookImport) -> None:
        super().__init__("dry run")
        self.result = result


class CodebookIO:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._codebook = CodebookService(db)

    def export_file(self, path: Path) -> int:
        """Write the codebook to `path` (.xlsx or .qdc, by its suffix); returns the codes."""
        path = Path(path)
        suffix = _suffix(path)
        codes = self._codebook.all()
        with atomic(path) as temp:
            if suffix == ".qdc":
                temp.write_bytes(to_xml(codes, f"Annotator {__version__}"))
            else:
                book = new_workbook()
                sheet = XlsxSheet(book, None, SHEET, COLUMNS, CellLog(), printable=True)
                write_codebook_sheet(sheet, codes, self._codebook.usage())
                sheet.close()
                save(book, temp)
        return len(codes)

    def read(self, path: Path) -> list[CodeEntry]:
        """The codes a file holds, checked; raises CodebookFileError saying what is wrong."""
        path = Path(path)
        suffix = _suffix(path)
        if not path.is_file():
            raise CodebookFileError(f"{path}: no such file")
        if suffix == ".xlsx":
            entries = read_xlsx(path)
        else:
            try:
                data = path.read_bytes()
            except OSError as err:
                raise CodebookFileError(f"{path}: cannot read it ({err.strerror})") from err
            entries = from_xml(data, path.name)
        return checked(entries, path.name)

    def import_file(self, path: Path, *, prune: bool = False,
                    dry_run: bool = False) -> Op[CodebookImport]:
        """Merge a codebook file in: by GUID, then key, then name. Never deletes a used code.

        `prune` also removes the unused codes the file does not have; `dry_run` reports
        what would change and changes nothing. The codebook before and after, taken in
        the same transaction, let undo and redo be one `restore_snapshot` call each.
        """
        entries = self.read(path)
        _check_file_depth(entries, path.name)
        try:
            with self._db.write() as s:
                before = take(s)
                existing = [code_row(c) for c in s.scalars(select(Code).order_by(Code.id))]
                usage = {CodeId(code): n for code, n in s.execute(
                    select(Annotation.code_id, func.count()).group_by(Annotation.code_id))}
                report = merge(s, entries, existing, usage, prune=prune)
                if dry_run:
                    raise _DryRun(CodebookImport(report, before, before))
                s.flush()
                after = take(s)
        except _DryRun as dry:
            return Op(dry.result)
        except IntegrityError as err:
            raise InvalidInputError(f"{path.name}: the codebook cannot take these codes "
                                    f"({err.orig})") from err
        return Op(CodebookImport(report, before, after), Changes(codebook=report.changed))


@dataclass(frozen=True)
class CodebookImport:
    """What an import did (`report`) and the codebook around it, for undo and redo."""

    report: ImportReport
    before: CodebookSnapshot
    after: CodebookSnapshot


def _check_file_depth(entries: list[CodeEntry], name: str) -> None:
    """A file nested deeper than MAX_DEPTH is refused before anything is merged."""
    depth: list[int] = []
    for entry in entries:  # parents come before their children
        parent = entry.parent
        depth.append(depth[parent] + 1 if isinstance(parent, int) and parent < len(depth)
                     else 1)
        if depth[-1] > MAX_DEPTH:
            raise CodebookFileError(f"{name}: {entry.where} is nested more than {MAX_DEPTH} "
                                    f"levels deep (at most {MAX_DEPTH} are allowed)")


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InvalidInputError(f"{path.name}: a codebook file is .xlsx or .qdc (REFI-QDA)")
    return suffix


def checked(entries: Sequence[CodeEntry], name: str) -> list[CodeEntry]:
    """Entries with GUIDs and colours normalised; the first problem found is an error."""
    result = [_checked_entry(entry, name) for entry in entries]
    for label, values in (("guid", [e.guid for e in result]), ("key", [e.key for e in result]),
                          ("shortcut", [e.shortcut for e in result])):
        _no_duplicates(label, values, result, name)
    return result


def _checked_entry(entry: CodeEntry, name: str) -> CodeEntry:
    def fail(problem: str) -> CodebookFileError:
        return CodebookFileError(f"{name}: {entry.where}: {problem}")

    guid = entry.guid
    if guid is not None:
        match = _GUID.match(guid.strip())
        if match is None:
            raise fail(f"guid {guid!r} is not a GUID (8-4-4-4-12 hexadecimal digits)")
        guid = match.group(1).lower()
    color = entry.color
    if color is not None:
        color = color.strip()
        if not _COLOR.match(color):
            raise fail(f"color {color!r} is not of the form #RRGGBB")
        if len(color) == 4:
            color = "#" + "".join(2 * ch for ch in color[1:]).upper()
    shortcut = entry.shortcut.strip() if entry.shortcut is not None else None
    if shortcut and not (len(shortcut) == 1 and shortcut in "123456789"):
        raise fail(f"shortcut {shortcut!r} must be one digit 1–9")
    if entry.name is not None and entry.name_ja is not None and not (
            entry.name.strip() or entry.name_ja.strip()):
        raise fail("the code has no name")
    if entry.rules:
        try:
            check_rule(entry.rules)
        except RuleError as err:
            raise fail(str(err)) from err
    return replace(entry, guid=guid, color=color, shortcut=shortcut)


def _no_duplicates(label: str, values: Sequence[str | None], entries: Sequence[CodeEntry],
                   name: str) -> None:
    first: dict[str, int] = {}
    for number, value in enumerate(values):
        if not value:
            continue
        if value in first:
            raise CodebookFileError(f"{name}: {entries[first[value]].where} and "
                                    f"{entries[number].where} have the same {label} {value!r}")
        first[value] = number
