"""Forking a coder's copy and merging copies back, on a pool thread with its own Project.

A merge of large copies takes seconds; the window keeps working meanwhile, and the result
(the report's lines, or the one-line error) comes back through `finished`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import QObject, QThreadPool, Signal

from annotator.changes import Changes
from annotator.errors import AnnotatorError
from annotator.project import Location, Project
from ui.jobs.base import Job


@dataclass(frozen=True)
class TeamResult:
    lines: tuple[str, ...] = ()
    error: str = ""
    changes: Changes = field(default_factory=Changes)


class _Signals(QObject):
    done = Signal(object)  # TeamResult


class _TeamJob(Job):
    def __init__(self, location: Location, task: Callable[[Project], TeamResult],
                 signals: _Signals) -> None:
        super().__init__(signals.done)
        self.location, self.task = location, task

    def work(self) -> TeamResult:
        try:
            with Project(self.location, create=False) as project:
                return self.task(project)
        except (AnnotatorError, OSError) as err:
            return TeamResult(error=str(err))

    def fallback(self) -> TeamResult:
        return TeamResult(error="the team step stopped because of an internal error")


def fork_task(out: Path, coder: str, blind: bool) -> Callable[[Project], TeamResult]:
    def task(project: Project) -> TeamResult:
        counts = project.team.fork(out, coder, blind=blind)
        return TeamResult((f"{out.name}: {counts.get('documents', 0)} document(s), "
                           f"{counts.get('annotations', 0)} coding(s)",))
    return task


def merge_task(copies: Sequence[Path], theirs: bool) -> Callable[[Project], TeamResult]:
    def task(project: Project) -> TeamResult:
        op = project.team.merge(list(copies), theirs=theirs)
        return TeamResult(tuple(line for r in op.value for line in r.lines()),
                          changes=op.changes)
    return task


class TeamController(QObject):
    """Runs one team step in the background; `finished` carries its TeamResult."""

    finished = Signal(object)
    _running: ClassVar[set[TeamController]] = set()

    def __init__(self, location: Location, parent: QObject | None = None,
                 pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.location = location
        self.pool = pool or QThreadPool.globalInstance()
        self.result: TeamResult | None = None
        self._signals = _Signals()
        self._signals.done.connect(self._on_done)

    def start(self, task: Callable[[Project], TeamResult]) -> None:
        TeamController._running.add(self)
        self.pool.start(_TeamJob(self.location, task, self._signals))

    def _on_done(self, result: TeamResult) -> None:
        self.result = result
        TeamController._running.discard(self)
        self.finished.emit(result)
