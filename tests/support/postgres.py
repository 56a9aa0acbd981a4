"""A throwaway PostgreSQL cluster for the tests: initdb in a temp dir, a Unix socket in /tmp.

PostgreSQL refuses to run as root, so when the tests run as root the cluster belongs to the
`postgres` user and every server program runs through `runuser -u postgres --`. The cluster
trusts local socket connections (it listens on no TCP port) and is removed at the end.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

PG_ROOTS = ("/usr/lib/postgresql",)


def pg_bin() -> Path | None:
    """The directory of pg_ctl and initdb: on PATH, else Debian's newest /usr/lib/postgresql/N."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent  # Debian links pg_ctl into /usr/local/bin
    for root in PG_ROOTS:
        versions = sorted(Path(root).glob("*/bin/pg_ctl"), key=lambda p: p.parent.parent.name)
        if versions:
            return versions[-1].parent
    return None


def require_postgres() -> Path:
    """pg_ctl's directory; skips the test on a user's machine without PostgreSQL, fails in CI."""
    found = pg_bin()
    if found is not None:
        return found
    message = "skipped because PostgreSQL is not installed (team projects on a server)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must have PostgreSQL: {message}")
    pytest.skip(message)


class Cluster:
    """One running cluster; `url(db, user)` names a database in it as the app takes it."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self._as_root = os.geteuid() == 0
        self.base = Path(tempfile.mkdtemp(prefix="annot-pg-", dir="/tmp"))
        self.data = self.base / "data"
        self.socket = self.base / "sock"
        self.socket.mkdir()
        self.log = self.base / "server.log"
        self.superuser = "postgres" if self._as_root else os.environ.get("USER", "postgres")
        if self._as_root:
            os.chmod(self.base, 0o755)
            shutil.chown(self.base, "postgres", "postgres")
            shutil.chown(self.socket, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", self.superuser,
                  "--no-sync", "-E", "UTF8", "--locale=C.UTF-8")
        self.start()

    def _run(self, program: str, *args: str,
             check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / program), *args]
        if self._as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=check, timeout=120)

    def _options(self) -> str:
        return (f"-k {self.socket} -c listen_addresses='' -c fsync=off "
                "-c max_connections=60 -c shared_buffers=32MB")

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-o",
                  self._options(), "start")

    def restart(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-m", "fast", "-w",
                  "-o", self._options(),
                  "restart")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.base, ignore_errors=True)

    def sql(self, statement: str, database: str = "postgres") -> str:
        done = self._run("psql", "-h", str(self.socket), "-U", self.superuser, "-d", database,
                         "-v", "ON_ERROR_STOP=1", "-At", "-c", statement)
        return done.stdout.strip()

    def create_database(self, owner: str | None = None) -> str:
        """A new empty database (owned by `owner`, a login role made if missing); its name."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        if owner is not None:
            self.create_role(owner)
            self.sql(f'CREATE DATABASE {name} OWNER "{owner}"')
        else:
            self.sql(f"CREATE DATABASE {name}")
        return name

    def create_role(self, name: str) -> None:
        self.sql(f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{name}') "
                 f"THEN CREATE ROLE \"{name}\" LOGIN; END IF; END $$")

    def url(self, database: str, user: str | None = None) -> str:
        return f"postgresql://{user or self.superuser}@/{database}?host={self.socket}"
