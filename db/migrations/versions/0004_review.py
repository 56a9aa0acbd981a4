"""Review: decisions on codings, adjudication links, the reviewer role, project settings.

Revision ID: 0004
Revises: 0003

`reviews` and `annotation_sources` hold annotation ids without foreign keys on purpose: a
decision (and where a consensus coding came from) must outlive the removal of the coding,
and an undone removal brings the coding back under the same id, links and all.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("annotation_id", sa.Integer(), nullable=False),
        sa.Column("coder_id", sa.Integer(), sa.ForeignKey("coders.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("decision", sa.String(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("decision IN ('accepted', 'rejected', 'discussion')", name="ck_review_decision"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_reviews_annotation", "reviews", ["annotation_id"])
    op.create_table(
        "annotation_sources",
        sa.Column("annotation_id", sa.Integer(), primary_key=True),
        sa.Column("source_annotation_id", sa.Integer(), primary_key=True),
    )
    op.create_index("ix_annotation_sources_source", "annotation_sources", ["source_annotation_id"])
    op.create_table(
        "settings",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    with op.batch_alter_table("coders") as batch:
        batch.add_column(sa.Column("is_reviewer", sa.Boolean(), nullable=False, server_default="0"))


def downgrade() -> None:
    # Not batch mode: a batch rebuild drops `coders`, which the foreign keys of annotations and
    # history refuse. SQLite has dropped columns in place since 3.35.
    op.execute("ALTER TABLE coders DROP COLUMN is_reviewer")
    op.drop_table("settings")
    op.drop_index("ix_annotation_sources_source", "annotation_sources")
    op.drop_table("annotation_sources")
    op.drop_index("ix_reviews_annotation", "reviews")
    op.drop_table("reviews")
