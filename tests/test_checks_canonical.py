"""The `canonical-values` check: typed cells and identifiers are written in one canonical way.

One test per rule breaks a copy of the package in one way and asserts that exactly that rule
names the row and column (with the canonical spelling as `expected` where it can be derived).
frictionless accepts every spelling used here (measured), so without this check nothing
would be reported.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dataset_tools.validate.checks.canonical import EXPECTED, canonical_values, describe
from tests.test_checks_support import assert_only_rule, read, row_number, stand_in_package, validate_copy, write


def break_cell(root: Path, name: str, column: str, respell: Callable[[str], str],
               wanted: Callable[[dict], object] = lambda row: True) -> tuple[list[dict], dict, str]:
    """Respell one cell of the first row where it is filled (and `wanted` holds); (rows, row, old value)."""
    header, rows = read(root, name)
    victim = next(row for row in rows if row[column] and wanted(row))
    old = victim[column]
    victim[column] = respell(old)
    assert victim[column] != old
    write(root, name, header, rows)
    return rows, victim, old


def test_an_integer_with_a_plus_sign_is_named(package_copy):
    rows, victim, old = break_cell(package_copy, "segments", "position", lambda value: "+" + value)
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "canonical-values.integer-spelling", "resources/segments.csv",
                            row=row_number(rows, victim), column="position")
    assert (hits[0]["found"], hits[0]["expected"]) == ("+" + old, old)


def test_a_number_with_a_plus_sign_is_named(package_copy):
    rows, victim, old = break_cell(package_copy, "indicators", "value", lambda value: "+" + value,
                                   lambda row: not row["value"].startswith("-"))
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "canonical-values.number-spelling", "resources/indicators.csv",
                            row=row_number(rows, victim), column="value")
    assert (hits[0]["found"], hits[0]["expected"]) == ("+" + old, old)


def test_a_date_without_zero_padding_is_named(package_copy):
    def unpadded(date: str) -> str:
        year, month, day = date.split("-")
        return f"{year}-{int(month)}-{int(day)}"
    rows, victim, old = break_cell(package_copy, "sources", "event_date", unpadded,
                                   lambda row: unpadded(row["event_date"]) != row["event_date"])
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "canonical-values.date-spelling", "resources/sources.csv",
                            row=row_number(rows, victim), column="event_date")
    assert (hits[0]["found"], hits[0]["expected"]) == (unpadded(old), old)


def test_a_boolean_in_capitals_is_named(package_copy):
    rows, victim, old = break_cell(package_copy, "indicators", "list_complete", str.upper)
    code, report = validate_copy(package_copy)
    # `counts` reads list_complete as written, so the same cell is also "neither true nor false" there
    hits = assert_only_rule(report, code, "canonical-values.boolean-spelling", "resources/indicators.csv",
                            row=row_number(rows, victim), column="list_complete", also=("counts.completeness-unsaid",))
    assert (hits[0]["found"], hits[0]["expected"]) == (old.upper(), old)


def test_an_identifier_with_a_trailing_space_is_named(package_copy):
    rows, victim, old = break_cell(package_copy, "speakers", "organization_id", lambda value: value + " ")
    code, report = validate_copy(package_copy)
    # every identifier field has a pattern (and this one is a foreign key): the table check names the cell too
    hits = assert_only_rule(report, code, "canonical-values.identifier-whitespace", "resources/speakers.csv",
                            row=row_number(rows, victim), column="organization_id",
                            also=("table.constraint-error", "table.foreign-key"))
    assert (hits[0]["row_id"], hits[0]["found"], hits[0]["expected"]) == (victim["id"], old + " ", old)


@pytest.mark.parametrize("kind, value, expected", [
    ("integer", "1,000", "1000"), ("integer", "２", "2"), ("integer", "007", "7"), ("integer", " 2", "2"),
    ("number", "2.47%", "2.47"), ("number", "1_000", "1000"), ("number", "NaN", None), ("number", "1e3", None),
    ("date", "2025/4/25", "2025-04-25"), ("boolean", "True", "true"), ("identifier", "\u200bx", "x"),
])
def test_other_spellings_are_refused_with_the_canonical_one_when_it_can_be_derived(kind, value, expected):
    described = describe(value, kind, ("true", "false"))
    assert described is not None
    _message, suggested = described
    assert suggested == (expected or EXPECTED[kind])


def test_missing_values_and_declared_boolean_spellings_are_left_alone():
    package = stand_in_package({"things": [{"id": "a", "flag": "yes", "count": ""},
                                           {"id": " b", "flag": "Yes", "count": "+1"}]})
    package.tables["things"].schema = {"fields": [{"name": "id"}, {"name": "count", "type": "integer"},
                                                  {"name": "flag", "type": "boolean", "trueValues": ["yes"],
                                                   "falseValues": ["no"]}], "missingValues": [""]}
    found = {(p.row, p.code, p.column) for p in canonical_values(package)}
    assert found == {(3, "canonical-values.identifier-whitespace", "id"),
                     (3, "canonical-values.boolean-spelling", "flag"),
                     (3, "canonical-values.integer-spelling", "count")}
