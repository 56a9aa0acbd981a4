"""Opening a project: a SQLite file (pragmas, write transactions) or a PostgreSQL team
database; migrations for both. The only module that speaks either engine's own SQL.

Durability and concurrency come from SQLite itself: WAL journal, `synchronous=FULL` (a
committed coding survives a crash or power cut), `busy_timeout` so a second process waits
instead of failing, and `BEGIN IMMEDIATE` for writes so two writers queue rather than
deadlock on a read-to-write lock upgrade.

A team project is a `postgresql://USER@HOST/DB` URL. The password is never part of it (nor of
the project, its logs or exports): libpq reads it from `~/.pgpass`, `PGPASSFILE` or a
`passfile=` parameter in the URL.
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
from sqlalchemy import Connection, Engine, Insert, Table, create_engine, event, insert, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

BUSY_TIMEOUT_MS = 30_000
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class NotAProjectError(Exception):
    """The file exists but is not an Annotator project (or is from a newer version)."""


SERVER_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


class PasswordInUrlError(Exception):
    """A server URL that carries a password, which would end up in settings and logs."""


def is_server(location: str | Path) -> bool:
    """Whether `location` names a PostgreSQL team project rather than a project file."""
    return isinstance(location, str) and location.startswith(SERVER_SCHEMES)


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


def open_engine(path: Path | str, *, migrate: bool = True, read_only: bool = False) -> Engine:
    """The project's engine: a team database for a server URL, else the file's; `read_only`
    opens a file without writing a byte (for a file or folder the user cannot write: reads
    still work)."""
    if is_server(path):
        engine = server_engine(str(path))
    elif read_only:
        path = Path(path)
        immutable = "&immutable=1" if not os.access(path.parent, os.W_OK) else ""
        engine = create_engine(f"sqlite:///file:{path}?mode=ro{immutable}&uri=true",
                               connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _on_connect_read_only)
        event.listen(engine, "begin", _on_begin)
        if migrate and current_revision(engine) != head_revision():
            raise NotAProjectError("read-only, and made by an older Annotator: it needs an "
                                   "upgrade that cannot be written")
        return engine
    else:
        engine = file_engine(Path(path))
    if migrate:
        upgrade(engine)
    return engine


def file_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def server_engine(url: str) -> Engine:
    """A PostgreSQL engine through psycopg 3; a dropped connection is noticed at checkout."""
    parsed = make_url(url)
    if parsed.password is not None:
        raise PasswordInUrlError(
            "the URL holds a password; put it in ~/.pgpass or PGPASSFILE (or passfile=) instead")
    parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True, pool_size=2, max_overflow=4,
                         connect_args={"connect_timeout": 10})


def safe_location(location: str | Path) -> str:
    """The location as it may be shown or remembered: a URL without any password."""
    if not is_server(location):
        return str(location)
    return make_url(str(location)).render_as_string(hide_password=True)


def database_name(url: str) -> str:
    """The database a server URL names (what the window title shows)."""
    return make_url(url).database or "team"


def insert_or_ignore(table: Table) -> Insert:
    """An INSERT that skips rows clashing with a unique key, in the engine's own words."""
    return pg_insert(table).on_conflict_do_nothing()


def insert_ignoring(connection: Connection, table: Table) -> Insert:
    if connection.dialect.name == "postgresql":
        return insert_or_ignore(table)
    return insert(table).prefix_with("OR IGNORE")


def reset_sequences(connection: Connection, tables: list[Table]) -> None:
    """After rows were copied in with their ids, let new ids start after the largest one."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        key = [c for c in table.primary_key.columns if c.autoincrement is not False]
        if len(table.primary_key.columns) != 1 or not key or key[0].type.python_type is not int:
            continue
        column = key[0].name
        connection.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column}'), "
            f"COALESCE((SELECT MAX({column}) FROM {table.name}), 0) + 1, false)"))


def server_user(connection: Connection) -> str | None:
    """Who the server says we are (None for a project file): roles are checked against it."""
    if connection.dialect.name != "postgresql":
        return None
    return str(connection.execute(text("SELECT session_user")).scalar_one())


def is_owner(connection: Connection) -> bool:
    """On a server, whether we own the project's tables (the lead); a file's user always does."""
    if connection.dialect.name != "postgresql":
        return True
    return bool(connection.execute(text(
        "SELECT pg_has_role(session_user, tableowner, 'USAGE') FROM pg_tables "
        "WHERE schemaname = current_schema() AND tablename = 'annotations'")).scalar())


def grant_role(connection: Connection, user: str) -> None:
    """Let a server login use the team project (rows stay guarded by the row policies)."""
    quoted = connection.dialect.identifier_preparer.quote(user)
    connection.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "
                            f"{_schema(connection)} TO {quoted}"))
    connection.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "
                            f"{_schema(connection)} TO {quoted}"))


def _schema(connection: Connection) -> str:
    return str(connection.execute(text("SELECT current_schema()")).scalar_one())


def is_disconnect(error: BaseException) -> bool:
    """A write that failed because the connection dropped (server restart, network): retry."""
    invalidated = getattr(error, "connection_invalidated", False)
    code = getattr(getattr(error, "orig", None), "sqlstate", None) or ""
    return bool(invalidated) or code.startswith("08") or code in ("57P01", "57P02", "57P03",
                                                                  "40001", "40P01")


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
        _lock_migrations(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def _lock_migrations(connection: Connection) -> None:
    """Two workbenches opening a new team database at once migrate it one after the other."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(20170005)"))


def checkpoint(engine: Engine) -> None:
    """Move the WAL into the project file and empty it, so the one file holds everything.

    PASSIVE-then-TRUNCATE semantics: a reader in another window keeps its snapshot; if one
    blocks the truncate, the WAL is left for the next quiet moment. No-op on a server.
    """
    if engine.dialect.name != "sqlite":
        return
    try:
        raw = engine.raw_connection()  # outside any transaction: a checkpoint cannot run in one
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
        finally:
            raw.close()
    except (sqlite3.Error, DBAPIError):
        pass  # best effort: read-only or busy, the next quiet moment tries again


def backup(engine: Engine, out: Path) -> None:
    """A consistent copy of the project into `out` with SQLite's online backup API.

    Written to a temporary file beside `out` and renamed into place, so a failure or a kill
    leaves no half-written copy; the copy is a single file (its WAL folded in).
    """
    partial = out.with_name(f".{out.name}.{os.getpid()}.part")
    partial.unlink(missing_ok=True)
    try:
        target = sqlite3.connect(partial)
        try:
            raw = engine.raw_connection()
            try:
                source = raw.driver_connection
                assert isinstance(source, sqlite3.Connection)
                source.backup(target)
            finally:
                raw.close()
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
