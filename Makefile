# Two commands for users: `make validate` and `make test`. Each builds .venv when it is missing
# and installs the pinned set it needs from requirements/ (compiled from pyproject.toml by
# `make lock`) when that set changed:
#   make validate   requirements/runtime.txt   validation only (frictionless, cn2an, ...)
#   make exports    requirements/publish.txt   + exports, site, release, Datasette
#   make test       requirements/dev.txt       + tests, browser tests, ruff, mypy, the lock tool
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP_INSTALL := $(PY) -m pip install --disable-pip-version-check --no-input --require-hashes
LOCK := $(PY) -m piptools compile --quiet --allow-unsafe --generate-hashes --strip-extras \
	--no-emit-index-url --no-emit-find-links

.PHONY: validate test lint lock docs descriptor spans dictionary coverage mentions glossary exports site browse \
	release benchmark clean

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: run make PYTHON=python3.11 (or newer)")'
	@echo "Creating the virtual environment $(VENV) with $(PYTHON) ..."
	@$(PYTHON) -m venv $(VENV)

$(VENV)/.%-installed: requirements/%.txt | $(PY)
	@echo "Installing the pinned requirements of $< into $(VENV) ..."
	@$(PIP_INSTALL) -r $<
	@touch $@

validate: $(VENV)/.runtime-installed  ## validate the package and print a short summary
	@echo "Validating the package: $(PY) validate.py"
	@$(PY) validate.py

lint: $(VENV)/.dev-installed  ## ruff and mypy over the code (settings in pyproject.toml)
	@echo "ruff check ."
	@$(PY) -m ruff check .
	@echo "mypy (dataset_tools, validate.py, scripts, tests)"
	@$(PY) -m mypy

test: lint  ## ruff, mypy, then the test suite
	@echo "pytest"
	@$(PY) -m pytest -q

# Recompile requirements/*.txt from pyproject.toml. Pins already in the files are kept unless a
# dependency needs another version (pip-compile --upgrade-package NAME to move one on purpose).
lock: $(VENV)/.dev-installed
	$(LOCK) -o requirements/runtime.txt pyproject.toml
	$(LOCK) --extra publish -c requirements/runtime.txt -o requirements/publish.txt pyproject.toml
	$(LOCK) --extra publish --extra dev -c requirements/publish.txt -o requirements/dev.txt pyproject.toml

# --- curator commands (they write to the package, on purpose) ---
spans: $(VENV)/.runtime-installed  ## recompute char_start/char_end of every row (and sentence exclusion) from its quote
	@$(PY) -m dataset_tools.curate.anchor fill resources/*.csv curation/sentence_exclusions.csv

descriptor: $(VENV)/.runtime-installed  ## refresh bytes and hashes in datapackage.json, and categories in schemas/ from their enums
	@$(PY) -m dataset_tools.curate.categories
	@$(PY) -m dataset_tools.curate.descriptor

docs: $(VENV)/.publish-installed  ## regenerate the generated parts of README.md and docs/, and the citation files
	@$(PY) -m dataset_tools.curate.readme
	@$(PY) -m dataset_tools.validate.security_doc
	@$(PY) -m dataset_tools.publish.citation

dictionary: docs  ## the former name of `make docs`

mentions: $(VENV)/.runtime-installed  ## list the titles, quoted names and bodies that no row names
	@$(PY) -m dataset_tools.curate.mentions

glossary: $(VENV)/.runtime-installed  ## list the bilingual pairs of the data against resources/glossary.csv (writes nothing)
	@$(PY) -m dataset_tools.curate.glossary

coverage: $(VENV)/.runtime-installed  ## list every numeric expression and every sentence of the source and what accounts for it
	@$(PY) -m dataset_tools.curate.coverage
	@$(PY) -m dataset_tools.curate.sentences

# --- exports and release (written to dist/, never committed) ---
exports: $(VENV)/.publish-installed  ## exports (SQLite, Datasette metadata, Parquet, Excel, annotations) and the site
	@$(PY) -m dataset_tools.publish.exports

site: $(VENV)/.publish-installed  ## only the evidence site, into dist/site/ (open dist/site/index.html)
	@$(PY) -m dataset_tools.publish.site

browse: $(VENV)/.publish-installed
	@$(PY) -m dataset_tools.publish.exports --browse

release: $(VENV)/.publish-installed
	@$(PY) -m dataset_tools.publish.release

benchmark: $(VENV)/.runtime-installed
	@$(PY) scripts/benchmark.py

clean:
	rm -rf dist .pytest_cache .mypy_cache .ruff_cache
