"""REFI-QDA project exchange (.qdpx) of one project: export it, import one into it.

Receives the services it needs instead of the `Project`, so the core does not depend on
the class that assembles it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from annotator.changes import Changes, Op
from annotator.codebook.service import CodebookService
from annotator.database import Database
from annotator.documents.importing import ImportService
from annotator.documents.service import DocumentService
from annotator.exchange.archive import Limits
from annotator.exchange.reader import QdpxReader
from annotator.exchange.report import QdpxImportReport
from annotator.exchange.writer import ExchangeCancelledError, ExportSummary, QdpxWriter

__all__ = ["ExchangeCancelledError", "ExchangeService", "ExportSummary", "QdpxImportReport"]
Progress = Callable[[int, int], None]


class ExchangeService:
    def __init__(self, db: Database, documents: DocumentService, codebook: CodebookService,
                 importer: ImportService, name: Callable[[], str]) -> None:
        self._writer = QdpxWriter(db, codebook)
        self._reader = QdpxReader(db, documents, importer)
        self._documents = documents
        self._name = name

    def export(self, target: Path, *, coders: Sequence[str] = (),
               progress: Progress | None = None,
               cancelled: Callable[[], bool] = lambda: False) -> ExportSummary:
        """The project (or `coders`' codings) as a .qdpx at `target`, written atomically."""
        return self._writer.export(Path(target), name=self._name(), coders=coders,
                                   progress=progress, cancelled=cancelled)

    def import_file(self, source: Path, *, progress: Progress | None = None,
                    cancelled: Callable[[], bool] = lambda: False,
                    limits: Limits | None = None) -> Op[QdpxImportReport]:
        """Bring a .qdpx in; a hostile or malformed file raises ProjectFileError, unwritten."""
        report = self._reader.import_file(Path(source), progress=progress, cancelled=cancelled,
                                          limits=limits)
        ids = frozenset(d.id for d in self._documents.all())
        changes = Changes(documents=ids, annotations_in=ids, status_in=ids, reviews_in=ids,
                          passages_in=ids, codebook=True, settings=True) if report.changed \
            else Changes()
        return Op(report, changes)
