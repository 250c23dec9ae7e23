"""The `duplicates` check: one statement is not recorded twice under two ids."""
from __future__ import annotations

import pytest

from dataset_tools.validate.checks.duplicates import duplicates
from tests.test_checks_support import assert_only_rule, read, stand_in_package, validate_copy, write


@pytest.mark.parametrize("resource", ["indicators", "designations", "organizations"])
def test_a_stated_row_copied_under_a_new_id_is_named(package_copy, resource):
    header, rows = read(package_copy, resource)
    original = next(row for row in rows if row["status"] == "stated")
    copy = dict(original, id=original["id"] + "-again")
    rows.append(copy)
    write(package_copy, resource, header, rows)
    code, report = validate_copy(package_copy)
    # a copied indicator also takes the same figure of the text twice
    hits = assert_only_rule(report, code, "duplicates.same-statement", f"resources/{resource}.csv", row=len(rows) + 1,
                            column="id", also=("figure-cues.figure-taken-twice",))
    assert original["id"] in hits[0]["message"]


def test_a_restatement_elsewhere_and_a_different_figure_in_the_same_quote_are_not_duplicates():
    base = {"source_id": "s", "indicator": "x", "value": "1", "status": "stated", "note": "", "quote_prefix": ""}
    rows = [dict(base, id="a", char_start="0", char_end="4", quote="甲乙丙丁"),
            dict(base, id="restated", char_start="6", char_end="10", quote="甲乙丙丁"),
            dict(base, id="other-figure", value="2", char_start="0", char_end="4", quote="甲乙丙丁"),
            dict(base, id="trimmed-copy", char_start="1", char_end="3", quote="乙丙")]
    package = stand_in_package({"indicators": rows}, {"s": "甲乙丙丁,,甲乙丙丁"})
    assert [problem.row_id for problem in duplicates(package)] == ["trimmed-copy"]


def test_a_derived_row_copied_under_a_new_id_is_named(package_copy):
    header, rows = read(package_copy, "indicators")
    declared = (package_copy / "curation" / "note_figures.csv").read_text(encoding="utf-8")
    original = next(row for row in rows if row["status"] == "derived" and row["formula"]
                    and f",{row['id']}," not in declared)   # a copy has no figure declarations of its own
    rows.append(dict(original, id=original["id"] + "-again"))
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "duplicates.same-derivation", "resources/indicators.csv",
                            row=len(rows) + 1, column="id")
    assert original["id"] in hits[0]["message"]


def test_two_derivations_that_differ_in_formula_or_content_are_not_duplicates():
    base = {"source_id": "s", "indicator": "x", "value": "2", "status": "derived", "note": "", "quote": "",
            "char_start": "", "char_end": "", "quote_prefix": ""}
    rows = [dict(base, id="a", formula="{p} + {q}"), dict(base, id="other-formula", formula="{p} * 2"),
            dict(base, id="other-value", value="3", formula="{p} + {q}"), dict(base, id="again", formula="{p} + {q}")]
    package = stand_in_package({"indicators": rows}, {"s": "甲乙丙丁"})
    found = [(problem.row_id, problem.code) for problem in duplicates(package)]
    assert found == [("again", "duplicates.same-derivation")]
