"""Japanese or English: Qt translators chosen from the settings or the system locale.

The source strings are English, so English needs no translator. Widgets translate their
strings when they are built, so a change of language applies on the next start.

`python -m ui.translations` refreshes resources/translations/annotator_ja.ts with
pyside6-lupdate (the Makefile's `translations` target runs it, then lrelease). lupdate
files a call of a module-level helper `tr("…")` under an empty context, while at run
time the helper asks for its own context ("MainWindow", "Commands"): those strings
would never be found. So lupdate reads a copy of ui/ in which each such call is spelled
`QCoreApplication.translate("MainWindow", "…")` on the same line, which keeps the
locations in the .ts pointing at the real files.
"""

from __future__ import annotations

import ast
import io
import logging
import shutil
import subprocess
import sys
import tempfile
import tokenize
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from resources import TRANSLATIONS

LANGUAGE_KEY = "language"  # "ja", "en", or "" for the system's language
LANGUAGES = ("ja", "en")
ROOT = Path(__file__).resolve().parent.parent  # the checkout, for lupdate
TS_FILE = TRANSLATIONS / "annotator_ja.ts"
QM_FILE = TRANSLATIONS / "annotator_ja.qm"
_log = logging.getLogger(__name__)


def system_language(locale: QLocale | None = None) -> str:
    """The first of the user's UI languages that Annotator speaks; English otherwise."""
    for tag in (locale if locale is not None else QLocale.system()).uiLanguages():
        primary = tag.replace("_", "-").split("-")[0].lower()
        if primary in LANGUAGES:
            return primary
    return "en"


def chosen_language(settings: QSettings, locale: QLocale | None = None) -> str:
    value = settings.value(LANGUAGE_KEY, "")
    return value if isinstance(value, str) and value in LANGUAGES else system_language(locale)


def install_translator(app: QCoreApplication, settings: QSettings) -> list[QTranslator]:
    """Install Qt's and Annotator's Japanese catalogs when Japanese is chosen.

    The translators are children of `app`, so they live as long as it does. Returns the
    ones installed (none for English).
    """
    if chosen_language(settings) != "ja":
        return []
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    installed: list[QTranslator] = []
    for name, folder in (("qtbase_ja", qt_folder), (QM_FILE.stem, str(TRANSLATIONS))):
        translator = QTranslator(app)
        if translator.load(name, folder) and app.installTranslator(translator):
            installed.append(translator)
            continue
        translator.setParent(None)  # not kept: nothing refers to it any more
        if name == QM_FILE.stem:  # Qt's own catalog is optional; ours is committed
            _log.warning("cannot load %s: the interface stays in English", QM_FILE)
    return installed


# keeping the catalog up to date ----------------------------------------------------------------


def update_catalog(
    ts_file: Path = TS_FILE, sources: Path = ROOT / "ui", output: Path | None = None
) -> None:
    """Run pyside6-lupdate over `sources` (a copy, see the module docstring) into `ts_file`.

    Messages no longer in the sources are dropped; new ones come in unfinished, for a
    translator to fill in before `lrelease`. `output` writes the result elsewhere, so a
    test can check that the committed file is current without touching it.
    """
    with tempfile.TemporaryDirectory() as folder:
        stage = Path(folder)
        staged_ts = stage / ts_file.relative_to(ROOT)  # same relative path: same locations
        staged_ts.parent.mkdir(parents=True)
        if ts_file.exists():
            shutil.copyfile(ts_file, staged_ts)
        staged_sources = stage / sources.relative_to(ROOT)
        for path in sorted(sources.rglob("*.py")):
            copy = staged_sources / path.relative_to(sources)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(spell_out_contexts(path.read_text(encoding="utf-8")), encoding="utf-8")
        subprocess.run(
            [
                str(qt_tool("lupdate")),
                "-silent",
                "-extensions", "py",
                "-locations", "absolute",
                "-no-obsolete",
                "-target-language", "ja_JP",
                str(staged_sources),
                "-ts", str(staged_ts),
            ],
            check=True,
        )
        shutil.copyfile(staged_ts, output if output is not None else ts_file)


def qt_tool(name: str) -> Path:
    """pyside6-lupdate / pyside6-lrelease next to this Python, else on PATH."""
    beside = Path(sys.executable).parent / f"pyside6-{name}"
    if beside.exists():
        return beside
    found = shutil.which(f"pyside6-{name}")
    if found is None:
        raise FileNotFoundError(f"pyside6-{name} is not installed")
    return Path(found)


def spell_out_contexts(source: str) -> str:
    """Rewrite bare `tr(` as `QCoreApplication.translate("Ctx", ` where the module defines
    `def tr(text): return QCoreApplication.translate("Ctx", text)`; lines do not move."""
    context = _helper_context(source)
    if context is None:
        return source
    lines = io.StringIO(source).readlines()  # the lines tokenize counts
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline)
              if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT)]
    edits = [
        (name.start, call.end)
        for before, name, call in zip([None, *tokens], tokens, tokens[1:], strict=False)
        if name.type == tokenize.NAME and name.string == "tr" and call.string == "("
        and name.start[0] == call.end[0]
        and (before is None or before.string not in (".", "def"))
    ]
    spelled = f'QCoreApplication.translate("{context}", '
    for (row, start), (_row, end) in reversed(edits):
        line = lines[row - 1]
        lines[row - 1] = line[:start] + spelled + line[end:]
    return "".join(lines)


def _helper_context(source: str) -> str | None:
    """The context of a module-level `def tr(...)` that calls translate("Ctx", ...)."""
    for node in ast.parse(source).body:
        if not (isinstance(node, ast.FunctionDef) and node.name == "tr"):
            continue
        for call in ast.walk(node):
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr == "translate"
                and call.args
                and isinstance(call.args[0], ast.Constant)
                and isinstance(call.args[0].value, str)
            ):
                return call.args[0].value
    return None


if __name__ == "__main__":
    update_catalog()
