"""Unit of work: every user action runs in exactly one of these transactions."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from annotator.errors import AnnotatorError
from db.engine import is_disconnect, writer
from db.models import Code, Coder, Document

T = TypeVar("T")
RETRY_FOR_S = 60.0  # a server restart takes a few seconds; a coder's keystroke waits for it


class ServerUnavailableError(AnnotatorError):
    """The team database stayed unreachable for longer than a write is retried."""


class Database:
    """Hands out sessions: `write()` takes the write lock at BEGIN, `read()` does not."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writer = writer(engine)
        self.on_server = engine.dialect.name == "postgresql"

    @contextmanager
    def write(self) -> Iterator[Session]:
        with Session(self._writer, expire_on_commit=False) as session, session.begin():
            yield session

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
