"""The generated parts of README.md and docs/validation.md are fresh, and the quick start is what CI runs."""
from __future__ import annotations

from dataset_tools.curate import readme
from tests.conftest import PACKAGE_ROOT


def test_readme_generated_blocks_are_fresh():
    """README.md's data dictionary, row counts and coverage equal what the tool generates now."""
    current = (PACKAGE_ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.render(current, PACKAGE_ROOT) == current, "README.md is stale: run `make dictionary`"


def test_validation_doc_lists_every_rule_code():
    """docs/validation.md's table of rule codes equals what the tool generates from the declared CODES."""
    path = PACKAGE_ROOT / "docs" / "validation.md"
    current = path.read_text(encoding="utf-8")
    fresh = readme.render(current, PACKAGE_ROOT, readme.PAGES["docs/validation.md"], "docs/validation.md")
    assert fresh == current, "docs/validation.md is stale: run `make dictionary`"


def test_stale_dictionary_is_detected(package_copy):
    """Changing a schema description makes the README check fail (the test can fail)."""
    path = package_copy / "schemas" / "regions.json"
    path.write_text(path.read_text(encoding="utf-8").replace("Full official name.", "Changed."), encoding="utf-8")
    assert readme.main(["--check", "--root", str(package_copy)]) == 1


def test_ci_runs_the_readme_test_command():
    text = (PACKAGE_ROOT / "README.md").read_text(encoding="utf-8")
    assert "make validate" in text and "make test" in text
    assert "make test" in (PACKAGE_ROOT / ".ci" / "run").read_text(encoding="utf-8")
