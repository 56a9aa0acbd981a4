"""SQLAlchemy 2 models of a project file.

Offsets (`start`, `end`) are always code points of `Document.text`, never UTF-16 units:
Python indexes code points, and storing anything else would drift on characters such as 𠮷.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


def new_guid() -> str:
    """A stable id for what merging project copies matches (coders, codings, decisions)."""
    return str(uuid.uuid4())


class Blob(Base):
    """The imported PDF itself, so a project file can be copied or mailed alone."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = ({"sqlite_autoincrement": True},)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String)
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), unique=True)
    title: Mapped[str] = mapped_column(String, default="")
    page_count: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    extractor: Mapped[str] = mapped_column(String)
    warnings: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of plain-words warnings
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    # "pdf": the blob is a PDF with pages; "text": the blob is the UTF-8 text, no pages
    kind: Mapped[str] = mapped_column(String, default="pdf", server_default="pdf")


class Page(Base):
    """One PDF page and the slice [start, end) of the document text drawn on it.

    `boxes` packs four float32 per character of that slice (x0, y0, x1, y1 in PDF points);
    characters the extractor inserted (line joins, paragraph breaks) carry NaN.
    A row per character would cost ~100 bytes each; the packed blob costs 16.
    """

    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("document_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)  # 0-based
    width: Mapped[float] = mapped_column(Float)
    height: Mapped[float] = mapped_column(Float)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    boxes: Mapped[bytes] = mapped_column(LargeBinary)
    needs_ocr: Mapped[bool] = mapped_column(Boolean, default=False)
    garbled: Mapped[bool] = mapped_column(Boolean, default=False)
    # JSON list: running headers, footers and page numbers taken out of the text
    furniture: Mapped[str] = mapped_column(Text, default="[]")
    # OCR'd pages: one byte per character of the slice, 0..100 confidence, 255 not OCR'd
    confidence: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class OcrPage(Base):
    """What OCR read on one page, kept so re-extraction never re-runs OCR and a killed OCR
    run keeps the pages it finished. `lines` is JSON: per line its text, a box and a
    confidence per character, its direction and Tesseract's block number."""

    __tablename__ = "ocr_pages"
    __table_args__ = (UniqueConstraint("document_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)  # 0-based
    engine: Mapped[str] = mapped_column(String)  # e.g. "tesseract 5.3.0 jpn"
    dpi: Mapped[int] = mapped_column(Integer)
    lines: Mapped[str] = mapped_column(Text)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)  # CPU time it took
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Passage(Base):
    __tablename__ = "passages"
    __table_args__ = (Index("ix_passages_document_start", "document_id", "start"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    page: Mapped[int] = mapped_column(Integer)
    page_end: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String, default="paragraph")
    speaker: Mapped[str | None] = mapped_column(String, nullable=True)
    indexed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class Code(Base):
    __tablename__ = "codes"
    __table_args__ = ({"sqlite_autoincrement": True},)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True)
    key: Mapped[str] = mapped_column(String, unique=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("codes.id", ondelete="RESTRICT"), nullable=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String)
    name_ja: Mapped[str] = mapped_column(String, default="")
    color: Mapped[str] = mapped_column(String(7), default="#888888")
    shortcut: Mapped[str | None] = mapped_column(String(1), nullable=True, unique=True)
    definition: Mapped[str] = mapped_column(Text, default="")
    include_note: Mapped[str] = mapped_column(Text, default="")
    exclude_note: Mapped[str] = mapped_column(Text, default="")
    examples: Mapped[str] = mapped_column(Text, default="")
    # Optimistic concurrency (0005): every ORM update checks and bumps it, so an edit made on
    # a stale copy of the code is refused instead of silently overwriting a colleague's.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_by: Mapped[str] = mapped_column(String, default="", server_default="")
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it once)
    # Suggested codes (annotator/suggest): the code's rule, and the F1 a source of
    # suggestions must reach on the project's own codings before coders see it.
    rules: Mapped[str] = mapped_column(Text, default="", server_default="")
    threshold: Mapped[float] = mapped_column(Float, default=0.7, server_default="0.7")


class Coder(Base):
    __tablename__ = "coders"
    __table_args__ = (Index("ux_coders_guid", "guid", unique=True),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String, unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # Reviewers see other coders' codings while coding when the project's blind mode is "auto".
    is_reviewer: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    guid: Mapped[str] = mapped_column(String(36), default=new_guid)  # unique index (0005)


class Annotation(Base):
    """One coding. `quote` is the coded text itself, so a re-extraction can re-anchor it."""

    __tablename__ = "annotations"
    __table_args__ = (
        CheckConstraint("start >= 0 AND start < \"end\"", name="ck_annotation_range"),
        Index("ix_annotations_document", "document_id", "start"),
        Index("ix_annotations_coder", "coder_id"),
        Index("ix_annotations_code", "code_id"),  # the codebook's usage counts (0014)
        Index("ix_annotations_coder_document", "coder_id", "document_id", "passage_id"),
        Index("ux_annotations_guid", "guid", unique=True),
        {"sqlite_autoincrement": True},
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="RESTRICT"))
    passage_id: Mapped[int | None] = mapped_column(
        ForeignKey("passages.id", ondelete="SET NULL"), nullable=True
    )
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    code_id: Mapped[int] = mapped_column(ForeignKey("codes.id", ondelete="RESTRICT"))
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id", ondelete="RESTRICT"))
    memo: Mapped[str] = mapped_column(Text, default="")
    quote: Mapped[str] = mapped_column(Text)
    anchor: Mapped[str] = mapped_column(String, default="exact")  # exact | moved | fuzzy | lost
    # human, or suggested: a suggestion a coder accepted (still their own coding)
    origin: Mapped[str] = mapped_column(String, default="human", server_default="human")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # Stable across project copies (0005), and the idempotency key of a retried write.
    guid: Mapped[str] = mapped_column(String(36), default=new_guid)


class DocumentStatus(Base):
    __tablename__ = "document_status"
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String)  # in_progress | done
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class History(Base):
    """Append-only log of every change to an annotation; review and undo build on it.

    `before` and `after` are JSON snapshots of the row (null for create / delete), so a
    deleted coding can be restored exactly, id included.
    """

    __tablename__ = "history"
    __table_args__ = (Index("ix_history_annotation", "annotation_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id"))
    # create | update | delete | restore | move | reanchor | review | unreview
    action: Mapped[str] = mapped_column(String)
    annotation_id: Mapped[int] = mapped_column(Integer)
    before: Mapped[str | None] = mapped_column(Text, nullable=True)
    after: Mapped[str | None] = mapped_column(Text, nullable=True)


class Review(Base):
    """One reviewer's decision on a coding; a later decision is a new row, never an edit.

    `annotation_id` has no foreign key: decisions outlive a removed coding (and come back
    with it when the removal is undone, since the coding keeps its id).
    """

    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint("decision IN ('accepted', 'rejected', 'discussion')",
                        name="ck_review_decision"),
        Index("ix_reviews_annotation", "annotation_id"),
        Index("ux_reviews_guid", "guid", unique=True),
        {"sqlite_autoincrement": True},  # an undone decision's id is never handed out again
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    annotation_id: Mapped[int] = mapped_column(Integer)
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id", ondelete="RESTRICT"))
    decision: Mapped[str] = mapped_column(String)  # accepted | rejected | discussion
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime)
    guid: Mapped[str] = mapped_column(String(36), default=new_guid)  # unique index (0005)


class AnnotationSource(Base):
    """Adjudication: the consensus coding `annotation_id` was taken from `source_annotation_id`.

    No foreign keys, for the same reason as `Review`: the link survives a removal and its undo.
    """

    __tablename__ = "annotation_sources"
    __table_args__ = (Index("ix_annotation_sources_source", "source_annotation_id"),)
    annotation_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_annotation_id: Mapped[int] = mapped_column(Integer, primary_key=True)


class SuggestionDismissal(Base):
    """A coder said a suggested code does not fit a passage: hidden for them, training signal."""

    __tablename__ = "suggestion_dismissals"
    passage_id: Mapped[int] = mapped_column(
        ForeignKey("passages.id", ondelete="CASCADE"), primary_key=True)
    code_id: Mapped[int] = mapped_column(ForeignKey("codes.id", ondelete="CASCADE"),
                                         primary_key=True)
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id", ondelete="CASCADE"),
                                          primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)


class Setting(Base):
    """Per-project settings that every coder of the file shares (e.g. blind mode)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Note(Base):
    """A project note (memo) that came in a .qdpx; `targets` is a JSON list of the GUIDs it
    was linked to there. Kept so that it travels on when the project is exported again."""

    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String)
    text: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String, default="")
    created_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    targets: Mapped[str] = mapped_column(Text, default="[]")


class Term(Base):
    """A normalized lemma; passages point at terms so a lemma search is an index lookup."""

    __tablename__ = "terms"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    term: Mapped[str] = mapped_column(String, unique=True)


class PassageTerm(Base):
    __tablename__ = "passage_terms"
    __table_args__ = (Index("ix_passage_terms_passage", "passage_id"),)
    term_id: Mapped[int] = mapped_column(
        ForeignKey("terms.id", ondelete="CASCADE"), primary_key=True
    )
    passage_id: Mapped[int] = mapped_column(
        ForeignKey("passages.id", ondelete="CASCADE"), primary_key=True
    )


#: Plain tables, for bulk inserts that skip the ORM's per-row bookkeeping.
TABLES = Base.metadata.tables
