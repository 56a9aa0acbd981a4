"""Teams: stable GUIDs for what a merge matches, a version on codes, row policies on a server.

Revision ID: 0005
Revises: 0004

Coders, codings and review decisions get a GUID (codes have had one since 0001; documents are
matched by their content hash), filled for existing rows, so copies of a project forked to
several coders can be merged back without matching anything by id or name. Codes get a
`version` (optimistic concurrency: an edit made on a stale copy is refused) and `updated_by`
(who made the edit the refusal names). The GUID columns stay nullable in the schema because
SQLite cannot make an added column NOT NULL without rebuilding tables that foreign keys point
at; the models always fill them, and a unique index guards them.

On PostgreSQL the server enforces who may change what (row-level security; the owner of the
tables, the lead, is exempt as PostgreSQL owners are): a coder may insert, change or remove
only their own codings, done marks, history rows and review decisions; reviewers may also
write the `consensus` coder's codings; coders' roles and settings are the lead's.
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

GUID_TABLES = ("coders", "annotations", "reviews")


def upgrade() -> None:
    for table in GUID_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("guid", sa.String(36), nullable=True))
    with op.batch_alter_table("codes") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("updated_by", sa.String(), nullable=False, server_default=""))
    bind = op.get_bind()
    for table in GUID_TABLES:
        _fill_guids(bind, table)
        op.create_index(f"ux_{table}_guid", table, ["guid"], unique=True)
    bind.execute(sa.text("INSERT INTO settings (key, value) VALUES ('project_guid', :g)"),
                 {"g": str(uuid.uuid4())})
    if bind.dialect.name == "postgresql":
        for statement in POLICIES:
            bind.execute(sa.text(statement))


def _fill_guids(bind: sa.Connection, table: str) -> None:
    ids = [row[0] for row in bind.execute(sa.text(f"SELECT id FROM {table} WHERE guid IS NULL"))]
    if ids:
        bind.execute(sa.text(f"UPDATE {table} SET guid = :g WHERE id = :i"),
                     [{"g": str(uuid.uuid4()), "i": i} for i in ids])


OWN = """
CREATE OR REPLACE FUNCTION annotator_own(cid integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT EXISTS (SELECT 1 FROM coders c WHERE c.id = cid AND (c.name = session_user
    OR (c.name = 'consensus' AND EXISTS (
        SELECT 1 FROM coders r WHERE r.name = session_user AND r.is_reviewer)))) $$
"""

POLICIES = [
    OWN,
    *[f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY" for t in (
        "annotations", "reviews", "history", "document_status", "coders",
        "annotation_sources", "settings")],
    *[f"CREATE POLICY {t}_read ON {t} FOR SELECT USING (true)" for t in (
        "annotations", "reviews", "history", "document_status", "coders",
        "annotation_sources", "settings")],
    *[f"CREATE POLICY {t}_own ON {t} FOR ALL USING (annotator_own(coder_id)) "
      f"WITH CHECK (annotator_own(coder_id))" for t in ("annotations", "document_status")],
    "CREATE POLICY reviews_insert ON reviews FOR INSERT WITH CHECK (annotator_own(coder_id))",
    "CREATE POLICY reviews_delete ON reviews FOR DELETE USING (annotator_own(coder_id))",
    "CREATE POLICY history_insert ON history FOR INSERT WITH CHECK (annotator_own(coder_id))",
    "CREATE POLICY coders_insert ON coders FOR INSERT "
    "WITH CHECK (name = session_user OR name = 'consensus')",
    "CREATE POLICY annotation_sources_own ON annotation_sources FOR ALL "
    "USING (EXISTS (SELECT 1 FROM annotations a WHERE a.id = annotation_id "
    "AND annotator_own(a.coder_id))) "
    "WITH CHECK (EXISTS (SELECT 1 FROM annotations a WHERE a.id = annotation_id "
    "AND annotator_own(a.coder_id)))",
]


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table in ("annotations", "reviews", "history", "document_status", "coders",
                      "annotation_sources", "settings"):
            bind.execute(sa.text(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY"))
            for (name,) in bind.execute(sa.text(
                    "SELECT policyname FROM pg_policies WHERE tablename = :t"), {"t": table}):
                bind.execute(sa.text(f"DROP POLICY {name} ON {table}"))
        bind.execute(sa.text("DROP FUNCTION annotator_own(integer)"))
    bind.execute(sa.text("DELETE FROM settings WHERE key = 'project_guid'"))
    for table in GUID_TABLES:
        op.drop_index(f"ux_{table}_guid", table)
        op.execute(f"ALTER TABLE {table} DROP COLUMN guid")
    op.execute("ALTER TABLE codes DROP COLUMN updated_by")
    op.execute("ALTER TABLE codes DROP COLUMN version")
