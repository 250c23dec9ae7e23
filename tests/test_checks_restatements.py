"""The `restatements` check: the same measure, place and period has compatible values."""
from __future__ import annotations

from collections import Counter

from dataset_tools.validate.checks.restatements import KEY, interval_of
from dataset_tools.validate.checks.restatements import restatements as restatements_check
from tests.test_checks_support import (
    assert_only_rule,
    formula_references,
    read,
    row_number,
    stand_in_package,
    validate_copy,
    write,
)


def key(row):
    return tuple(row[c] for c in KEY)


def test_a_row_moved_into_a_group_with_another_value_is_named(package_copy):
    header, rows = read(package_copy, "indicators")
    groups, used = Counter(map(key, rows)), formula_references(rows)
    movable = [row for row in rows if row["status"] == "stated" and groups[key(row)] == 1 and not row["counts_program"]
               and row["id"] not in used and row["qualifier"] == "exact"]
    victim, target = next((x, y) for x in movable for y in rows
                          if y is not x and y["unit"] == x["unit"] and y["region_id"] == x["region_id"]
                          and y["indicator"] != x["indicator"] and y["qualifier"] == "exact"
                          and float(y["value"]) != float(x["value"]))
    for column in ("indicator", "period_start", "period_end"):
        victim[column] = target[column]
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    # the moved row now also disagrees with its new code's definition and with its quote's time cue
    hits = assert_only_rule(report, code, "restatements.incompatible", "resources/indicators.csv",
                            row=row_number(rows, victim), column="value",
                            also=("evidence.period-mismatch", "definitions.label-en", "definitions.label-zh",
                                  "definitions.unit"))
    assert hits[0]["expected"].startswith(f"compatible with {target['id']}:")


def indicator(id_, value, qualifier="exact", **cells):
    return dict({"id": id_, "indicator": "transfers", "region_id": "620000", "period_start": "2024-01-01",
                 "period_end": "2024-12-31", "unit": "count", "value": value, "qualifier": qualifier,
                 "lower_bound": "", "upper_bound": "", "status": "stated", "precision": ""}, **cells)


def named(rows):
    problems = restatements_check(stand_in_package({"indicators": rows}))
    assert {(p.code, p.column) for p in problems} <= {("restatements.incompatible", "value")}
    return {p.row_id for p in problems}


def test_a_bound_agrees_with_an_exact_value_above_it():
    assert named([indicator("exact", "10257"), indicator("bound", "10000", "more_than", lower_bound="10000")]) == set()


def test_a_bound_disagrees_with_an_exact_value_below_it():
    assert named([indicator("exact", "9000"), indicator("bound", "10000", "more_than")]) == {"exact", "bound"}


def test_more_than_excludes_the_bound_itself_and_other_groups_are_apart():
    assert named([indicator("exact", "10000"), indicator("bound", "10000", "more_than")]) == {"exact", "bound"}
    assert named([indicator("a", "1"), indicator("b", "2", period_end="2023-12-31")]) == set()


def test_one_outlier_among_agreeing_rows_is_named_with_each_row_it_contradicts():
    rows = [indicator("a", "5"), indicator("b", "5"), indicator("c", "7")]
    problems = restatements_check(stand_in_package({"indicators": rows}))
    assert {p.row_id for p in problems} == {"a", "b", "c"}
    assert all(p.expected is not None and p.expected.startswith("compatible with c:")
               for p in problems if p.row_id != "c")


def test_a_derived_row_is_compared_within_half_a_unit_of_its_precision():
    rows = [indicator("stated", "3419"), indicator("derived", "3419.4", status="derived", precision="0")]
    assert named(rows) == set()
    interval = interval_of(rows[1])
    assert interval is not None and interval.low == 3418.9
