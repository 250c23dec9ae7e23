"""The `derived` check: formulas recompute, and only arithmetic is accepted (never eval)."""
from __future__ import annotations

import pytest

from dataset_tools.model import Row
from dataset_tools.validate.checks.derived import FormulaError, implied_period, recompute
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


def test_a_derived_stock_read_as_a_flow_is_named(package_copy):
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if row["status"] == "derived" and row["period_start"]
                  and row["period_start"] == row["period_end"])
    victim["period_start"] = victim["period_start"][:4] + "-01-01"
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "derived.period-mismatch", "resources/indicators.csv",
                     row=row_number(rows, victim), column="period_start")


def test_a_derived_period_follows_from_its_inputs():
    def row(row_id: str, start: str, end: str, comparison: str = "") -> Row:
        return Row.make({"id": row_id, "period_start": start, "period_end": end, "comparison": comparison}, 2, 2)
    level, growth = row("a", "2024-12-31", "2024-12-31"), row("g", "2024-12-31", "2024-12-31", "yoy_growth")
    flow, times = row("f", "2024-01-01", "2024-12-31"), row("t", "2024-01-01", "2024-12-31",
                                                            "multiple_of_previous_year")
    total, last = row("r", "2020-01-01", "2024-12-31", "cumulative"), row("l", "2024-01-01", "2024-12-31")
    inputs = {item.id: item for item in (level, growth, flow, times, total, last)}
    assert implied_period("{a} / (1 + {g} / 100)", inputs) == ("2023-12-31", "2023-12-31")   # a stock a year back
    assert implied_period("{f} / {t}", inputs) == ("2023-01-01", "2023-12-31")               # a flow a year back
    assert implied_period("{r} - {l}", inputs) == ("2020-01-01", "2023-12-31")               # a range less its part
    assert implied_period("{f} * 2", inputs) == ("2024-01-01", "2024-12-31")                 # the inputs' period
    assert implied_period("{a} + {f}", inputs) is None                                       # inputs disagree


@pytest.mark.parametrize(("scales", "wrong"), [(True, "more_than"), (False, "at_most")])
def test_a_derived_qualifier_its_formula_does_not_imply_is_named(package_copy, scales, wrong):
    """A quotient (or product) of stated figures is approximately; a sum or difference of exact
    figures is exact: more_than or at_most on either is named."""
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if row["status"] == "derived" and row["formula"]
                  and (("/" in row["formula"] or "*" in row["formula"]) == scales))
    victim["qualifier"] = wrong
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "derived.qualifier-mismatch", "resources/indicators.csv",
                            row=row_number(rows, victim), column="qualifier")
    assert hits[0]["expected"] == ("approximately" if scales else "exact")


def test_a_derived_qualifier_follows_from_the_operations_and_the_inputs():
    from dataset_tools.validate.checks.derived import implied_qualifier

    exact = Row.make({"id": "a", "qualifier": "exact"}, 2, 2)
    about = Row.make({"id": "b", "qualifier": "more_than"}, 3, 3)
    inputs = {"a": exact, "b": about}
    assert implied_qualifier("{a} - 5", inputs) == "exact"
    assert implied_qualifier("{a} / 3", inputs) == "approximately"
    assert implied_qualifier("{a} * (1 + 2)", inputs) == "approximately"
    assert implied_qualifier("{a} + {b}", inputs) == "approximately"


def test_a_derived_comparison_not_that_of_the_figure_it_restates_is_named(package_copy):
    """A derived row has no quote: cumulative on the previous year of a stock given without one is named."""
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if row["status"] == "derived" and not row["comparison"]
                  and row["unit"] == "count")
    victim["comparison"] = "cumulative"
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "derived.comparison-mismatch", "resources/indicators.csv",
                            row=row_number(rows, victim), column="comparison")
    assert hits[0]["expected"] == "(empty)"


def test_a_derived_comparison_is_that_of_the_level_it_restates():
    from dataset_tools.validate.checks.derived import implied_comparison

    def row(row_id: str, comparison: str, start: str = "2024-01-01") -> Row:
        return Row.make({"id": row_id, "comparison": comparison, "period_start": start, "period_end": "2024-12-31"},
                        2, 2)
    inputs = {item.id: item for item in (row("a", ""), row("g", "yoy_growth"), row("r", "rank"),
                                         row("c", "rank_change"), row("t", "cumulative", "2020-01-01"))}
    assert implied_comparison("{a} / (1 + {g} / 100)", inputs) == ""      # the level beside its growth
    assert implied_comparison("{r} + {c}", inputs) == "rank"              # a rank beside its change
    assert implied_comparison("{t} - {a}", inputs) == "cumulative"        # a range less its last part
    assert implied_comparison("{a} + {r}", inputs) is None                # levels of two comparisons
