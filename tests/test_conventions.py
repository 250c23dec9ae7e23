"""English conventions of the data: British spelling, and one rendering of 专利转化运用.

Identifiers (`id`, `*_id`, codes such as `program`) keep the spelling they were published with:
they are stable across releases. Every other English cell (`*_en`, `note`) follows the rules.
"""
from __future__ import annotations

import re

from dataset_tools.csvio import read_rows
from tests.conftest import PACKAGE_ROOT

AMERICAN = re.compile(r"\b[A-Za-z]+(?:iz(?:e|es|ed|ing|ation|ations)|yz(?:e|es|ed|ing))\b|\b[Cc]enters?\b"
                      r"|\b[Pp]rograms?\b|\b[Ll]icenses?\b(?! plate)")
NOT_AMERICAN = {"maize", "size", "sizes", "sized", "prize", "prizes", "seize", "seized", "seizes", "seizing"}
RENDERING = "patent transformation and utilisation"
OTHER_RENDERINGS = re.compile(r"patent conversion|conversion and utili|transformation and application"
                              r"|transformation and utiliz|commerciali[sz]ation of patents", re.IGNORECASE)


def american_words(text: str) -> list[str]:
    """Words of `text` spelt the American way (organization, center, program …)."""
    return [word for word in AMERICAN.findall(text) if word.lower() not in NOT_AMERICAN]


def english_cells():
    """(file, row id, column, cell) of every English cell of every resource."""
    for path in sorted((PACKAGE_ROOT / "resources").glob("*.csv")):
        header, rows = read_rows(path)
        for row in rows:
            for column in header:
                if column.endswith("_en") or column == "note":
                    yield path.name, row.get("id", ""), column, row[column]


def test_the_rules_catch_what_they_should():
    assert american_words("Gansu Intellectual Property Protection Center for Utilization") == ["Center", "Utilization"]
    assert american_words("Medium-sized enterprises; the Centre's programme; patent licences") == []
    assert OTHER_RENDERINGS.search("Special Action Plan for the Transformation and Application of Patents")


def test_english_cells_use_british_spelling():
    found = [(name, row_id, column, american_words(cell)) for name, row_id, column, cell in english_cells()
             if american_words(cell)]
    assert not found, found


def test_one_english_rendering_of_patent_transformation_and_utilisation():
    found = [(name, row_id, column) for name, row_id, column, cell in english_cells() if OTHER_RENDERINGS.search(cell)]
    assert not found, found
    for path in sorted((PACKAGE_ROOT / "resources").glob("*.csv")):
        header, rows = read_rows(path)
        for column in (c for c in header if c.endswith("_zh") and c[:-3] + "_en" in header):
            for row in rows:
                if "专利转化运用" in row[column]:
                    assert RENDERING in row[column[:-3] + "_en"].lower(), (path.name, row["id"], column)
