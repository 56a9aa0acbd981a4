"""Putting generated Japanese PDFs into a project, for tests that need a document."""

from __future__ import annotations

from annotator.documents.importing import IMPORTED
from annotator.ids import DocumentId
from annotator.project import Project
from tests.support.pdf_factory import make_pdf as typeset

__all__ = ["import_text", "typeset"]


def import_text(project: Project, pages: list[str], name: str = "sample.pdf") -> DocumentId:
    """Typeset `pages` (one string a page, lines split at '\\n') and import them."""
    outcome = project.importer.import_bytes(name, typeset(pages))
    assert outcome.status == IMPORTED, outcome.line()
    assert outcome.document_id is not None
    return outcome.document_id
