"""Lemma index: terms and the passages they occur in, for lemma search.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "terms",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("term", sa.String(), nullable=False, unique=True),
    )
    op.create_table(
        "passage_terms",
        sa.Column("term_id", sa.Integer(), sa.ForeignKey("terms.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("passage_id", sa.Integer(), sa.ForeignKey("passages.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_index("ix_passage_terms_passage", "passage_terms", ["passage_id"])
    # Passages of projects made before the index are indexed on the first search.
    with op.batch_alter_table("passages") as batch:
        batch.add_column(sa.Column("indexed", sa.Boolean(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("passages") as batch:
        batch.drop_column("indexed")
    op.drop_table("passage_terms")
    op.drop_table("terms")
