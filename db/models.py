"""SQLAlchemy 2 models of a project file.

Offsets (`start`, `end`) are always code points of `Document.text`, never UTF-16 units:
Python indexes code points, and storing anything else would drift on characters such as 𠮷.
"""

from __future__ import annotations

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


class Coder(Base):
    __tablename__ = "coders"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String, unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # Reviewers see other coders' codings while coding when the project's blind mode is "auto".
    is_reviewer: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class Annotation(Base):
    """One coding. `quote` is the coded text itself, so a re-extraction can re-anchor it."""

    __tablename__ = "annotations"
    __table_args__ = (
        CheckConstraint("start >= 0 AND start < \"end\"", name="ck_annotation_range"),
        Index("ix_annotations_document", "document_id", "start"),
        Index("ix_annotations_coder", "coder_id"),
        Index("ix_annotations_coder_document", "coder_id", "document_id", "passage_id"),
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
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


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
        {"sqlite_autoincrement": True},  # an undone decision's id is never handed out again
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    annotation_id: Mapped[int] = mapped_column(Integer)
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id", ondelete="RESTRICT"))
    decision: Mapped[str] = mapped_column(String)  # accepted | rejected | discussion
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime)


class AnnotationSource(Base):
    """Adjudication: the consensus coding `annotation_id` was taken from `source_annotation_id`.

    No foreign keys, for the same reason as `Review`: the link survives a removal and its undo.
    """

    __tablename__ = "annotation_sources"
    __table_args__ = (Index("ix_annotation_sources_source", "source_annotation_id"),)
    annotation_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_annotation_id: Mapped[int] = mapped_column(Integer, primary_key=True)


class Setting(Base):
    """Per-project settings that every coder of the file shares (e.g. blind mode)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


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
