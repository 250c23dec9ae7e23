"""Cells that SQLite, Parquet and spreadsheets store as they are: `numbers-in-range`, `spreadsheet-safe`.

frictionless accepts any integer (a 26-digit one) and any decimal (1 followed by 400 zeros, which
becomes infinity as a float), and text with control characters or a leading '='. The exports
cannot store the first two (SQLite and Parquet integers have 64 bits, a float overflows), and a
spreadsheet opening the CSV file runs a cell starting with =, +, - or @ as a formula. The CSV
files are published as they are, so such cells are refused here rather than altered on export
(the Excel export also always stores text as text). Negative numbers in integer and number
columns are numbers, not text, and are allowed.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterator

from dataset_tools.model import Package, Table
from dataset_tools.validate.allowlist import MAX_TEXT_CHARS
from dataset_tools.validate.report import Problem, check, declare, problem

INT64 = (-2**63, 2**63 - 1)
DIGITS = re.compile(r"-?[0-9]+")
DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")
FORMULA_START = ("=", "+", "-", "@")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
CODES = declare({
    "numbers-in-range.integer-out-of-range": "an integer cell is outside the 64-bit range of SQLite and Parquet",
    "numbers-in-range.number-not-finite": "a number cell is too large for a 64-bit float (it would become infinity)",
    "spreadsheet-safe.formula-start": "a text cell starts with =, +, - or @, "
                                      "which a spreadsheet would run as a formula",
    "spreadsheet-safe.control-character": "a text cell holds a control character other than a line break or tab",
    "spreadsheet-safe.too-long": "a text cell is longer than one Excel cell holds (32,767 characters)",
})


def typed_fields(package: Package, kinds: tuple[str, ...]) -> Iterator[tuple[Table, str, str, set[str]]]:
    """(table, field name, type, missing values) for every field of one of `kinds` the file has."""
    for table in package.tables.values():
        missing = set(table.schema.get("missingValues", [""]))
        for field in table.schema.get("fields", []):
            kind = field.get("type", "string")
            if kind in kinds and field.get("name") in table.columns:
                yield table, field["name"], kind, missing


def out_of_range(value: str, kind: str) -> tuple[str, str] | None:
    """(rule code, why) a cell that frictionless would read as `kind` cannot be stored, or None."""
    if kind == "integer" and DIGITS.fullmatch(value):
        if len(value.lstrip("-")) > 19 or not INT64[0] <= int(value) <= INT64[1]:
            return ("numbers-in-range.integer-out-of-range",
                    "an integer outside the 64-bit range of SQLite and Parquet")
    elif kind == "number" and DECIMAL.fullmatch(value) and not math.isfinite(float(value)):
        return "numbers-in-range.number-not-finite", "a number too large for a 64-bit float (it would become infinity)"
    return None


@check("numbers-in-range")
def numbers_in_range(package: Package) -> list[Problem]:
    """Every integer cell fits in 64 bits and every number cell is a finite 64-bit float, as SQLite, Parquet and Excel
    store them."""
    problems = []
    for table, column, kind, missing in typed_fields(package, ("integer", "number")):
        expected = f"{INT64[0]} to {INT64[1]}" if kind == "integer" else "a finite number (below 1.8e308)"
        values = table.column(column)   # offsets, years and values repeat: each distinct text is read once
        flaws = {value: flaw for value in set(values) - missing if (flaw := out_of_range(value, kind))}
        for row, value in zip(table.rows, values, strict=True) if flaws else ():
            if value in flaws:
                shown = value if len(value) <= 40 else f"{value[:20]}…({len(value)} characters)"
                problems.append(problem(flaws[value][0], f"{shown} is {flaws[value][1]}", file=table.file, row=row,
                                        column=column, found=shown, expected=expected))
    return problems


def text_flaw(value: str) -> tuple[str, str] | None:
    """(rule code, why) a text cell is unsafe in a spreadsheet, or None."""
    if value.startswith(FORMULA_START):
        return ("spreadsheet-safe.formula-start", f"starts with {value[0]!r}: a spreadsheet opening the CSV file "
                "would run it as a formula; rephrase it (e.g. put the sign inside the sentence)")
    bad = CONTROL.search(value)
    if bad:
        return ("spreadsheet-safe.control-character",
                f"holds the control character {bad.group()!r}; only line breaks and tabs are allowed")
    if len(value) > MAX_TEXT_CHARS:
        return ("spreadsheet-safe.too-long",
                f"is {len(value):,} characters long, more than an Excel cell holds ({MAX_TEXT_CHARS:,})")
    return None


FLAW_START = re.compile(r"^[=+\-@]", re.MULTILINE)


def may_be_unsafe(texts: set[str]) -> bool:
    """Whether text_flaw may find a flaw in one of the texts: one scan of them all, joined by line breaks (a line
    break inside a text may start a false alarm, never hide a flaw); text_flaw then says which and why."""
    joined = "\n".join(texts)
    return bool(CONTROL.search(joined) or FLAW_START.search(joined)
                or max(map(len, texts), default=0) > MAX_TEXT_CHARS)


@check("spreadsheet-safe")
def spreadsheet_safe(package: Package) -> list[Problem]:
    """No text cell starts with =, +, - or @ (a spreadsheet would run it as a formula), holds a control character
    other than a line break or tab, or exceeds 32,767 characters (one Excel cell)."""
    problems = []
    for table, column, _, missing in typed_fields(package, ("string",)):
        values = table.column(column)   # cells repeat (quotes, names, statuses): each distinct text is read once
        distinct = set(values) - missing
        flaws = {value: flaw for value in distinct if (flaw := text_flaw(value))} if may_be_unsafe(distinct) else {}
        problems += [problem(flaws[value][0], f"the text {flaws[value][1]}", file=table.file, row=row, column=column,
                             found=value[:80], expected="text that starts with a letter, digit or other character")
                     for row, value in zip(table.rows, values, strict=True) if value in flaws] if flaws else []
    return problems
