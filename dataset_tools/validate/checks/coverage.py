"""The `coverage` check: every figure of the source is in the data, or excluded with a reason.

The verdicts are those of the coverage engine the curator tool uses
(`dataset_tools.curate.coverage.assess_package`: one rule, one implementation): an expression is
covered when it lies inside the span of a row of any resource but `sources` and `segments`
(segments tile the text, so they would cover everything), excluded when a row of
`curation/coverage_exclusions.csv` names it exactly. An exclusion row applies to every source
whose text has that expression at those offsets, or, with a `source_id` column, to that source.
The engine is linear in the corpus (spans sorted once per source, exclusions grouped by source).
"""
from __future__ import annotations

from dataset_tools.model import Package, resolve_inside
from dataset_tools.validate.report import CheckSkipped, Problem, check

NAME = "coverage"
EXCLUSIONS = "curation/coverage_exclusions.csv"


def read_exclusion_rows(package: Package, tool) -> list[dict]:
    """The exclusion rows with their line numbers (header = 1) in `_line`."""
    path, why = resolve_inside(package.root, EXCLUSIONS)
    if path is None:
        raise ValueError(why)
    rows = tool.read_exclusions(path)
    for number, row in enumerate(rows, start=2):
        row["_line"] = number
    return rows


def exclusion_rule_problems(rows: list[dict], tool) -> list[Problem]:
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
    """Every numeric expression of each source lies inside the span of some row (sources and segments do not count) or is excluded with a reason in curation/coverage_exclusions.csv; every exclusion names a current expression."""
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
    assessed, stale = tool.assess_package(package, exclusions, keep=("uncovered",))
    problems = [uncovered_problem(package.sources[source_id], item.expression, tool)
                for source_id, items in assessed.items() for item in items if item.status == "uncovered"]
    problems += [Problem(NAME, "stale exclusion: no expression of the text has this text and these offsets",
                         file=EXCLUSIONS, row=row["_line"], column="char_start", row_id=row.get("expression"),
                         found=f"{row.get('expression')} at [{row.get('char_start')}, {row.get('char_end')})",
                         expected="an expression python -m dataset_tools.curate.coverage lists") for row in stale]
    return problems + exclusion_rule_problems(exclusions, tool)


def uncovered_problem(source, expression, tool) -> Problem:
    """An expression no row covers and no exclusion names, with its offsets and context."""
    text = source.text
    line = text.count("\n", 0, expression.start) + 1
    context = tool.context_of(text, expression) if hasattr(tool, "context_of") else text[expression.start - 12:expression.end + 12]
    return Problem(NAME, f"{expression.text!r} at [{expression.start}, {expression.end}) is covered by no row and "
                   f"not excluded: …{context}…", file=source.file, row=None, column=None, row_id=None,
                   found=expression.text, expected="a row whose span covers it, or an exclusion with a reason",
                   line=line)
