"""The `coverage` check: every figure of the source is carried by a typed column, or excluded with a reason.

Expressions come from `dataset_tools.curate.coverage.numeric_expressions`, exclusions from
`curation/coverage_exclusions.csv` (`read_exclusions`), and the verdict from the engine the
`python -m dataset_tools.curate.coverage` tool uses too (`coverage.cover`): an expression is
covered when a row of a resource other than `sources` and `segments` holds it inside its span
*and* carries it in a typed column (its text in a cell of any column but ids and keys, `*_en`,
provenance and `note`; or its year, day or batch read from a date, `year` or `batch` cell: see
`dataset_tools.curate.coverage.carrier`). A note never carries. Each row looks only at the
expressions inside its span (binary search over the sorted expressions), so large packages stay
fast. The exclusions file has no source column: an exclusion applies to every source whose text has
that expression at those offsets (a `source_id` column, if added, restricts it to one source).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from types import ModuleType
from typing import TYPE_CHECKING

from dataset_tools.model import Package, Row, SourceText
from dataset_tools.validate.checks.common import read_curation_rows
from dataset_tools.validate.report import CheckSkipped, Problem, check, declare, problem

if TYPE_CHECKING:
    from dataset_tools.curate.coverage import CoveringRow, Expression

NAME = "coverage"
EXCLUSIONS = "curation/coverage_exclusions.csv"
CODES = declare({
    "coverage.exclusions-unreadable": "curation/coverage_exclusions.csv cannot be read",
    "coverage.uncovered": "a numeric expression or claim word of a source is carried by no typed column of a row "
                          "whose span holds it, and is not excluded",
    "coverage.stale-exclusion": "an exclusion names no current expression of the text (text and offsets)",
    "coverage.unknown-reason-code": "an exclusion's reason_code is not a known one",
    "coverage.reason-missing": "an exclusion has no reason",
})

Key = tuple[str, str, str]   # (char_start, char_end, expression) as an exclusion row writes them


def rows_by_source(package: Package, not_covering: set[str], tool: ModuleType) -> dict[str, list[CoveringRow]]:
    """source_id -> the rows of the covering resources as `CoveringRow`s (rows without a span are left out)."""
    return {source: covering_rows(package, rows, tool) for source, rows in row_refs(package, not_covering).items()}


def row_refs(package: Package, not_covering: set[str]) -> dict[str, list[tuple[str, Row]]]:
    """source_id -> (resource, row) of the rows of the covering resources: only references, so that the check
    makes each source's `CoveringRow`s when it judges that source and drops them after (a large package
    stays small)."""
    rows: defaultdict[str, list[tuple[str, Row]]] = defaultdict(list)
    for name, table in package.tables.items():
        if name in not_covering or "char_start" not in table.header:
            continue
        sources = table.column("source_id") if "source_id" in table.columns else [""] * len(table.rows)
        for row, source in zip(table.rows, sources, strict=True):
            rows[source].append((name, row))
    return rows


def covering_rows(package: Package, rows: list[tuple[str, Row]], tool: ModuleType,
                  expressions: list[Expression] | None = None) -> list[CoveringRow]:
    """The rows as `CoveringRow`s (rows without a span are left out), their cells read by position; given the
    source's expressions, only the rows whose span holds one (the others play no part in `tool.cover`)."""
    columns = {name: tool.carrying_columns(package.tables[name].header, name) for name in {name for name, _ in rows}}
    readers = {name: package.tables[name].reader(("id", "char_start", "char_end", *names))
               for name, names in columns.items()}
    starts = [expression.start for expression in expressions or ()]
    items = []
    for name, row in rows:
        row_id, start, end, *cells = readers[name](row)
        span = tool.row_span(start, end)
        if span is not None and (expressions is None or tool.holds_any(expressions, starts, span)):
            items.append(tool.covering_cells(name, row_id or "", start, end, zip(columns[name], cells, strict=True)))
    return items


def read_exclusion_rows(package: Package, tool: ModuleType) -> list[dict]:
    """The exclusion rows with their line numbers (header = 1) in `_line`."""
    return read_curation_rows(package, EXCLUSIONS, tool.read_exclusions)


def exclusion_rule_problems(rows: list[dict], tool: ModuleType) -> list[Problem]:
    """Each exclusion has a known reason code and a reason."""
    problems, codes = [], getattr(tool, "REASON_CODES", None)
    for row in rows:
        where = dict(file=EXCLUSIONS, row=row["_line"], row_id=row.get("expression"))
        if codes is not None and row.get("reason_code") not in codes:
            problems.append(problem("coverage.unknown-reason-code", "unknown reason_code", column="reason_code",
                                    found=row.get("reason_code"), expected=" | ".join(sorted(codes)), **where))
        if not (row.get("reason") or "").strip():
            problems.append(problem("coverage.reason-missing", "an exclusion needs a reason", column="reason",
                                    found="(empty)", expected="why this occurrence states no figure", **where))
    return problems


@check(NAME)
def coverage(package: Package) -> list[Problem]:
    """Every numeric expression and claim word of each source is carried by a typed column of a row whose span
    holds it (sources and segments do not count; a note never carries) or is excluded with a reason in
    curation/coverage_exclusions.csv; every exclusion names a current expression.

    Typed columns: every column but ids and keys (id, *_id, *_ids), English renderings (*_en),
    quote, quote_prefix, status, note, formula, reference, source_id, char_start, char_end, and the
    label_zh of actions and claims (a statement's label restates its quote; the row that records a
    figure carries it).
    A row carries an expression when the expression's text occurs in one of those cells, or
    when its year (2024年, 2024年底, 2020-2024年), day (4月25日) or batch (第三批, 首批) equals
    a date, `year` or `batch` cell of the row.
    """
    from dataset_tools.curate import coverage as tool

    try:
        exclusions = read_exclusion_rows(package, tool)
    except (OSError, ValueError) as error:
        return [problem("coverage.exclusions-unreadable", f"{EXCLUSIONS} cannot be read: {error}", file=EXCLUSIONS)]
    not_covering = set(getattr(tool, "NON_COVERING_RESOURCES", {"sources", "segments"}))
    if package.skipped - not_covering:
        raise CheckSkipped(f"cannot judge coverage while {', '.join(sorted(package.skipped - not_covering))} "
                           "could not be read")
    if not package.sources:
        raise CheckSkipped("no source text could be read (see sources.csv)")
    rows = row_refs(package, not_covering)
    used, problems, cache = set(), [], {}
    everywhere, by_source = exclusions_by_source(exclusions)
    for source_id, source in package.sources.items():
        if source.text is None:
            continue
        if source.text not in cache:
            expressions = tool.numeric_expressions(source.text)
            cache[source.text] = (expressions, {key_of(e) for e in expressions})
        expressions, keys = cache[source.text]
        excluded = everywhere | by_source.get(source_id, set())
        used |= excluded & keys
        covers = tool.cover(expressions, covering_rows(package, rows.get(source_id, []), tool, expressions))
        missing = [expression for expression in expressions
                   if not covers[expression].by and key_of(expression) not in excluded]
        lines = line_starts(source.text) if missing else []
        problems += [uncovered_problem(source, expression, covers[expression].inside, tool, lines)
                     for expression in missing]
    stale = [row for row in exclusions if (row["char_start"], row["char_end"], row["expression"]) not in used]
    problems += [problem("coverage.stale-exclusion", "stale exclusion: no expression of the text has this text and "
                         "these offsets", file=EXCLUSIONS, row=row["_line"], column="char_start",
                         row_id=row.get("expression"),
                         found=f"{row.get('expression')} at [{row.get('char_start')}, {row.get('char_end')})",
                         expected="an expression python -m dataset_tools.curate.coverage lists") for row in stale]
    return problems + exclusion_rule_problems(exclusions, tool)


def exclusions_by_source(exclusions: list[dict]) -> tuple[set[Key], dict[str, set[Key]]]:
    """(keys of the exclusions for every source, source_id -> keys of those for that source only),
    grouped once: a corpus of many sources with exclusions kept per source stays linear."""
    everywhere: set[Key] = set()
    by_source: defaultdict[str, set[Key]] = defaultdict(set)
    for row in exclusions:
        key = (row["char_start"], row["char_end"], row["expression"])
        (by_source[row["source_id"]] if row.get("source_id") else everywhere).add(key)
    return everywhere, by_source


def key_of(expression: Expression) -> Key:
    """(start, end, text) as an exclusion row writes them."""
    return str(expression.start), str(expression.end), expression.text


def line_starts(text: str) -> list[int]:
    """Offsets of the line breaks of `text`, to find any offset's line by binary search."""
    return [match.start() for match in re.finditer("\n", text)]


def uncovered_problem(source: SourceText, expression: Expression, inside: str, tool: ModuleType,
                      lines: list[int] | None = None) -> Problem:
    """An expression no typed column carries and no exclusion names, with its offsets, context and,
    when a row's span holds it, that row (whose note or quote may mention it, which does not count)."""
    text = source.text or ""   # the callers pass sources that have a text
    line = bisect_right(lines if lines is not None else line_starts(text), expression.start - 1) + 1
    context = tool.context_of(text, expression)
    where = (f"lies inside the span of {inside} but no typed column of that row carries it (a note does not count)"
             if inside else "is covered by no row")
    return problem("coverage.uncovered", f"{expression.text!r} at [{expression.start}, {expression.end}) {where} "
                   f"and is not excluded: …{context}…", file=source.file, found=expression.text,
                   expected="a row whose span holds it and whose typed column carries it, or an exclusion with a "
                            "reason",
                   line=line)
