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
from annotator.documents.reextract import ReextractService
from annotator.documents.service import DocumentService
from annotator.errors import ProjectFileError
from annotator.export.data import Sources
from annotator.export.service import ExportService
from annotator.review.service import ReviewService
from annotator.search.service import SearchService
from annotator.team.service import TeamService
from annotator.watch import Mark, WatchService
from db.engine import (
    NotAProjectError,
    PasswordInUrlError,
    database_name,
    is_server,
    open_engine,
    safe_location,
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
            is_new = not path.exists() or path.stat().st_size == 0
            self.db = Database(_open(path))
        self.documents = DocumentService(self.db)
        self.codebook = CodebookService(self.db)
        self.coding = CodingService(self.db)
        self.importer = ImportService(self.db)
        self.search = SearchService(self.db)
        self.reextract = ReextractService(self.db)
        self.agreement = AgreementService(self.db)
        self.review = ReviewService(self.db)
        self.exports = ExportService(Sources(self.db, self.documents, self.codebook, self.review,
                                             self.agreement, self.path.name))
        self.codebook_files = CodebookIO(self.db)
        self.watch = WatchService(self.db)
        self.team = TeamService(self.db)
        if is_new:
            self.codebook.install_default()

    @property
    def on_server(self) -> bool:
        return is_server(self.location)

    def changes_since(self, mark: Mark | None) -> tuple[Mark, Changes]:
        """What others changed since `mark` (None: now, nothing), for panes to refresh live."""
        return self.watch.changes_since(mark)

    def close(self) -> None:
        self.db.engine.dispose()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _open(path: Path) -> Engine:
    if path.exists() and path.is_dir():
        raise ProjectFileError(f"{path}: is a folder, not a project file")
    try:
        return open_engine(path)
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
