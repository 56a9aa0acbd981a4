"""The one way into a project file: `Project` owns the engine; its services do the actions.

Each public service method is one user action and one transaction, so a coding is
durable the moment the method returns and a failure leaves nothing half-written.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.util.exc import CommandError
from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError

from annotator.agreement.service import AgreementService
from annotator.changes import Changes
from annotator.codebook.files import CodebookIO
from annotator.codebook.service import CodebookService
from annotator.coding.service import CodingService
from annotator.database import Database
from annotator.documents.importing import ImportService
from annotator.documents.ocr import OcrService
from annotator.documents.reextract import ReextractService
from annotator.documents.service import DocumentService
from annotator.errors import InvalidInputError, ProjectFileError
from annotator.exchange.service import ExchangeService
from annotator.export.data import Sources
from annotator.export.service import ExportService
from annotator.review.service import ReviewService
from annotator.search.service import SearchService
from annotator.suggest.service import SuggestService
from annotator.team.service import TeamService
from annotator.watch import Mark, WatchService
from db.engine import (
    NotAProjectError,
    PasswordInUrlError,
    backup,
    check_file,
    checkpoint,
    database_name,
    is_server,
    open_engine,
    quick_check,
    safe_location,
    writable,
)

Location = Path | str  # a project file, or a postgresql:// URL of a team project


def location(value: str | Path) -> Location:
    """What the user typed as PROJECT: a server URL stays as it is, a file name becomes a path."""
    if is_server(value):
        return str(value)
    return Path(value).expanduser()


def is_team(value: str | Path) -> bool:
    """Whether PROJECT names a team project on a PostgreSQL server."""
    return is_server(value)


class Project:
    def __init__(self, path: Location, *, create: bool = True) -> None:
        if is_server(path):
            self.location: Location = str(path)
            self.path = Path(database_name(str(path)))
            self.db = Database(_open_server(str(path)))
            is_new = self.db.is_empty()
        else:
            path = Path(path)
            if not create and not path.exists():
                raise ProjectFileError(f"{path}: no such project file")
            self.location = self.path = path
            self.db = _database(path, create)
            is_new = self.db.created
        self.documents = DocumentService(self.db)
        self.codebook = CodebookService(self.db)
        self.coding = CodingService(self.db)
        self.importer = ImportService(self.db)
        self.search = SearchService(self.db)
        self.reextract = ReextractService(self.db)
        self.ocr = OcrService(self.db, self.reextract)
        self.agreement = AgreementService(self.db)
        self.review = ReviewService(self.db)
        self.exports = ExportService(Sources(self.db, self.documents, self.codebook, self.review,
                                             self.agreement, self.path.name))
        self.codebook_files = CodebookIO(self.db)
        self.watch = WatchService(self.db)
        self.team = TeamService(self.db)
        self.exchange = ExchangeService(self.db, self.documents, self.codebook, self.importer,
                                        lambda: self.path.stem)
        self.suggest = SuggestService(self.db)
        if is_new:
            self.codebook.install_default()

    @property
    def on_server(self) -> bool:
        return is_server(self.location)

    def changes_since(self, mark: Mark | None) -> tuple[Mark, Changes]:
        """What others changed since `mark` (None: now, nothing), for panes to refresh live."""
        return self.watch.changes_since(mark)

    def checkpoint(self) -> None:
        """Fold the WAL into the project file, so copying the one file copies everything."""
        checkpoint(self.db.engine)

    def save_copy(self, out: Path) -> None:
        """A consistent single-file copy of the project (File › Save a copy), written whole
        or not at all; the project itself stays open and unchanged."""
        if self.on_server:
            raise InvalidInputError("a team project on a server: use `team pull` for a file")
        out = Path(out)
        if out.resolve() == self.path.resolve():
            raise InvalidInputError(f"{out}: that is the project itself; choose another file")
        try:
            backup(self.db.engine, out)
        except (OSError, sqlite3.Error) as error:
            reason = error.strerror if isinstance(error, OSError) else str(error)
            raise ProjectFileError(f"{out}: cannot write the copy ({reason})") from error

    def close(self) -> None:
        self.db.engine.dispose()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _database(path: Path, create: bool) -> Database:
    """Open the file as a project: checked before anything is written to it, read-only
    when it cannot be written, write-refusing when SQLite finds it damaged."""
    if path.exists() and path.is_dir():
        raise ProjectFileError(f"{path}: is a folder, not a project file")
    try:
        empty = check_file(path)
    except NotAProjectError as err:
        raise ProjectFileError(f"{path}: {err}") from err
    except OSError as err:
        raise ProjectFileError(f"{path}: cannot read it ({err.strerror})") from err
    if empty and not create:
        raise ProjectFileError(f"{path}: an empty file, not a project (only `import` or the "
                               f"workbench makes a new one)")
    read_only = not writable(path)
    if read_only and empty:
        raise ProjectFileError(f"read-only: {path}")
    database = Database(_open(path, read_only), name=str(path),
                        refuse_writes=f"read-only: {path}" if read_only else "")
    database.created = empty
    if not empty:
        verdict = _quick_check(database.engine)
        if verdict != "ok" and not read_only:
            database.refuse_writes = (
                f"damaged: {path} fails SQLite's check ({verdict}); nothing will be written "
                f"to it. Recover: copy it aside, then `sqlite3 COPY .recover | sqlite3 "
                f"NEW.annot`, or go back to a back-up copy")
    return database


def _quick_check(engine: Engine) -> str:
    try:
        return " ".join(quick_check(engine).replace("*** in database main ***", "").split())
    except (DatabaseError, sqlite3.DatabaseError) as err:
        return str(getattr(err, "orig", err))


def _open(path: Path, read_only: bool) -> Engine:
    try:
        return open_engine(path, read_only=read_only)
    except NotAProjectError as err:
        raise ProjectFileError(f"{path}: {err}") from err
    except CommandError as err:
        raise ProjectFileError(f"{path}: made by a newer Annotator ({err})") from err
    except (DatabaseError, sqlite3.DatabaseError) as err:
        raise ProjectFileError(f"{path}: not an Annotator project (not a SQLite file)") from err


def _open_server(url: str) -> Engine:
    shown = safe_location(url)
    try:
        return open_engine(url)
    except PasswordInUrlError as err:
        raise ProjectFileError(f"{shown}: {err}") from err
    except NotAProjectError as err:
        raise ProjectFileError(f"{shown}: {err}") from err
    except CommandError as err:
        raise ProjectFileError(f"{shown}: made by a newer Annotator ({err})") from err
    except DatabaseError as err:
        reason = str(getattr(err, "orig", err)).strip().splitlines()[0]
        raise ProjectFileError(f"{shown}: cannot open the team database ({reason})") from err
