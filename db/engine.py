"""Opening a project file: SQLite pragmas, write transactions, migrations.

Durability and concurrency come from SQLite itself: WAL journal, `synchronous=FULL` (a
committed coding survives a crash or power cut), `busy_timeout` so a second process waits
instead of failing, and `BEGIN IMMEDIATE` for writes so two writers queue rather than
deadlock on a read-to-write lock upgrade.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
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


SQLITE_HEADER = b"SQLite format 3\x00"


def writable(path: Path) -> bool:
    """The file and its folder can be written: SQLite's WAL needs -wal and -shm beside it."""
    folder = path.parent if str(path.parent) else Path(".")
    return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def check_file(path: Path) -> bool:
    """Refuse a file that is not an Annotator project *before* SQLite or we change it.

    Switching a foreign database to WAL rewrites its header, so it is looked at through a
    read-only connection without pragmas first. Returns whether the file is empty (0
    bytes, or a SQLite file without tables): a new project, for `import` and the GUI only.
    """
    if not path.exists() or path.stat().st_size == 0:
        return True
    with path.open("rb") as stream:
        if stream.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise NotAProjectError("not an Annotator project (not a SQLite file)")
    # A WAL file in a folder we cannot write has no -shm to share: read it as immutable.
    immutable = "" if os.access(path.parent, os.W_OK) else "&immutable=1"
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro{immutable}", uri=True)) as connection:
            tables = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as err:
        raise NotAProjectError(f"not an Annotator project ({err})") from err
    if tables and "alembic_version" not in tables:
        raise NotAProjectError("not an Annotator project (unknown tables)")
    return not tables


def quick_check(engine: Engine) -> str:
    """"ok", or SQLite's first complaint about a damaged file (pages, indexes)."""
    with engine.connect() as connection:
        return str(connection.exec_driver_sql("PRAGMA quick_check(1)").scalar())


def open_engine(path: Path, *, migrate: bool = True, read_only: bool = False) -> Engine:
    """The project's engine; `read_only` opens it without writing a byte (for a file or a
    folder the user cannot write: reads still work)."""
    if read_only:
        immutable = "&immutable=1" if not os.access(path.parent, os.W_OK) else ""
        engine = create_engine(f"sqlite:///file:{path}?mode=ro{immutable}&uri=true",
                               connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _on_connect_read_only)
        event.listen(engine, "begin", _on_begin)
        if migrate and current_revision(engine) != head_revision():
            raise NotAProjectError("read-only, and made by an older Annotator: it needs an "
                                   "upgrade that cannot be written")
        return engine
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


def _on_connect_read_only(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
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
