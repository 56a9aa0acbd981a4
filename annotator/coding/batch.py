"""A batch of codings at scale: one transaction, bulk statements, bounded memory.

`tag --batch` with a million lines took ~31 minutes when each line was one request (a
lookup round trip, a duplicate check and two INSERTs, after every line had been read into
a list). Here the lines stream through in chunks: a chunk's passages, document lengths and
already-stored duplicates are each one SELECT, its codings and their history rows are two
executemany INSERTs, and the codebook and the coders are resolved once. Memory is bounded
by the chunk and the one document text held for quotes, not by the number of lines; the
ids wait in a temporary file (8 bytes a line) until the commit.

All or nothing, with every bad line named: a bad line stops the writing but not the
reading, so every later bad line is found too; then the transaction rolls back.
"""

from __future__ import annotations

import bisect
import json
import tempfile
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import IO, Any

from sqlalchemy import (
    Column,
    Connection,
    Integer,
    MetaData,
    Table,
    and_,
    bindparam,
    func,
    insert,
    select,
)
from sqlalchemy.orm import Session

from annotator.coding.statements import history_after
from annotator.errors import InvalidInputError
from annotator.history import coder_id, now
from annotator.ids import AnnotationId, DocumentId
from annotator.kinds import Origin
from db.models import Annotation, Code, Document, History, Passage, new_guid

CHUNK = 2000  # lines a round of SELECTs and INSERTs covers (SQLite allows 32,766 variables)
MAX_SHOWN = 20  # bad lines a rejection lists; the rest are counted
_CODERS_KEPT = 10_000  # resolved coder names kept (a batch rarely has more than a few)
_KEYS_DDL = ("CREATE TEMPORARY TABLE IF NOT EXISTS annotator_batch_keys (document_id INTEGER, "
             'start INTEGER, "end" INTEGER, code_id INTEGER, coder_id INTEGER)')
_KEYS = Table("annotator_batch_keys", MetaData(), Column("document_id", Integer),
              Column("start", Integer), Column("end", Integer), Column("code_id", Integer),
              Column("coder_id", Integer))
_SAME = [getattr(Annotation, name) == _KEYS.c[name]
         for name in ("document_id", "start", "end", "code_id", "coder_id")]
_REPEATS = (select(Annotation.id, Annotation.document_id, Annotation.start, Annotation.end,
                   Annotation.code_id, Annotation.coder_id)
            .join(_KEYS, and_(*_SAME)).distinct().order_by(Annotation.id.desc()))
_INSERT = insert(Annotation)
_HISTORY = insert(History)


@dataclass(frozen=True)
class BatchLine:
    """One line of a batch: a passage, or a document with a code point range."""

    number: int  # the line number in the source, for messages
    code: str = ""  # key, Japanese or English name (digits: an id, when no code is so named)
    coder: str = ""
    memo: str = ""
    passage: int | None = None
    document: int | None = None
    start: int | None = None
    end: int | None = None
    problem: str = ""  # the reader already found this line malformed: it is a bad line


class BatchRejectedError(InvalidInputError):
    """Some lines are bad; nothing was written. `problems` lists the first MAX_SHOWN."""

    def __init__(self, problems: list[tuple[int, str]], count: int) -> None:
        more = f" ({count - len(problems)} more not listed)" if count > len(problems) else ""
        super().__init__(f"{count} bad line(s){more}; nothing was written")
        self.problems = problems
        self.count = count


class EmptyBatchError(InvalidInputError):
    """The batch has no lines at all."""

    def __init__(self) -> None:
        super().__init__("no codings in the batch")


class IdSpool:
    """The ids of a batch, one per line in line order, kept on disk rather than in memory."""

    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self.count = 0

    def extend(self, ids: Iterable[int]) -> None:
        block = array("q", ids)
        block.tofile(self._file)
        self.count += len(block)

    def __iter__(self) -> Iterator[AnnotationId]:
        self._file.seek(0)
        left = self.count
        while left:
            block = array("q")
            block.fromfile(self._file, min(left, 65536))
            left -= len(block)
            yield from (AnnotationId(i) for i in block)

    def close(self) -> None:
        self._file.close()


@dataclass
class BatchOutcome:
    ids: IdSpool  # one per line: the new coding, or the stored one it repeats
    created: int  # how many codings are new
    documents: set[DocumentId] = field(default_factory=set)


@dataclass(frozen=True)
class _Row:
    """A checked line: where it goes and which code and coder."""

    number: int
    document: int
    start: int
    end: int
    code: int
    coder: int
    memo: str
    passage: int | None  # given by the line; None: the passage holding the range, if any

    @property
    def key(self) -> tuple[int, int, int, int, int]:
        return (self.document, self.start, self.end, self.code, self.coder)


class _Codebook:
    """Code references resolved as `find_code` does: key, Japanese name, English name,
    then (digits only) id — read once, since a codebook is small and a batch is not."""

    def __init__(self, c: Connection) -> None:
        self._by: list[dict[str, int]] = [{}, {}, {}]
        self._ids: set[int] = set()
        for code_id, key, name_ja, name in c.execute(
                select(Code.id, Code.key, Code.name_ja, Code.name).order_by(Code.id.desc())):
            for table, value in zip(self._by, (key, name_ja, name), strict=True):
                if value is not None:
                    table[value] = code_id  # descending ids: the lowest id wins
            self._ids.add(code_id)

    def find(self, ref: str) -> int | None:
        for table in self._by:
            if ref in table:
                return table[ref]
        if ref.isdigit() and int(ref) in self._ids:
            return int(ref)
        return None


@dataclass(frozen=True)
class _Document:
    """A document's text and passages, for quotes and the passage holding a range."""

    text: str
    starts: list[int]
    rows: list[tuple[int, int, int]]  # (start, end, id), by start
    reach: list[int]  # the furthest end among the passages up to each one

    @property
    def size(self) -> int:
        return len(self.text) + 4 * len(self.rows)

    def holding(self, start: int, end: int) -> int | None:
        """The passage holding start–end with the latest start (`containing_passage`)."""
        at = bisect.bisect_right(self.starts, start) - 1
        while at >= 0 and self.reach[at] >= end:  # no passage further back reaches `end`
            if self.rows[at][1] >= end:
                return self.rows[at][2]
            at -= 1
        return None


_TEXT = select(Document.text).where(Document.id == bindparam("document"))
_PASSAGES = (select(Passage.start, Passage.end, Passage.id)
             .where(Passage.document_id == bindparam("document"))
             .order_by(Passage.start, Passage.id))


class _Documents:
    """The documents a batch codes, the most recently used kept up to a size budget."""

    def __init__(self, c: Connection, budget: int = 8_000_000) -> None:
        self._c = c
        self._kept: OrderedDict[int, _Document] = OrderedDict()
        self._size, self._budget = 0, budget

    def get(self, document: int) -> _Document:
        found = self._kept.get(document)
        if found is not None:
            self._kept.move_to_end(document)
            return found
        found = self._load(document)
        self._kept[document] = found
        self._size += found.size
        while self._size > self._budget and len(self._kept) > 1:
            self._size -= self._kept.popitem(last=False)[1].size
        return found

    def _load(self, document: int) -> _Document:
        text = str(self._c.execute(_TEXT, {"document": document}).scalar_one())
        rows = [(int(a), int(b), int(i))
                for a, b, i in self._c.execute(_PASSAGES, {"document": document})]
        reach, furthest = [], -1
        for _start, end, _id in rows:
            furthest = max(furthest, end)
            reach.append(furthest)
        return _Document(text, [row[0] for row in rows], rows, reach)


class Batch:
    """Reads the lines of one batch inside one write transaction (see `CodingService`)."""

    def __init__(self, s: Session) -> None:
        self._s = s
        self._c = c = s.connection()
        self._codes = _Codebook(c)
        self._coders: dict[str, int] = {}
        self._lengths: dict[int, int | None] = {}
        self._documents = _Documents(c)
        self._keys_ready = False
        self.problems: list[tuple[int, str]] = []
        self.bad = 0
        self.outcome = BatchOutcome(IdSpool(), 0)

    def run(self, lines: Iterable[BatchLine]) -> BatchOutcome:
        stream, seen = iter(lines), False
        while chunk := list(islice(stream, CHUNK)):
            seen = True
            rows = self._check(chunk)
            if not self.bad:
                self._write(rows)
        if self.bad:
            self.outcome.ids.close()
            raise BatchRejectedError(self.problems, self.bad)
        if not seen:
            self.outcome.ids.close()
            raise EmptyBatchError
        return self.outcome

    def _reject(self, number: int, problem: str) -> None:
        self.bad += 1
        if len(self.problems) < MAX_SHOWN:
            self.problems.append((number, problem))

    def _check(self, chunk: list[BatchLine]) -> list[_Row]:
        passages = self._passages({line.passage for line in chunk if line.passage is not None})
        self._read_lengths({line.document for line in chunk if line.document is not None}
                           | {place[0] for place in passages.values()})
        rows = []
        for line in chunk:
            try:
                rows.append(self._row(line, passages))
            except InvalidInputError as err:
                self._reject(line.number, str(err))
        return rows

    def _row(self, line: BatchLine, passages: dict[int, tuple[int, int, int]]) -> _Row:
        if line.problem:
            raise InvalidInputError(line.problem)
        document, start, end = self._place(line, passages)
        code = self._codes.find(line.code)
        if code is None:
            raise InvalidInputError(f"no code {line.code!r} in the codebook")
        return _Row(line.number, document, start, end, code, self._coder(line.coder),
                    line.memo, line.passage)

    def _place(self, line: BatchLine,
               passages: dict[int, tuple[int, int, int]]) -> tuple[int, int, int]:
        if line.passage is not None:
            if line.document is not None or line.start is not None or line.end is not None:
                raise InvalidInputError("give either a passage or a document with start/end")
            if line.passage not in passages:
                raise InvalidInputError(f"no passage with id {line.passage}")
            return passages[line.passage]
        if line.document is None or line.start is None or line.end is None:
            raise InvalidInputError("give passage, or document with start and end")
        length = self._lengths.get(line.document)
        if length is None:
            raise InvalidInputError(f"no document with id {line.document}")
        if not 0 <= line.start < line.end <= length:
            raise InvalidInputError(
                f"range {line.start}–{line.end} is outside document {line.document} "
                f"(0–{length} characters)")
        return line.document, line.start, line.end

    def _coder(self, name: str) -> int:
        name = name.strip()
        if name not in self._coders:
            if len(self._coders) >= _CODERS_KEPT:
                self._coders.clear()
            self._coders[name] = int(coder_id(self._s, name))
        return self._coders[name]

    def _passages(self, ids: set[int]) -> dict[int, tuple[int, int, int]]:
        if not ids:
            return {}
        return {int(i): (int(d), int(a), int(b)) for i, d, a, b in self._c.execute(
            select(Passage.id, Passage.document_id, Passage.start, Passage.end)
            .where(Passage.id.in_(ids)))}

    def _read_lengths(self, documents: set[int]) -> None:
        unknown = documents - self._lengths.keys()
        if not unknown:
            return
        found: dict[int, int | None] = {int(d): n for d, n in self._c.execute(
            select(Document.id, func.length(Document.text)).where(Document.id.in_(unknown)))}
        for document in unknown:
            length = found.get(document)
            self._lengths[document] = int(length) if length is not None else None

    def _write(self, rows: list[_Row]) -> None:
        """Insert the chunk's new codings and their history; spool an id for every row."""
        if not rows:
            return
        self._keep_keys(rows)
        ids = self._repeats()
        fresh: dict[tuple[int, int, int, int, int], _Row] = {}
        for row in rows:
            if row.key not in ids:
                fresh.setdefault(row.key, row)  # the same coding twice in a batch is one
        if fresh:
            stamp = now()
            ordered = sorted(fresh.values(), key=lambda row: row.document)  # one load each
            values = [self._values(row, stamp) for row in ordered]
            self._c.execute(_INSERT, values)
            ids = self._repeats()  # the new ones too, by the same keys
            self._c.execute(_HISTORY, [
                {"at": stamp, "coder_id": v["coder_id"], "action": "create",
                 "annotation_id": ids[row.key], "before": None,
                 "after": json.dumps(history_after(v, ids[row.key], stamp), ensure_ascii=False)}
                for row, v in zip(ordered, values, strict=True)])
        self.outcome.created += len(fresh)
        self.outcome.documents.update(DocumentId(row.document) for row in rows)
        self.outcome.ids.extend(ids[row.key] for row in rows)

    def _values(self, row: _Row, stamp: datetime) -> dict[str, Any]:
        document = self._documents.get(row.document)
        passage = row.passage if row.passage is not None else document.holding(
            row.start, row.end)
        return {"document_id": row.document, "passage_id": passage, "start": row.start,
                "end": row.end, "code_id": row.code, "coder_id": row.coder, "memo": row.memo,
                "quote": document.text[row.start:row.end], "anchor": "exact",
                "created_at": stamp, "updated_at": stamp, "guid": new_guid(),
                "origin": Origin.HUMAN.value}

    def _keep_keys(self, rows: list[_Row]) -> None:
        """The chunk's keys into a temporary table joined on the annotations' index: an IN
        list of 2,000 five-column tuples cost more to build than the whole insert."""
        if not self._keys_ready:
            self._c.exec_driver_sql(_KEYS_DDL)
            self._keys_ready = True
        self._c.execute(_KEYS.delete())
        self._c.execute(_KEYS.insert(), [
            {"document_id": r.document, "start": r.start, "end": r.end, "code_id": r.code,
             "coder_id": r.coder} for r in rows])

    def _repeats(self) -> dict[tuple[int, int, int, int, int], int]:
        """The stored codings (from before, or earlier in this batch) with the kept keys."""
        found: dict[tuple[int, int, int, int, int], int] = {}
        for annotation_id, *key in self._c.execute(_REPEATS):
            found[(int(key[0]), int(key[1]), int(key[2]), int(key[3]), int(key[4]))] = int(
                annotation_id)  # descending: the earliest of equal codings wins
        return found
