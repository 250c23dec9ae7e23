# Two commands for users: `make validate` and `make test`. Both build .venv from the pinned
# requirements when it is missing or older than requirements.txt.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.requirements-installed
PY := $(VENV)/bin/python

.PHONY: validate test descriptor spans dictionary coverage mentions exports site browse release benchmark clean

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
spans: $(STAMP)  ## recompute char_start/char_end of every row (and sentence exclusion) from its quote
	@$(PY) -m dataset_tools.curate.anchor fill resources/*.csv curation/sentence_exclusions.csv

descriptor: $(STAMP)  ## refresh bytes and hashes in datapackage.json, and categories in schemas/ from their enums
	@$(PY) -m dataset_tools.curate.categories
	@$(PY) -m dataset_tools.curate.descriptor

dictionary: $(STAMP)  ## regenerate the generated docs (README, docs/, the limits in docs/security.md) and the citation files
	@$(PY) -m dataset_tools.curate.readme
	@$(PY) -m dataset_tools.validate.security_doc
	@$(PY) -m dataset_tools.publish.citation

mentions: $(STAMP)  ## list the titles, quoted names and bodies that no row names
	@$(PY) -m dataset_tools.curate.mentions

coverage: $(STAMP)  ## list every numeric expression and every sentence of the source and what accounts for it
	@$(PY) -m dataset_tools.curate.coverage
	@$(PY) -m dataset_tools.curate.sentences

# --- exports and release (written to dist/, never committed) ---
exports: $(STAMP)  ## exports (SQLite, Datasette metadata, Parquet, Excel, annotations) and the site
	@$(PY) -m dataset_tools.publish.exports

site: $(STAMP)  ## only the evidence site, into dist/site/ (open dist/site/index.html)
	@$(PY) -m dataset_tools.publish.site

browse: $(STAMP)
	@$(PY) -m dataset_tools.publish.exports --browse

release: $(STAMP)
	@$(PY) -m dataset_tools.publish.release

benchmark: $(STAMP)
	@$(PY) scripts/benchmark.py

clean:
	rm -rf dist .pytest_cache
