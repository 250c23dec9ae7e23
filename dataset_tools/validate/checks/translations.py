"""The `translations` check: nothing is published in Chinese only."""
from __future__ import annotations

from dataset_tools.model import Package
from dataset_tools.validate.report import Problem, check, declare, problem

NAME = "translations"
CODES = declare({
    "translations.column-missing": "a table has a *_zh column without its *_en partner column",
    "translations.english-missing": "a *_zh cell has content and its *_en partner in the same row is empty",
})


@check(NAME)
def translations(package: Package) -> list[Problem]:
    """Every *_zh field with content has a non-empty *_en partner in the same row."""
    problems = []
    for table in package.tables.values():
        for column in [name for name in table.header if name.endswith("_zh")]:
            partner = column[:-3] + "_en"
            if partner not in table.header:
                problems.append(problem("translations.column-missing", f"{column} has no {partner} column",
                                        file=table.file, column=column, expected=partner))
                continue
            problems.extend(problem("translations.english-missing", f"{column} {row[column]!r} has no English",
                                    file=table.file, row=row, column=partner, found="(empty)",
                                    expected=f"English for {row[column]}")
                            for row in table.rows if row.get(column, "").strip() and not row.get(partner, "").strip())
    return problems
