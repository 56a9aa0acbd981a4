"""Plain values the services hand to the CLI and the GUI (never ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from annotator.ids import AnnotationId, CodeId, DocumentId, PassageId


@dataclass(frozen=True)
class DocumentInfo:
    id: DocumentId
    name: str
    sha256: str
    pages: int
    chars: int
    passages: int
    warnings: tuple[str, ...]
    extractor: str
    title: str
    imported_at: datetime
    kind: str = "pdf"  # "text": a text-only document (from a .qdpx TextSource), no pages

    @property
    def has_pages(self) -> bool:
        return self.kind == "pdf"


@dataclass(frozen=True)
class PassageRow:
    id: PassageId
    document_id: DocumentId
    seq: int
    page: int
    page_end: int
    start: int
    end: int
    kind: str
    speaker: str | None
    text: str


@dataclass(frozen=True)
class CodeRow:
    id: CodeId
    guid: str
    key: str
    name: str
    name_ja: str
    parent: CodeId | None
    position: int
    color: str
    shortcut: str | None
    definition: str
    include_note: str
    exclude_note: str
    examples: str
    version: int = 1  # what an edit expects to find (optimistic concurrency)
    updated_by: str = ""
    rules: str = ""  # the code's suggestion rule (annotator/suggest/rules.py)
    threshold: float = 0.7  # F1 a source of suggestions must reach to be shown


@dataclass(frozen=True)
class AnnotationRow:
    id: AnnotationId
    document_id: DocumentId
    passage_id: PassageId | None
    start: int
    end: int
    code_id: CodeId
    code: str  # the code's key
    coder: str
    memo: str
    quote: str
    anchor: str
    created: datetime
    updated: datetime
    origin: str = "human"  # or "suggested": an accepted suggestion (annotator/suggest)


@dataclass(frozen=True)
class Target:
    """What to code: a passage, or a free range [start, end) in code points of the text."""

    document: DocumentId
    start: int
    end: int
    passage: PassageId | None = None
