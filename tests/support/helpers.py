"""Helpers several test modules share: running the CLI, and projects at an older schema."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from cli.main import main
from db.engine import open_engine, upgrade

OLD_TEXT = "交付金を交付する。𠮷野の人材育成。"  # passages 7 = [0, 9), 8 = [9, 17)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def old_project(path: Path, revision: str, stamp: datetime,
                coders: tuple[str, ...] = ("ann",)) -> Engine:
    """A project file at `revision` holding one document, two passages, code 1 (finance)
    and the given coders (ids from 1), as an older Annotator wrote it; add codings to it."""
    engine = open_engine(path, migrate=False)
    upgrade(engine, revision)
    with engine.begin() as c:
        c.execute(text("INSERT INTO blobs VALUES ('abc', x'255044462d')"))
        c.execute(text(
            "INSERT INTO documents (id, name, sha256, title, page_count, text, extractor, "
            "warnings, imported_at) VALUES (1, 'old.pdf', 'abc', '', 1, :text, '1', '[]', :t)"),
            {"t": stamp, "text": OLD_TEXT})
        c.execute(text(
            "INSERT INTO passages (id, document_id, seq, start, \"end\", page, page_end, kind) "
            "VALUES (7, 1, 0, 0, 9, 0, 0, 'paragraph'), (8, 1, 1, 9, 17, 0, 0, 'paragraph')"))
        c.execute(text(
            "INSERT INTO codes (id, guid, key, position, name, name_ja, color, definition, "
            "include_note, exclude_note, examples) VALUES (1, 'g', 'finance', 0, 'finance', "
            "'財源', '#E6862A', '', '', '', '')"))
        for number, name in enumerate(coders, start=1):
            c.execute(text("INSERT INTO coders (id, name, created_at) VALUES (:i, :n, :t)"),
                      {"i": number, "n": name, "t": stamp})
    return engine
