"""The `derived` check: formulas recompute, and only arithmetic is accepted (never eval)."""
from __future__ import annotations

import pytest

from dataset_tools.validate.checks.derived import derived as derived_check
from dataset_tools.validate.checks.derived import recompute
from tests.test_checks_support import (
    assert_only_check_names,
    change_first_digit,
    read,
    row_number,
    stand_in_package,
    validate_json,
    write,
)


def test_a_changed_digit_of_a_derived_value_is_named(package_copy):
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if row["status"] == "derived" and row["formula"])
    victim["value"] = change_first_digit(victim["value"])
    write(package_copy, "indicators", header, rows)
    code, report = validate_json(package_copy)
    hits = assert_only_check_names(report, code, "derived", "resources/indicators.csv",
                                   row=row_number(rows, victim), column="value")
    assert hits[0]["found"] == victim["value"]


def test_a_formula_naming_a_missing_row_is_named(package_copy):
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if row["status"] == "derived" and row["formula"])
    victim["formula"] = victim["formula"] + " + {ind-no-such-row}"
    write(package_copy, "indicators", header, rows)
    code, report = validate_json(package_copy)
    hits = assert_only_check_names(report, code, "derived", "resources/indicators.csv",
                                   row=row_number(rows, victim), column="formula")
    assert "ind-no-such-row" in hits[0]["message"]


VALUES = {"a": 10257.0, "b": 3.0, "zero": 0.0}


def test_arithmetic_recomputes():
    assert recompute("{a} / {b}", "x", VALUES) == pytest.approx(3419)
    assert recompute("({a} - 57) * 2 + -1", "x", VALUES) == 20399


@pytest.mark.parametrize("formula, why", [
    ("__import__('os').system('true')", "not allowed"),
    ("{a} ** 2", "not allowed"),
    ("abs({a})", "not allowed"),
    ("{a}.real", "not allowed"),
    ("{a} / {zero}", "divides by zero"),
    ("{a} +", "not arithmetic"),
    ("{missing} + 1", "refers to no indicator row"),
    ("{x} + 1", "refers to itself"),
    ("(" * 300 + "1" + ")" * 300, "nested"),
    ("1" + " + 1" * 1000, "longer than"),
])
def test_anything_but_arithmetic_is_refused(formula, why):
    with pytest.raises(ValueError, match=why):
        recompute(formula, "x", dict(VALUES, x=1.0))


def test_precision_decides_the_tolerance():
    rows = [{"id": "a", "value": "10257", "status": "stated"}, {"id": "b", "value": "3", "status": "stated"},
            {"id": "close", "value": "3419", "status": "derived", "formula": "{a} / {b}", "precision": "0"},
            {"id": "off", "value": "3420", "status": "derived", "formula": "{a} / {b}", "precision": "0"},
            {"id": "no-precision", "value": "3419", "status": "derived", "formula": "{a} / {b}", "precision": ""}]
    found = {(p.row_id, p.column) for p in derived_check(stand_in_package({"indicators": rows}))}
    assert found == {("off", "value"), ("no-precision", "precision")}
