"""The `values` check: each figure is what its words say (dataset_tools.numerals reads the words)."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from dataset_tools.model import Package, Row, Table
from dataset_tools.validate.checks.common import as_number, close, require, show
from dataset_tools.validate.report import Problem, check, declare, problem

if TYPE_CHECKING:
    from dataset_tools.numerals import ParsedValue

NAME = "values"
CODES = declare({
    "values.text-not-in-quote": "value_text does not occur in the quote",
    "values.text-unreadable": "value_text cannot be read as one figure (numerals.parse_value_text)",
    "values.value-mismatch": "value is not the figure value_text states, in base units",
    "values.unit-mismatch": "unit is not a unit class value_text allows",
    "values.qualifier-mismatch": "qualifier is not the one value_text's wording implies",
    "values.bound-mismatch": "lower_bound or upper_bound is not what value_text's wording implies",
})


def fmt(number: float | None) -> str:
    """17800.0 -> '17800', 2.47 -> '2.47', None -> '(empty)'."""
    if number is None:
        return "(empty)"
    return str(int(number)) if float(number).is_integer() and abs(number) < 1e16 else repr(number)


def bound_problems(table: Table, row: Row, parsed: ParsedValue) -> list[Problem]:
    """lower_bound / upper_bound as the wording implies (empty when it implies none)."""
    problems = []
    for column, wanted in (("lower_bound", parsed.lower_bound), ("upper_bound", parsed.upper_bound)):
        cell = row.get(column, "")
        recorded = as_number(cell)
        if cell and recorded is None:
            continue  # not a number: the table check reports it
        if (wanted is None) != (recorded is None) or (
                wanted is not None and recorded is not None and not close(wanted, recorded)):
            problems.append(problem("values.bound-mismatch", f"{show(row.get('value_text'))} implies {column} "
                                    f"{fmt(wanted)}", file=table.file, row=row, column=column,
                                    found=cell or "(empty)", expected=fmt(wanted)))
    return problems


def row_problems(table: Table, row: Row, parse: Callable[[str], ParsedValue]) -> list[Problem]:
    """value_text is inside the quote and parses to value, unit, qualifier and bounds."""
    value_text = row.get("value_text", "")
    problems = []
    if value_text not in row.get("quote", ""):
        problems.append(problem("values.text-not-in-quote", "value_text does not occur in the quote",
                                file=table.file, row=row, column="value_text", found=value_text,
                                expected=f"a part of the quote {show(row.get('quote', ''))}"))
    try:
        parsed = parse(value_text)
    except ValueError as error:
        return [*problems, problem("values.text-unreadable", f"value_text cannot be read: {error}", file=table.file,
                                   row=row, column="value_text", found=value_text,
                                   expected="one figure as numerals.parse_value_text reads it")]
    value = as_number(row.get("value", ""))
    if value is not None and not close(value, parsed.value):
        problems.append(problem("values.value-mismatch", f"{show(value_text)} is {fmt(parsed.value)} in base units",
                                file=table.file, row=row, column="value", found=row.get("value"),
                                expected=fmt(parsed.value)))
    unit = row.get("unit", "")
    if unit and unit not in parsed.units:
        problems.append(problem("values.unit-mismatch", f"{show(value_text)} is not a figure in {unit}",
                                file=table.file, row=row, column="unit", found=unit,
                                expected=" or ".join(sorted(parsed.units))))
    qualifier = row.get("qualifier", "")
    if qualifier != parsed.qualifier:
        problems.append(problem("values.qualifier-mismatch", f"{show(value_text)} has qualifier {parsed.qualifier}",
                                file=table.file, row=row, column="qualifier", found=qualifier or "(empty)",
                                expected=parsed.qualifier))
    return problems + bound_problems(table, row, parsed)


@check(NAME)
def values(package: Package) -> list[Problem]:
    """Each indicator's value_text occurs in its quote and parses (numerals.parse_value_text) to its value, a unit
    class it allows, its qualifier and its bounds; rows without value_text (derived) are skipped."""
    table = require(package, "indicators")
    if table is None:
        return []
    from dataset_tools.numerals import parse_value_text

    parsed: dict[str, ParsedValue | ValueError] = {}

    def parse(value_text: str) -> ParsedValue:
        """parse_value_text, once per distinct wording (it depends on the words alone)."""
        if value_text not in parsed:
            try:
                parsed[value_text] = parse_value_text(value_text)
            except ValueError as error:
                parsed[value_text] = error
        result = parsed[value_text]
        if isinstance(result, ValueError):
            raise result
        return result

    problems = []
    for row in table.rows:
        if row.get("value_text", ""):
            problems.extend(row_problems(table, row, parse))
    return problems
