"""Writing export files so that they are whole or absent, never half-written.

A cancelled or failed export must not leave a broken workbook, nor replace a good one
from yesterday: everything is written to a hidden file beside the target and renamed
over it only once complete (a rename within one folder is atomic). A set of files (the
CSV pair) is renamed into place only when all are written, and put back as it was if a
rename fails. Hidden files a killed export left behind are removed by the next export
into the same folder.
"""

from __future__ import annotations

import errno
import os
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from functools import partial
from pathlib import Path

from annotator.errors import AnnotatorError

PART = ".part"
_STALE_AFTER_S = 24 * 3600  # a part file of a process we cannot see (another machine)


class ExportFileError(AnnotatorError):
    """The export could not be written where the user asked."""


def part_name(folder: Path, stem: str) -> Path:
    """A hidden file in `folder` that names its writer's process, so it can be found stale."""
    return folder / f".{stem}.{os.getpid()}.{uuid.uuid4().hex[:8]}{PART}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


def clean_stale_parts(folder: Path) -> int:
    """Remove the part files of exports that were killed; returns how many."""
    removed = 0
    with suppress(OSError):
        for path in folder.glob(f".*{PART}"):
            pieces = path.name.split(".")
            pid = int(pieces[-3]) if len(pieces) >= 4 and pieces[-3].isdigit() else None
            with suppress(OSError):
                old = time.time() - path.stat().st_mtime > _STALE_AFTER_S
                if (pid is not None and pid != os.getpid() and not _alive(pid)) or old:
                    path.unlink()
                    removed += 1
    return removed


def _write_error(target: Path, err: OSError) -> ExportFileError:
    if err.errno in (errno.EROFS, errno.EACCES, errno.EPERM) and not os.access(
            target.parent, os.W_OK):
        return ExportFileError(f"read-only: {target.parent}")
    if err.errno == errno.ENOSPC:
        return ExportFileError(f"{target}: the disk is full; nothing was written")
    if isinstance(err, PermissionError):
        return ExportFileError(f"{target}: cannot write it ({err.strerror}); if it is open in "
                               f"Excel, close it and export again")
    return ExportFileError(f"{target}: cannot write it ({err.strerror or err})")


@contextmanager
def atomic(target: Path) -> Iterator[Path]:
    """A fresh path beside `target`, moved onto it when the block ends without an error."""
    with atomic_set([target]) as (temp,):
        yield temp


@contextmanager
def atomic_set(targets: Sequence[Path]) -> Iterator[tuple[Path, ...]]:
    """Fresh paths beside `targets`, all moved into place when the block succeeds."""
    for folder in {t.parent for t in targets}:
        if not folder.is_dir():
            raise ExportFileError(f"{folder}: no such folder")
        clean_stale_parts(folder)
    temps: list[Path] = []
    try:
        for target in targets:
            temps.append(part_name(target.parent, target.name))
            try:
                temps[-1].touch(exist_ok=False)  # the user's umask, unlike mkstemp's 0600
            except OSError as err:
                raise _write_error(target, err) from err
        try:
            yield tuple(temps)
        except OSError as err:
            raise _write_error(targets[0], err) from err
        _replace_all(list(zip(temps, targets, strict=True)))
    finally:
        for temp in temps:
            with suppress(OSError):
                temp.unlink(missing_ok=True)


def _replace_all(moves: list[tuple[Path, Path]]) -> None:
    """Rename every temp onto its target; if one fails, put the earlier targets back."""
    with ExitStack() as backups:
        done: list[tuple[Path, Path | None]] = []
        current = moves[0][1]
        try:
            for temp, target in moves:
                current, backup = target, None
                if target.exists():
                    backup = part_name(target.parent, target.name + ".old")
                    os.link(target, backup)
                    backups.callback(partial(backup.unlink, missing_ok=True))
                os.replace(temp, target)
                done.append((target, backup))
        except OSError as err:
            for target, backup in done:
                with suppress(OSError):
                    if backup is None:
                        target.unlink()
                    else:
                        os.replace(backup, target)
            raise _write_error(current, err) from err
