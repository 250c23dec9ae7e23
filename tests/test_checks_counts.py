"""The `counts` check: counted members agree with the designation rows of their program."""
from __future__ import annotations

from dataset_tools.validate.checks.counts import SUBJECTS
from dataset_tools.validate.checks.counts import counts as counts_check
from tests.test_checks_support import assert_only_rule, read, row_number, stand_in_package, validate_copy, write


def subject(row):
    return next(((c, row[c]) for c in SUBJECTS if row.get(c)), ("id", row["id"]))


def test_dropping_a_listed_member_is_named_on_the_count(package_copy):
    _, indicators = read(package_copy, "indicators")
    header, designations = read(package_copy, "designations")
    counting = next(row for row in indicators if row["counts_program"] and row["list_complete"] == "true"
                    and any(d["program"] == row["counts_program"] for d in designations))
    members = [d for d in designations if d["program"] == counting["counts_program"]]
    dropped = next(d for d in members if sum(subject(m) == subject(d) for m in members) == 1)
    write(package_copy, "designations", header, [d for d in designations if d is not dropped])
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "counts.complete-mismatch", "resources/indicators.csv",
                            row=row_number(indicators, counting), column="value")
    assert str(len(members) - 1) == hits[0]["expected"]


def count_row(id_, value, complete):
    return {"id": id_, "value": value, "counts_program": "pilot", "list_complete": complete}


def member(id_, region):
    return {"id": id_, "program": "pilot", "region_id": region, "organization_id": "", "brand_id": "",
            "policy_id": ""}


def test_restated_members_count_once_and_partial_lists_are_lower_bounds():
    designations = [member("m1", "620100"), member("m2", "620400"), member("m1-again", "620100")]
    indicators = [count_row("complete-right", "2", "true"), count_row("complete-wrong", "3", "true"),
                  count_row("partial-right", "5", "false"), count_row("partial-too-low", "1", "false"),
                  count_row("unsaid", "2", "")]
    package = stand_in_package({"indicators": indicators, "designations": designations})
    assert {(p.row_id, p.code, p.column) for p in counts_check(package)} == {
        ("complete-wrong", "counts.complete-mismatch", "value"), ("partial-too-low", "counts.below-listed", "value"),
        ("unsaid", "counts.completeness-unsaid", "list_complete")}
