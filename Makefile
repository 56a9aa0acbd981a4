# Fresh machine: `make run` or `make test` creates .venv from the committed lock file.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.lock | cut -c1-12)

.PHONY: run test lint bench clean translations

$(STAMP): requirements.lock
	rm -f $(VENV)/.installed-*
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	touch $@

run: $(STAMP)
	$(PY) main.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m bench

# lupdate over ui/ into the .ts (new strings arrive unfinished: translate them, e.g. in
# pyside6-linguist, and run this again), then lrelease into the .qm, which is committed so
# `make run` needs no build step. tests/test_translations.py fails until both are current.
TS := resources/translations/annotator_ja.ts
translations: $(STAMP)
	$(PY) -m ui.translations
	$(VENV)/bin/pyside6-lrelease -silent $(TS) -qm $(TS:.ts=.qm)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

.PHONY: screenshot
screenshot: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) tools/screenshot.py
