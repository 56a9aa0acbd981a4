"""REFI-QDA exchange: text-only documents and the notes other QDA tools bring along.

Revision ID: 0006
Revises: 0004

`documents.kind` is "pdf" (a PDF in `blobs`, pages and boxes) or "text" (a plain text from a
.qdpx `TextSource`: its UTF-8 bytes are the blob, there are no pages). `notes` keeps the
project notes (memos) of an imported .qdpx, so they travel on when it is exported again.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("kind", sa.String(), nullable=False, server_default="pdf"))
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("guid", sa.String(36), nullable=False, unique=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.Column("targets", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("notes")
    op.execute("ALTER TABLE documents DROP COLUMN kind")
