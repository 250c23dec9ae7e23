"""The `restatements` check: the same measure, place and period is given compatible values.

Each row stands for the set of values its wording allows: an exact figure a point (a derived row
widened by half a unit of its precision); `more_than` the figures above the value (up to
`upper_bound` when given); `at_least`/`at_most`/`less_than` likewise; `approximately` its bounds
when given, else 10 % either side (APPROXIMATE). Rows agree when their sets overlap. With one
interval per row, the group is checked in linear time: each row against the most demanding
lower and upper ends among the *other* rows.
"""
from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Callable
from typing import NamedTuple

from dataset_tools.model import Package, Row, Table
from dataset_tools.validate.checks.common import as_int, as_number, require
from dataset_tools.validate.checks.values import fmt
from dataset_tools.validate.report import Problem, check, declare, problem

NAME = "restatements"
KEY = ("indicator", "region_id", "period_start", "period_end", "unit")
APPROXIMATE = 0.10
CODES = declare({
    "restatements.incompatible": "rows of the same indicator, region, period and unit give values no single "
                                 "figure satisfies (named with the row they contradict)",
})
INF = math.inf


class Interval(NamedTuple):
    """The values one row allows: from `low` to `high`, each end open (excluded) or closed."""

    low: float
    low_open: bool
    high: float
    high_open: bool
    row: Row

    def describe(self) -> str:
        if self.low == self.high:
            return fmt(self.low)
        low = "-∞" if self.low == -INF else fmt(self.low)
        high = "∞" if self.high == INF else fmt(self.high)
        return f"{'(' if self.low_open else '['}{low}, {high}{')' if self.high_open else ']'}"


def interval_of(row: Row) -> Interval | None:
    """The values a row's wording allows, or None when its value is not a number."""
    value = as_number(row.get("value"))
    if value is None:
        return None
    low, high = as_number(row.get("lower_bound")), as_number(row.get("upper_bound"))
    qualifier = row.get("qualifier", "exact")
    if qualifier == "more_than":
        return Interval(value if low is None else low, True, INF if high is None else high, False, row)
    if qualifier == "at_least":
        return Interval(value if low is None else low, False, INF if high is None else high, False, row)
    if qualifier == "less_than":
        return Interval(-INF if low is None else low, False, value if high is None else high, True, row)
    if qualifier == "at_most":
        return Interval(-INF if low is None else low, False, value if high is None else high, False, row)
    if qualifier == "approximately":
        spread = abs(value) * APPROXIMATE
        return Interval(value - spread if low is None else low, False, value + spread if high is None else high,
                        False, row)
    precision = as_int(row.get("precision")) if row.get("status") == "derived" else None
    slack = 0.5 * 10.0 ** -min(precision, 300) if precision is not None and precision >= 0 else 0.0
    return Interval(value - slack, False, value + slack, False, row)


def disjoint(below: Interval, above: Interval) -> bool:
    """True when every value of `below` is under every value of `above`."""
    eps = 1e-9 * max(1.0, abs(below.high) if below.high != INF else 1.0)
    return below.high < above.low - eps or (abs(below.high - above.low) <= eps and (below.high_open or above.low_open))


def two_most(items: list[Interval], key: Callable[[Interval], tuple[float, bool]]) -> tuple[Interval, Interval | None]:
    """The item with the largest key and the runner-up (None for a single item)."""
    ranked = heapq.nlargest(2, items, key=key)
    return ranked[0], (ranked[1] if len(ranked) > 1 else None)


def group_problems(table: Table, group: list[Interval]) -> list[Problem]:
    """Rows of one group whose values exclude those of some other row of the group."""
    top_low = two_most(group, key=lambda i: (i.low, i.low_open))
    bottom_high = two_most(group, key=lambda i: (-i.high, i.high_open))
    problems = []
    for item in group:
        highest_low = top_low[1] if top_low[0] is item else top_low[0]
        lowest_high = bottom_high[1] if bottom_high[0] is item else bottom_high[0]
        witness = highest_low if highest_low and disjoint(item, highest_low) else \
            lowest_high if lowest_high and disjoint(lowest_high, item) else None
        if witness is not None:
            row = item.row
            problems.append(problem(
                "restatements.incompatible", f"{row.get('indicator')} for {row.get('region_id')} "
                f"{row.get('period_start')}..{row.get('period_end')} is {item.describe()} "
                f"({row.get('qualifier')}) here but {witness.describe()} ({witness.row.get('qualifier')}) "
                f"in {witness.row.id}", file=table.file, row=row, column="value", found=item.describe(),
                expected=f"compatible with {witness.row.id}: {witness.describe()}"))
    return problems


@check(NAME)
def restatements(package: Package) -> list[Problem]:
    """Indicator rows sharing indicator, region_id, period_start, period_end and unit agree on the value: exact values
    are equal and bounds (more_than, at_least, …) admit the exact values and each other."""
    table = require(package, "indicators")
    if table is None:
        return []
    groups: dict[tuple, list[Interval]] = defaultdict(list)
    for row in table.rows:
        interval = interval_of(row)
        if interval is not None and row.get("indicator"):
            groups[tuple(row.get(column, "") for column in KEY)].append(interval)
    problems = []
    for group in groups.values():
        if len(group) > 1:
            problems.extend(group_problems(table, group))
    return problems
