"""A real X server for the tests that depend on the platform's key bindings.

Offscreen Qt hid the Redo defect (issue 12): only xcb with its X11 theme binds the keys
the way a Linux desktop does. So these tests start Xvfb, run the workbench in a child
process on it with QT_QPA_PLATFORM=xcb, press keys with xdotool, and read the outcome
from the project file (every edit is durable at once, so another connection sees it).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.requires import require

ROOT = Path(__file__).resolve().parents[2]
APP = Path(__file__).with_name("x_app.py")
READY_SECONDS = 30


@contextmanager
def xvfb(size: str = "1366x768x24") -> Iterator[str]:
    """A fresh Xvfb display (":N"), stopped afterwards."""
    program = require("Xvfb", "the key-binding tests need a real X server")
    require("xdotool", "the key-binding tests press keys through X")
    for number in range(90, 140):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(
                f"/tmp/.X{number}-lock").exists():
            break
    display = f":{number}"
    server = subprocess.Popen([program, display, "-screen", "0", size, "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError(f"Xvfb did not start on {display}")
            time.sleep(0.05)
        yield display
    finally:
        server.terminate()
        server.wait(10)


class XApp:
    """The workbench in a child process on `display`, keys pressed through xdotool."""

    def __init__(self, display: str, project: Path, settings: Path, coder: str = "ann") -> None:
        self.display = display
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        env.pop("WAYLAND_DISPLAY", None)
        self.env = env
        self.process = subprocess.Popen(
            [sys.executable, str(APP), str(project), str(settings), coder],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if line.strip() != "ready":
            self.close()
            raise RuntimeError(f"the workbench did not start: {line}{self.stderr()}")

    def key(self, *keys: str) -> None:
        """Press `keys` (xdotool names, e.g. ctrl+shift+z) in the workbench window."""
        subprocess.run(["xdotool", "search", "--sync", "--name", "Annotator",
                        "windowfocus", "--sync", "key", "--delay", "80", *keys],
                       env=self.env, check=True, timeout=20)
        time.sleep(0.4)  # the child handles the key and writes the project file

    def stderr(self) -> str:
        return self.process.stderr.read() if self.process.stderr and \
            self.process.poll() is not None else ""

    def close(self) -> str:
        """Stop the child; what it printed on stderr (Qt's warnings), for assertions."""
        self.process.terminate()
        try:
            _out, err = self.process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _out, err = self.process.communicate()
        return err
