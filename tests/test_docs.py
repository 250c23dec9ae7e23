"""Every generated block of the docs is fresh, and the quick start is what CI runs.

The blocks come from code and data (dataset_tools.curate.docs): the data dictionary, row counts,
coverage, checks, limits, reason codes, and the failure examples, which are re-run here.
"""
from __future__ import annotations

import pytest

from dataset_tools.curate import coverage, docs
from dataset_tools.validate import limits
from tests.conftest import PACKAGE_ROOT


def text_of(document: str) -> str:
    return (PACKAGE_ROOT / document).read_text(encoding="utf-8")


@pytest.mark.parametrize("document", list(docs.DOCUMENTS))
def test_generated_blocks_are_fresh(document):
    """Each block equals what the tool generates now (the failure examples are validated again)."""
    current = text_of(document)
    assert docs.render(document, current, PACKAGE_ROOT) == current, f"{document} is stale: run `make docs`"


def test_a_changed_schema_changes_the_data_dictionary(package_copy):
    path = package_copy / "schemas" / "regions.json"
    path.write_text(path.read_text(encoding="utf-8").replace("Full official name.", "Changed."), encoding="utf-8")
    assert docs.data_dictionary(package_copy) != docs.data_dictionary(PACKAGE_ROOT)
    assert docs.data_dictionary(PACKAGE_ROOT) in text_of("README.md")


def test_a_changed_limit_makes_the_limits_table_stale(monkeypatch):
    document = "docs/when-validation-fails.md"
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", limits.MAX_FILE_BYTES * 2)
    fresh = docs.render(document, text_of(document), PACKAGE_ROOT)
    assert fresh != text_of(document)
    assert f"| size of a data file | {limits.MAX_FILE_BYTES // 2**20} MiB |" in fresh


def test_a_new_reason_code_makes_the_curation_readme_stale(monkeypatch):
    monkeypatch.setitem(coverage.REASON_CODES, "new_code", "a code the tool now accepts")
    fresh = docs.render("curation/README.md", text_of("curation/README.md"), PACKAGE_ROOT)
    assert "| `new_code` | a code the tool now accepts |" in fresh


def test_inline_blocks_stay_inline():
    text = "before <!-- BEGIN VALID SUMMARY -->`old`<!-- END VALID SUMMARY --> after"
    rendered = docs.render("docs/validation.md", text, PACKAGE_ROOT)
    assert rendered.startswith("before <!-- BEGIN VALID SUMMARY -->`") and "\n" not in rendered
    assert rendered.endswith(" checks, 0 problems`<!-- END VALID SUMMARY --> after")


def test_a_missing_block_is_an_error():
    with pytest.raises(SystemExit, match="has no '<!-- BEGIN "):
        docs.render("docs/when-validation-fails.md", "no markers here\n", PACKAGE_ROOT)


def test_ci_runs_the_readme_test_command():
    text = text_of("README.md")
    assert "make validate" in text and "make test" in text
    assert "make test" in text_of(".ci/run")
