"""Team work: coders' copies (fork, merge) and team projects on a server (push, pull, grant).

A fork is written to a temporary file beside the target and renamed when complete, so a
half-made copy never looks like a project. A merge is one write transaction on the lead's
project. Push and pull copy every row with its id, so a project moved to the server and
back is the same project (its GUID included).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from annotator.changes import Changes, Op
from annotator.database import Database
from annotator.errors import InvalidInputError, ProjectFileError
from annotator.ids import DocumentId
from annotator.team.codebook3 import snapshot as codebook_snapshot
from annotator.team.copying import copy_rows
from annotator.team.merge import FORK_KEY, MergeReport, fork_info, merge_copy
from db.engine import grant_role, is_server, open_engine, safe_location
from db.models import TABLES, Code, Coder, Document

PROJECT_GUID = "project_guid"


class TeamService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def fork(self, out: Path, coder: str, *, blind: bool = False) -> dict[str, int]:
        """A coder's copy: documents, codebook, settings, that coder's codings and decisions
        (and, unless blind, everyone else's to look at). Counts of what it holds."""
        coder = coder.strip()
        if not coder:
            raise InvalidInputError("a coder's copy needs --coder NAME")
        out = Path(out)
        if out.exists():
            raise InvalidInputError(f"{out}: already exists; choose a new file for the copy")
        partial = out.with_name(out.name + ".partial")
        partial.unlink(missing_ok=True)
        target = open_engine(partial)
        try:
            with self._db.read() as s, target.begin() as into:
                into.execute(delete(TABLES["settings"]))
                who = s.scalar(select(Coder.id).where(Coder.name == coder))
                keep = _fork_filter(s, who, blind)
                counts = copy_rows(s.connection(), into, keep, skip=("history",))
                info = {"coder": coder, "blind": blind, "base": codebook_snapshot(s),
                        "codings": list(s.scalars(select(TABLES["annotations"].c.guid)
                                                  .where(TABLES["annotations"].c.coder_id == who)))
                        if who is not None else []}
                into.execute(delete(TABLES["settings"]).where(TABLES["settings"].c.key == FORK_KEY))
                into.execute(TABLES["settings"].insert(),
                             [{"key": FORK_KEY, "value": json.dumps(info, ensure_ascii=False)}])
        except BaseException:
            target.dispose()
            partial.unlink(missing_ok=True)
            raise
        target.dispose()
        os.replace(partial, out)
        return counts

    def merge(self, copies: Sequence[Path], *, theirs: bool = False) -> Op[list[MergeReport]]:
        """Bring coders' copies back; each copy in one transaction (all of it or nothing)."""
        reports: list[MergeReport] = []
        for path in copies:
            reports.append(self.merge_one(Path(path), theirs=theirs))
        documents = frozenset(DocumentId(d) for d in self._document_ids())
        changes = Changes(annotations_in=documents, status_in=documents, reviews_in=documents,
                          codebook=True, documents=documents)
        return Op(reports, changes)

    def merge_one(self, path: Path, *, theirs: bool = False) -> MergeReport:
        if not path.is_file():
            raise ProjectFileError(f"{path}: no such project file")
        source = _open_copy(path)
        try:
            with source.connect() as copy:
                _check_lineage(self._db, copy, path)
                with self._db.write() as s:
                    return merge_copy(s, copy, path.name, prefer_theirs=theirs)
        finally:
            source.dispose()

    def push(self, url: str) -> dict[str, int]:
        """Upload this (file) project into an empty team database on a server."""
        return _transfer(self._db, _target_engine(url, server=True), safe_location(url))

    def pull(self, out: Path) -> dict[str, int]:
        """Make a project file from this (team) project, every row and id kept."""
        out = Path(out)
        if out.exists():
            raise InvalidInputError(f"{out}: already exists; choose a new file")
        partial = out.with_name(out.name + ".partial")
        partial.unlink(missing_ok=True)
        try:
            counts = _transfer(self._db, open_engine(partial), str(out))
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        os.replace(partial, out)
        return counts

    def grant(self, user: str) -> None:
        """Let a server login code in this team project (the server's row policies still
        keep each coder to their own codings and decisions)."""
        if not self._db.on_server:
            raise InvalidInputError("grant is for team projects on a server")
        with self._db.write() as s:
            grant_role(s.connection(), user)

    def _document_ids(self) -> list[int]:
        with self._db.read() as s:
            return list(s.scalars(select(Document.id)))


def _fork_filter(s: Session, who: int | None, blind: bool) -> Any:
    if not blind:
        return None
    kept = set(s.scalars(select(TABLES["annotations"].c.id)
                         .where(TABLES["annotations"].c.coder_id == who)))

    def keep(table: str, row: dict[str, Any]) -> bool:
        if table == "annotations":
            return bool(row["coder_id"] == who)
        if table == "reviews":
            return row["annotation_id"] in kept and row["coder_id"] == who
        if table == "annotation_sources":
            return row["annotation_id"] in kept and row["source_annotation_id"] in kept
        return True

    return keep


def _open_copy(path: Path) -> Engine:
    try:
        return open_engine(path)
    except Exception as err:
        raise ProjectFileError(f"{path}: not an Annotator project ({err})") from err


def _check_lineage(db: Database, copy: Any, path: Path) -> None:
    settings = TABLES["settings"]
    theirs = copy.execute(select(settings.c.value).where(settings.c.key == PROJECT_GUID)).scalar()
    with db.read() as s:
        ours = s.scalar(select(settings.c.value).where(settings.c.key == PROJECT_GUID))
    if fork_info(copy) is None or theirs != ours:
        raise InvalidInputError(f"{path}: not a coder's copy of this project (make one with "
                                "team fork)")


def _target_engine(url: str, *, server: bool) -> Engine:
    if server and not is_server(url):
        raise InvalidInputError(f"{url}: not a postgresql:// URL")
    return open_engine(url)


def _transfer(db: Database, target: Engine, shown: str) -> dict[str, int]:
    try:
        with db.read() as s, target.begin() as into:
            for model in (Code, Coder, Document):
                if into.execute(select(func.count()).select_from(model)).scalar():
                    raise InvalidInputError(f"{shown}: is not empty; push into a new database")
            into.execute(delete(TABLES["settings"]))
            counts = copy_rows(s.connection(), into)
            into.execute(delete(TABLES["settings"]).where(TABLES["settings"].c.key == FORK_KEY))
    finally:
        target.dispose()
    return counts
