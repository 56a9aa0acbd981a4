"""Suggested codes: rules and a shown-above threshold per code, dismissals, a coding's origin.

Revision ID: 0008
Revises: 0004

`annotations.origin` says whether a coding was made by hand (`human`) or is a suggestion a
coder accepted (`suggested`); it is part of the history snapshot, so a paper can count how
many codings started as suggestions. A dismissal is a coder saying "not this code here":
it hides the suggestion and is training signal, so it is kept, not deleted.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("codes", sa.Column("rules", sa.Text(), nullable=False, server_default=""))
    op.add_column("codes", sa.Column("threshold", sa.Float(), nullable=False,
                                     server_default="0.7"))
    op.add_column("annotations", sa.Column("origin", sa.String(), nullable=False,
                                           server_default="human"))
    op.create_table(
        "suggestion_dismissals",
        sa.Column("passage_id", sa.Integer(), sa.ForeignKey("passages.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("code_id", sa.Integer(), sa.ForeignKey("codes.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("coder_id", sa.Integer(), sa.ForeignKey("coders.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("suggestion_dismissals")
    # Not batch mode: a batch rebuild of a table other tables point at is refused (see 0004).
    op.execute("ALTER TABLE annotations DROP COLUMN origin")
    op.execute("ALTER TABLE codes DROP COLUMN threshold")
    op.execute("ALTER TABLE codes DROP COLUMN rules")
