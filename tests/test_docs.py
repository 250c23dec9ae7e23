"""The README's generated parts are fresh, and its quick start is what CI runs."""
from __future__ import annotations

from dataset_tools.curate import readme
from tests.conftest import PACKAGE_ROOT


def test_readme_generated_blocks_are_fresh():
    """README.md's data dictionary, row counts and coverage equal what the tool generates now."""
    current = (PACKAGE_ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.render(current, PACKAGE_ROOT) == current, "README.md is stale: run `make dictionary`"


def test_stale_dictionary_is_detected(package_copy):
    """Changing a schema description makes the README check fail (the test can fail)."""
    path = package_copy / "schemas" / "regions.json"
    path.write_text(path.read_text(encoding="utf-8").replace("Full official name.", "Changed."), encoding="utf-8")
    assert readme.main(["--check", "--root", str(package_copy)]) == 1


def test_ci_runs_the_readme_test_command():
    text = (PACKAGE_ROOT / "README.md").read_text(encoding="utf-8")
    assert "make validate" in text and "make test" in text
    assert "make test" in (PACKAGE_ROOT / ".ci" / "run").read_text(encoding="utf-8")
