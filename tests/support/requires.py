"""Tests that need a system program (Xvfb, Tesseract, PostgreSQL) skip with a reason on a
user's machine, and fail in CI (CI=true), where .ci/run installs every one of them."""

from __future__ import annotations

import os
import shutil

import pytest


def require(program: str, why: str) -> str:
    """The program's path; skips (or in CI fails) the calling test when it is missing."""
    found = shutil.which(program)
    if found:
        return found
    message = f"skipped because {program} is not installed ({why})"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must have {program}: {message}")
    pytest.skip(message)
