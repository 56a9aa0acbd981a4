"""Writing an export file so that it is whole or absent, never half-written.

A cancelled or failed export must not leave a broken workbook, nor replace a good one
from yesterday: everything is written to a hidden file beside the target and renamed
over it only once complete (a rename within one folder is atomic).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from annotator.errors import AnnotatorError


class ExportFileError(AnnotatorError):
    """The export could not be written where the user asked."""


@contextmanager
def atomic(target: Path) -> Iterator[Path]:
    """A fresh path beside `target`, moved onto it when the block ends without an error."""
    folder = target.parent
    if not folder.is_dir():
        raise ExportFileError(f"{folder}: no such folder")
    temp = folder / f".{target.name}.{uuid.uuid4().hex[:8]}.part"
    try:
        temp.touch(exist_ok=False)  # made with the user's umask, unlike mkstemp's 0600
        yield temp
        os.replace(temp, target)
    except PermissionError as err:
        raise ExportFileError(f"{target}: cannot write it ({err.strerror}); if it is open in "
                              f"Excel, close it and export again") from err
    except OSError as err:
        raise ExportFileError(f"{target}: cannot write it ({err.strerror or err})") from err
    finally:
        temp.unlink(missing_ok=True)
