"""Japanese must render everywhere: add PyMuPDF's CJK font when the system has none."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

from annotator.pdf.reader import cjk_font

_SAMPLE = "財源権限人材情報共有"


def ensure_cjk_font() -> str | None:
    """Register the bundled CJK font unless a system font covers Japanese; its family."""
    japanese = QFontDatabase.families(QFontDatabase.WritingSystem.Japanese)
    if any(_covers(family) for family in japanese):
        return None
    font_id = QFontDatabase.addApplicationFontFromData(cjk_font())
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        return None
    for family in QFontDatabase.families():
        QFont.insertSubstitution(family, families[0])
    QFont.insertSubstitution("Sans Serif", families[0])
    return families[0]


def _covers(family: str) -> bool:
    return family != "" and QFontDatabase.isSmoothlyScalable(family)
