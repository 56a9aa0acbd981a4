"""Unit of work: every user action runs in exactly one of these transactions."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from annotator.errors import AnnotatorError, DiskFullError, ProjectFileError
from db.engine import is_disconnect, writer
from db.models import Code, Coder, Document

T = TypeVar("T")
RETRY_FOR_S = 60.0  # a server restart takes a few seconds; a coder's keystroke waits for it

#: Waits between attempts to take the write lock, after SQLite's own busy timeout: four
#: batches writing at once each wait their turn instead of one dying with "locked".
BUSY_BACKOFF_S = (0.5, 1.0, 2.0, 4.0)


class ServerUnavailableError(AnnotatorError):
    """The team database stayed unreachable for longer than a write is retried."""


class Database:
    """Hands out sessions: `write()` takes the write lock at BEGIN, `read()` does not.

    A project that is read-only (file or folder) or damaged (quick_check failed at open)
    still reads; `write()` refuses with one line that says why and what to do.
    """

    def __init__(self, engine: Engine, *, name: str = "", refuse_writes: str = "") -> None:
        self.engine = engine
        self._writer = writer(engine)
        self.name = name or str(engine.url.database)
        #: Why this project cannot be written ("" when it can), said on every write.
        self.refuse_writes = refuse_writes
        #: The file was empty (or missing) when opened: a new project.
        self.created = False
        self.on_server = engine.dialect.name == "postgresql"

    @contextmanager
    def write(self) -> Iterator[Session]:
        if self.refuse_writes:
            raise ProjectFileError(self.refuse_writes)
        with Session(self._writer, expire_on_commit=False) as session:
            self._begin(session)
            try:
                yield session
                session.commit()
            except OperationalError as err:
                session.rollback()
                explained = self._explained(err)
                if explained is err:
                    raise
                raise explained from err
            except BaseException:
                session.rollback()
                raise

    def _begin(self, session: Session) -> None:
        """BEGIN IMMEDIATE, retried with backoff while another process holds the lock."""
        for pause in (*BUSY_BACKOFF_S, None):
            try:
                session.begin()
                session.connection()
                return
            except OperationalError as err:
                session.rollback()
                if pause is None or "locked" not in str(err.orig):
                    explained = self._explained(err)
                    if explained is err:
                        raise
                    raise explained from err
                time.sleep(pause * (1 + random.random() / 2))  # jitter: not in step

    def _explained(self, err: OperationalError) -> Exception:
        message = str(err.orig)
        if "readonly" in message:
            return ProjectFileError(f"read-only: {self.name}")
        if "full" in message:
            return DiskFullError(f"the disk is full: nothing was written to {self.name}")
        if "locked" in message or "busy" in message:
            return ProjectFileError(f"busy: another Annotator is writing {self.name}; "
                                    f"try again when it is done")
        return err

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    def retrying(self, work: Callable[[Session], T]) -> T:
        """Run `work` in one write transaction, again if the server connection dropped.

        `work` must be idempotent across attempts (codings carry a GUID decided before the
        first attempt), so a commit whose acknowledgement was lost is not written twice.
        A project file has no connection to lose: there it runs once.
        """
        deadline = time.monotonic() + RETRY_FOR_S
        pause = 0.05
        while True:
            try:
                with self.write() as s:
                    return work(s)
            except (OperationalError, DBAPIError) as err:
                if not self.on_server or not (isinstance(err, OperationalError)
                                              or is_disconnect(err)):
                    raise
                if time.monotonic() > deadline:
                    raise ServerUnavailableError(
                        f"the team database did not answer for {RETRY_FOR_S:.0f} s; "
                        "nothing was written") from err
                self.engine.dispose()  # the pool's other connections died with this one
                time.sleep(pause)
                pause = min(pause * 2, 1.0)

    def is_empty(self) -> bool:
        """No codes, coders or documents yet: a team database opened for the first time."""
        with self.read() as s:
            return not any(s.scalar(select(func.count()).select_from(table))
                           for table in (Code, Coder, Document))
