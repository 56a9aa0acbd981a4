"""Keys as a Linux desktop delivers them: xcb on Xvfb, pressed through xdotool (issue 12)."""

from __future__ import annotations

from pathlib import Path

from annotator.project import Project
from tests.support.samples import import_text
from tests.support.xserver import XApp, xvfb

PAGES = ["〇河野大臣：ただいまから会議を開催いたします。\n交付金の配分について議論します。"]


def _codings(path: Path) -> int:
    with Project(path) as other:
        return len(other.coding.annotations())


def test_redo_by_ctrl_shift_z_and_ctrl_y_on_x11(tmp_path: Path) -> None:
    path = tmp_path / "x.annot"
    with Project(path) as project:
        import_text(project, PAGES, "議事録.pdf")
    with xvfb() as display:
        app = XApp(display, path, tmp_path / "settings.ini")
        try:
            app.key("2")
            assert _codings(path) == 1
            app.key("ctrl+z")
            assert _codings(path) == 0
            app.key("ctrl+shift+z")
            assert _codings(path) == 1, "Ctrl+Shift+Z must redo"
            app.key("ctrl+z")
            assert _codings(path) == 0
            app.key("ctrl+y")
            assert _codings(path) == 1, "Ctrl+Y must redo"
        finally:
            warnings = app.close()
    assert "Ambiguous shortcut" not in warnings
