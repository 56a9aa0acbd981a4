"""`tag --batch FILE.jsonl`: strict, typed reading of one JSON object a line.

Every line is checked before anything is committed, and every bad line gets one line of
its own: a wrong type is refused, not stored as its Python repr (``None``, ``['a']``) or
turned into something else (``"code": 1`` is not the code with id 1). Lines are read as
a stream and split only at line feeds, so a U+2028 inside a JSON string is just a
character. Checking a line's ids and ranges against the project is the core's part
(annotator/coding/batch.py), which writes the whole batch in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from annotator.coding.batch import BatchLine
from annotator.errors import InvalidInputError

MAX_ID = 2**63 - 1  # SQLite's largest integer
MAX_LINE = 1_000_000  # bytes; a coding with a memo fits many times over
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


def read_batch(path: Path) -> Iterator[BatchLine]:
    """The file's lines as they are read, never all at once (a batch may have millions).

    Bytes are split at line feeds only and each line is decoded on its own, so a U+2028
    inside a JSON string is a character and a line of bad UTF-8 is one bad line. A line
    that is not a coding comes out with its `problem` set: the core counts it as bad,
    writes nothing, and names it with the others.
    """
    try:
        with path.open("rb") as stream:
            for number, line in enumerate(_lines(stream), start=1):
                if line is None:
                    yield BatchLine(number, problem=f"longer than {MAX_LINE:,} bytes")
                    continue
                if number == 1:
                    line = line.removeprefix(b"\xef\xbb\xbf")  # a byte order mark
                if line.strip():
                    yield _checked(number, line)
    except OSError as err:
        raise InvalidInputError(f"{path}: cannot read ({err.strerror or err})") from err


def _lines(stream: BinaryIO) -> Iterator[bytes | None]:
    """Lines of at most MAX_LINE bytes; a longer one is skipped to its end and is None."""
    while line := stream.readline(MAX_LINE + 1):
        if len(line) <= MAX_LINE or line.endswith(b"\n"):
            yield line
            continue
        while (rest := stream.readline(MAX_LINE)) and not rest.endswith(b"\n"):
            pass
        yield None


def _checked(number: int, line: bytes) -> BatchLine:
    try:
        item = parse_line(line.decode("utf-8"))
    except UnicodeDecodeError:
        return BatchLine(number, problem="not UTF-8 text")
    except BadLineError as err:
        return BatchLine(number, problem=str(err))
    return BatchLine(number, item["code"], item["coder"], item["memo"], item["passage"],
                     item["document"], item["start"], item["end"])
