"""The `canonical-values` check: typed cells and identifiers are written in one canonical way.

Frictionless 5.21 parses many spellings of the same value and accepts them silently (measured:
integers " 2 ", "２", "+2", "1_000"; numbers "NaN", "inf"; dates "2024-1-5"). Users who edit the
CSV files in Excel or a text editor produce exactly these, and a researcher comparing text
would then see "17,800" in one row and "17800" in another. This check refuses all of them.
"""
from __future__ import annotations

import re
import unicodedata
from operator import itemgetter

from dataset_tools.model import DATE, INTEGER, NUMBER, Package, Table, boolean_spellings  # the one typing rule
from dataset_tools.validate.report import Problem, check, declare, problem

NAME = "canonical-values"
CODES = declare({
    "canonical-values.integer-spelling": "an integer cell is not plain ASCII digits with an optional leading '-' "
                                         "(no spaces, '+', separators, leading zeros, decimals)",
    "canonical-values.number-spelling": "a number cell is not plain ASCII digits with an optional '.' and leading "
                                        "'-' (no spaces, '+', separators, '%', exponent, NaN or inf)",
    "canonical-values.date-spelling": "a date cell is not an ISO date YYYY-MM-DD",
    "canonical-values.boolean-spelling": "a boolean cell is not one of its field's spellings (true or false)",
    "canonical-values.identifier-whitespace": "an identifier cell (id, *_id, *_ids, key fields) has leading or "
                                              "trailing whitespace",
})
CODE = {"integer": "canonical-values.integer-spelling", "number": "canonical-values.number-spelling",
        "date": "canonical-values.date-spelling", "boolean": "canonical-values.boolean-spelling",
        "identifier": "canonical-values.identifier-whitespace"}
CHINESE_DATE = re.compile(r"([0-9]{4})\s*[年/.-]\s*([0-9]{1,2})\s*[月/.-]\s*([0-9]{1,2})\s*日?")
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"   # zero-width characters that str.strip keeps

EXPECTED = {
    "integer": "ASCII digits only, an optional leading '-', no spaces, '+', separators or "
               "leading zeros (e.g. 17800)",
    "number": "ASCII digits with an optional '.' and decimals, an optional leading '-'; no "
              "spaces, '+', separators, '%', exponent, NaN or inf (e.g. 17800 or 2.47)",
    "date": "an ISO date YYYY-MM-DD (e.g. 2024-12-31)",
    "boolean": "true or false",
    "identifier": "the identifier without leading or trailing whitespace",
}


def edge_space(value: str) -> bool:
    """True when a value starts or ends with whitespace (full-width and zero-width included)."""
    return value != value.strip().strip(INVISIBLE).strip()


def is_canonical(value: str, kind: str, booleans: tuple[str, ...] = ("true", "false")) -> bool:
    """Whether a non-missing cell of field type `kind` is in canonical text."""
    if kind == "integer":
        return INTEGER.fullmatch(value) is not None
    if kind == "number":
        return NUMBER.fullmatch(value) is not None
    if kind == "date":
        return DATE.fullmatch(value) is not None
    if kind == "boolean":
        return value in booleans
    return not edge_space(value)


def flaw(value: str, kind: str) -> str:
    """Name the first way a cell departs from canonical text, in a user's words."""
    bare = value.strip().strip(INVISIBLE).strip()
    if bare != value:
        return "leading or trailing whitespace"
    if any(ch.isdigit() and not ch.isascii() for ch in value):
        return "full-width or non-ASCII digits"
    if kind == "date":
        if "年" in value or "月" in value:
            return "a Chinese-form date"
        return "not YYYY-MM-DD; month and day take two digits"
    if kind == "boolean":
        return "not true or false in lower case"
    lowered = value.lower().lstrip("+-")
    for test, words in ((value.startswith("+"), "a '+' sign"),
                        ("%" in value, "a '%' sign; the unit belongs in `unit`"),
                        (lowered in {"nan", "inf", "infinity"}, "NaN and inf are not numbers"),
                        ("," in value or "，" in value, "a thousands separator"),
                        ("_" in value or " " in value or "'" in value, "a digit-group separator"),
                        ("e" in lowered, "scientific notation"),
                        (kind == "integer" and "." in value, "a decimal point in an integer field"),
                        (re.match(r"-?0[0-9]", value) is not None, "leading zeros")):
        if test:
            return words
    return "not a plain number"


def suggestion(value: str, kind: str) -> str | None:
    """The canonical spelling of a cell when it can be derived without guessing, else None."""
    text = value.strip().strip(INVISIBLE).strip()
    if kind != "identifier":
        text = unicodedata.normalize("NFKC", text)
    if kind in ("integer", "number"):
        text = re.sub(r"[,_' ]", "", text.removeprefix("+").removesuffix("%"))
        text = re.sub(r"^(-?)0+(?=[0-9])", r"\1", text)
    elif kind == "date":
        match = CHINESE_DATE.fullmatch(text)
        if match:
            year, month, day = match.groups()
            text = f"{year}-{int(month):02d}-{int(day):02d}"
    elif kind == "boolean":
        text = text.lower()
    return text if text != value and is_canonical(text, kind) else None


def field_kinds(schema: dict) -> dict[str, str]:
    """Field name -> 'integer' | 'number' | 'date' | 'boolean' | 'identifier' for checked fields.

    Identifiers: `id`, every `*_id` / `*_ids` field and every primary- or foreign-key field.
    """
    keys = set(_names(schema.get("primaryKey")))
    for foreign in schema.get("foreignKeys") or []:
        keys.update(_names(foreign.get("fields")) if isinstance(foreign, dict) else [])
    kinds: dict[str, str] = {}
    for item in schema.get("fields") or []:
        if not isinstance(item, dict):
            continue
        name, kind = item.get("name"), item.get("type", "string")
        if not isinstance(name, str):   # preflight refuses such a schema; no column has that name
            continue
        if kind in ("integer", "number", "date", "boolean"):
            kinds[name] = kind
        elif name == "id" or name in keys or str(name).endswith(("_id", "_ids")):
            kinds[name] = "identifier"
    return kinds


def _names(value: str | list[str] | None) -> list[str]:
    """A Table Schema key list, which may be written as one string or a list."""
    return [value] if isinstance(value, str) else list(value or [])


def describe(value: str, kind: str, booleans: tuple[str, ...] = ("true", "false")) -> tuple[str, str] | None:
    """(message, expected) for a non-canonical cell, or None when it is canonical."""
    if is_canonical(value, kind, booleans):
        return None
    better = suggestion(value, kind)
    what = flaw(value, kind) if kind != "identifier" else "leading or trailing whitespace"
    kind_words = {"integer": "an integer field", "identifier": "an identifier"}.get(kind, f"a {kind} field")
    message = (f"{value!r} is not canonical for {kind_words} ({what}); "
               + (f"write {better!r}" if better else f"expected {EXPECTED[kind]}"))
    return message, better or EXPECTED[kind]


def spellings(schema: dict, name: str) -> tuple[str, ...]:
    """The texts a boolean field accepts: its declared trueValues/falseValues, else true/false."""
    item = next((f for f in schema.get("fields", []) if isinstance(f, dict) and f.get("name") == name), {})
    true, false = boolean_spellings(item)
    return true + false


def column_values(table: Table, column: str) -> list[str | None]:
    """The cells of one column, row by row (None where the table has no such column)."""
    position = getattr(table, "index", {}).get(column)
    if position is None:
        return [row.get(column) for row in table.rows]
    pick = itemgetter(position)
    try:
        return [pick(row.cells) for row in table.rows]
    except IndexError:   # a short record: its missing cells read as ''
        return [row.get(column) for row in table.rows]


def table_problems(table: Table) -> list[Problem]:
    """Every non-canonical cell of one table (missing values, as the schema declares, are skipped)."""
    schema = table.schema or {}
    missing = set(schema.get("missingValues", [""]))
    kinds = field_kinds(schema)
    booleans = {name: spellings(schema, name) for name, kind in kinds.items() if kind == "boolean"}
    found = []
    for order, (column, kind) in enumerate(kinds.items()):
        values = column_values(table, column)
        bad = {value: described for value in set(values)
               if isinstance(value, str) and value not in missing
               and (described := describe(value, kind, booleans.get(column, ())))}   # each value judged once
        if bad:
            found += [(index, order, value, bad[value]) for index, value in enumerate(values) if value in bad]
    columns = list(kinds.items())
    problems = [problem(CODE[columns[order][1]], described[0], file=table.file, row=table.rows[index],
                        column=columns[order][0], found=value, expected=described[1])
                for index, order, value, described in sorted(found, key=lambda item: item[:2])]
    return problems


@check(NAME)
def canonical_values(package: Package) -> list[Problem]:
    """Typed cells are canonical text (ASCII digits; no spaces, +, separators, %, NaN/inf; dates YYYY-MM-DD) and
    id/*_id cells have no surrounding whitespace.

    Applies to every cell of an integer, number, date or boolean field and of every identifier
    field (id, *_id, *_ids, primary and foreign keys) of every table that could be read.
    Missing values (as the schema's missingValues declare) are skipped.
    """
    problems = []
    for table in package.tables.values():
        problems.extend(table_problems(table))
    return problems
