"""Opening a project file: SQLite pragmas, write transactions, migrations.

Durability and concurrency come from SQLite itself: WAL journal, `synchronous=FULL` (a
committed coding survives a crash or power cut), `busy_timeout` so a second process waits
instead of failing, and `BEGIN IMMEDIATE` for writes so two writers queue rather than
deadlock on a read-to-write lock upgrade.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event

BUSY_TIMEOUT_MS = 30_000
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class NotAProjectError(Exception):
    """The file exists but is not an Annotator project (or is from a newer version)."""


def open_engine(path: Path, *, migrate: bool = True) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    if migrate:
        upgrade(engine)
    return engine


def writer(engine: Engine) -> Engine:
    """The same engine, but its transactions take the write lock at BEGIN."""
    return engine.execution_options(sqlite_begin="IMMEDIATE")


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite would otherwise defer it).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in (
        "journal_mode=WAL",
        "synchronous=FULL",
        "foreign_keys=ON",
        f"busy_timeout={BUSY_TIMEOUT_MS}",
    ):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _on_begin(connection: Any) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "")
    connection.exec_driver_sql(f"BEGIN {mode}".strip())


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the file to `revision`; refuses files that are not projects or are newer than us."""
    with engine.connect() as connection:
        tables = set(engine.dialect.get_table_names(connection))
        current = MigrationContext.configure(connection).get_current_revision()
    if tables and "alembic_version" not in tables:
        raise NotAProjectError("not an Annotator project (unknown tables)")
    script = ScriptDirectory.from_config(alembic_config())
    if current is not None and script.get_revision(current) is None:
        raise NotAProjectError(f"made by a newer Annotator (schema {current})")
    if current == head_revision() and revision == "head":
        return
    config = alembic_config()
    with writer(engine).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
