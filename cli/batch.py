"""`tag --batch FILE.jsonl`: strict, typed reading of one JSON object a line.

Every line is checked before anything is written, and every bad line gets one line of
its own: a wrong type is refused, not stored as its Python repr (``None``, ``['a']``) or
turned into something else (``"code": 1`` is not the code with id 1). Lines are read as
a stream and split only at line feeds, so a U+2028 inside a JSON string is just a
character.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.errors import InvalidInputError

MAX_ID = 2**63 - 1  # SQLite's largest integer
MAX_SHOWN = 20  # bad lines listed before the count
_FIELDS = frozenset({"code", "coder", "passage", "document", "start", "end", "memo"})
_NUMBERS = ("passage", "document", "start", "end")


class BadLineError(ValueError):
    """One line of the batch is not a coding."""


def _no_constant(name: str) -> None:
    raise BadLineError(f"{name} is not a number JSON allows")


def _text(item: dict[str, Any], name: str, *, required: bool) -> str:
    value = item.get(name)
    if value is None and not required and name not in item:
        return ""
    if not isinstance(value, str):
        raise BadLineError(f"{name} must be text, not {_kind(value)}")
    if required and not value.strip():
        raise BadLineError(f"{name} is empty")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as err:
        raise BadLineError(f"{name} is not valid Unicode (a lone surrogate)") from err
    return value


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    return {dict: "an object", list: "a list", int: "a number", float: "a number",
            str: "text"}.get(type(value), type(value).__name__)


def _number(item: dict[str, Any], name: str) -> int | None:
    if name not in item:
        return None
    value = item[name]
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadLineError(f"{name} must be a whole number, not {_kind(value)}")
    if not 0 <= value <= MAX_ID:
        raise BadLineError(f"{name} {value} is out of range (0 to 2^63 - 1)")
    return value


def parse_line(line: str) -> dict[str, Any]:
    """One batch line as a checked dict: code, coder, memo (text) and the whole numbers."""
    try:
        item = json.loads(line, parse_constant=_no_constant)
    except json.JSONDecodeError as err:
        raise BadLineError(f"not JSON ({err.msg} at column {err.colno})") from err
    except RecursionError as err:
        raise BadLineError("not a coding (nested too deep)") from err
    if not isinstance(item, dict):
        raise BadLineError(f"not a JSON object ({_kind(item)})")
    unknown = sorted(set(item) - _FIELDS)
    if unknown:
        raise BadLineError(f"unknown field {unknown[0]!r} (fields: {', '.join(sorted(_FIELDS))})")
    checked: dict[str, Any] = {"code": _text(item, "code", required=True),
                               "coder": _text(item, "coder", required=True),
                               "memo": _text(item, "memo", required=False)}
    for name in _NUMBERS:
        checked[name] = _number(item, name)
    if checked["passage"] is None and checked["document"] is None:
        raise BadLineError("give passage, or document with start and end")
    return checked


def read_batch(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, checked item) for every line; all lines are read first, and the bad
    ones are reported one line each on stderr before one summary error."""
    items: list[tuple[int, dict[str, Any]]] = []
    bad = 0
    try:
        with path.open(encoding="utf-8", newline="") as stream:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                try:
                    items.append((number, parse_line(line)))
                except BadLineError as err:
                    bad += 1
                    if bad <= MAX_SHOWN:
                        print(f"{path} line {number}: {err}", file=sys.stderr)
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) else "not UTF-8 text"
        raise InvalidInputError(f"{path}: cannot read ({reason})") from err
    if bad:
        more = f" ({bad - MAX_SHOWN} more not listed)" if bad > MAX_SHOWN else ""
        raise InvalidInputError(f"{path}: {bad} bad line(s){more}; nothing was written")
    if not items:
        raise InvalidInputError(f"{path}: no codings in the file")
    yield from items
