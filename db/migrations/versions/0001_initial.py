"""Initial schema: documents, pages, passages, codebook, coders, annotations, history.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("blobs.sha256"), nullable=False, unique=True),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("extractor", sa.String(), nullable=False),
        sa.Column("warnings", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "pages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("width", sa.Float(), nullable=False),
        sa.Column("height", sa.Float(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("boxes", sa.LargeBinary(), nullable=False),
        sa.Column("needs_ocr", sa.Boolean(), nullable=False),
        sa.Column("garbled", sa.Boolean(), nullable=False),
        sa.Column("furniture", sa.Text(), nullable=False),
        sa.UniqueConstraint("document_id", "number"),
    )
    op.create_table(
        "passages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("page_end", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("speaker", sa.String(), nullable=True),
    )
    op.create_index("ix_passages_document_start", "passages", ["document_id", "start"])
    op.create_table(
        "codes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("guid", sa.String(36), nullable=False, unique=True),
        sa.Column("key", sa.String(), nullable=False, unique=True),
        sa.Column("parent_id", sa.Integer(), sa.ForeignKey("codes.id", ondelete="RESTRICT"), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("name_ja", sa.String(), nullable=False),
        sa.Column("color", sa.String(7), nullable=False),
        sa.Column("shortcut", sa.String(1), nullable=True, unique=True),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("include_note", sa.Text(), nullable=False),
        sa.Column("exclude_note", sa.Text(), nullable=False),
        sa.Column("examples", sa.Text(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "coders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "annotations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("passage_id", sa.Integer(), sa.ForeignKey("passages.id", ondelete="SET NULL"), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("code_id", sa.Integer(), sa.ForeignKey("codes.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("coder_id", sa.Integer(), sa.ForeignKey("coders.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("memo", sa.Text(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("anchor", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint('start >= 0 AND start < "end"', name="ck_annotation_range"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_annotations_document", "annotations", ["document_id", "start"])
    op.create_index("ix_annotations_coder", "annotations", ["coder_id"])
    op.create_table(
        "document_status",
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("coder_id", sa.Integer(), sa.ForeignKey("coders.id"), primary_key=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "history",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("coder_id", sa.Integer(), sa.ForeignKey("coders.id"), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("annotation_id", sa.Integer(), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
    )
    op.create_index("ix_history_annotation", "history", ["annotation_id"])


def downgrade() -> None:
    for table in (
        "history", "document_status", "annotations", "coders", "codes",
        "passages", "pages", "documents", "blobs",
    ):
        op.drop_table(table)
