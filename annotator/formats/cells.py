"""How a value becomes an Excel cell or a CSV field without being misread or breaking the file.

Excel runs a cell that starts with = + - @ as a formula the moment someone edits it, turns
"#N/A" into an error value, refuses control characters and more than 32,767 characters.
Coded passages hit every one of these: meeting materials open lines with "-", memos hold
"+81 …", PDFs leak control characters. These rules are kept here, apart from openpyxl
(`export_book`), so the CSV files follow them too.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

EXCEL_CELL_LIMIT = 32_767  # UTF-16 code units, as Excel counts (𠮷 is two)
EXCEL_ROWS = 1_048_576
SAFE_LENGTH = EXCEL_CELL_LIMIT // 2  # up to here no text can exceed the limit
TRUNCATION_MARK = ("\n[… cut by Annotator: Excel holds {limit:,} characters in a cell, this "
                   "text has {total:,}; the CSV export keeps it whole]")

# Full-width ＝＋－＠ too: Japanese Excel turns them into a formula when a cell is re-entered.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ERRORS = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))
# What XML 1.0 (and so .xlsx) cannot hold: C0 controls but tab/LF/CR, lone surrogates, FFFE/F.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

INT, FLOAT, RATIO, TEXT, WRAP, DATE = "int", "float", "ratio", "text", "wrap", "date"
Value = str | int | float | datetime | None


@dataclass(frozen=True)
class Column:
    """A column of a sheet: its header, how its values are written, and its width."""

    header: str
    kind: str = TEXT
    width: float = 12.0


@dataclass
class CellLog:
    """What the cell rules had to do, so the About sheet can say it."""

    truncated: list[str] = field(default_factory=list)  # "Codings!J7 (40,000 characters)"
    as_text: int = 0  # cells flagged as text because they look like a formula
    replaced: int = 0  # cells with characters XML cannot hold, replaced by U+FFFD


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def harmless(text: str) -> bool:
    """Text Excel takes as it is: not formula-like, not an error code, short, XML-clean."""
    return (len(text) <= SAFE_LENGTH and not text.startswith(FORMULA_STARTS)
            and text not in ERRORS and _NOT_IN_XML.search(text) is None)


def formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS) or text in ERRORS


def fit_excel(text: str) -> tuple[str, bool]:
    """`text`, cut with a visible mark if Excel could not hold it; True if it was cut."""
    if len(text) <= SAFE_LENGTH or utf16_length(text) <= EXCEL_CELL_LIMIT:
        return text, False
    mark = TRUNCATION_MARK.format(limit=EXCEL_CELL_LIMIT, total=len(text))
    room = EXCEL_CELL_LIMIT - utf16_length(mark)
    cut = min(len(text), room)
    while utf16_length(text[:cut]) > room:  # astral characters count twice
        cut -= max(1, (utf16_length(text[:cut]) - room) // 2)
    return text[:cut] + mark, True


def xml_safe(text: str) -> tuple[str, bool]:
    """`text` with characters XML cannot hold replaced by U+FFFD; True if any were."""
    if _NOT_IN_XML.search(text) is None:
        return text, False
    return _NOT_IN_XML.sub("\ufffd", text), True


def csv_value(value: Value) -> str | int | float:
    """A CSV field: formula-like text gets a leading apostrophe, as spreadsheets expect."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return naive_utc(value).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_STARTS):
        return "'" + value
    return value


def naive_utc(value: datetime) -> datetime:
    """Excel has no time zones: aware times become UTC wall-clock times."""
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo is not None else value
