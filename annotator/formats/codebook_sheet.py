"""The Codebook sheet: written into every export, and read back when a codebook is imported.

One layout serves the paper's appendix (names, definitions, notes, examples, how often
each code was used) and the round trip (key, parent and GUID say which code a row is).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.errors import InvalidInputError
from annotator.formats.cells import INT, TEXT, WRAP, Column
from annotator.formats.xlsx import UnreadableWorkbookError, XlsxSheet, read_rows
from annotator.ids import CodeId
from annotator.records import CodeRow

SHEET = "Codebook"
COLUMNS = [
    Column("key", TEXT, 18), Column("name_ja", TEXT, 14), Column("name_en", TEXT, 20),
    Column("parent", TEXT, 14), Column("path", TEXT, 30), Column("color", TEXT, 10),
    Column("shortcut", INT, 9), Column("definition", WRAP, 60), Column("include", WRAP, 40),
    Column("exclude", WRAP, 40), Column("examples", WRAP, 50), Column("rules", WRAP, 40),
    Column("codings", INT, 9),
    Column("guid", TEXT, 38),
]
_NAMES = ("name_en", "name_ja")
_FIELDS = {"definition": "definition", "include": "include_note", "exclude": "exclude_note",
           "examples": "examples", "rules": "rules", "name_en": "name", "name_ja": "name_ja",
           "color": "color"}


class CodebookFileError(InvalidInputError):
    """A codebook file that cannot be imported; nothing was changed."""


@dataclass(frozen=True)
class CodeEntry:
    """A code as a file describes it. None: the file does not say, so keep what is there.

    `parent` is the index of another entry of the same file, or the key of a code the
    project already has; `parent_known` is False when the file says nothing of nesting.
    """

    where: str  # for messages: "row 7", "<Code> on line 12"
    guid: str | None = None
    key: str | None = None
    name: str | None = None
    name_ja: str | None = None
    color: str | None = None
    shortcut: str | None = None  # "" for none
    definition: str | None = None
    include_note: str | None = None
    exclude_note: str | None = None
    examples: str | None = None
    rules: str | None = None  # the suggestion rule (annotator/suggest/rules.py)
    parent: int | str | None = None
    parent_known: bool = False

    @property
    def label(self) -> str:
        return self.key or self.name or self.name_ja or self.where


def write_sheet(sheet: XlsxSheet, codes: Sequence[CodeRow], usage: Mapping[CodeId, int],
                counts_by_key: Mapping[str, int] | None = None) -> None:
    """One row per code, in tree order; the color cell is filled with the color itself."""
    by_id = {c.id: c for c in codes}
    for code in codes:
        count = counts_by_key.get(code.key, 0) if counts_by_key is not None else usage.get(
            code.id, 0)
        parent = by_id[code.parent].key if code.parent in by_id else None
        row: list[Any] = [code.key, code.name_ja, code.name, parent, _path(code, by_id),
                          None, int(code.shortcut) if code.shortcut else None,
                          code.definition, code.include_note, code.exclude_note, code.examples,
                          code.rules, count, code.guid]
        row[5] = sheet.cell(code.color, 6, sheet.styles.filled(code.color))
        sheet.append(row)


def _path(code: CodeRow, by_id: Mapping[CodeId, CodeRow]) -> str:
    names = [code.name_ja or code.name]
    seen = {code.id}
    parent = code.parent
    while parent is not None and parent in by_id and parent not in seen:
        seen.add(parent)
        names.append(by_id[parent].name_ja or by_id[parent].name)
        parent = by_id[parent].parent
    return " › ".join(reversed(names))


def read_xlsx(path: Path) -> list[CodeEntry]:
    """The codes of a Codebook sheet (or of the first sheet), by header name, not position."""
    try:
        rows = read_rows(path, SHEET)
    except UnreadableWorkbookError as err:
        raise CodebookFileError(str(err)) from err
    columns = _header(path, rows[0] if rows else None)
    entries = [_entry(number, values, columns)
               for number, values in enumerate(rows[1:], start=2) if _filled(values)]
    if not entries:
        raise CodebookFileError(f"{path.name}: the {SHEET} sheet has a header but no codes")
    return entries


def _header(path: Path, header: Sequence[Any] | None) -> dict[str, int]:
    found = {str(v).strip().lower(): n for n, v in enumerate(header or ()) if v is not None}
    if "key" not in found or not any(name in found for name in _NAMES):
        expected = ", ".join(c.header for c in COLUMNS)
        raise CodebookFileError(
            f"{path.name}: the first row of the {SHEET} sheet is not a codebook header; it "
            f"needs at least key and name_en or name_ja (an export has: {expected})")
    return found


def _filled(values: Sequence[Any]) -> bool:
    return any(v is not None and str(v).strip() for v in values)


def _entry(number: int, values: Sequence[Any], columns: Mapping[str, int]) -> CodeEntry:
    def cell(name: str) -> str | None:
        """None when the column is absent; "" when it is there but empty."""
        if name not in columns:
            return None
        at = columns[name]
        value = values[at] if at < len(values) else None
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value)

    fields = {target: cell(name) for name, target in _FIELDS.items()}
    color = fields.pop("color")
    parent = cell("parent")
    return CodeEntry(
        where=f"row {number}", guid=cell("guid") or None, key=(cell("key") or "").strip() or None,
        color=color or None, shortcut=cell("shortcut"), parent=parent or None,
        parent_known=parent is not None, **fields)
