"""The `coverage` check: every figure of the source is in the data, or excluded with a reason.

Expressions come from `dataset_tools.curate.coverage.numeric_expressions`, exclusions from
`curation/coverage_exclusions.csv` (`read_exclusions`). An expression is covered when it lies
inside the span of a row of any resource but `sources` and `segments` (segments tile the text,
so they would cover everything). Coverage is decided per source with spans sorted by start and
a running maximum of their ends (O((expressions + spans) log spans)), so large packages stay fast.
The exclusions file has no source column: an exclusion applies to every source whose text has
that expression at those offsets (a `source_id` column, if added, restricts it to one source).
"""
from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from types import ModuleType
from typing import Any

from dataset_tools.model import Package, resolve_inside
from dataset_tools.validate.checks.common import span_of
from dataset_tools.validate.report import CheckSkipped, Problem, check

NAME = "coverage"
EXCLUSIONS = "curation/coverage_exclusions.csv"


def spans_by_source(package: Package, not_covering: set[str]) -> dict[str, list[tuple[int, int]]]:
    """source_id -> sorted spans of every row of the covering resources."""
    spans = defaultdict(list)
    for name, table in package.tables.items():
        if name in not_covering or "char_start" not in table.header:
            continue
        for row in table.rows:
            span = span_of(row)
            if span:
                spans[row.get("source_id", "")].append(span)
    for items in spans.values():
        items.sort()
    return spans


def uncovered(expressions: list, spans: list[tuple[int, int]]) -> list:
    """Expressions that no span contains."""
    starts, reach, furthest = [start for start, _ in spans], [], -1
    for _, end in spans:
        furthest = max(furthest, end)
        reach.append(furthest)
    missing = []
    for expression in expressions:
        position = bisect_right(starts, expression.start) - 1
        if position < 0 or reach[position] < expression.end:
            missing.append(expression)
    return missing


def read_exclusion_rows(package: Package, tool: ModuleType) -> list[dict]:
    """The exclusion rows with their line numbers (header = 1) in `_line`."""
    path, why = resolve_inside(package.root, EXCLUSIONS)
    if path is None:
        raise ValueError(why)
    rows = tool.read_exclusions(path)
    for number, row in enumerate(rows, start=2):
        row["_line"] = number
    return rows


def exclusion_rule_problems(rows: list[dict], tool: ModuleType) -> list[Problem]:
    """Each exclusion has a known reason code and a reason."""
    problems, codes = [], getattr(tool, "REASON_CODES", None)
    for row in rows:
        where = dict(file=EXCLUSIONS, row=row["_line"], row_id=row.get("expression"))
        if codes is not None and row.get("reason_code") not in codes:
            problems.append(Problem(NAME, "unknown reason_code", column="reason_code", found=row.get("reason_code"),
                                    expected=" | ".join(sorted(codes)), **where))
        if not (row.get("reason") or "").strip():
            problems.append(Problem(NAME, "an exclusion needs a reason", column="reason", found="(empty)",
                                    expected="why this occurrence states no figure", **where))
    return problems


@check(NAME)
def coverage(package: Package) -> list[Problem]:
    """Every numeric expression of each source lies inside the span of some row (sources and segments do not count) or
    is excluded with a reason in curation/coverage_exclusions.csv; every exclusion names a current expression."""
    from dataset_tools.curate import coverage as tool

    try:
        exclusions = read_exclusion_rows(package, tool)
    except (OSError, ValueError) as error:
        return [Problem(NAME, f"{EXCLUSIONS} cannot be read: {error}", file=EXCLUSIONS)]
    not_covering = set(getattr(tool, "NON_COVERING_RESOURCES", {"sources", "segments"}))
    if package.skipped - not_covering:
        raise CheckSkipped(f"cannot judge coverage while {', '.join(sorted(package.skipped - not_covering))} "
                           "could not be read")
    if not package.sources:
        raise CheckSkipped("no source text could be read (see sources.csv)")
    spans = spans_by_source(package, not_covering)
    used, problems, cache = set(), [], {}
    for source_id, source in package.sources.items():
        if source.text is None:
            continue
        if source.text not in cache:
            expressions = tool.numeric_expressions(source.text)
            cache[source.text] = (expressions, {key_of(e) for e in expressions})
        expressions, keys = cache[source.text]
        excluded = {(row["char_start"], row["char_end"], row["expression"]) for row in exclusions
                    if (row.get("source_id") or source_id) == source_id}
        used |= excluded & keys
        problems += [uncovered_problem(source, expression, tool)
                     for expression in uncovered(expressions, spans.get(source_id, []))
                     if key_of(expression) not in excluded]
    stale = [row for row in exclusions if (row["char_start"], row["char_end"], row["expression"]) not in used]
    problems += [Problem(NAME, "stale exclusion: no expression of the text has this text and these offsets",
                         file=EXCLUSIONS, row=row["_line"], column="char_start", row_id=row.get("expression"),
                         found=f"{row.get('expression')} at [{row.get('char_start')}, {row.get('char_end')})",
                         expected="an expression python -m dataset_tools.curate.coverage lists") for row in stale]
    return problems + exclusion_rule_problems(exclusions, tool)


def key_of(expression: Any) -> tuple[str, str, str]:
    """(start, end, text) as an exclusion row writes them."""
    return str(expression.start), str(expression.end), expression.text


def uncovered_problem(source: Any, expression: Any, tool: ModuleType) -> Problem:
    """An expression no row covers and no exclusion names, with its offsets and context."""
    text = source.text
    line = text.count("\n", 0, expression.start) + 1
    context = (tool.context_of(text, expression) if hasattr(tool, "context_of")
               else text[expression.start - 12:expression.end + 12])
    return Problem(NAME, f"{expression.text!r} at [{expression.start}, {expression.end}) is covered by no row and "
                   f"not excluded: …{context}…", file=source.file, row=None, column=None, row_id=None,
                   found=expression.text, expected="a row whose span covers it, or an exclusion with a reason",
                   line=line)
