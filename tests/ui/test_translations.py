"""The Japanese catalog: complete, compiled from the current .ts, current with the sources."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings, Qt, QTranslator
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.dialogs.settings import SettingsDialog
from ui.models.search import KEYWORD, SearchModel
from ui.translations import (
    LANGUAGE_KEY,
    QM_FILE,
    TS_FILE,
    chosen_language,
    install_translator,
    qt_tool,
    spell_out_contexts,
    system_language,
    update_catalog,
)

PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
STALE = "run `make translations` (and translate what comes in unfinished)"


def store(tmp_path: Path, language: str | None) -> QSettings:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    if language is not None:
        settings.setValue(LANGUAGE_KEY, language)
    return settings


def messages(ts_file: Path) -> Iterator[tuple[str, str, ET.Element]]:
    for context in ET.parse(ts_file).getroot().iter("context"):
        for message in context.iter("message"):
            yield context.findtext("name") or "", message.findtext("source") or "", message


@pytest.fixture
def japanese(qapp: QApplication, tmp_path: Path) -> Iterator[list[QTranslator]]:
    installed = install_translator(qapp, store(tmp_path, "ja"))
    yield installed
    for translator in installed:  # the application outlives the test
        qapp.removeTranslator(translator)


def test_the_compiled_catalog_loads() -> None:
    translator = QTranslator()
    assert translator.load(str(QM_FILE))
    assert not translator.isEmpty()
    assert translator.language() == "ja_JP"


def test_japanese_translates_the_window_and_the_panes(japanese: list[QTranslator]) -> None:
    assert japanese
    assert QCoreApplication.translate("MainWindow", "&File") == "ファイル(&F)"
    assert QCoreApplication.translate("MainWindow", "Coder: {name}") == "コーダー: {name}"
    assert QCoreApplication.translate("Commands", "Code as {code}") == "{code}としてコード付け"
    # self.tr() in a pane's model finds its class's context at run time
    header = SearchModel().headerData(KEYWORD, Qt.Orientation.Horizontal)
    assert header == "検索語"


def test_english_installs_nothing(qapp: QApplication, tmp_path: Path) -> None:
    assert install_translator(qapp, store(tmp_path, "en")) == []
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"


def test_the_language_follows_the_setting_then_the_system(tmp_path: Path) -> None:
    japan, france = QLocale("ja_JP"), QLocale("fr_FR")
    assert system_language(japan) == "ja"
    assert system_language(france) == "en"  # a language we do not speak: English
    assert chosen_language(store(tmp_path, None), japan) == "ja"
    assert chosen_language(store(tmp_path, ""), japan) == "ja"
    assert chosen_language(store(tmp_path, "en"), japan) == "en"
    assert chosen_language(store(tmp_path, "ja"), france) == "ja"


def test_every_message_is_translated() -> None:
    found = list(messages(TS_FILE))
    assert len(found) > 50
    for context, source, message in found:
        translation = message.find("translation")
        where = f"{context}: {source!r}"
        assert translation is not None, where
        assert translation.get("type") is None, f"{where} is {translation.get('type')}; {STALE}"
        text = translation.text or ""
        assert text.strip(), f"{where} has no translation"
        # str.format needs the same fields, or a string raises KeyError on screen
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), where
        if re.search(r"&[^&\s]", source):  # keep the menu's keyboard access
            assert re.search(r"\(&[A-Z]\)", text), where


def test_the_qm_is_compiled_from_the_current_ts(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.qm"
    subprocess.run([str(qt_tool("lrelease")), "-silent", str(TS_FILE), "-qm", str(fresh)],
                   check=True)
    assert fresh.read_bytes() == QM_FILE.read_bytes(), f"annotator_ja.qm is stale; {STALE}"


def test_the_ts_has_every_string_of_the_sources(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    update_catalog(output=fresh)
    committed = {(c, s) for c, s, _ in messages(TS_FILE)}
    current = {(c, s) for c, s, _ in messages(fresh)}
    assert not current - committed, f"new strings; {STALE}"
    assert not committed - current, f"strings no longer in ui/; {STALE}"


def test_module_helpers_are_spelled_out_for_lupdate() -> None:
    source = (
        "from PySide6.QtCore import QCoreApplication\n\n\n"
        "def tr(text: str) -> str:\n"
        '    return QCoreApplication.translate("MainWindow", text)\n\n\n'
        'x = [tr("&File"), self.tr("own"), tr ("Open")]\n'
    )
    lines = spell_out_contexts(source).splitlines()
    assert lines[3] == "def tr(text: str) -> str:"
    assert lines[7] == (
        '''x = [QCoreApplication.translate("MainWindow", "&File"), self.tr("own"), '''
        '''QCoreApplication.translate("MainWindow", "Open")]'''
    )
    plain = 'x = tr("a")\n'  # no helper of its own: lupdate's reading is left alone
    assert spell_out_contexts(plain) == plain


def test_the_settings_dialog_saves_the_language(qtbot: QtBot, tmp_path: Path) -> None:
    settings = store(tmp_path, None)
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.language() == ""  # follows the system until chosen
    dialog.language_box.setCurrentIndex(dialog.language_box.findData("ja"))
    dialog.accept()
    assert settings.value(LANGUAGE_KEY) == "ja"
    again = SettingsDialog(settings)
    qtbot.addWidget(again)
    assert again.language_box.currentText() == "日本語"
