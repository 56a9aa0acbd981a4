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
from annotator.codebook.files import CodebookIO
from annotator.codebook.service import CodebookService
from annotator.coding.service import CodingService
from annotator.database import Database
from annotator.documents.importing import ImportService
from annotator.documents.ocr import OcrService
from annotator.documents.reextract import ReextractService
from annotator.documents.service import DocumentService
from annotator.errors import ProjectFileError
from annotator.export.service import ExportService
from annotator.review.service import ReviewService
from annotator.search.service import SearchService
from db.engine import NotAProjectError, open_engine


class Project:
    def __init__(self, path: Path, *, create: bool = True) -> None:
        path = Path(path)
        if not create and not path.exists():
            raise ProjectFileError(f"{path}: no such project file")
        self.path = path
        is_new = not path.exists() or path.stat().st_size == 0
        self.db = Database(_open(path))
        self.documents = DocumentService(self.db)
        self.codebook = CodebookService(self.db)
        self.coding = CodingService(self.db)
        self.importer = ImportService(self.db)
        self.search = SearchService(self.db)
        self.reextract = ReextractService(self.db)
        self.ocr = OcrService(self.db, self.reextract)
        self.agreement = AgreementService(self.db)
        self.review = ReviewService(self.db)
        self.exports = ExportService(self)
        self.codebook_files = CodebookIO(self.db)
        if is_new:
            self.codebook.install_default()

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
