"""The `derived` check: every computed figure recomputes from the rows its formula names.

A formula is arithmetic over `{row-id}` references, numbers, + - * / and parentheses. It is
parsed with `ast` and evaluated by walking the tree; nothing else is allowed (no names, calls,
attributes, powers), and `eval` is never used.
"""
from __future__ import annotations

import ast
import datetime
import operator
import re
from collections.abc import Callable

from dataset_tools.model import Package, Row, Table
from dataset_tools.validate.checks.common import as_int, as_number, require
from dataset_tools.validate.report import Problem, check, declare, problem

NAME = "derived"
REFERENCE = re.compile(r"\{([^{}]*)\}")
MAX_FORMULA = 2000
OPERATORS: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
SIGNS: dict[type[ast.unaryop], Callable[[float], float]] = {ast.UAdd: operator.pos, ast.USub: operator.neg}
CODES = declare({
    "derived.formula-not-arithmetic": "a formula is not arithmetic over {row-id} references, numbers, + - * / and "
                                      "parentheses, or is too long, too deeply nested or too large to compute",
    "derived.unknown-reference": "a formula refers to an id that is no indicator row",
    "derived.self-reference": "a formula refers to its own row",
    "derived.division-by-zero": "a formula divides by zero",
    "derived.precision-missing": "a derived row has no precision",
    "derived.value-mismatch": "the formula does not recompute to the value within half a unit of its precision",
    "derived.period-mismatch": "a derived row's period is not the period its formula inputs imply",
    "derived.qualifier-mismatch": "a derived row's qualifier is not exact for sums and differences of exact figures, "
                                  "approximately otherwise",
    "derived.comparison-mismatch": "a derived row's comparison is not that of the figure it restates for another "
                                   "period",
})
# comparisons with the year before: a level and its change give the level of the previous year
BACKWARD = frozenset({"yoy_growth", "multiple_of_previous_year", "rank_change"})
DIFFERENCE = re.compile(r"\s*\{([^{}]*)\}\s*-\s*\{([^{}]*)\}\s*")


class FormulaError(ValueError):
    """What is wrong with a formula (the words), and `code`, the rule it breaks."""

    def __init__(self, message: str, code: str = "derived.formula-not-arithmetic"):
        super().__init__(message)
        self.code = code


def parse_formula(formula: str) -> tuple[ast.Expression, dict[str, str]]:
    """The formula's syntax tree, with each `{row-id}` replaced by a placeholder name -> row id."""
    if len(formula) > MAX_FORMULA:
        raise FormulaError(f"is longer than {MAX_FORMULA} characters")
    names: dict[str, str] = {}

    def placeholder(match: re.Match) -> str:
        name = f"ref_{len(names)}"
        names[name] = match.group(1)
        return f" {name} "
    try:
        return ast.parse(REFERENCE.sub(placeholder, formula).strip(), mode="eval"), names
    except (SyntaxError, ValueError) as error:  # ValueError: e.g. a NUL character (Python 3.11)
        raise FormulaError(f"is not arithmetic: {getattr(error, 'msg', error)}") from None
    except (RecursionError, MemoryError):
        raise FormulaError("is nested too deeply") from None


def evaluate(node: ast.AST, values: dict[str, float]) -> float:
    """Value of an allowed node: numbers, placeholders, + - * /, unary signs."""
    if isinstance(node, ast.Expression):
        return evaluate(node.body, values)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return float(node.value)
    if isinstance(node, ast.Name) and node.id in values:
        return values[node.id]
    if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
        return OPERATORS[type(node.op)](evaluate(node.left, values), evaluate(node.right, values))
    if isinstance(node, ast.UnaryOp) and type(node.op) in SIGNS:
        return SIGNS[type(node.op)](evaluate(node.operand, values))
    raise FormulaError(f"uses {type(node).__name__}, which is not allowed (only {{row-id}}, numbers, + - * / and "
                       "parentheses)")


def recompute(formula: str, row_id: str, values: dict[str, float | None]) -> float | None:
    """The formula's value from the referenced rows' values (None when one of them is not a
    number); FormulaError (a ValueError) saying what is wrong with the formula."""
    tree, names = parse_formula(formula)
    missing = sorted({ref for ref in names.values() if ref not in values})
    if missing:
        raise FormulaError(f"refers to no indicator row: {', '.join(missing)}", "derived.unknown-reference")
    if row_id in names.values():
        raise FormulaError("refers to itself", "derived.self-reference")
    if any(values[ref] is None for ref in names.values()):
        return None  # an input is not a number: the table check reports that row
    try:
        return evaluate(tree, {name: value for name, ref in names.items() if (value := values[ref]) is not None})
    except ZeroDivisionError:
        raise FormulaError("divides by zero", "derived.division-by-zero") from None
    except (OverflowError, RecursionError):
        raise FormulaError("is too large or nested too deeply to compute") from None


def row_problems(table: Table, row: Row, values: dict) -> list[Problem]:
    """The formula of one derived row is well-formed and gives its value at its precision."""
    formula, value, precision = row.get("formula", ""), as_number(row.get("value")), as_int(row.get("precision"))
    if not formula:
        return []  # the spans check reports a derived row without a formula
    try:
        result = recompute(formula, row.id, values)
    except FormulaError as error:
        return [problem(error.code, f"formula {error}", file=table.file, row=row, column="formula", found=formula,
                        expected="arithmetic over {row-id} references")]
    if result is None:
        return []
    if row.get("precision") and (precision is None or precision < 0):
        return []  # not a whole number >= 0: the table check reports it
    if precision is None:
        return [problem("derived.precision-missing", "a derived row needs a precision (decimal places of its value)",
                        file=table.file, row=row, column="precision", found="(empty)",
                        expected="the decimal places the value is rounded to (0 for a whole number)")]
    if value is not None and abs(result - value) > 0.5 * 10.0 ** -min(precision, 300) + 1e-9 * abs(result):
        rounded = f"{result:.{min(precision, 15)}f}"
        return [problem("derived.value-mismatch", f"{formula} = {result!r}, which is {rounded} at {precision} "
                        "decimal places", file=table.file, row=row, column="value", found=row.get("value"),
                        expected=rounded)]
    return []


def year_before(day: str) -> str:
    """The same day one year earlier (29 February becomes 28 February)."""
    date = datetime.date.fromisoformat(day)
    return date.replace(year=date.year - 1, day=min(date.day, 28 if date.month == 2 else date.day)).isoformat()


def implied_period(formula: str, inputs: dict[str, Row]) -> tuple[str, str] | None:
    """The period a derived row's inputs imply, or None when they imply none (inputs on different periods).

    - {range} - {part}, where the part is the range's last stretch (same end, later start): the range
      without the part (2020-2024 less 2024 is 2020-2023);
    - when an input compares with the year before (yoy_growth, multiple_of_previous_year,
      rank_change): the other inputs' common period one year earlier, of the same shape (a stock
      stays a stock, a flow a flow);
    - otherwise the inputs' common period.
    """
    refs = [inputs[ref] for ref in REFERENCE.findall(formula) if ref in inputs]
    difference = DIFFERENCE.fullmatch(formula)
    if difference and all(ref in inputs for ref in difference.groups()):
        whole, part = (inputs[ref] for ref in difference.groups())
        if whole.get("period_end") == part.get("period_end") and whole.get("period_start", "") < part.get(
                "period_start", ""):
            day_before = datetime.date.fromisoformat(part["period_start"]) - datetime.timedelta(days=1)
            return whole["period_start"], day_before.isoformat()
    levels = {(row.get("period_start", ""), row.get("period_end", "")) for row in refs
              if row.get("comparison") not in BACKWARD}
    if len(levels) != 1:
        return None
    start, end = levels.pop()
    if start and end and any(row.get("comparison") in BACKWARD for row in refs):
        return year_before(start), year_before(end)
    return start, end


def period_problems(table: Table, row: Row, inputs: dict[str, Row]) -> list[Problem]:
    """A derived row's period_start/period_end is the period its formula inputs imply (implied_period)."""
    formula, found = row.get("formula", ""), (row.get("period_start", ""), row.get("period_end", ""))
    if not formula or not all(ref in inputs for ref in REFERENCE.findall(formula)):
        return []   # an unknown reference is reported by row_problems
    try:
        implied = implied_period(formula, inputs)
    except ValueError:
        return []   # a date that is not a date: the table check's
    if implied == found:
        return []
    shown = "inputs of one period" if implied is None else f"{implied[0] or '(empty)'} to {implied[1] or '(empty)'}"
    return [problem("derived.period-mismatch", "the period is not the one the formula's inputs imply",
                    file=table.file, row=row, column="period_start",
                    found=f"{found[0] or '(empty)'} to {found[1] or '(empty)'}", expected=shown)]


def implied_qualifier(formula: str, inputs: dict[str, Row]) -> str | None:
    """`exact` for a formula that only adds and subtracts exact figures (counts, ranks); `approximately` when it
    multiplies or divides (a stated multiple, ratio or growth is rounded, and so is a quotient) or an input is
    not exact; None for a formula that does not parse (row_problems names it)."""
    try:
        tree, refs = parse_formula(formula)
    except FormulaError:
        return None
    scales = any(isinstance(node, (ast.Mult, ast.Div)) for node in ast.walk(tree))
    inexact = any(inputs[ref].get("qualifier") != "exact" for ref in refs.values() if ref in inputs)
    return "approximately" if scales or inexact else "exact"


def qualifier_problems(table: Table, row: Row, inputs: dict[str, Row]) -> list[Problem]:
    """A derived row's qualifier is the one its formula implies (implied_qualifier)."""
    expected = implied_qualifier(row["formula"], inputs) if row.get("formula") and "qualifier" in table.columns \
        else None
    if expected is None or row.get("qualifier") == expected:
        return []
    why = "only adds and subtracts exact figures" if expected == "exact" else "multiplies, divides or uses a figure " \
        "that is not exact"
    return [problem("derived.qualifier-mismatch", f"the formula {why}, so the figure is {expected}", file=table.file,
                    row=row, column="qualifier", found=row.get("qualifier"), expected=expected)]


def implied_comparison(formula: str, inputs: dict[str, Row]) -> str | None:
    """The comparison of the figure a derived row restates for another period: the range's for a range less its
    last part; else the one comparison of the inputs that do not compare with the year before (a level beside its
    growth, multiple or rank change); None when they have several, or none."""
    difference = DIFFERENCE.fullmatch(formula)
    if difference and all(ref in inputs for ref in difference.groups()):
        whole, part = (inputs[ref] for ref in difference.groups())
        if whole.get("period_end") == part.get("period_end") and whole.get("period_start", "") < part.get(
                "period_start", ""):
            return whole.get("comparison", "")
    levels = {inputs[ref].get("comparison", "") for ref in REFERENCE.findall(formula) if ref in inputs} - BACKWARD
    return levels.pop() if len(levels) == 1 else None


def comparison_problems(table: Table, row: Row, inputs: dict[str, Row]) -> list[Problem]:
    """A derived row's comparison is that of the figure it restates for another period (implied_comparison): a
    derived row has no quote whose cue words could support one."""
    expected = implied_comparison(row["formula"], inputs) if row.get("formula") and "comparison" in table.columns \
        else None
    if expected is None or row.get("comparison", "") == expected:
        return []
    return [problem("derived.comparison-mismatch", "the comparison is not that of the figure the formula restates",
                    file=table.file, row=row, column="comparison", found=row.get("comparison") or "(empty)",
                    expected=expected or "(empty)")]


@check(NAME)
def derived(package: Package) -> list[Problem]:
    """Every derived indicator's formula uses only {row-id} references to existing indicator rows, numbers, + - * /
    and parentheses, recomputes to its value within half a unit of its precision, and its period is the one its
    inputs imply (their common period; a year earlier beside a change on the previous year; a range less its last
    part); its qualifier is exact for sums and differences of exact figures, approximately otherwise; and its
    comparison is that of the figure it restates for another period."""
    table = require(package, "indicators")
    if table is None:
        return []
    derived_rows = [row for row in table.rows if row.get("status") == "derived"]
    used = {ref for row in derived_rows for ref in REFERENCE.findall(row.get("formula", ""))}
    values = {row.id: as_number(row.get("value")) for row in table.rows if row.id in used}
    inputs = {row.id: row for row in table.rows if row.id in used}
    problems = []
    for row in derived_rows:
        problems.extend(row_problems(table, row, values))
        problems.extend(period_problems(table, row, inputs))
        problems.extend(qualifier_problems(table, row, inputs))
        problems.extend(comparison_problems(table, row, inputs))
    return problems
