"""The `translations` check: nothing is published in Chinese only."""
from __future__ import annotations

from dataset_tools.model import Package
from dataset_tools.validate.report import Problem, check

NAME = "translations"


@check(NAME)
def translations(package: Package) -> list[Problem]:
    """Every *_zh field with content has a non-empty *_en partner in the same row."""
    problems = []
    for table in package.tables.values():
        for column in [name for name in table.header if name.endswith("_zh")]:
            partner = column[:-3] + "_en"
            if partner not in table.header:
                problems.append(table.problem(NAME, None, column, f"{column} has no {partner} column", None, partner))
                continue
            problems.extend(table.problem(NAME, row, partner, f"{column} {row[column]!r} has no English",
                                          "(empty)", f"English for {row[column]}")
                            for row in table.rows if row.get(column, "").strip() and not row.get(partner, "").strip())
    return problems
