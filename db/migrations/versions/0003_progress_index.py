"""Covering index for a coder's progress per document (the document list asks it often).

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_annotations_coder_document", "annotations",
                    ["coder_id", "document_id", "passage_id"])


def downgrade() -> None:
    op.drop_index("ix_annotations_coder_document", "annotations")
