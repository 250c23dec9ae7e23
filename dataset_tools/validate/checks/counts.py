"""The `counts` check: a count of listed members agrees with the members the designations list."""
from __future__ import annotations

from collections import defaultdict

from dataset_tools.model import Package, Table
from dataset_tools.validate.checks.common import as_number, require
from dataset_tools.validate.checks.values import fmt
from dataset_tools.validate.report import Problem, check, declare, problem

NAME = "counts"
SUBJECTS = ("region_id", "organization_id", "brand_id", "policy_id")
SHOWN = 8
CODES = declare({
    "counts.complete-mismatch": "a count whose list is complete is not the number of distinct members "
                                "designations.csv lists",
    "counts.below-listed": "a count whose list is partial is below the number of members designations.csv "
                           "already lists",
    "counts.completeness-unsaid": "a count of listed members does not say (list_complete true or false) whether "
                                  "the text names them all",
})


def members_by_program(designations: Table | None) -> dict[str, set[tuple[str, str]]]:
    """program -> distinct members (subject column, id); a row naming no subject counts by its own id."""
    members: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in designations.rows if designations else []:
        subject = next(((column, row[column]) for column in SUBJECTS if row.get(column)), ("id", row.id))
        members[row.get("program", "")].add(subject)
    return members


@check(NAME)
def counts(package: Package) -> list[Problem]:
    """An indicator with counts_program equals the number of distinct designation members of that program when
    list_complete is true, and is not below it when false."""
    indicators = require(package, "indicators")
    if indicators is None or "counts_program" not in indicators.header:
        return []
    members = members_by_program(require(package, "designations"))
    problems = []
    for row in (row for row in indicators.rows if row.get("counts_program")):
        program, value = row["counts_program"], as_number(row.get("value"))
        if value is None:
            continue  # not a number: the table check reports it
        listed = members.get(program, set())
        names = ", ".join(sorted(subject for _, subject in listed)[:SHOWN]) + (" …" if len(listed) > SHOWN else "")
        complete = row.get("list_complete", "")
        if complete == "true" and value != len(listed):
            problems.append(problem("counts.complete-mismatch", f"the list is complete but designations.csv "
                                    f"lists {len(listed)} members of {program} ({names})", file=indicators.file,
                                    row=row, column="value", found=fmt(value), expected=len(listed)))
        elif complete == "false" and value < len(listed):
            problems.append(problem("counts.below-listed", f"designations.csv already lists {len(listed)} "
                                    f"members of {program} ({names}): the count cannot be lower",
                                    file=indicators.file, row=row, column="value", found=fmt(value),
                                    expected=f">= {len(listed)}"))
        elif complete not in ("true", "false"):
            problems.append(problem("counts.completeness-unsaid", "a count of listed members says whether the "
                                    "text names them all", file=indicators.file, row=row, column="list_complete",
                                    found=complete or "(empty)", expected="true or false"))
    return problems
