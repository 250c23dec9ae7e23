"""The `derived` check: formulas recompute, and only arithmetic is accepted (never eval)."""
from __future__ import annotations

import pytest

from dataset_tools.validate.checks.derived import FormulaError, recompute
from dataset_tools.validate.checks.derived import derived as derived_check
from tests.test_checks_support import (
    assert_only_rule,
    change_first_digit,
    read,
    row_number,
    stand_in_package,
    validate_copy,
    write,
)


def test_a_changed_digit_of_a_derived_value_is_named(package_copy):
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if row["status"] == "derived" and row["formula"])
    victim["value"] = change_first_digit(victim["value"])
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "derived.value-mismatch", "resources/indicators.csv",
                            row=row_number(rows, victim), column="value")
    assert hits[0]["found"] == victim["value"]


def test_a_formula_naming_a_missing_row_is_named(package_copy):
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if row["status"] == "derived" and row["formula"])
    victim["formula"] = victim["formula"] + " + {ind-no-such-row}"
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "derived.unknown-reference", "resources/indicators.csv",
                            row=row_number(rows, victim), column="formula")
    assert hits[0]["found"] == victim["formula"]


VALUES: dict[str, float | None] = {"a": 10257.0, "b": 3.0, "zero": 0.0}


def test_arithmetic_recomputes():
    assert recompute("{a} / {b}", "x", VALUES) == pytest.approx(3419)
    assert recompute("({a} - 57) * 2 + -1", "x", VALUES) == 20399


@pytest.mark.parametrize("formula, code", [
    ("__import__('os').system('true')", "derived.formula-not-arithmetic"),
    ("{a} ** 2", "derived.formula-not-arithmetic"),
    ("abs({a})", "derived.formula-not-arithmetic"),
    ("{a}.real", "derived.formula-not-arithmetic"),
    ("{a} / {zero}", "derived.division-by-zero"),
    ("{a} +", "derived.formula-not-arithmetic"),
    ("{missing} + 1", "derived.unknown-reference"),
    ("{x} + 1", "derived.self-reference"),
    ("(" * 300 + "1" + ")" * 300, "derived.formula-not-arithmetic"),
    ("1" + " + 1" * 1000, "derived.formula-not-arithmetic"),
    ("1 +\x00 1", "derived.formula-not-arithmetic"),
])
def test_anything_but_arithmetic_is_refused(formula, code):
    with pytest.raises(FormulaError) as refused:
        recompute(formula, "x", dict(VALUES, x=1.0))
    assert refused.value.code == code


def test_precision_decides_the_tolerance():
    rows = [{"id": "a", "value": "10257", "status": "stated"}, {"id": "b", "value": "3", "status": "stated"},
            {"id": "close", "value": "3419", "status": "derived", "formula": "{a} / {b}", "precision": "0"},
            {"id": "off", "value": "3420", "status": "derived", "formula": "{a} / {b}", "precision": "0"},
            {"id": "no-precision", "value": "3419", "status": "derived", "formula": "{a} / {b}", "precision": ""}]
    found = {(p.row_id, p.code, p.column) for p in derived_check(stand_in_package({"indicators": rows}))}
    assert found == {("off", "derived.value-mismatch", "value"),
                     ("no-precision", "derived.precision-missing", "precision")}
