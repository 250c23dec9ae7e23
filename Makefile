# Two commands for users: `make validate` and `make test`. Both build .venv from the pinned
# requirements when it is missing or older than requirements.txt.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.requirements-installed
PY := $(VENV)/bin/python

.PHONY: validate test descriptor spans dictionary coverage glossary exports browse release benchmark clean

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing pinned requirements into $(VENV) ..."
	@$(PY) -m pip install --quiet --disable-pip-version-check --no-input -r requirements.txt
	@touch $(STAMP)

validate: $(STAMP)  ## validate the package and print a short summary
	@$(PY) validate.py

test: $(STAMP)  ## run the test suite
	@$(PY) -m pytest -q

# --- curator commands (they write to the package, on purpose) ---
spans: $(STAMP)  ## recompute char_start/char_end of every row from its quote
	@$(PY) -m dataset_tools.curate.anchor fill resources/*.csv

descriptor: $(STAMP)  ## refresh bytes and hashes in datapackage.json
	@$(PY) -m dataset_tools.curate.descriptor

dictionary: $(STAMP)  ## regenerate the README's data dictionary and coverage figures
	@$(PY) -m dataset_tools.curate.readme

coverage: $(STAMP)  ## list every numeric expression of the source and what covers it
	@$(PY) -m dataset_tools.curate.coverage

glossary: $(STAMP)  ## list the terms and their English renderings; flag what the glossary needs
	@$(PY) -m dataset_tools.curate.glossary

# --- exports and release (written to dist/, never committed) ---
exports: $(STAMP)
	@$(PY) -m dataset_tools.publish.exports

browse: $(STAMP)
	@$(PY) -m dataset_tools.publish.exports --browse

release: $(STAMP)
	@$(PY) -m dataset_tools.publish.release

benchmark: $(STAMP)
	@$(PY) scripts/benchmark.py

clean:
	rm -rf dist .pytest_cache
