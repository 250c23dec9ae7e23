"""The `values` check: value, unit, qualifier and bounds are what value_text says."""
from __future__ import annotations

from collections import Counter

from dataset_tools.validate.checks.restatements import KEY
from dataset_tools.validate.checks.values import values as values_check
from tests.test_checks_support import (
    assert_only_rule,
    change_first_digit,
    formula_references,
    read,
    row_number,
    stand_in_package,
    validate_copy,
    write,
)

INDICATORS = "resources/indicators.csv"


def lone_stated_row(rows: list[dict]) -> dict:
    """A stated indicator with value_text that no other row restates, no formula uses, no count concerns."""
    groups = Counter(tuple(row[c] for c in KEY) for row in rows)
    used = formula_references(rows)
    return next(row for row in rows if row["status"] == "stated" and row["value_text"] and not row["counts_program"]
                and groups[tuple(row[c] for c in KEY)] == 1 and row["id"] not in used)


def test_a_changed_digit_of_a_value_is_named(package_copy):
    header, rows = read(package_copy, "indicators")
    victim = lone_stated_row(rows)
    victim["value"] = change_first_digit(victim["value"])
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "values.value-mismatch", INDICATORS, row=row_number(rows, victim),
                            column="value")
    assert hits[0]["found"] == victim["value"]


def test_value_text_outside_the_quote_is_named(package_copy):
    header, rows = read(package_copy, "indicators")
    victim = lone_stated_row(rows)
    wide = "".join(chr(ord(ch) + 0xFEE0) if "0" <= ch <= "9" else ch for ch in victim["value_text"])
    assert wide != victim["value_text"] and wide not in victim["quote"]
    victim["value_text"] = wide  # the same figure in full-width digits: it reads the same, but is not the quote's text
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "values.text-not-in-quote", INDICATORS, row=row_number(rows, victim),
                     column="value_text")


def test_unit_qualifier_and_bounds_on_a_stand_in():
    base = {"quote": "品牌价值累计达600多亿元", "value_text": "600多亿元", "status": "stated"}
    rows = [dict(base, id="right", value="60000000000", unit="CNY", qualifier="more_than",
                 lower_bound="60000000000", upper_bound="70000000000"),
            dict(base, id="wrong-unit", value="60000000000", unit="count", qualifier="more_than",
                 lower_bound="60000000000", upper_bound="70000000000"),
            dict(base, id="wrong-qualifier", value="60000000000", unit="CNY", qualifier="exact",
                 lower_bound="60000000000", upper_bound="70000000000"),
            dict(base, id="no-bounds", value="60000000000", unit="CNY", qualifier="more_than",
                 lower_bound="", upper_bound=""),
            dict(base, id="derived", value="5", unit="count", qualifier="exact", value_text="", status="derived"),
            dict(base, id="wrong-value", value="6000000000", unit="CNY", qualifier="more_than",
                 lower_bound="60000000000", upper_bound="70000000000"),
            dict(base, id="unreadable", value_text="多", value="1", unit="CNY", qualifier="exact", quote="多")]
    found = {(p.row_id, p.code, p.column) for p in values_check(stand_in_package({"indicators": rows}))}
    assert found == {("wrong-unit", "values.unit-mismatch", "unit"),
                     ("wrong-qualifier", "values.qualifier-mismatch", "qualifier"),
                     ("no-bounds", "values.bound-mismatch", "lower_bound"),
                     ("no-bounds", "values.bound-mismatch", "upper_bound"),
                     ("wrong-value", "values.value-mismatch", "value"),
                     ("unreadable", "values.text-unreadable", "value_text")}
