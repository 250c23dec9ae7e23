"""The `definitions` check: a row agrees with its code's definition, and one wording maps to one code.

`resources/definitions.csv` holds the indicator and programme codes with their labels and unit
class. Frictionless proves that every code exists (a foreign key); this check proves that the row
says what the code means, so a mistyped or swapped code, or a label edited on one row, is caught.
"""
from __future__ import annotations

from dataset_tools.model import Package, Row, Table
from dataset_tools.validate.checks.common import require, show
from dataset_tools.validate.report import Problem, check, declare, problem

NAME = "definitions"
CODES = declare({
    "definitions.wrong-vocabulary": "a row uses a code of another vocabulary "
                                    "(an indicator code as a programme, or the reverse)",
    "definitions.label-en": "a row's English label is not its code's",
    "definitions.unit": "an indicator row's unit class is not its code's",
    "definitions.label-zh": "a row's Chinese label is neither its code's nor words of its quote",
    "definitions.label-names-two-codes": "one Chinese label is used for two codes",
})
# resource, code column, vocabulary, Chinese label column, English label column, unit column
USERS = (("indicators", "indicator", "indicator", "label_zh", "label_en", "unit"),
         ("designations", "program", "programme", "program_zh", "program_en", None))


def row_problems(table: Table, row: Row, definition: Row, columns: tuple) -> list[Problem]:
    """The row's vocabulary, English label, unit and Chinese label against its code's definition."""
    code_column, vocabulary, zh, en, unit = columns
    code = row.get(code_column, "")
    if definition.get("vocabulary") != vocabulary:
        return [problem("definitions.wrong-vocabulary", f"{code} is a {definition.get('vocabulary')} code",
                        file=table.file, row=row, column=code_column, found=code,
                        expected=f"a {vocabulary} code of definitions.csv")]
    problems = []
    if row.get(en, "") != definition.get("label_en", ""):
        problems.append(problem("definitions.label-en", f"{code} is labelled {show(definition.get('label_en'))}",
                                file=table.file, row=row, column=en, found=row.get(en, ""),
                                expected=definition.get("label_en", "")))
    if unit and row.get(unit, "") != definition.get("unit", ""):
        problems.append(problem("definitions.unit", f"{code} is measured in {definition.get('unit')}", file=table.file,
                                row=row, column=unit, found=row.get(unit, ""), expected=definition.get("unit", "")))
    label = row.get(zh, "")
    if label != definition.get("label_zh", "") and label not in row.get("quote", ""):
        problems.append(problem("definitions.label-zh", f"neither the label of {code} nor words of the quote",
                                file=table.file, row=row, column=zh, found=label,
                                expected=f"{definition.get('label_zh')} (or the speaker's words in the quote)"))
    return problems


@check(NAME)
def definitions(package: Package) -> list[Problem]:
    """Each indicator and designation row has its code's vocabulary, English label and unit class, and its code's
    Chinese label or words of its own quote; one Chinese label names one code."""
    table = require(package, "definitions")
    if table is None:
        return []
    known = {row.id: row for row in table.rows}
    problems: list[Problem] = []
    for name, code_column, vocabulary, zh, en, unit in USERS:
        users = require(package, name)
        if users is None:
            continue
        columns = (code_column, vocabulary, zh, en, unit)
        first_code: dict[str, str] = {}
        agreeing: set[tuple] = set()   # the cells row_problems reads of rows found agreeing (rows repeat them)
        for row, cells in zip(users.rows, users.cells((code_column, zh, en, "quote", *filter(None, (unit,)))),
                              strict=True):
            code, label = cells[0] or "", cells[1] or ""
            definition = known.get(code) if cells not in agreeing else None
            if definition is not None:   # an unknown code is frictionless's foreign-key error
                found = row_problems(users, row, definition, columns)
                problems.extend(found)
                if not found:
                    agreeing.add(cells)
            if label and first_code.setdefault(label, code) != code:
                problems.append(problem("definitions.label-names-two-codes", f"the label {show(label)} names "
                                              f"{first_code[label]} elsewhere", file=users.file, row=row,
                                        column=code_column, found=code, expected=first_code[label]))
    return problems
