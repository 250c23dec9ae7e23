"""README.md is a front page whose every figure and table is generated and fresh; docs/ holds the
generated data dictionary, checks, coverage and rule codes; the quick start is what CI runs."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from dataset_tools.csvio import read_rows
from dataset_tools.curate import readme
from tests.conftest import PACKAGE_ROOT

README = PACKAGE_ROOT / "README.md"
SVG = "docs/img/headline-figures.svg"


def indicator_rows(root: Path = PACKAGE_ROOT) -> dict[str, dict]:
    return {row["id"]: row for row in read_rows(root / "resources" / "indicators.csv")[1]}


def block(text: str, name: str) -> str:
    found = re.search(rf"<!-- BEGIN {name} -->\n(.*?)<!-- END {name} -->", text, re.S)
    assert found is not None, f"no {name} block"
    return found.group(1)


def test_generated_parts_are_fresh():
    """README.md, docs/*.md blocks and the chart equal what the tool generates now."""
    assert readme.main(["--check"]) == 0, "stale: run `make dictionary`"


def test_validation_doc_lists_every_rule_code():
    """docs/validation.md's table of rule codes equals what the tool generates from the declared CODES."""
    current = (PACKAGE_ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    fresh = readme.render(current, PACKAGE_ROOT, {"RULE CODES": readme.rule_codes})
    assert fresh == current, "docs/validation.md is stale: run `make dictionary`"


def test_stale_dictionary_is_detected(repository_copy, capsys):
    """Changing a schema description makes the check fail, naming docs/data-dictionary.md."""
    path = repository_copy / "schemas" / "regions.json"
    path.write_text(path.read_text(encoding="utf-8").replace("Full official name.", "Changed."), encoding="utf-8")
    assert readme.main(["--check", "--root", str(repository_copy)]) == 1
    assert "docs/data-dictionary.md is stale" in capsys.readouterr().out


def test_a_changed_figure_makes_the_table_and_the_chart_stale(repository_copy, capsys):
    path = repository_copy / "resources" / "indicators.csv"
    _, stated = readme.chart_pairs(PACKAGE_ROOT)[0]
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith(stated["id"] + ","))
    path.write_text(text.replace(line, line.replace(f",{stated['value']},", f",{stated['value']}1,", 1)),
                    encoding="utf-8")
    assert readme.main(["--check", "--root", str(repository_copy)]) == 1
    out = capsys.readouterr().out
    assert SVG in out and "README.md is stale" in out


def test_readme_is_a_front_page():
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 200
    assert "DATA DICTIONARY" not in text, "the data dictionary lives in docs/data-dictionary.md"
    for heading in ("## Download", "## Headline figures", "## Quick start", "## How to cite", "## Documentation"):
        assert heading in text, heading
    for target in ("CHANGELOG.md", "docs/data-dictionary.md", "docs/loading.md", "docs/source.md", "CITATION.cff"):
        assert f"]({target}" in text, target


@pytest.mark.parametrize("page", ["README.md", "docs/data-dictionary.md", "docs/loading.md", "docs/source.md",
                                  "docs/validation.md", "profiles/README.md", "curation/README.md"])
def test_relative_links_resolve(page):
    """Every relative link and image of the page names a file of the package."""
    path = PACKAGE_ROOT / page
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", path.read_text(encoding="utf-8")):
        if not re.match(r"^[a-z]+:", target):
            assert (path.parent / target).exists(), f"{page} links to {target}, which does not exist"


def test_headline_figures_name_their_rows_and_mark_derived_ones():
    rows = indicator_rows()
    lines = [line for line in block(README.read_text(encoding="utf-8"), "HEADLINE FIGURES").splitlines()[2:]]
    assert len(lines) == len(readme.HEADLINE) >= 8
    for line, row_id in zip(lines, readme.HEADLINE, strict=True):
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        assert cells[-1] == f"`{row_id}`"
        row = rows[row_id]
        assert cells[0] == row["label_en"]
        assert ("derived" in cells[3]) == (row["status"] == "derived"), line
    assert any(rows[i]["status"] == "derived" for i in readme.HEADLINE), "show at least one derived figure, marked"


@pytest.mark.parametrize("row, words", [
    ({"value": "17800", "unit": "count", "unit_en": "items", "qualifier": "exact"}, "17,800 items"),
    ({"value": "637000000", "unit": "CNY", "qualifier": "exact"}, "CNY 637 million"),
    ({"value": "1790000000", "unit": "CNY", "qualifier": "exact"}, "CNY 1.79 billion"),
    ({"value": "60000000000", "unit": "CNY", "qualifier": "more_than"}, "more than CNY 60 billion"),
    ({"value": "2.02", "unit": "per_10k_population", "qualifier": "approximately"}, "about 2.02 per 10,000 population"),
    ({"value": "11.74", "unit": "percent", "qualifier": "exact"}, "11.74 %"),
])
def test_figures_read_in_english(row, words):
    assert readme.english_value(row) == words


@pytest.mark.parametrize("start, end, words",
                         [("2024-12-31", "2024-12-31", "end of 2024"), ("2024-01-01", "2024-12-31", "2024"),
                                               ("2020-01-01", "2024-12-31", "2020–2024"), ("", "", "not stated")])
def test_periods_read_in_english(start, end, words):
    assert readme.period({"period_start": start, "period_end": end}) == words


def test_a_headline_row_that_does_not_exist_is_refused(monkeypatch):
    monkeypatch.setattr(readme, "HEADLINE", (*readme.HEADLINE, "ind-no-such-row"))
    with pytest.raises(SystemExit, match="ind-no-such-row"):
        readme.headline_figures(PACKAGE_ROOT)


def test_the_chart_shows_each_derived_level_beside_the_stated_figure_it_comes_from():
    root = ElementTree.fromstring((PACKAGE_ROOT / SVG).read_text(encoding="utf-8"))
    ns = {"svg": "http://www.w3.org/2000/svg"}
    assert root.findtext("svg:title", None, ns) and root.findtext("svg:desc", None, ns)
    tooltips = [g.findtext("svg:title", "", ns) for g in root.iter("{http://www.w3.org/2000/svg}g")]
    rows = indicator_rows()
    pairs = readme.chart_pairs(PACKAGE_ROOT)
    assert pairs and len(tooltips) == 2 * len(pairs)
    for derived, stated in pairs:
        assert derived["status"] == "derived" and stated["status"] == "stated"
        assert "{" + stated["id"] + "}" in rows[derived["id"]]["formula"]
        assert derived["period_end"] < stated["period_end"]
        assert any(t.startswith(f"{derived['id']}:") and t.endswith("derived") for t in tooltips)
        assert any(t.startswith(f"{stated['id']}:") and t.endswith("stated") for t in tooltips)


def test_the_picture_is_the_site_screenshot_when_it_exists_else_the_chart(repository_copy):
    (repository_copy / "docs" / "img" / "site.png").unlink(missing_ok=True)
    assert "headline-figures.svg" in readme.picture(repository_copy)
    (repository_copy / "docs" / "img" / "site.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert "docs/img/site.png" in readme.picture(repository_copy)


def test_ci_runs_the_readme_test_command():
    text = README.read_text(encoding="utf-8")
    assert "make validate" in text and "make test" in text
    assert "make test" in (PACKAGE_ROOT / ".ci" / "run").read_text(encoding="utf-8")
