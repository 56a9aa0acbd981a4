"""The .qdpx zip: read it defensively, write it whole or not at all.

A .qdpx comes from someone else's machine, so before anything is read every entry name is
checked (no `../`, no absolute or drive paths: zip-slip) and every size is capped, per entry,
in all and by compression ratio (zip bombs). zipfile never yields more than an entry's
declared size, so checking the declared sizes up front bounds what is ever decompressed.
Producers disagree on names: `project.qde`, `Project.qde` or any single `*.qde`;
`sources/` or `Sources/`; `internal://NAME` or a bare name. `find` hides all of that.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from annotator.formats.files import atomic
from annotator.formats.qdpx import ProjectFileError

MAX_ENTRY = 1 << 30  # bytes one entry may inflate to
MAX_TOTAL = 4 << 30  # bytes all entries may inflate to
MAX_QDE = 256 << 20  # the project XML itself
MAX_RATIO = 200  # inflated / compressed, for entries over RATIO_FLOOR
RATIO_FLOOR = 1 << 20
MAX_ENTRIES = 100_000


@dataclass(frozen=True)
class Limits:
    entry: int = MAX_ENTRY
    total: int = MAX_TOTAL
    qde: int = MAX_QDE
    ratio: int = MAX_RATIO
    entries: int = MAX_ENTRIES


class Archive:
    """An opened, checked .qdpx; `qde` is the name of its project XML."""

    def __init__(self, path: Path, limits: Limits | None = None) -> None:
        self.path = path
        self.name = path.name
        self._limits = limits or Limits()
        try:
            self._zip = zipfile.ZipFile(path)
        except FileNotFoundError as err:
            raise ProjectFileError(f"{path}: no such file") from err
        except (zipfile.BadZipFile, OSError) as err:
            raise ProjectFileError(f"{self.name}: not a .qdpx (zip) archive ({err})") from err
        try:
            self._check()
            self.qde = self._find_qde()
        except BaseException:
            self._zip.close()
            raise
        self._by_name = {PurePosixPath(i.filename).name.casefold(): i.filename
                         for i in self._zip.infolist() if not i.is_dir()}

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _check(self) -> None:
        infos = self._zip.infolist()
        if len(infos) > self._limits.entries:
            raise ProjectFileError(f"{self.name}: {len(infos)} entries is more than a .qdpx "
                                   f"may hold ({self._limits.entries})")
        total = 0
        for info in infos:
            _safe_name(self.name, info.filename)
            if info.flag_bits & 0x1:
                raise ProjectFileError(f"{self.name}: {info.filename} is encrypted")
            if info.file_size > self._limits.entry:
                raise ProjectFileError(f"{self.name}: {info.filename} would inflate to "
                                       f"{info.file_size} bytes (at most {self._limits.entry})")
            if (info.file_size > RATIO_FLOOR
                    and info.file_size > self._limits.ratio * max(info.compress_size, 1)):
                raise ProjectFileError(f"{self.name}: {info.filename} is compressed "
                                       f"{info.file_size // max(info.compress_size, 1)}:1, "
                                       f"a zip bomb (at most {self._limits.ratio}:1)")
            total += info.file_size
        if total > self._limits.total:
            raise ProjectFileError(f"{self.name}: its entries would inflate to {total} bytes "
                                   f"(at most {self._limits.total})")

    def _find_qde(self) -> str:
        names = [i.filename for i in self._zip.infolist() if not i.is_dir()]
        top = [n for n in names if "/" not in n.strip("/")]
        for wanted in ("project.qde", "Project.qde"):
            if wanted in top:
                return wanted
        qdes = [n for n in names if n.lower().endswith(".qde")]
        if len(qdes) == 1:
            return qdes[0]
        if not qdes:
            raise ProjectFileError(f"{self.name}: has no project.qde (not a REFI-QDA project)")
        raise ProjectFileError(f"{self.name}: has {len(qdes)} .qde files; expected one")

    def read_qde(self) -> bytes:
        info = self._zip.getinfo(self.qde)
        if info.file_size > self._limits.qde:
            raise ProjectFileError(f"{self.name}: {self.qde} is {info.file_size} bytes, more "
                                   f"than a project XML may be ({self._limits.qde})")
        return self._read(self.qde)

    def find(self, reference: str | None) -> str | None:
        """The entry a source path means (`internal://x.pdf`, `x.pdf`, `Sources/x.pdf`)."""
        if not reference:
            return None
        ref = reference.strip()
        if ref.lower().startswith("internal://"):
            ref = ref[len("internal://"):]
        elif "://" in ref or ref.startswith("/") or (len(ref) > 1 and ref[1] == ":"):
            ref = ref.replace("\\", "/")  # absolute: an external file; try its bare name
        return self._by_name.get(PurePosixPath(ref.replace("\\", "/")).name.casefold())

    def read(self, entry: str) -> bytes:
        return self._read(entry)

    def _read(self, entry: str) -> bytes:
        try:
            return self._zip.read(entry)
        except (zipfile.BadZipFile, OSError, EOFError) as err:
            raise ProjectFileError(f"{self.name}: {entry} is damaged ({err})") from err


def _safe_name(archive: str, name: str) -> None:
    normal = name.replace("\\", "/")
    parts = PurePosixPath(normal).parts
    if (normal.startswith("/") or ".." in parts or (len(normal) > 1 and normal[1] == ":")
            or "\x00" in normal):
        raise ProjectFileError(f"{archive}: entry {name!r} points outside the archive "
                               f"(zip-slip); refused")


@contextmanager
def writing(target: Path) -> Iterator[zipfile.ZipFile]:
    """A new .qdpx at `target`, renamed into place only when the block ends without error."""
    with atomic(target) as temp, zipfile.ZipFile(temp, "w") as archive:
        yield archive


def add(archive: zipfile.ZipFile, name: str, data: bytes, *, compress: bool = True) -> None:
    """One entry with a fixed timestamp, so the same project gives the same archive."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    archive.writestr(info, data, compresslevel=6 if compress else None)
